"""What a diagram looks at: the view asked for, the names in it and their verdicts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from spofscan.analysis.reachability import needed_by
from spofscan.analysis.results import WhatIf
from spofscan.errors import UsageError
from spofscan.findings.finding import Finding
from spofscan.model.architecture import Architecture
from spofscan.render.diagram.model import Status
from spofscan.render.diagram.palette import FAILED_MARK
from spofscan.render.diagram.status import (
    BADGES,
    accepted_spofs,
    check_statuses,
    failed_instances,
    shared_fate_groups,
    what_if_statuses,
)
from spofscan.report.check import CheckReport
from spofscan.suggest import did_you_mean

USERS = "[users]"


@dataclass(frozen=True)
class View:
    """Which picture to draw: after a what-if, of one journey, collapsed or in full."""

    what_if: WhatIf | None = None
    journey: str | None = None
    collapse: bool = False


@dataclass(frozen=True)
class Scene:
    """What the builders share: the report, the names in view, and their verdicts."""

    report: CheckReport
    view: View
    names: tuple[str, ...]
    statuses: Mapping[str, Status]
    accepted: frozenset[str] = frozenset()
    shared_groups: frozenset[tuple[str, int]] = frozenset()
    findings: Mapping[str, tuple[Finding, ...]] = field(default_factory=dict)

    @property
    def arch(self) -> Architecture:
        return self.report.architecture

    def badge(self, name: str) -> str | None:
        """The verdict written in the box; a component whose instances the what-if fails
        one by one names them (``REDUCED · ✕ api[1]``), as a replica box may not."""
        status = self.statuses[name]
        if status == "spof" and name in self.accepted:
            return "SPOF (accepted risk)"
        lost = self.lost_instances(name)
        if lost and status != "failed":
            mark = f"{FAILED_MARK} {', '.join(lost)}"
            return " · ".join(filter(None, (BADGES.get(status), mark)))
        return BADGES.get(status)

    def lost_instances(self, name: str) -> tuple[str, ...]:
        """The instances of ``name`` (``api[1]``) that the what-if fails one by one."""
        return failed_instances(self.view.what_if, name)


def make_scene(report: CheckReport, view: View) -> Scene:
    """The names ``view`` draws, with their verdicts."""
    arch = report.architecture
    if view.journey is None:
        names = arch.node_names()
    else:
        check_journey(arch, view.journey)
        names = tuple(sorted(needed_by(arch, [view.journey])))
    if view.what_if is None:
        statuses = check_statuses(report)
    else:
        statuses = what_if_statuses(arch, view.what_if)
    shared = frozenset(shared_fate_groups(report))
    accepted = frozenset(accepted_spofs(report))
    return Scene(report, view, names, statuses, accepted, shared, findings_by_component(report))


def findings_by_component(report: CheckReport) -> dict[str, tuple[Finding, ...]]:
    """The report's findings by the component they are about, in the report's order
    (one pass: a tooltip per box must not scan every finding)."""
    found: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        found[finding.component].append(finding)
    return {name: tuple(of_name) for name, of_name in found.items()}


def check_journey(arch: Architecture, name: str) -> None:
    """Raise a :class:`UsageError` unless ``name`` is a journey or an entrypoint."""
    if name in arch.journeys or name in arch.entrypoints:
        return
    known = sorted({*arch.journeys, *arch.entrypoints})
    close = did_you_mean(name, known)
    hint = f" ({close})" if close else ""
    raise UsageError(
        f"--journey: '{name}' is not a journey or entrypoint of this architecture{hint}; "
        f"it has: {', '.join(known)}"
    )
