"""The judged result of ``check``: the model, its analysis, the findings, the fixes, and
the gate policy that turns them into a verdict (SPEC section 4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from spofscan.analysis.results import Analysis
from spofscan.findings.baseline import Baseline
from spofscan.findings.finding import Finding, fails
from spofscan.findings.rule_ids import SPOF_RULES
from spofscan.findings.tiers import Tier, system_tier
from spofscan.model.architecture import Architecture
from spofscan.remediation import NOT_COMPUTED, Fix, Remediation
from spofscan.report.options import FailOn


@dataclass(frozen=True)
class CheckReport:
    """Everything ``check`` knows: the model, its analysis, the findings and the verdict.
    What is judged from the findings as a whole (the failing ones, the objectives that
    gate) is kept once found: a renderer asks for it per entrypoint or per finding.

    ``baseline`` holds the findings already known (they are reported, but do not fail
    the run); ``disabled`` the rules turned off; ``artifact`` the file's path as CI tools
    want it (relative to the repository's root), empty for the path as given.
    """

    architecture: Architecture
    analysis: Analysis
    findings: tuple[Finding, ...]
    fail_on: FailOn
    today: dt.date
    remediation: Remediation = NOT_COMPUTED
    baseline: Baseline | None = None
    disabled: frozenset[str] = frozenset()
    artifact: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "fail_on", FailOn(self.fail_on))  # "error" reads as FailOn.error

    @property
    def source(self) -> str:
        """The architecture file's path in reports meant for CI tools."""
        return self.artifact or self.architecture.file

    def in_baseline(self, finding: Finding) -> bool:
        """Whether the baseline holds this unaccepted finding: reported, but not failing."""
        return self.baseline is not None and not finding.accepted and self.baseline.holds(finding)

    @cached_property
    def baselined(self) -> tuple[Finding, ...]:
        """Unaccepted findings the baseline holds back."""
        return tuple(f for f in self.findings if self.in_baseline(f))

    def is_failing(self, finding: Finding) -> bool:
        """Whether ``finding`` fails the run at the chosen threshold (the baseline does
        not hold it): one of :attr:`failing`, found without walking them all."""
        return fails(finding, self.fail_on) and not self.in_baseline(finding)

    @cached_property
    def failing(self) -> tuple[Finding, ...]:
        """Findings that fail the run at the chosen threshold, but for the baseline's."""
        return tuple(f for f in self.findings if self.is_failing(f))

    def accepted_fix(self, fix: Fix) -> bool:
        """Whether the findings ``fix`` answers (its component's, of its rule; SPOF and
        EXTERNAL-SPOF alike) are there, and every one an accepted risk."""
        rules = SPOF_RULES if fix.rule in SPOF_RULES else frozenset({fix.rule})
        answered = [f for f in self.findings if f.component == fix.component and f.rule in rules]
        return bool(answered) and all(f.accepted for f in answered)

    @property
    def fixes(self) -> tuple[Fix, ...]:
        """The measured fixes, best first, but those of accepted risks after the others:
        a risk the file accepts is not what to fix first."""
        return tuple(sorted(self.remediation.fixes, key=self.accepted_fix))

    @property
    def tier(self) -> Tier:
        """The strictest availability tier among the entrypoints' objectives."""
        return system_tier(self.architecture)

    @cached_property
    def missed_objectives(self) -> tuple[str, ...]:
        """Entrypoints below their objective."""
        return tuple(e.name for e in self.analysis.entrypoints if e.slo_met is False)

    @cached_property
    def gating_misses(self) -> tuple[str, ...]:
        """Missed objectives that fail the run: all of them, unless the SLO rule is
        turned off or the baseline holds the entrypoint's SLO finding."""
        if "SLO" in self.disabled:
            return ()
        known = self.baseline.holds if self.baseline is not None else lambda f: False
        held = {f.component for f in self.findings if f.rule == "SLO" and known(f)}
        return tuple(name for name in self.missed_objectives if name not in held)

    @property
    def passed(self) -> bool:
        """SPEC section 4: no unaccepted failing finding, and every objective met.

        A missed objective fails the run even when an accepted risk marks its SLO
        finding, as the contract says; only ``--fail-on never`` lets it pass.
        """
        if self.fail_on is FailOn.never:
            return True
        return not self.failing and not self.gating_misses
