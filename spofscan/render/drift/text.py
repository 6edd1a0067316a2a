"""``spofscan drift --format text``: the disagreements, for people, one a line, located
as compilers locate errors, then the verdict."""

from __future__ import annotations

from spofscan.analysis.drift import Drift
from spofscan.render.terminal import PLAIN, Terminal
from spofscan.words import plural


def render(found: Drift, terminal: Terminal = PLAIN) -> str:
    """``FILE:LINE:COL: drift: message (kind)`` for each item, and a last line."""
    lines = [f"{item.location}: drift: {item.message} ({item.kind})" for item in found.items]
    if found.drifted:
        lines.append(
            f"{found.model} has drifted from {found.deployment}: "
            f"{plural(len(found.items), 'difference')}"
        )
    else:
        lines.append(
            f"{found.model} matches {found.deployment} "
            f"({plural(found.compared, 'component')} compared)"
        )
    return "\n".join(lines) + "\n"
