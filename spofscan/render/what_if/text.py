"""The text answer of ``what-if`` for people: what fails, what goes down and why."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.text import Text

from spofscan.analysis.results import WhatIf
from spofscan.model.architecture import Architecture
from spofscan.render.check.text import availability_line
from spofscan.render.terminal import PLAIN, Terminal, to_text


def render_what_if(arch: Architecture, result: WhatIf, terminal: Terminal = PLAIN) -> str:
    """``what-if --format text``."""
    verb = "fails" if len(result.failed) == 1 else "fail"
    question = f"What if {', '.join(result.failed)} {verb}?"
    parts: list[RenderableType] = [Text(question, style="bold"), *outcome_lines(result)]
    parts.append(
        availability_line(
            "After the failure, system", result.availability_after, arch.system_objective
        )
    )
    return to_text(parts, terminal)


def outcome_lines(result: WhatIf) -> list[Text]:
    """What went down, degraded or lost redundancy, the entrypoints down and why: the
    answer of ``what-if`` and of the explorer's ``status`` alike."""
    lines = [
        names_line("Down", result.down, "bold red"),
        names_line("Degraded (a soft dependency is down)", result.degraded, "yellow"),
        names_line("Lost redundancy, still up", result.reduced, "yellow"),
        names_line("Entrypoints down", result.entrypoints_down, "bold red"),
    ]
    for entry, path in sorted(result.why.items()):
        lines.append(Text(f"  {entry} is down: " + " -> ".join(path) + " (failed)"))
    if result.failed_over:
        label = "Failed over (down for its failover time, then up on a standby)"
        lines.append(names_line(label, result.failed_over, "yellow"))
    return lines


def names_line(label: str, names: Sequence[str], style: str) -> Text:
    """``Label: a, b`` with the names styled, or ``Label: none``."""
    text = Text(f"{label}: ")
    text.append(", ".join(names) if names else "none", style=style if names else "dim")
    return text
