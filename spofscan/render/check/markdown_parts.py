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


def entrypoint_table(report: CheckReport) -> str:
    """Availability per entrypoint against its objective."""
    rows = []
    for entry in report.analysis.entrypoints:
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
    return "### Availability\n\n" + table(header, rows)


def spof_section(report: CheckReport) -> str:
    """The single points of failure, with the line that defines each."""
    spofs = report.analysis.spofs
    if not spofs:
        return "### Single points of failure\n\nNone. ✅"
    arch = report.architecture
    shown = report.analysis.costliest([s.component for s in spofs], SHOWN_SPOFS)
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
    note = f"\n\n…and {more} more, each among the findings: see the full report." if more else ""
    return f"### Single points of failure ({len(spofs)})\n\n" + table(header, rows) + note


def findings_section(report: CheckReport) -> str:
    """Every finding (up to a limit), with what holds it back from failing the run."""
    findings = report.findings
    if not findings:
        return "### Findings\n\nNone. ✅"
    rows = [_finding_row(report, f) for f in findings[:SHOWN_FINDINGS]]
    header = ["severity", "rule", "component", "message", "line"]
    more = len(findings) - SHOWN_FINDINGS
    note = f"\n\n…and {more} more: see the full report." if more > 0 else ""
    held = baseline_note(report)
    held = f"\n\n{held[:1].upper()}{held[1:]}." if held else ""
    body = table(header, rows) + note + held
    return f"<details><summary><b>Findings ({len(findings)})</b></summary>\n\n{body}\n\n</details>"


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
