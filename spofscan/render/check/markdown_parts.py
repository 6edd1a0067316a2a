"""The sections of the Markdown summary, each a pure function of the report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spofscan.findings.finding import Finding
from spofscan.render.check.fixes import (
    ACCEPTED_MARK,
    SHOWN_FIXES,
    saved_interval,
    useful_fixes,
)
from spofscan.render.check.text import SHOWN_SPOFS
from spofscan.render.check.verdict import baseline_note
from spofscan.render.diagram.mermaid import render_mermaid
from spofscan.report.check import CheckReport
from spofscan.units import availability_cells, human_hours, percent
from spofscan.words import joined

SHOWN_FINDINGS = 50
SHOWN_ENTRYPOINTS = 50  # rows of the availability table: the least available
COLLAPSE_ABOVE = 30  # components; GitHub draws large Mermaid graphs poorly
_MARKS = {"error": "🔴 error", "warning": "🟠 warning", "info": "🔵 info"}


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table, each cell escaped.

    >>> print(table(["a", "b"], [["x|y", "z"]]))
    | a | b |
    | --- | --- |
    | x\\|y | z |
    """
    lines = [header, ["---"] * len(header), *([cell(c) for c in row] for row in rows)]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def cell(value: str) -> str:
    """A table cell: pipes escaped, on one line."""
    return " ".join(value.replace("|", "\\|").split())


def entrypoint_table(report: CheckReport, most: int = SHOWN_ENTRYPOINTS) -> str:
    """Availability per entrypoint against its objective: of more than ``most``
    entrypoints, the ``most`` least available (those that miss their objective first),
    in the report's order, and a count of the others."""
    entries = report.analysis.entrypoints
    shown = report.analysis.least_available(most)
    rows = []
    for entry in (e for e in entries if e.name in shown):
        objective = "-"
        if entry.slo is not None:
            objective = f"{percent(entry.slo)} " + ("✅ met" if entry.slo_met else "❌ missed")
        rows.append(
            [
                f"`{entry.name}`",
                *availability_cells(entry.availability.value),
                objective,
            ]
        )
    header = ["entrypoint", "availability", "nines", "downtime a year", "objective"]
    more = len(entries) - len(shown)
    note = f"\n\n…and {more:,} more: see the full report." if more else ""
    return "### Availability\n\n" + table(header, rows) + note


def spof_section(report: CheckReport, most: int = SHOWN_SPOFS) -> str:
    """The single points of failure, with the line that defines each: the ``most`` that
    cost the most, and a count of the others."""
    spofs = report.analysis.spofs
    if not spofs:
        return "### Single points of failure\n\nNone. ✅"
    arch = report.architecture
    shown = report.analysis.costliest([s.component for s in spofs], most)
    rows = [
        [
            f"`{s.component}`",
            s.kind,
            joined(s.entrypoints, wrap=lambda e: f"`{e}`"),
            f"{report.source}:{arch.components[s.component].location.line}",
        ]
        for s in spofs
        if s.component in shown
    ]
    header = ["component", "kind", "takes down", "defined at"]
    more = len(spofs) - len(shown)
    note = f"\n\n…and {more:,} more, each among the findings: see the full report." if more else ""
    return f"### Single points of failure ({len(spofs):,})\n\n" + table(header, rows) + note


def findings_section(report: CheckReport, most: int = SHOWN_FINDINGS) -> str:
    """The first ``most`` findings, with what holds each back from failing the run, and
    a count of the others."""
    findings = report.findings
    if not findings:
        return "### Findings\n\nNone. ✅"
    rows = [_finding_row(report, f) for f in findings[:most]]
    header = ["severity", "rule", "component", "message", "line"]
    more = len(findings) - most
    note = f"\n\n…and {more:,} more: see the full report." if more > 0 else ""
    held = baseline_note(report)
    held = f"\n\n{held[:1].upper()}{held[1:]}." if held else ""
    body = table(header, rows) + note + held
    return (
        f"<details><summary><b>Findings ({len(findings):,})</b></summary>\n\n{body}\n\n</details>"
    )


def _finding_row(report: CheckReport, finding: Finding) -> list[str]:
    status = ""
    if finding.accepted:
        status = " (accepted risk)"
    elif report.in_baseline(finding):
        status = " (in baseline)"
    return [
        _MARKS[finding.severity] + status,
        f"`{finding.rule}`",
        f"`{finding.component}`",
        finding.message,
        str(finding.location.line),
    ]


def fixes_section(report: CheckReport) -> str:
    """The fixes that save the most downtime, measured."""
    remediation = report.remediation
    if remediation.reason is not None:
        return f"### Top fixes\n\nNot quantified: {remediation.reason}."
    note = remediation.unmeasured_note
    unmeasured = f"\n\n{note[:1].upper()}{note[1:]}." if note else ""
    useful = useful_fixes(report)
    if not useful:
        return f"### Top fixes\n\nNo structural fix would save downtime.{unmeasured}"
    rows = [
        [
            f"`{fix.component}`" + (ACCEPTED_MARK if report.accepted_fix(fix) else ""),
            fix.action,
            human_hours(fix.downtime_saved_hours_per_year)
            + (
                ""
                if fix.downtime_saved_ci95 is None
                else f" ({saved_interval(fix.downtime_saved_ci95)})"
            ),
            percent(fix.availability_after),
        ]
        for fix in useful[:SHOWN_FIXES]
    ]
    header = ["component", "fix", "saves a year", "availability after"]
    return "### Top fixes\n\n" + table(header, rows) + unmeasured


def diagram_section(report: CheckReport) -> str:
    """The architecture as a Mermaid diagram, collapsed when it is large."""
    collapse = len(report.architecture.components) > COLLAPSE_ABOVE
    source = render_mermaid(report, collapse=collapse).rstrip("\n")
    return f"### Diagram\n\n```mermaid\n{source}\n```"
