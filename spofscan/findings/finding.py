"""A finding: one rule, about one component, at one place in the file; and what a rule
function is given to find them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from spofscan.analysis.results import Analysis
from spofscan.errors import Location
from spofscan.findings.catalog import RULES, SEVERITY_RANK, Severity
from spofscan.findings.rule_ids import SPOF_RULES
from spofscan.model.architecture import AcceptedRisk, Architecture


@dataclass(frozen=True)
class Finding:
    """What a rule found; ``accepted`` when an unexpired accepted risk covers it."""

    rule: str
    severity: Severity
    component: str
    message: str
    remediation: str
    location: Location
    accepted: bool = False

    def __str__(self) -> str:
        accepted = " [accepted]" if self.accepted else ""
        return f"{self.location}: {self.severity} {self.message} ({self.rule}){accepted}"


@dataclass(frozen=True)
class RuleContext:
    """What every rule function is given: the architecture, its analysis, and the day that
    accepted risks' expiry is judged by."""

    arch: Architecture
    analysis: Analysis
    today: dt.date


RuleFunction = Callable[[RuleContext], Iterable[Finding]]
"""The one signature of a rule function: a context in, that rule's findings out."""


def make_finding(
    rule_id: str,
    component: str,
    kind: str,
    message: str,
    location: Location,
    severity: Severity | None = None,
) -> Finding:
    """A finding with its remediation for ``kind``, at the rule's default severity unless
    ``severity`` (set by the tier, for the rules whose severity depends on it) says otherwise.
    """
    rule = RULES[rule_id]
    one_line = " ".join(message.split())  # a folded YAML reason must not break the line
    return Finding(
        rule_id,
        severity or rule.severity,
        component,
        one_line,
        rule.remediation_for(kind),
        location,
    )


def apply_accepted_risks(
    arch: Architecture, findings: Iterable[Finding], today: dt.date
) -> list[Finding]:
    """Mark findings covered by an unexpired accepted risk; sort them by place and rule."""
    waived = waivers(risk for risk in arch.accepted_risks if not risk.is_expired(today))
    marked = (  # no waiver in force: no look-up for each finding
        [replace(f, accepted=True) if waived_as(f) in waived else f for f in findings]
        if waived
        else findings
    )
    return sorted(marked, key=finding_order)


def waivers(risks: Iterable[AcceptedRisk]) -> dict[tuple[str, str], list[AcceptedRisk]]:
    """``risks`` by what each waives, in their order: the risks that cover a finding are
    ``waivers(...).get(waived_as(finding), [])``, one look-up (a file that waived its
    2,678 SPOFs had each of its 11,726 findings compared with every risk: 1.4 s)."""
    found: dict[tuple[str, str], list[AcceptedRisk]] = {}
    for risk in risks:
        found.setdefault((risk.component, _waived_rule(risk.rule)), []).append(risk)
    return found


def waived_as(finding: Finding) -> tuple[str, str]:
    """What a risk must name to cover ``finding``, expiry aside: its component and rule.
    One naming SPOF or EXTERNAL-SPOF covers the component's single point of failure,
    whichever of the two rules reports it."""
    return finding.component, _waived_rule(finding.rule)


def _waived_rule(rule: str) -> str:
    """The rule as waivers match it: the two rules of a single point of failure as one."""
    return "SPOF" if rule in SPOF_RULES else rule


def finding_order(finding: Finding) -> tuple[object, ...]:
    """Sort key: by place in the file, then most severe first, then rule and component
    (the place as a plain tuple, in the order of its fields: comparing the dataclasses
    took a second for the 174,196 findings of stacks of 100,000 components)."""
    where = finding.location
    return (
        where.file,
        where.line,
        where.column,
        -SEVERITY_RANK[finding.severity],
        finding.rule,
        finding.component,
    )


def fails(finding: Finding, fail_on: str) -> bool:
    """Whether an unaccepted finding fails the run at the ``fail_on`` threshold."""
    if fail_on == "never" or finding.accepted:
        return False
    return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[fail_on]
