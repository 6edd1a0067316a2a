"""The Markdown summary for pull-request comments and ``$GITHUB_STEP_SUMMARY``: the
verdict, availability per entrypoint against its objective, the SPOFs, the findings,
the top fixes and a Mermaid diagram. A pure function from report to text.

It fits in a GitHub comment (``COMMENT_CHARACTERS``): when the whole summary would not,
the diagram is left out, and then the tables show fewer rows, each saying how many it
leaves to the full report. A compose project of 3,000 services on one host made 68,009
characters (230 entrypoints, 50 SPOFs naming twenty entrypoints each, the collapsed
diagram), which GitHub refuses as a comment."""

from __future__ import annotations

from spofscan.render.check.markdown_parts import (
    SHOWN_ENTRYPOINTS,
    SHOWN_FINDINGS,
    diagram_section,
    entrypoint_table,
    findings_section,
    fixes_section,
    spof_section,
)
from spofscan.render.check.text import SHOWN_SPOFS, availability_text
from spofscan.render.check.verdict import verdict_line
from spofscan.render.terminal import PLAIN, Terminal
from spofscan.report.check import CheckReport
from spofscan.units import percent
from spofscan.words import plural

# GitHub's most for a comment's body ("Body is too long (maximum is 65536 characters)")
COMMENT_CHARACTERS = 65_536
FEWER_ROWS = (20, 10, 5)  # rows a table keeps, in turn, when the summary is still too long
LEFT_OUT = (
    "### Diagram\n\nLeft out: with it this summary would be too long for a comment. "
    "`spofscan render` draws it."
)


def render_markdown(report: CheckReport, terminal: Terminal = PLAIN) -> str:
    """``check --format markdown``: at most ``COMMENT_CHARACTERS`` characters, when
    leaving out the diagram and showing five rows a table can make it so."""
    summary = _summary(report, diagram_section(report))
    for rows in (None, *FEWER_ROWS):
        if len(summary) <= COMMENT_CHARACTERS:
            break
        summary = _summary(report, LEFT_OUT, rows)
    return summary


def _summary(report: CheckReport, diagram: str, rows: int | None = None) -> str:
    """The summary, with at most ``rows`` rows in each table of the file's parts (by
    default, each table's own number)."""
    sections = [
        _heading(report),
        entrypoint_table(report, rows or SHOWN_ENTRYPOINTS),
        spof_section(report, rows or SHOWN_SPOFS),
        findings_section(report, rows or SHOWN_FINDINGS),
        fixes_section(report),
        diagram,
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
