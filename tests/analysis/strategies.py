"""Small valid architectures built directly as model objects: by hand and by hypothesis.

``component``, ``needs``, ``any_of``, ``at_least`` and ``architecture`` build the known
cases readably; ``architectures()`` draws random ones (2-8 components, at most 10 basic
events) with replicas, shared placement, k-of-n groups, soft deps, journeys, cycles,
common causes, failover times and failover-only dependencies; ``changed_pairs()`` and
``changed_chains()`` draw one and others changed from it, as fixes change a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from hypothesis import strategies as st

from spofscan.errors import Location
from spofscan.model import (
    Architecture,
    CommonCause,
    Component,
    DependencyGroup,
    Failover,
    Journey,
)

FILE = "random.yaml"
KINDS = ("service", "database", "cache", "vm", "zone", "logical")
TOP = Location(FILE, 1, 1)


def needs(name: str) -> DependencyGroup:
    return DependencyGroup("all", (name,), 1, TOP)


def any_of(*members: str) -> DependencyGroup:
    return DependencyGroup("any", members, 1, TOP)


def at_least(k: int, *members: str) -> DependencyGroup:
    return DependencyGroup("at_least", members, k, TOP)


def component(
    name: str,
    availability: float = 1.0,
    *,
    kind: str = "service",
    replicas: int = 1,
    min_healthy: int = 1,
    runs_on: Sequence[str] = (),
    depends_on: Sequence[DependencyGroup] = (),
    soft: Sequence[str] = (),
    line: int = 1,
    common_cause: CommonCause | None = None,
    failover: Failover | None = None,
    mtbf_hours: float | None = None,
) -> Component:
    return Component(
        name,
        kind,
        availability,
        "availability",
        Location(FILE, line, 1),
        mtbf_hours=mtbf_hours,
        replicas=replicas,
        min_healthy=min_healthy,
        common_cause=common_cause,
        failover=failover,
        runs_on=tuple(runs_on),
        depends_on=tuple(depends_on),
        soft_depends_on=tuple(soft),
    )


def journey(name: str, *depends_on: DependencyGroup) -> Journey:
    return Journey(name, tuple(depends_on), TOP)


def architecture(
    components: Iterable[Component],
    journeys: Iterable[Journey] = (),
    entrypoints: Sequence[str] | None = None,
) -> Architecture:
    """An architecture whose entrypoints default to SPEC's: whatever nothing names (in
    ``depends_on``, ``soft_depends_on`` or ``runs_on``); every journey is one either way."""
    comps = {c.name: c for c in components}
    journeys_by_name = {j.name: j for j in journeys}
    named = {m for c in comps.values() for g in c.depends_on for m in g.members}
    named |= {m for j in journeys_by_name.values() for g in j.depends_on for m in g.members}
    named |= {n for c in comps.values() for n in (*c.soft_depends_on, *c.runs_on)}
    nodes = sorted([*comps, *journeys_by_name])
    default = tuple(n for n in nodes if n not in named or n in journeys_by_name)
    chosen = default if entrypoints is None else tuple(entrypoints)
    chosen += tuple(j for j in journeys_by_name if j not in chosen)  # journeys always are
    return Architecture(
        FILE, "random", comps, journeys_by_name, chosen, TOP, entrypoints_declared=bool(entrypoints)
    )


def _group(draw: st.DrawFn, candidates: Sequence[str]) -> DependencyGroup:
    kind = draw(st.sampled_from(["all", "any", "at_least"]))
    if kind == "all" or len(candidates) == 1:
        return needs(draw(st.sampled_from(candidates)))
    members = draw(st.lists(st.sampled_from(candidates), min_size=2, max_size=4, unique=True))
    if kind == "any":
        return any_of(*members)
    return at_least(draw(st.integers(1, len(members))), *members)


def _component(draw: st.DrawFn, names: Sequence[str], i: int, budget: int) -> Component:
    """Component ``names[i]``: it names only later ones, except for an occasional cycle."""
    later = names[i + 1 :]
    earlier = names[1:i]  # never names[0], which stays an entrypoint
    fails = budget > 0 and draw(st.integers(0, 4)) > 0
    replicas = draw(st.sampled_from([1, 1, 2, 3]))
    replicas = min(replicas, max(1, budget - 2)) if fails else replicas
    runs_on: list[str] = []
    placed: bool = draw(st.booleans())
    if later and placed:
        size = min(replicas, len(later))
        runs_on = draw(st.lists(st.sampled_from(later), min_size=1, max_size=size, unique=True))
    groups = [_group(draw, later) for _ in range(draw(st.integers(0, 2 if later else 0)))]
    if earlier and draw(st.integers(0, 6)) == 0:
        groups.append(_group(draw, earlier))
    others = [n for n in names[1:] if n != names[i]]
    soft = draw(st.lists(st.sampled_from(others), max_size=1)) if others else []
    cause, failover = None, None
    if replicas > 1 and draw(st.integers(0, 3)) == 0:
        cause = CommonCause(beta=draw(st.sampled_from([0.05, 0.2, 0.5])))
    if replicas > 1 and draw(st.integers(0, 3)) == 0:
        needs = draw(st.lists(st.sampled_from(others), max_size=2, unique=True)) if others else []
        time = draw(st.sampled_from([None, 0.0, 5.0, 50.0]))
        mode = draw(st.sampled_from(["automatic", "manual"]))
        failover = Failover(mode, time, tuple(needs))
    return component(
        names[i],
        draw(st.integers(500, 999)) / 1000 if fails else 1.0,
        kind=draw(st.sampled_from(KINDS)),
        replicas=replicas,
        min_healthy=draw(st.integers(1, replicas)),
        runs_on=runs_on,
        depends_on=groups,
        soft=soft,
        line=i + 2,
        common_cause=cause,
        failover=failover,
        mtbf_hours=draw(st.sampled_from([None, 100.0])) if failover else None,
    )


@st.composite
def architectures(draw: st.DrawFn, max_events: int = 10) -> Architecture:
    names = [f"c{i}" for i in range(draw(st.integers(2, 8)))]
    comps: list[Component] = []
    for i in range(len(names)):
        used = sum(
            c.replicas + (c.common_cause is not None) + (c.failover is not None)
            for c in comps
            if c.availability < 1
        )
        comps.append(_component(draw, names, i, max_events - used))
    journeys = [
        journey(f"j{i}", *[_group(draw, names) for _ in range(draw(st.integers(1, 2)))])
        for i in range(draw(st.integers(0, 2)))
    ]
    arch = architecture(comps, journeys)
    if draw(st.integers(0, 9)) == 0:
        declared = draw(st.lists(st.sampled_from(arch.node_names()), min_size=1, unique=True))
        arch = architecture(comps, journeys, sorted(declared))
    return arch


def failure_names(arch: Architecture) -> st.SearchStrategy[list[str]]:
    """1-3 distinct what-if names: components, journeys and instances like ``c1[0]``."""
    instances = [n for c in arch.components.values() if c.replicas > 1 for n in c.instance_names()]
    candidates = [*arch.node_names(), *instances]
    causes = [f"{c.name}[*]" for c in arch.components.values() if c.common_cause_unavailability]
    candidates += causes
    return st.lists(st.sampled_from(candidates), min_size=1, max_size=3, unique=True)


@st.composite
def changed_pairs(draw: st.DrawFn) -> tuple[Architecture, Architecture]:
    """An architecture and another changed from it (:func:`changed_from`)."""
    first = draw(architectures())
    return first, changed_from(draw, first)


@st.composite
def changed_chains(draw: st.DrawFn) -> tuple[Architecture, Architecture, Architecture]:
    """An architecture, one changed from it, and one changed from that: a plan's files
    after one step and after two."""
    first = draw(architectures())
    second = changed_from(draw, first)
    return first, second, changed_from(draw, second)


def changed_from(draw: st.DrawFn, first: Architecture) -> Architecture:
    """An architecture over the union of ``first``'s names and a new draw's, each
    component taken from either: some the same, some changed, some new."""
    second = draw(architectures())
    names = sorted({*first.components, *second.components})
    chosen = []
    for name in names:
        mine, theirs = first.components.get(name), second.components.get(name)
        picked = mine if theirs is None or (mine is not None and draw(st.booleans())) else theirs
        assert picked is not None
        if picked is mine and draw(st.integers(0, 3)) == 0:  # one field changed alone
            picked = replace(picked, min_healthy=draw(st.integers(1, picked.replicas)))
        chosen.append(picked)
    journeys = (first if draw(st.booleans()) else second).journeys.values()
    return architecture(chosen, journeys)
