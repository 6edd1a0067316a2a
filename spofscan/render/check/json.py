"""The JSON report of ``check`` (SPEC section 5): a pure function of the report.

Numbers keep full precision (acceptance checks compare them to exact values); lists are
sorted so that two runs on the same file give the same bytes.
"""

from __future__ import annotations

from typing import Any

from spofscan.analysis.results import Estimate, FailureFrequency
from spofscan.findings.finding import Finding
from spofscan.findings.fingerprint import fingerprint
from spofscan.findings.tiers import Tier, tier_of
from spofscan.json_text import pretty
from spofscan.model.architecture import Architecture
from spofscan.render.check.fixes import fix_document, plan_document
from spofscan.render.terminal import PLAIN, Terminal
from spofscan.report.check import CheckReport
from spofscan.units import downtime_hours_per_month, downtime_hours_per_year, nines

REPORT_FORMAT = "spofscan-report/1"


def render_check(report: CheckReport, terminal: Terminal = PLAIN) -> str:
    """``check --format json``; the terminal does not matter."""
    return pretty(check_document(report))


def check_document(report: CheckReport) -> dict[str, Any]:
    arch, analysis = report.architecture, report.analysis
    spof_names = {spof.component for spof in analysis.spofs}
    return {
        "format": REPORT_FORMAT,
        "passed": report.passed,
        "architecture": {
            "name": arch.name,
            "file": arch.file,
            "components": len(arch.components),
            "journeys": len(arch.journeys),
            "events": len(analysis.events),
        },
        "availability": {
            **availability_document(analysis.system, arch),
            "mtbf": frequency_document(analysis.frequency),
        },
        "tier": tier_document(report.tier, arch),
        "entrypoints": [
            {
                "name": entry.name,
                "availability": entry.availability.value,
                "slo": entry.slo,
                "slo_met": entry.slo_met,
                "tier": tier_of(entry.slo).name,
                **_extra(entry.availability, arch),
            }
            for entry in analysis.entrypoints
        ],
        "spofs": [
            {
                "component": spof.component,
                "kind": spof.kind,
                "entrypoints": list(spof.entrypoints),
                "events": list(spof.events),
                "line": arch.components[spof.component].location.line,
            }
            for spof in analysis.spofs
        ],
        "cut_sets": {
            "order_1": [list(c) for c in analysis.cut_sets.order_1],
            "order_2": [list(c) for c in analysis.cut_sets.order_2],
            "order_2_complete": analysis.cut_sets.order_2_complete,
            "order_2_count": len(analysis.cut_sets.order_2),
            "order_2_total": analysis.cut_sets.order_2_total,
        },
        "articulation_points": list(analysis.articulation_points),
        "chains": {name: [list(c) for c in chains] for name, chains in analysis.chains.items()},
        "cycles": [list(c) for c in analysis.cycles],
        "findings": [
            {**finding_document(f), "in_baseline": report.in_baseline(f)} for f in report.findings
        ],
        "baseline": baseline_summary(report),
        "disabled_rules": sorted(report.disabled),
        "components": [
            {
                "name": imp.component,
                "kind": arch.components[imp.component].kind,
                "availability": imp.availability,
                "replicas": arch.components[imp.component].replicas,
                "spof": imp.component in spof_names,
                "birnbaum": imp.birnbaum,
                "criticality": imp.criticality,
            }
            for imp in analysis.importance
        ],
        "failover": failover_document(arch),
        "remediations": [fix_document(fix, report.accepted_fix(fix)) for fix in report.fixes],
        "remediations_reason": report.remediation.reason,
        "remediations_unmeasured": report.remediation.unmeasured,
        "remediation_plan": plan_document(report.remediation.plan),
    }


def failover_document(arch: Architecture) -> list[dict[str, Any]]:
    """The downtime each failing-over component pays for its failovers, by name."""
    return [
        {
            "component": comp.name,
            "mode": comp.failover.mode if comp.failover else None,
            "failover_seconds": comp.failover_hours * 3600,
            "failovers_per_year": comp.failovers_per_year,
            "mtbf_hours": comp.mtbf_or_default[0],
            "mtbf_assumed": comp.mtbf_or_default[1],
            "downtime_hours_per_year": comp.failover_hours_per_year,
        }
        for comp in arch.failing_over
    ]


def frequency_document(rate: FailureFrequency | None) -> dict[str, Any]:
    """The system's failures a year, MTBF and MTTR, or why they are not computed."""
    if rate is None:
        rate = FailureFrequency(None, None, None, None, reason="not computed")
    return {
        "failures_per_year": rate.failures_per_year,
        "mtbf_hours": rate.mtbf_hours,
        "mttr_hours": rate.mttr_hours,
        "complete": not rate.missing and rate.failures_per_year is not None,
        "coverage": rate.coverage,
        "missing": list(rate.missing),
        "reason": rate.reason,
    }


def tier_document(tier: Tier, arch: Architecture) -> dict[str, Any]:
    """The strictest tier among the objectives: its name, threshold and what it asks."""
    return {
        "name": tier.name,
        "label": tier.label,
        "threshold": tier.threshold,
        "asks": tier.asks,
        "objective": arch.strictest_objective,
    }


def availability_document(estimate: Estimate, arch: Architecture) -> dict[str, Any]:
    """``value``, ``percent``, ``nines``, downtime, ``method`` and ``ci95`` of an estimate."""
    return {
        "value": estimate.value,
        "percent": estimate.value * 100,
        **_extra(estimate, arch),
    }


def _extra(estimate: Estimate, arch: Architecture) -> dict[str, Any]:
    value = estimate.value
    extra: dict[str, Any] = {
        "nines": nines(value),
        "downtime_hours_per_year": downtime_hours_per_year(value),
        "downtime_hours_per_month": downtime_hours_per_month(value),
        "method": estimate.method,
        "ci95": list(estimate.ci95) if estimate.ci95 else None,
    }
    if arch.downtime_cost_per_hour is not None:
        extra["downtime_cost_per_year"] = (
            downtime_hours_per_year(value) * arch.downtime_cost_per_hour
        )
    return extra


def finding_document(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "component": finding.component,
        "message": finding.message,
        "remediation": finding.remediation,
        "file": finding.location.file,
        "line": finding.location.line,
        "column": finding.location.column,
        "accepted": finding.accepted,
        "fingerprint": fingerprint(finding),
    }


def baseline_summary(report: CheckReport) -> dict[str, int] | None:
    """How many findings the baseline knew, and how many of this run's it held back."""
    if report.baseline is None:
        return None
    return {"known": len(report.baseline), "held_back": len(report.baselined)}
