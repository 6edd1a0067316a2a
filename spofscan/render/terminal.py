"""Where text for people goes: a terminal of some width, with or without colour, and
rich renderables drawn into a string for it. Shared by every text renderer."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from rich.console import Console, RenderableType


@dataclass(frozen=True)
class Terminal:
    """Where the text goes: its width, and whether it takes colour."""

    width: int = 100
    color: bool = False


PLAIN = Terminal()
"""No colour, 100 columns: what a pipe, a file or a test gets."""


def to_text(renderables: Iterable[RenderableType], terminal: Terminal = PLAIN) -> str:
    """Draw rich renderables into a string of fixed width."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=terminal.width,
        force_terminal=terminal.color,
        no_color=not terminal.color,
        highlight=False,
        soft_wrap=True,
    )
    for renderable in renderables:
        console.print(renderable)
    return buffer.getvalue()
