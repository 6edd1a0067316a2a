"""The formats of ``spofscan diff``: one module per format, each a pure function from a
:class:`~spofscan.report.comparison.Comparison` (and the terminal, for text) to text.

A new format is a member of :class:`~spofscan.report.options.DiffFormat`, a module
here, and a line in :data:`RENDERERS`; a test proves that every format has a renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from spofscan.render.diff import json, markdown, text
from spofscan.render.terminal import PLAIN, Terminal
from spofscan.report.comparison import Comparison
from spofscan.report.options import DiffFormat

Renderer = Callable[[Comparison, Terminal], str]

RENDERERS: Mapping[DiffFormat, Renderer] = {
    DiffFormat.text: text.render,
    DiffFormat.markdown: markdown.render,
    DiffFormat.json: json.render,
}


def render(diff_format: DiffFormat, comparison: Comparison, terminal: Terminal = PLAIN) -> str:
    """The comparison in ``diff_format``, for ``terminal`` where the format is for people."""
    return RENDERERS[diff_format](comparison, terminal)
