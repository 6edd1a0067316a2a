"""Rules about how a component is configured: health checks, restarts, external SPOFs."""

from __future__ import annotations

from collections.abc import Iterator

from spofscan.analysis.results import Analysis
from spofscan.findings.finding import Finding, make_finding
from spofscan.findings.wording import names
from spofscan.model.architecture import Architecture, Component

RESTARTABLE_KINDS = frozenset({"container", "service", "function"})


def config_findings(arch: Architecture, analysis: Analysis) -> Iterator[Finding]:
    """NO-HEALTH-CHECK, NO-RESTART and EXTERNAL-SPOF findings."""
    for comp in arch.components.values():
        yield from _no_health_check(comp)
        yield from _no_restart(comp)
    yield from _external_spofs(arch, analysis)


def _no_health_check(comp: Component) -> Iterator[Finding]:
    """A load balancer, or the owner of an ``any_of`` group, without ``health_check: true``.

    A load balancer is reported once, at its ``health_check`` key or its definition; any
    other component once per ``any_of`` group, at the group.
    """
    if comp.health_check is True:
        return
    if comp.kind == "load_balancer":
        message = (
            f"load balancer {comp.name} has no health check: a dead backend keeps "
            "receiving its share of requests"
        )
        yield make_finding(
            "NO-HEALTH-CHECK", comp.name, comp.kind, message, comp.where("health_check")
        )
    else:
        yield from _unchecked_groups(comp)


def _unchecked_groups(comp: Component) -> Iterator[Finding]:
    for group in comp.depends_on:
        if group.kind == "any":
            message = (
                f"{comp.name} spreads requests over any of {names(group.members)} without "
                "a health check: a dead one keeps receiving its share of requests"
            )
            yield make_finding("NO-HEALTH-CHECK", comp.name, comp.kind, message, group.location)


def _no_restart(comp: Component) -> Iterator[Finding]:
    if comp.kind not in RESTARTABLE_KINDS or comp.restart not in (None, "no"):
        return
    policy = "restart: no" if comp.restart == "no" else "no restart policy"
    message = (
        f"{comp.kind} {comp.name} has {policy}: when it crashes it stays down until a "
        "human notices, so its MTTR is a human's response time"
    )
    yield make_finding("NO-RESTART", comp.name, comp.kind, message, comp.where("restart"))


def _external_spofs(arch: Architecture, analysis: Analysis) -> Iterator[Finding]:
    for spof in analysis.spofs:
        comp = arch.components[spof.component]
        if comp.kind != "external":
            continue
        message = (
            f"external dependency {comp.name} is a single point of failure for "
            f"{names(spof.entrypoints)}: its provider's outage is yours"
        )
        yield make_finding("EXTERNAL-SPOF", comp.name, comp.kind, message, comp.location)
