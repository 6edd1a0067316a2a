"""``spofscan diff --format json``: the change for machines (schemas/diff.schema.json).

Availabilities are fractions with full precision; lists keep the comparison's order
(entrypoints as the head lists them, SPOFs by name, findings by place in their file).
"""

from __future__ import annotations

from typing import Any

from spofscan.analysis.results import Estimate
from spofscan.findings.finding import Finding
from spofscan.findings.fingerprint import fingerprint
from spofscan.json_text import pretty
from spofscan.render.check.json import finding_document
from spofscan.render.terminal import PLAIN, Terminal
from spofscan.report.comparison import AvailabilityChange, Comparison, Regression, SpofChange
from spofscan.units import downtime_hours_per_year, nines

DIFF_FORMAT = "spofscan-diff/1"


def render(comparison: Comparison, terminal: Terminal = PLAIN) -> str:
    return pretty(diff_document(comparison))


def diff_document(comparison: Comparison) -> dict[str, Any]:
    return {
        "format": DIFF_FORMAT,
        "passed": comparison.passed,
        "name": comparison.name,
        "base": comparison.base,
        "head": comparison.head,
        "tolerance": comparison.tolerance,
        "regressions": [_regression(r) for r in comparison.regressions],
        "system": _change(comparison.system, comparison.tolerance),
        "entrypoints": [_change(c, comparison.tolerance) for c in comparison.entrypoints],
        "spofs": {
            "added": [_spof(s) for s in comparison.spofs_added],
            "removed": [_spof(s) for s in comparison.spofs_removed],
        },
        "findings": {
            "added": [_finding(f) for f in comparison.findings_added],
            "removed": [_finding(f) for f in comparison.findings_removed],
        },
    }


def _regression(regression: Regression) -> dict[str, Any]:
    return {"kind": regression.kind, "name": regression.name}


def _change(change: AvailabilityChange, tolerance: float) -> dict[str, Any]:
    return {
        "name": change.name,
        "status": change.status,
        "before": _estimate(change.before),
        "after": _estimate(change.after),
        "change": change.delta,
        "lowered": change.lowered(tolerance),
        "slo": change.slo,
        "newly_missed": change.newly_missed,
    }


def _estimate(estimate: Estimate | None) -> dict[str, Any] | None:
    if estimate is None:
        return None
    return {
        "availability": estimate.value,
        "nines": nines(estimate.value),
        "downtime_hours_per_year": downtime_hours_per_year(estimate.value),
        "method": estimate.method,
        "ci95": list(estimate.ci95) if estimate.ci95 else None,
    }


def _spof(spof: SpofChange) -> dict[str, Any]:
    return {
        "component": spof.component,
        "kind": spof.kind,
        "entrypoints": list(spof.entrypoints),
        "accepted": spof.accepted,
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {**finding_document(finding), "fingerprint": fingerprint(finding)}
