"""The Markdown summary for pull-request comments and ``$GITHUB_STEP_SUMMARY``: the
verdict, availability per entrypoint against its objective, the SPOFs, the findings,
the top fixes and a Mermaid diagram. A pure function from report to text."""

from __future__ import annotations

from spofscan.render.check.markdown_parts import (
    diagram_section,
    entrypoint_table,
    findings_section,
    fixes_section,
    spof_section,
)
from spofscan.render.check.text import availability_text
from spofscan.render.check.verdict import verdict_line
from spofscan.render.terminal import PLAIN, Terminal
from spofscan.report.check import CheckReport
from spofscan.units import percent
from spofscan.words import plural


def render_markdown(report: CheckReport, terminal: Terminal = PLAIN) -> str:
    """``check --format markdown``."""
    sections = [
        _heading(report),
        entrypoint_table(report),
        spof_section(report),
        findings_section(report),
        fixes_section(report),
        diagram_section(report),
    ]
    return "\n\n".join(s for s in sections if s) + "\n"


def _heading(report: CheckReport) -> str:
    arch = report.architecture
    mark = "✅" if report.passed else "❌"
    system = f"System availability: {availability_text(report.analysis.system)}"
    objective = arch.system_objective
    if objective is not None:
        met = report.analysis.system.value >= objective
        system += f", objective {percent(objective)} {'met' if met else '**missed**'}"
    if report.disabled:
        system += ". Rules turned off: " + ", ".join(f"`{r}`" for r in sorted(report.disabled))
    return (
        f"## spofscan: {arch.name}\n\n"
        f"{mark} **{verdict_line(report)}**\n\n"
        f"`{report.source}`: {plural(len(arch.components), 'component')}, "
        f"{plural(len(arch.entrypoints), 'entrypoint')}. {system}."
    )
