"""``spofscan diff --format text``: the change between two versions, for people."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from spofscan.findings.finding import Finding
from spofscan.render.diff.words import (
    before_after,
    change_text,
    finding_text,
    flagged,
    spof_text,
    verdict_text,
)
from spofscan.render.terminal import PLAIN, Terminal, to_text
from spofscan.report.comparison import Comparison, SpofChange


def render(comparison: Comparison, terminal: Terminal = PLAIN) -> str:
    """The title, availability before and after, SPOFs and findings, and the verdict."""
    parts: list[RenderableType] = [
        Text(f"{comparison.name}: {comparison.base} -> {comparison.head}\n", style="bold"),
        _availability_table(comparison),
        *_spofs("SPOFs added", comparison.spofs_added, "bold red"),
        *_spofs("SPOFs removed", comparison.spofs_removed, "green"),
        *_findings("Findings added", comparison.findings_added),
        *_findings("Findings removed", comparison.findings_removed),
        Text(
            f"\n{verdict_text(comparison)}",
            style="bold green" if comparison.passed else "bold red",
        ),
    ]
    return to_text(parts, terminal)


def _availability_table(comparison: Comparison) -> Table:
    table = Table(title="Availability", title_justify="left")
    for column in ("entrypoint", "availability", "nines", "downtime a year", "change"):
        table.add_column(column)
    for change in (comparison.system, *comparison.entrypoints):
        name = "(system)" if change is comparison.system else change.name
        table.add_row(
            name,
            *before_after(change),
            Text(change_text(change), style="bold red" if flagged(change, comparison) else ""),
        )
    return table


def _spofs(label: str, spofs: Sequence[SpofChange], style: str) -> list[RenderableType]:
    if not spofs:
        return [Text(f"\n{label}: none")]
    lines = [Text(f"  {spof_text(spof)}", style=style) for spof in spofs]
    return [Text(f"\n{label} ({len(spofs):,}):"), *lines]


def _findings(label: str, findings: Sequence[Finding]) -> list[RenderableType]:
    if not findings:
        return [Text(f"\n{label}: none")]
    lines = [Text(f"  {finding_text(finding)}") for finding in findings]
    return [Text(f"\n{label} ({len(findings):,}):"), *lines]
