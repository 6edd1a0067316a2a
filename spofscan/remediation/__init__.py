"""Quantified remediations: a measured fix for each SPOF, ranked, and a greedy plan.

>>> from spofscan.remediation import NOT_COMPUTED
>>> NOT_COMPUTED.fixes, NOT_COMPUTED.plan
((), None)
"""

from __future__ import annotations

from dataclasses import dataclass

from spofscan.analysis.results import Analysis
from spofscan.model.architecture import Architecture
from spofscan.remediation.candidates import candidates
from spofscan.remediation.plan import Fix, Plan, greedy_plan, measure
from spofscan.remediation.snippets import Outcome, parse_document

__all__ = ["NOT_COMPUTED", "Fix", "Plan", "Remediation", "remediate"]


@dataclass(frozen=True)
class Remediation:
    """The measured fixes, best first, and the plan; ``reason`` when there are none."""

    fixes: tuple[Fix, ...] = ()
    plan: Plan | None = None
    reason: str | None = None


NOT_COMPUTED = Remediation(reason="not computed")
MONTE_CARLO = (
    "fixes are quantified only when availability is exact; this architecture is "
    "estimated by Monte Carlo"
)


def remediate(text: str, arch: Architecture, analysis: Analysis) -> Remediation:
    """Measure a fix for each SPOF and packed replica set of the file ``text``, and plan."""
    if analysis.system.method != "exact":
        return Remediation(reason=MONTE_CARLO)
    document = parse_document(text, arch.file)
    spofs = [spof.component for spof in analysis.spofs]
    found = candidates(document, spofs, analysis.shared_fate)
    fixes = measure(document, arch, analysis.system.value, found)
    plan = greedy_plan(document, arch, starting_point(analysis), fixes)
    return Remediation(tuple(fixes), plan)


def starting_point(analysis: Analysis) -> Outcome:
    """Where the analysed file stands: its availability and its objectives' verdict."""
    verdicts = [e.slo_met for e in analysis.entrypoints if e.slo_met is not None]
    return Outcome(analysis.system.value, all(verdicts) if verdicts else None)
