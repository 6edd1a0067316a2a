"""The verdict each component gets in a diagram: SPOF, shared fate, redundant, ...; or,
under a what-if, failed, down, degraded, reduced or up.

The check view colours what the report says: a component is a SPOF when the analysis
lists it, shared fate when a SHARED-FATE finding names its replicas, redundant when an
entrypoint needs it but its failure alone takes nothing down.
"""

from __future__ import annotations

from collections.abc import Mapping

from spofscan.analysis.reachability import needed_by
from spofscan.analysis.results import WhatIf
from spofscan.findings.analysis_rules import culprits_reported
from spofscan.findings.rule_ids import SPOF_RULES
from spofscan.model.architecture import Architecture, split_instance
from spofscan.render.diagram.model import Status
from spofscan.render.diagram.palette import FAILED_MARK
from spofscan.report.check import CheckReport

BADGES: Mapping[Status, str] = {
    "spof": "SPOF",
    "shared_fate": "SHARED FATE",
    "failed": f"{FAILED_MARK} FAILED",
    "down": "DOWN",
    "degraded": "DEGRADED",
    "reduced": "REDUCED",
}


def shared_fate_groups(report: CheckReport) -> set[tuple[str, int]]:
    """(owner, group) of every shared fate the report warns about; group -1: replicas."""
    reported_culprits = culprits_reported(report.architecture)
    return {
        (fate.owner, fate.group) for fate in report.analysis.shared_fate if reported_culprits(fate)
    }


def check_statuses(report: CheckReport) -> dict[str, Status]:
    """The check view's verdict on every component and journey."""
    arch = report.architecture
    spofs = {spof.component for spof in report.analysis.spofs}
    packed = {owner for owner, group in shared_fate_groups(report) if group < 0}
    hard = needed_by(arch, arch.entrypoints)
    soft = needed_by(arch, arch.entrypoints, soft=True)
    return {name: _verdict(arch, name, spofs, packed, hard, soft) for name in arch.node_names()}


def _verdict(
    arch: Architecture,
    name: str,
    spofs: set[str],
    packed: set[str],
    hard: set[str],
    soft: set[str],
) -> Status:
    if name in arch.journeys:
        return "journey"
    if name in spofs:
        return "spof"
    if name in packed:
        return "shared_fate"
    if arch.components[name].availability >= 1.0:
        return "never_fails"
    if name in hard:
        return "redundant"
    return "optional" if name in soft else "unused"


def what_if_statuses(arch: Architecture, result: WhatIf) -> dict[str, Status]:
    """The what-if view's verdict on every component and journey."""
    whole = set(result.failed)
    down, degraded, reduced = set(result.down), set(result.degraded), set(result.reduced)
    statuses: dict[str, Status] = {}
    for name in arch.node_names():
        if name in whole:
            statuses[name] = "failed"
        elif name in down:
            statuses[name] = "down"
        elif name in degraded:
            statuses[name] = "degraded"
        elif name in reduced or failed_instances(result, name):
            statuses[name] = "reduced"
        else:
            statuses[name] = "up"
    return statuses


def failed_instances(result: WhatIf | None, name: str) -> tuple[str, ...]:
    """The instances of ``name`` (``api[1]``) that the what-if fails one by one.

    >>> from spofscan.model.examples import tiny_architecture
    >>> from spofscan.analysis.what_if import what_if
    >>> failed_instances(what_if(tiny_architecture(), ["api[0]"]), "api")
    ('api[0]',)
    """
    if result is None:
        return ()
    return tuple(f for f in result.failed if (part := split_instance(f)) and part[0] == name)


def replica_status(result: WhatIf, name: str, instance: int, host: str | None) -> Status:
    """One replica's verdict under a what-if: failed on purpose (the whole component or
    this instance); down with the host it runs on, or with its component (a need of the
    component failed, or too few replicas are left): a replica serves no one then; or up."""
    if name in result.failed or f"{name}[{instance}]" in result.failed:
        return "failed"
    return "down" if host in result.down or name in result.down else "up"


def accepted_spofs(report: CheckReport) -> set[str]:
    """Components whose SPOF (or EXTERNAL-SPOF) finding an unexpired accepted risk covers."""
    return {f.component for f in report.findings if f.rule in SPOF_RULES and f.accepted}
