"""The verdict of ``check`` in one line, the same in every report that states it:
``PASSED (failing on: error)`` or ``FAILED: 2 errors (failing on: error)``, with what
the baseline held back."""

from __future__ import annotations

from spofscan.report.check import CheckReport
from spofscan.words import plural


def verdict_line(report: CheckReport) -> str:
    """The verdict and its reasons, then what the baseline held back, if it held any."""
    gate = f"(failing on: {report.fail_on.value})"
    line = f"PASSED {gate}" if report.passed else f"FAILED: {'; '.join(reasons(report))} {gate}"
    held = baseline_note(report)
    return f"{line}; {held}" if held else line


def reasons(report: CheckReport) -> list[str]:
    """What fails the run: failing findings by severity, and objectives missed despite a
    waiver (a missed objective is otherwise counted as its SLO finding)."""
    counts: dict[str, int] = {}
    for finding in report.failing:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    found = [plural(n, severity) for severity, n in sorted(counts.items())]
    counted = {f.component for f in report.failing if f.rule == "SLO"}
    missed = [name for name in report.gating_misses if name not in counted]
    if missed:
        found.append(
            f"{plural(len(missed), 'objective')} missed despite a waiver ({', '.join(missed)})"
        )
    return found


def baseline_note(report: CheckReport) -> str:
    """``3 known findings held back by the baseline``; empty without a baseline."""
    if report.baseline is None:
        return ""
    return f"{plural(len(report.baselined), 'known finding')} held back by the baseline"
