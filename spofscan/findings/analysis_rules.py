"""Rules read straight from the analysis: SPOF, SHARED-FATE, SLO, CYCLE and UNREACHABLE.

Each finding names its component and points at the line that defines it (or the key
that matters: ``runs_on`` for placement, the group for a dependency group).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import filterfalse

from spofscan.analysis.results import SharedFate, Spof
from spofscan.errors import Location
from spofscan.findings.catalog import Severity
from spofscan.findings.finding import Finding, RuleContext, make_finding
from spofscan.findings.placement_rules import unused_by
from spofscan.findings.tiers import BROAD_DOMAINS, spof_severity, strictest, system_tier
from spofscan.model.architecture import COMMON_CAUSE_SUFFIX, Architecture, Component
from spofscan.units import downtime_hours_per_year, human_hours, percent
from spofscan.words import named

EXTERNAL = "external"  # the kind whose single points of failure EXTERNAL-SPOF reports


def is_provided(comp: Component) -> bool:
    """Whether a provider runs the component for us: an external dependency, or a managed
    service; their single points of failure are EXTERNAL-SPOF's."""
    return comp.kind == EXTERNAL or comp.managed


def spof(ctx: RuleContext) -> Iterator[Finding]:
    """A component one of whose basic events, failing alone, takes an entrypoint down; an
    external one is EXTERNAL-SPOF's, so that one problem makes one finding."""
    arch = ctx.arch
    for found in ctx.analysis.spofs:
        comp = arch.components[found.component]
        if is_provided(comp) or only_common_cause(found) or lacks_spare(comp):
            continue
        what = (
            "its failure"
            if comp.replicas == 1
            else f"any one of its {comp.replicas} replicas failing (all must be up)"
        )
        severity, why = spof_verdict(arch, found)
        message = (
            f"{found.component} is a single point of failure: {what} takes down "
            f"{_entrypoints_text(found.component, found.entrypoints)}{why}"
        )
        yield make_finding("SPOF", found.component, comp.kind, message, comp.location, severity)


def only_common_cause(found: Spof) -> bool:
    """Whether the component's only single points of failure are its common cause."""
    return all(event.endswith(COMMON_CAUSE_SUFFIX) for event in found.events)


def lacks_spare(comp: Component) -> bool:
    """Whether a component sized by its peak load runs no spare instance (N+1 missing)."""
    return comp.capacity is not None and comp.replicas == comp.min_healthy


def common_cause(ctx: RuleContext) -> Iterator[Finding]:
    """A replicated component whose common cause alone takes an entrypoint down."""
    arch = ctx.arch
    for found in ctx.analysis.spofs:
        comp = arch.components[found.component]
        if comp.common_cause_name not in found.events:
            continue
        cause = comp.common_cause
        assert cause is not None
        if cause.beta is not None:
            how = f"a common cause ({percent(cause.beta)} of each replica's failures)"
        else:
            assert cause.mtbf_hours is not None and cause.mttr_hours is not None
            every, lasting = human_hours(cause.mtbf_hours), human_hours(cause.mttr_hours)
            how = f"a common cause (about every {every}, {lasting} each time)"
        downtime = human_hours(downtime_hours_per_year(1 - comp.common_cause_unavailability))
        message = (
            f"{how} fails all {comp.replicas} replicas of {comp.name} at once "
            f"({comp.common_cause_name}), taking down "
            f"{_entrypoints_text(comp.name, found.entrypoints)}: "
            f"{downtime} a year that replicas do not cover"
        )
        yield make_finding(
            "COMMON-CAUSE", comp.name, comp.kind, message, comp.where("common_cause")
        )


def no_spare_capacity(ctx: RuleContext) -> Iterator[Finding]:
    """A SPOF sized by ``capacity`` and ``peak_load`` that runs no spare instance."""
    arch = ctx.arch
    for found in ctx.analysis.spofs:
        comp = arch.components[found.component]
        if not lacks_spare(comp) or only_common_cause(found):
            continue
        assert comp.capacity is not None and comp.peak_load is not None
        severity, why = spof_verdict(arch, found)
        message = (
            f"{comp.name} runs {comp.replicas} replica(s) and its peak load "
            f"({comp.peak_load:g}, {comp.capacity:g} per replica) needs all of them: losing "
            f"any one at peak takes down {_entrypoints_text(comp.name, found.entrypoints)}"
            f"{why}"
        )
        where = comp.where("replicas")
        yield make_finding("NO-SPARE-CAPACITY", comp.name, comp.kind, message, where, severity)


def spof_verdict(arch: Architecture, found: Spof) -> tuple[Severity, str]:
    """The severity of a single point of failure under the strictest tier among the
    entrypoints it takes down, and the words that say why where the tier lowers it."""
    comp = arch.components[found.component]
    tier = strictest(arch.slo_of(entry) for entry in found.entrypoints)
    severity = spof_severity(tier, comp)
    if comp.kind in BROAD_DOMAINS and not tier.zones_and_regions:
        return severity, (
            f"; a warning below a 99.99% objective, where one {comp.kind} is the usual design"
        )
    if tier.recovery_suffices:
        return severity, _recovery_text(severity)
    return severity, ""


