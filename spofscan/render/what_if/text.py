"""The text answer of ``what-if`` for people: what fails, what goes down and why."""

from __future__ import annotations

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
    parts: list[RenderableType] = [Text(question, style="bold")]
    parts.append(_list_line("Down", result.down, "bold red"))
    parts.append(_list_line("Degraded (a soft dependency is down)", result.degraded, "yellow"))
    parts.append(_list_line("Lost redundancy, still up", result.reduced, "yellow"))
    parts.append(_list_line("Entrypoints down", result.entrypoints_down, "bold red"))
    for entry, path in sorted(result.why.items()):
        parts.append(Text(f"  {entry} is down: " + " -> ".join(path) + " (failed)"))
    parts.append(
        availability_line(
            "After the failure, system", result.availability_after, arch.system_objective
        )
    )
    return to_text(parts, terminal)


def _list_line(label: str, names: tuple[str, ...], style: str) -> Text:
    text = Text(f"{label}: ")
    text.append(", ".join(names) if names else "none", style=style if names else "dim")
    return text
