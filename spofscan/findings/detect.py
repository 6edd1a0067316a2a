"""Turn an analysis into findings, one small function per rule.

The engine's rules live here; the others beside it: ``config_rules`` (health checks,
restarts, external SPOFs), ``objective_rules`` (single region, dependency nines),
``data_rules`` (backups, failover) and ``recovery_rules`` (RPO, RTO).

Each finding names its component and points at the line that defines it (or the key
that matters: ``runs_on`` for placement, the group for a dependency group).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

from spofscan.analysis.results import Analysis, SharedFate
from spofscan.errors import Location
from spofscan.findings.config_rules import config_findings
from spofscan.findings.data_rules import data_findings
from spofscan.findings.finding import Finding, apply_accepted_risks, make_finding
from spofscan.findings.objective_rules import objective_findings
from spofscan.findings.recovery_rules import recovery_findings
from spofscan.findings.tiers import spof_severity, strictest, system_tier
from spofscan.findings.wording import names as _names
from spofscan.model.architecture import Architecture
from spofscan.units import percent

# Below the multi-zone/region tier (99.99%), redundancy within one region is the design,
# not a flaw: sharing a region or a provider is reported only from that tier on.
BROAD_DOMAINS = frozenset({"region", "provider"})


def detect(arch: Architecture, analysis: Analysis, today: dt.date) -> list[Finding]:
    """Every finding of the rules of the analysis, accepted risks applied, sorted."""
    findings = [
        *_spofs(arch, analysis),
        *_shared_fate(arch, analysis),
        *_slo(arch, analysis),
        *_cycles(arch, analysis),
        *_unreachable(arch, analysis),
        *_expired_risks(arch, today),
        *config_findings(arch, analysis),
        *objective_findings(arch, analysis),
        *data_findings(arch),
        *recovery_findings(arch),
    ]
    return apply_accepted_risks(arch, findings, today)


def _spofs(arch: Architecture, analysis: Analysis) -> Iterator[Finding]:
    for spof in analysis.spofs:
        comp = arch.components[spof.component]
        what = (
            "its failure"
            if comp.replicas == 1
            else f"any one of its {comp.replicas} replicas failing (all must be up)"
        )
        tier = strictest(arch.slo_of(entry) for entry in spof.entrypoints)
        severity = spof_severity(tier, comp)
        message = (
            f"{spof.component} is a single point of failure: {what} takes down "
            f"{_entrypoints_text(spof.component, spof.entrypoints)}"
        )
        if tier.recovery_suffices:
            message += _recovery_text(severity)
        yield make_finding("SPOF", spof.component, comp.kind, message, comp.location, severity)


def _recovery_text(severity: str) -> str:
    """Why a SPOF under the recovery tier is only a warning, or still an error."""
    if severity == "warning":
        return "; it recovers by itself, which is enough below a 99.9% objective"
    return "; it has no recovery measure (restart policy, restorable backups, replication)"


def _shared_fate(arch: Architecture, analysis: Analysis) -> Iterator[Finding]:
    broad_too = system_tier(arch).zones_and_regions
    for fate in analysis.shared_fate:
        culprits = tuple(
            c for c in fate.culprits if broad_too or arch.kind_of(c) not in BROAD_DOMAINS
        )
        if not culprits:
            continue
        fate = replace(fate, culprits=culprits)
        comp = arch.components.get(fate.owner)
        kind = comp.kind if comp else "journey"
        message, where = _shared_fate_text(arch, fate)
        yield make_finding("SHARED-FATE", fate.owner, kind, message, where)


def _shared_fate_text(arch: Architecture, fate: SharedFate) -> tuple[str, Location]:
    nearest, *others = fate.culprits
    also = f" (so does {_names(others)})" if others else ""
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


def _slo(arch: Architecture, analysis: Analysis) -> Iterator[Finding]:
    for entry in analysis.entrypoints:
        if entry.slo_met is False and entry.slo is not None:
            value = entry.availability.value
            message = (
                f"{entry.name} is available {percent(value)}, below its objective "
                f"{percent(entry.slo)}: {(1 - value) * 8760:.1f} h of downtime a year "
                f"where {(1 - entry.slo) * 8760:.1f} h are allowed"
            )
            location = arch.location_of(entry.name)
            yield make_finding("SLO", entry.name, arch.kind_of(entry.name), message, location)


def _cycles(arch: Architecture, analysis: Analysis) -> Iterator[Finding]:
    for cycle in analysis.cycles:
        first = cycle[0]  # by name, not by place: moving lines must not make it new
        message = (
            f"{_names(cycle)} need one another in a cycle"
            if len(cycle) > 1
            else f"{first} needs itself through its placement"
        )
        yield make_finding("CYCLE", first, arch.kind_of(first), message, arch.location_of(first))


def _unreachable(arch: Architecture, analysis: Analysis) -> Iterator[Finding]:
    for name in analysis.unreachable:
        message = f"{name} is not needed by any entrypoint ({_names(arch.entrypoints)})"
        yield make_finding("UNREACHABLE", name, arch.kind_of(name), message, arch.location_of(name))


def _expired_risks(arch: Architecture, today: dt.date) -> Iterator[Finding]:
    for risk in arch.accepted_risks:
        if risk.is_expired(today):
            message = (
                f"the accepted risk {risk.rule} on {risk.component} expired on "
                f"{risk.expires} ({risk.reason.strip()})"
            )
            kind = arch.kind_of(risk.component) if risk.component in arch.node_names() else "other"
            yield make_finding("EXPIRED-RISK", risk.component, kind, message, risk.location)


def _how_many(lost: int, total: int) -> str:
    return "all" if lost >= total else str(lost)


def _entrypoints_text(component: str, entrypoints: tuple[str, ...]) -> str:
    if entrypoints == (component,):
        return "this entrypoint"
    noun = "entrypoint" if len(entrypoints) == 1 else "entrypoints"
    return f"{noun} {_names(entrypoints)}"


def _group_text(kind: str, k: int, members: tuple[str, ...]) -> str:
    if kind == "any":
        return f"any of {_names(members)}"
    return f"{k} of {_names(members)}"
