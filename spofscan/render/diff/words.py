"""Words and numbers shared by the text and Markdown reports of ``spofscan diff``.

>>> from spofscan.analysis.results import Estimate
>>> change_text(AvailabilityChange("lb", Estimate(0.9995), Estimate(0.999)))
'-0.05 pp'
>>> before_after(AvailabilityChange("lb", Estimate(0.999), Estimate(0.9999)))
('99.9% → 99.99%', '3.00 → 4.00', '8.8 h → 52.6 min')
>>> tolerance_text(0.0001), tolerance_text(0.0)
('0.01 pp', '0')
"""

from __future__ import annotations

from collections import Counter

from spofscan.analysis.results import Estimate
from spofscan.findings.finding import Finding
from spofscan.report.comparison import AvailabilityChange, Comparison, Regression, SpofChange
from spofscan.units import availability_cells, percent
from spofscan.words import NAMED, joined

# Of more than NAMED reasons, a verdict says this many of each kind, then counts the rest
EACH_KIND = 5
_MORE = {  # the system's fall is one at most: never counted
    "spof": "new SPOFs",
    "entrypoint": "entrypoints that fell",
    "objective": "objectives newly missed",
}


def before_after(change: AvailabilityChange) -> tuple[str, str, str]:
    """Availability, nines and downtime a year, each ``before → after`` (one value when
    unchanged, ``-`` for a side where the entrypoint is absent)."""
    sides = [_numbers(change.before), _numbers(change.after)]
    if change.status == "unchanged":
        return sides[1]
    first, second = sides
    return (
        f"{first[0]} → {second[0]}",
        f"{first[1]} → {second[1]}",
        f"{first[2]} → {second[2]}",
    )


def _numbers(estimate: Estimate | None) -> tuple[str, str, str]:
    if estimate is None:
        return ("-", "-", "-")
    return availability_cells(estimate.value)


def change_text(change: AvailabilityChange) -> str:
    """The change in percentage points (pp), or ``added``, ``removed``, ``unchanged``."""
    if change.delta is None or change.delta == 0.0:
        return change.status
    return f"{change.delta * 100:+.2g} pp"


def tolerance_text(tolerance: float) -> str:
    """The tolerance in percentage points; ``0`` when there is none."""
    return f"{tolerance * 100:.4g} pp" if tolerance else "0"


def spof_text(spof: SpofChange) -> str:
    """``db (database): takes down lb, api``, marked when an accepted risk covers it."""
    accepted = " [accepted risk]" if spof.accepted else ""
    return f"{spof.component} ({spof.kind}): takes down {joined(spof.entrypoints)}{accepted}"


def finding_text(finding: Finding) -> str:
    """``FILE:LINE:COL: severity message (RULE)``, as ``check`` prints findings."""
    return str(finding)


def regression_text(regression: Regression, comparison: Comparison) -> str:
    """``new SPOF db``, ``lb fell from 99.95% to 99.9% (-0.05 pp)``, or ``lb newly
    misses its objective 99.92%: 99.95% to 99.9% (-0.05 pp)``."""
    if regression.kind == "spof":
        return f"new SPOF {regression.name}"
    if regression.kind == "system":
        change, label = comparison.system, "system availability"
    else:
        change = next(c for c in comparison.entrypoints if c.name == regression.name)
        label = regression.name
    before, after = change.before, change.after
    assert before is not None and after is not None  # only changes on both sides regress
    fell = f"{percent(before.value)} to {percent(after.value)} ({change_text(change)})"
    if regression.kind == "objective":
        assert change.slo is not None  # only an entrypoint with an objective misses it
        return f"{label} newly misses its objective {percent(change.slo)}: {fell}"
    return f"{label} fell from {fell}"


def flagged(change: AvailabilityChange, comparison: Comparison) -> bool:
    """Whether the change is one of the reasons it fails: a fall beyond the tolerance,
    or an objective newly missed."""
    return change.lowered(comparison.tolerance) or comparison.gates(change)


def verdict_text(comparison: Comparison) -> str:
    """``PASSED ...`` or ``FAILED: reason; reason (tolerance ...)``."""
    tolerance = f"tolerance {tolerance_text(comparison.tolerance)}"
    if comparison.passed:
        objectives = ", no objective newly missed" if comparison.objectives else ""
        return f"PASSED: no new SPOF, no availability lower{objectives} ({tolerance})"
    regressions = comparison.regressions
    missed = {r.name for r in regressions if r.kind == "objective"}
    # An objective newly missed gives the fall's numbers too: say them once.
    said = [r for r in regressions if not (r.kind == "entrypoint" and r.name in missed)]
    return f"FAILED: {'; '.join(_reasons(said, comparison))} ({tolerance})"


def _reasons(said: list[Regression], comparison: Comparison) -> list[str]:
    """Each regression in words; of more than ``NAMED``, the first ``EACH_KIND`` of each
    kind and a count of the others of that kind after them (a change that adds 900
    SPOFs named each in one line)."""
    if len(said) <= NAMED:
        return [regression_text(r, comparison) for r in said]
    total = Counter(r.kind for r in said)
    seen: Counter[str] = Counter()
    reasons = []
    for r in said:
        seen[r.kind] += 1
        if seen[r.kind] <= EACH_KIND:
            reasons.append(regression_text(r, comparison))
        if seen[r.kind] == total[r.kind] > EACH_KIND:
            reasons.append(f"{total[r.kind] - EACH_KIND:,} more {_MORE[r.kind]}")
    return reasons
