"""The reports of ``check``: one module per format, each a pure function from a
:class:`~spofscan.report.check.CheckReport` (and the terminal, for text) to text.

A new format is a member of :class:`~spofscan.report.options.ReportFormat`, a module
here, and a line in :data:`RENDERERS`; a test proves that every format has a renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from spofscan.gc_pause import collector_paused
from spofscan.render.check import github, gitlab, json, junit, markdown, sarif, text
from spofscan.render.terminal import PLAIN, Terminal
from spofscan.report.check import CheckReport
from spofscan.report.options import ReportFormat

Renderer = Callable[[CheckReport, Terminal], str]

RENDERERS: Mapping[ReportFormat, Renderer] = {
    ReportFormat.text: text.render_check,
    ReportFormat.json: json.render_check,
    ReportFormat.sarif: sarif.render_sarif,
    ReportFormat.junit: junit.render_junit,
    ReportFormat.gitlab: gitlab.render_gitlab,
    ReportFormat.markdown: markdown.render_markdown,
    ReportFormat.github: github.render_github,
}


@collector_paused
def render(report_format: ReportFormat, report: CheckReport, terminal: Terminal = PLAIN) -> str:
    """The report in ``report_format``, for ``terminal`` where the format is for people
    (with the cycle collector paused: a report of 100,000 components is millions of
    small objects made next to millions of the analysis's, and each full pass of the
    collector walks them all; 5.9 -> 1.8 s for the JSON report at that size)."""
    return RENDERERS[report_format](report, terminal)
