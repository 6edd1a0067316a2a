"""``spofscan diff --format markdown``: the change as a pull-request comment.

GitHub-flavoured Markdown: a verdict, a table of availability before and after, the
SPOFs and findings added and removed. Names and messages are escaped for table cells.
"""

from __future__ import annotations

from collections.abc import Sequence

from spofscan.findings.finding import Finding
from spofscan.render.diff.words import (
    before_after,
    change_text,
    flagged,
    spof_text,
    verdict_text,
)
from spofscan.render.terminal import PLAIN, Terminal
from spofscan.report.comparison import Comparison, SpofChange


def render(comparison: Comparison, terminal: Terminal = PLAIN) -> str:
    """The whole comment, ending with one newline."""
    mark = "✅" if comparison.passed else "❌"
    lines = [
        f"### spofscan diff: {_escape(comparison.name)}",
        "",
        f"`{comparison.base}` → `{comparison.head}`",
        "",
        f"{mark} **{_escape(verdict_text(comparison))}**",
        "",
        *_availability_table(comparison),
        *_spofs("SPOFs added", comparison.spofs_added),
        *_spofs("SPOFs removed", comparison.spofs_removed),
        *_findings("Findings added", comparison.findings_added),
        *_findings("Findings removed", comparison.findings_removed),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def _availability_table(comparison: Comparison) -> list[str]:
    rows = [
        "| entrypoint | availability | nines | downtime a year | change |",
        "| --- | --- | --- | --- | --- |",
    ]
    for change in (comparison.system, *comparison.entrypoints):
        name = "**system**" if change is comparison.system else f"`{change.name}`"
        shown = change_text(change)
        if flagged(change, comparison):
            shown = f"**{shown}**"
        rows.append(f"| {name} | {' | '.join(before_after(change))} | {shown} |")
    return [*rows, ""]


def _spofs(label: str, spofs: Sequence[SpofChange]) -> list[str]:
    if not spofs:
        return [f"**{label}**: none", ""]
    items = [f"- {_escape(spof_text(spof))}" for spof in spofs]
    return [f"**{label} ({len(spofs)})**", "", *items, ""]


def _findings(label: str, findings: Sequence[Finding]) -> list[str]:
    if not findings:
        return [f"**{label}**: none", ""]
    items = [
        f"- `{f.location.file}:{f.location.line}` {f.severity} **{f.rule}** {_escape(f.message)}"
        for f in findings
    ]
    summary = f"<details><summary><b>{label} ({len(findings)})</b></summary>"
    return [summary, "", *items, "", "</details>", ""]


def _escape(text: str) -> str:
    r"""Text that Markdown shows as written: its special characters backslashed.

    >>> _escape("a_b *c* <d> |e|")
    'a\\_b \\*c\\* &lt;d&gt; \\|e\\|'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "\\`*_[]|#":
        text = text.replace(char, "\\" + char)
    return text
