"""Rules about where a component's instances run: UNUSED-PLACEMENT.

Instance ``i`` runs on ``runs_on[i mod len]`` (SPEC section 3), so a list longer than
``replicas`` has entries that no instance runs on: ``replicas: 2`` with
``runs_on: [vm-a, vm-b, vm-c]`` leaves vm-c out. api shares no fate with vm-c, and a
place named only there is needed by nothing: its UNREACHABLE finding says why, from
:func:`unused_by`. An extra entry that repeats a place some instance already runs on
leaves nothing out, and is not reported.

>>> from spofscan.model.architecture import Component
>>> from spofscan.errors import Location
>>> api = Component("api", "service", 0.999, "availability", Location("a.yaml"),
...                 replicas=2, runs_on=("vm-a", "vm-b", "vm-c", "vm-a"))
>>> unused_places(api)
('vm-c',)
"""

from __future__ import annotations

from collections.abc import Iterator

from spofscan.findings.finding import Finding, RuleContext, make_finding
from spofscan.model.architecture import Architecture, Component
from spofscan.words import listed, named


def unused_places(comp: Component) -> tuple[str, ...]:
    """The places in ``comp``'s ``runs_on`` that none of its instances runs on, in order."""
    used = set(comp.runs_on[: comp.replicas])  # instance i < len takes entry i
    return tuple(dict.fromkeys(p for p in comp.runs_on if p not in used))


def unused_placement(ctx: RuleContext) -> Iterator[Finding]:
    """A ``runs_on`` list with places that no instance runs on, at the ``runs_on`` key."""
    for comp in ctx.arch.components.values():
        unused = unused_places(comp)
        if unused:
            its = "its instance runs" if comp.replicas == 1 else "its instances run"
            message = (
                f"{comp.name} has {_replicas(comp.replicas)} but lists {len(comp.runs_on)} "
                f"places in runs_on: {its} on {_used(comp)} only, none on {named(unused)}"
            )
            where = comp.where("runs_on")
            yield make_finding("UNUSED-PLACEMENT", comp.name, comp.kind, message, where)


def unused_by(arch: Architecture) -> dict[str, list[str]]:
    """For each place that some ``runs_on`` names in vain, why: whose list, where it runs."""
    why: dict[str, list[str]] = {}
    for comp in arch.components.values():
        run = "runs" if comp.replicas == 1 else "run"
        for place in unused_places(comp):
            why.setdefault(place, []).append(
                f"{comp.name} names it in runs_on, but its {_replicas(comp.replicas)} "
                f"{run} on {_used(comp)} only"
            )
    return why


def _used(comp: Component) -> str:
    """The places that ``comp``'s instances run on, in order."""
    return listed(dict.fromkeys(comp.runs_on[: comp.replicas]))


def _replicas(count: int) -> str:
    return "1 replica" if count == 1 else f"{count} replicas"
