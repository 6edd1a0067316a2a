"""Measure each fix on a fresh analysis of the fixed file, rank them, and plan greedily.

A fix's ``availability_after`` is the exact availability of the original file with the
fix's snippet pasted in. The plan applies, again and again, the fix that buys the most
availability on the file as fixed so far, until every entrypoint meets its objective or
no fix helps: a greedy search, not a proof that no smaller set exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spofscan.model.architecture import Architecture
from spofscan.remediation.candidates import candidates, weak_points
from spofscan.remediation.fixes import Candidate
from spofscan.remediation.snippets import (
    Outcome,
    apply_snippet,
    exact_outcome,
    load_document,
    render_snippet,
)
from spofscan.remediation.workers import run_all
from spofscan.units import downtime_hours_per_year

MAX_PLAN_STEPS = 12
PLAN_WIDTH = 6


@dataclass(frozen=True)
class Fix:
    """One measured fix: what to change, the YAML to paste, and what it buys."""

    component: str
    rule: str
    action: str
    snippet: str
    availability_after: float
    downtime_saved_hours_per_year: float
    money_saved_per_year: float | None
    meets_slo: bool | None = None  # whether this fix alone meets every objective


@dataclass(frozen=True)
class Plan:
    """The fixes the greedy search applies in turn, and where they take the system."""

    fixes: tuple[Fix, ...]
    availability_after: float
    meets_slo: bool | None
    method: str = "greedy"


def measure(
    document: dict[str, Any], arch: Architecture, before: float, found: list[Candidate]
) -> list[Fix]:
    """Each candidate measured on a fresh, exact analysis of the fixed file; best first.

    The fixed files are measured in parallel where the system allows it (``workers``).
    """
    snippets = [render_snippet(candidate.entries) for candidate in found]
    outcomes = run_all(_outcome, [(document, snippet, arch.file) for snippet in snippets])
    fixes = []
    for candidate, snippet, after in zip(found, snippets, outcomes, strict=True):
        if after is not None and after.availability >= before - 1e-12:
            fixes.append(_fix(candidate, snippet, arch, before, after))
    return sorted(fixes, key=_rank)


def _outcome(job: tuple[dict[str, Any], str, str]) -> Outcome | None:
    """Where the document reaches with the snippet pasted in (None: no exact answer)."""
    document, snippet, file = job
    fixed = load_document(apply_snippet(document, snippet), file)
    return exact_outcome(fixed) if fixed is not None else None


def _rank(fix: Fix) -> tuple[float, str, str]:
    """Most downtime saved first (to the microsecond a year, so float dust ties), then
    by component and rule."""
    return (-round(fix.downtime_saved_hours_per_year, 9), fix.component, fix.rule)


def _fix(
    candidate: Candidate, snippet: str, arch: Architecture, before: float, after: Outcome
) -> Fix:
    value = after.availability
    saved = max(0.0, downtime_hours_per_year(before) - downtime_hours_per_year(value))
    cost = arch.downtime_cost_per_hour
    money = saved * cost if cost is not None else None
    return Fix(
        candidate.component,
        candidate.rule,
        candidate.action,
        snippet,
        value,
        saved,
        money,
        after.objectives_met,
    )


def greedy_plan(
    document: dict[str, Any], arch: Architecture, start: Outcome, first: list[Fix]
) -> Plan:
    """Apply the best fix, re-analyse the combined file, repeat until the SLOs hold.

    ``start`` is where the file stands before any fix.

    After the first step, each round measures the fixes of the combined file's weak
    points, at most ``PLAN_WIDTH`` of them: those whose component bought the most
    alone first, new weak points after.
    """
    order = {fix.component: i for i, fix in enumerate(first)}
    fixes, steps = first, list[Fix]()
    value, met = start.availability, start.objectives_met
    while met is False and fixes and len(steps) < MAX_PLAN_STEPS:
        best = fixes[0]
        fixed = apply_snippet(document, best.snippet)
        current = load_document(fixed, arch.file)
        if best.availability_after <= value or current is None:
            break
        document = fixed
        value, met = best.availability_after, best.meets_slo
        steps.append(best)
        found = candidates(document, *weak_points(current)) if met is False else []
        found.sort(key=lambda c: (order.get(c.component, len(order)), c.component))
        fixes = measure(document, current, value, found[:PLAN_WIDTH])
    return Plan(tuple(steps), value, met)
