"""``spofscan diff --format markdown``: the change as a pull-request comment.

GitHub-flavoured Markdown: a verdict, a table of availability before and after, the
SPOFs and findings added and removed. Names and messages are escaped for table cells.

Each list shows ``SHOWN`` items at most (of the entrypoints, those whose availability
fell past the tolerance or newly missed an objective first, then those added or
removed, then those that moved the most) and counts the others, which ``--format text``
and ``json`` list; and the comment fits in a GitHub comment, with fewer items when it
would not (the limit of :mod:`spofscan.render.check.markdown`). A compose project grown
from 2,000 services to 3,000 on one host made 575,798 characters: 231 entrypoints, 904
SPOFs and 1,689 findings added.
"""

from __future__ import annotations

from collections.abc import Sequence

from spofscan.findings.finding import Finding
from spofscan.render.check.markdown import COMMENT_CHARACTERS, FEWER_ROWS
from spofscan.render.diff.words import (
    before_after,
    change_text,
    flagged,
    spof_text,
    verdict_text,
)
from spofscan.render.terminal import PLAIN, Terminal
from spofscan.report.comparison import AvailabilityChange, Comparison, SpofChange

SHOWN = 50  # entrypoints, SPOFs and findings a list shows
MORE = "…and {:,} more: `--format text` lists every one."


def render(comparison: Comparison, terminal: Terminal = PLAIN) -> str:
    """The whole comment, ending with one newline: at most ``COMMENT_CHARACTERS``
    characters when five items a list can make it so."""
    comment = _comment(comparison, SHOWN)
    for most in FEWER_ROWS:
        if len(comment) <= COMMENT_CHARACTERS:
            break
        comment = _comment(comparison, most)
    return comment


def _comment(comparison: Comparison, most: int) -> str:
    """The comment, with at most ``most`` items in each list."""
    mark = "✅" if comparison.passed else "❌"
    lines = [
        f"### spofscan diff: {_escape(comparison.name)}",
        "",
        f"`{comparison.base}` → `{comparison.head}`",
        "",
        f"{mark} **{_escape(verdict_text(comparison))}**",
        "",
        *_availability_table(comparison, most),
        *_spofs("SPOFs added", comparison.spofs_added, most),
        *_spofs("SPOFs removed", comparison.spofs_removed, most),
        *_findings("Findings added", comparison.findings_added, most),
        *_findings("Findings removed", comparison.findings_removed, most),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def _availability_table(comparison: Comparison, most: int) -> list[str]:
    rows = [
        "| entrypoint | availability | nines | downtime a year | change |",
        "| --- | --- | --- | --- | --- |",
    ]
    shown = _telling(comparison, most)
    for change in (comparison.system, *(e for e in comparison.entrypoints if e.name in shown)):
        name = "**system**" if change is comparison.system else f"`{change.name}`"
        text = change_text(change)
        if flagged(change, comparison):
            text = f"**{text}**"
        rows.append(f"| {name} | {' | '.join(before_after(change))} | {text} |")
    more = len(comparison.entrypoints) - len(shown)
    return [*rows, *(["", MORE.format(more)] if more else []), ""]


def _telling(comparison: Comparison, most: int) -> set[str]:
    """The names of the ``most`` entrypoints that say the most of the change: those that
    fail it, then those new or gone, then the largest moves (by name among equals)."""

    def key(change: AvailabilityChange) -> tuple[bool, bool, float, str]:
        delta = change.delta
        return (not flagged(change, comparison), delta is not None, -abs(delta or 0.0), change.name)

    return {change.name for change in sorted(comparison.entrypoints, key=key)[:most]}


def _spofs(label: str, spofs: Sequence[SpofChange], most: int) -> list[str]:
    if not spofs:
        return [f"**{label}**: none", ""]
    items = [f"- {_escape(spof_text(spof))}" for spof in spofs[:most]]
    more = [MORE.format(len(spofs) - most), ""] if len(spofs) > most else []
    return [f"**{label} ({len(spofs):,})**", "", *items, "", *more]


def _findings(label: str, findings: Sequence[Finding], most: int) -> list[str]:
    if not findings:
        return [f"**{label}**: none", ""]
    items = [
        f"- `{f.location.file}:{f.location.line}` {f.severity} **{f.rule}** {_escape(f.message)}"
        for f in findings[:most]
    ]
    more = [MORE.format(len(findings) - most), ""] if len(findings) > most else []
    summary = f"<details><summary><b>{label} ({len(findings):,})</b></summary>"
    return [summary, "", *items, "", *more, "</details>", ""]


def _escape(text: str) -> str:
    r"""Text that Markdown shows as written: its special characters backslashed.

    >>> _escape("a_b *c* <d> |e|")
    'a\\_b \\*c\\* &lt;d&gt; \\|e\\|'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "\\`*_[]|#":
        text = text.replace(char, "\\" + char)
    return text
