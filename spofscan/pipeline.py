"""load → validate → build model → analyse → report, in one readable function per command."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass

from spofscan.analysis.engine import analyse
from spofscan.analysis.results import Analysis, WhatIf
from spofscan.analysis.what_if import what_if
from spofscan.findings.detect import detect
from spofscan.findings.finding import Finding, fails
from spofscan.findings.tiers import Tier, system_tier
from spofscan.loading import load_architecture, load_architecture_text
from spofscan.loading.yaml_source import read_text
from spofscan.model.architecture import Architecture
from spofscan.remediation import NOT_COMPUTED, Remediation, remediate

FAIL_ON = ("error", "warning", "never")


@dataclass(frozen=True)
class CheckReport:
    """Everything ``check`` knows: the model, its analysis, the findings and the verdict."""

    architecture: Architecture
    analysis: Analysis
    findings: tuple[Finding, ...]
    fail_on: str
    today: dt.date
    remediation: Remediation = NOT_COMPUTED

    @property
    def failing(self) -> tuple[Finding, ...]:
        """Findings that fail the run at the chosen threshold."""
        return tuple(f for f in self.findings if fails(f, self.fail_on))

    @property
    def tier(self) -> Tier:
        """The strictest availability tier among the entrypoints' objectives."""
        return system_tier(self.architecture)

    @property
    def missed_objectives(self) -> tuple[str, ...]:
        """Entrypoints below their objective."""
        return tuple(e.name for e in self.analysis.entrypoints if e.slo_met is False)

    @property
    def passed(self) -> bool:
        """SPEC section 4: no unaccepted failing finding, and every objective met.

        A missed objective fails the run even when an accepted risk marks its SLO
        finding, as the contract says; only ``--fail-on never`` lets it pass.
        """
        if self.fail_on == "never":
            return True
        return not self.failing and not self.missed_objectives


def check(
    path: str | os.PathLike[str],
    *,
    fail_on: str = "error",
    today: dt.date | None = None,
    seed: int = 0,
) -> CheckReport:
    """Load, validate and analyse an architecture file, judge it, and measure its fixes."""
    file = os.fspath(path)
    text = read_text(path, file)
    arch = load_architecture_text(text, file)
    analysis = analyse(arch, seed=seed)
    day = today or dt.date.today()
    findings = detect(arch, analysis, day)
    fixes = remediate(text, arch, analysis)
    return CheckReport(arch, analysis, tuple(findings), fail_on, day, fixes)


def fail(path: str | os.PathLike[str], names: Sequence[str]) -> tuple[Architecture, WhatIf]:
    """Load an architecture and fail the named components, journeys or instances."""
    arch = load_architecture(path)
    return arch, what_if(arch, names)
