"""Rules about how a component is configured: health checks, restarts, external SPOFs."""

from __future__ import annotations

from collections.abc import Iterator

from spofscan.findings.analysis_rules import is_provided, spof_verdict
from spofscan.findings.finding import Finding, RuleContext, make_finding
from spofscan.model.architecture import Component
from spofscan.units import percent
from spofscan.words import named

RESTARTABLE_KINDS = frozenset({"container", "service", "function"})


def no_health_check(ctx: RuleContext) -> Iterator[Finding]:
    """A load balancer, or the owner of an ``any_of`` group, without ``health_check: true``.

    A load balancer is reported once, at its ``health_check`` key or its definition; any
    other component once per ``any_of`` group, at the group.
    """
    for comp in ctx.arch.components.values():
        if comp.health_check is True:
            continue
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
                f"{comp.name} spreads requests over any of {named(group.members)} without "
                "a health check: a dead one keeps receiving its share of requests"
            )
            yield make_finding("NO-HEALTH-CHECK", comp.name, comp.kind, message, group.location)


def no_restart(ctx: RuleContext) -> Iterator[Finding]:
    """A container, service or function without a restart policy, or with ``restart: no``."""
    for comp in ctx.arch.components.values():
        if comp.kind not in RESTARTABLE_KINDS or comp.restart not in (None, "no"):
            continue
        policy = "restart: no" if comp.restart == "no" else "no restart policy"
        message = (
            f"{comp.kind} {comp.name} has {policy}: when it crashes it stays down until a "
            "human notices, so its MTTR is a human's response time"
        )
        yield make_finding("NO-RESTART", comp.name, comp.kind, message, comp.where("restart"))


def external_spof(ctx: RuleContext) -> Iterator[Finding]:
    """A component of kind ``external``, or a managed service, that is a single point of
    failure: its one finding, in place of SPOF, with the severity SPOF would give it."""
    for found in ctx.analysis.spofs:
        comp = ctx.arch.components[found.component]
        if not is_provided(comp):
            continue
        severity, why = spof_verdict(ctx.arch, found)
        if comp.managed:
            message = (
                f"managed service {comp.name} is a single point of failure for "
                f"{named(found.entrypoints)}: what counts is its provider's SLA "
                f"({percent(comp.availability)}), not replicas of your own{why}"
            )
        else:
            message = (
                f"external dependency {comp.name} is a single point of failure for "
                f"{named(found.entrypoints)}: its provider's outage is yours{why}"
            )
        yield make_finding("EXTERNAL-SPOF", comp.name, comp.kind, message, comp.location, severity)