def _recovery_text(severity: str) -> str:
    """Why a SPOF under the recovery tier is only a warning, or still an error."""
    if severity == "warning":
        return "; it recovers by itself, which is enough below a 99.9% objective"
    return "; it has no recovery measure (restart policy, restorable backups, replication)"


def shared_fate(ctx: RuleContext) -> Iterator[Finding]:
    """Replicas or a dependency group that one failure elsewhere defeats, where that harms
    an entrypoint (see :func:`culprits_reported`)."""
    arch = ctx.arch
    reported_culprits = culprits_reported(arch)
    for fate in ctx.analysis.shared_fate:
        culprits = reported_culprits(fate)
        if not culprits:
            continue
        lost = fate.losses[fate.culprits.index(culprits[0])]
        fate = replace(fate, culprits=culprits, lost=lost)
        comp = arch.components.get(fate.owner)
        kind = comp.kind if comp else "journey"
        message, where = _shared_fate_text(arch, fate)
        yield make_finding("SHARED-FATE", fate.owner, kind, message, where)


def culprits_reported(arch: Architecture) -> Callable[[SharedFate], tuple[str, ...]]:
    """The culprits a SHARED-FATE finding of ``arch`` names, for each shared fate,
    nearest first: those whose failure takes an entrypoint down, alone or in a double
    fault that the shared fate lets through (``harmful``); regions and providers only in
    the multi-zone/region tier. None: no finding, since no entrypoint suffers from that
    redundancy failing. The tier and the broad domains are read once for all the fates
    (50,947 of them on a chain of 100,000 components, each reading them again: 0.5 s)."""
    if system_tier(arch).zones_and_regions:
        return lambda fate: tuple(fate.harmful)
    broad = frozenset[str]().union(*(arch.names_by_kind.get(k, ()) for k in BROAD_DOMAINS))
    return lambda fate: tuple(filterfalse(broad.__contains__, fate.harmful))


def _shared_fate_text(arch: Architecture, fate: SharedFate) -> tuple[str, Location]:
    nearest, *others = fate.culprits
    also = f" (so does {named(others)})" if others else ""
    if fate.group < 0:
        comp = arch.components[fate.owner]
        message = (
            f"the {comp.replicas} replicas of {fate.owner} look redundant, but {nearest} "
            f"failing takes down {_how_many(fate.lost, comp.replicas)} of them{also}, and "
            f"{fate.owner} needs {comp.min_healthy} up"
        )
        return message, comp.where("runs_on")
    group = arch.dependencies_of(fate.owner)[fate.group]
    message = (
        f"{fate.owner} needs {_group_text(group.kind, group.k, group.members)}, which looks "
        f"redundant, but {nearest} failing takes down "
        f"{_how_many(fate.lost, len(group.members))} of them{also}"
    )
    return message, group.location


def slo(ctx: RuleContext) -> Iterator[Finding]:
    """An entrypoint whose availability is below its objective."""
    arch = ctx.arch
    for entry in ctx.analysis.entrypoints:
        if entry.slo_met is False and entry.slo is not None:
            value = entry.availability.value
            message = (
                f"{entry.name} is available {percent(value)}, below its objective "
                f"{percent(entry.slo)}: {downtime_hours_per_year(value):.1f} h of downtime a year "
                f"where {downtime_hours_per_year(entry.slo):.1f} h are allowed"
            )
            location = arch.location_of(entry.name)
            yield make_finding("SLO", entry.name, arch.kind_of(entry.name), message, location)


def cycle(ctx: RuleContext) -> Iterator[Finding]:
    """Components that need one another in a loop, reported once on the first by name."""
    arch = ctx.arch
    for members in ctx.analysis.cycles:
        first = members[0]  # by name, not by place: moving lines must not make it new
        message = (
            f"{named(members)} need one another in a cycle"
            if len(members) > 1
            else f"{first} needs itself through its placement"
        )
        yield make_finding("CYCLE", first, arch.kind_of(first), message, arch.location_of(first))


def unreachable(ctx: RuleContext) -> Iterator[Finding]:
    """A component that no entrypoint needs, by any relation; with the reason when it is a
    place that a ``runs_on`` names but no instance runs on (see UNUSED-PLACEMENT)."""
    arch = ctx.arch
    in_vain = unused_by(arch)
    entrypoints = named(arch.entrypoints)
    for name in ctx.analysis.unreachable:
        message = f"{name} is not needed by any entrypoint ({entrypoints})"
        if name in in_vain:
            message += ": " + "; ".join(in_vain[name])
        yield make_finding("UNREACHABLE", name, arch.kind_of(name), message, arch.location_of(name))


def _how_many(lost: int, total: int) -> str:
    return "all" if lost >= total else str(lost)


def _entrypoints_text(component: str, entrypoints: tuple[str, ...]) -> str:
    if entrypoints == (component,):
        return "this entrypoint"
    noun = "entrypoint" if len(entrypoints) == 1 else "entrypoints"
    return f"{noun} {named(entrypoints)}"


def _group_text(kind: str, k: int, members: tuple[str, ...]) -> str:
    if kind == "any":
        return f"any of {named(members)}"
    return f"{k} of {named(members)}"
