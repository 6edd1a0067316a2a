"""The formats of ``spofscan drift``: one module per format, each a pure function from a
:class:`~spofscan.analysis.drift.Drift` (and the terminal, for text) to text.

A new format is a member of :class:`~spofscan.report.options.DriftFormat`, a module
here, and a line in :data:`RENDERERS`; a test proves that every format has a renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from spofscan.analysis.drift import Drift
from spofscan.render.drift import json, sarif, text
from spofscan.render.terminal import PLAIN, Terminal
from spofscan.report.options import DriftFormat

Renderer = Callable[[Drift, Terminal], str]

RENDERERS: Mapping[DriftFormat, Renderer] = {
    DriftFormat.text: text.render,
    DriftFormat.json: json.render,
    DriftFormat.sarif: sarif.render,
}


def render(drift_format: DriftFormat, found: Drift, terminal: Terminal = PLAIN) -> str:
    """The drift in ``drift_format``, for ``terminal`` where the format is for people."""
    return RENDERERS[drift_format](found, terminal)
