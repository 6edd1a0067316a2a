"""The formats of ``spofscan diff``: one pure renderer per format, in an explicit registry."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from spofscan.analysis.diff import Comparison
from spofscan.render import diff_json, diff_markdown, diff_text
from spofscan.render.text import Terminal

DiffRenderer = Callable[[Comparison, Terminal], str]

DIFF_RENDERERS: Mapping[str, DiffRenderer] = {
    "text": diff_text.render,
    "markdown": lambda comparison, _terminal: diff_markdown.render(comparison),
    "json": lambda comparison, _terminal: diff_json.render(comparison),
}


def render_diff(comparison: Comparison, output_format: str, terminal: Terminal) -> str:
    """The comparison in ``output_format``, one of :data:`DIFF_RENDERERS`."""
    return DIFF_RENDERERS[output_format](comparison, terminal)
