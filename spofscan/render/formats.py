"""The report formats of ``check``, each mapped to its renderer: one explicit registry.

Every renderer is a pure function from a :class:`~spofscan.pipeline.CheckReport` to
text; a test proves that every format has one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum

from spofscan.pipeline import CheckReport
from spofscan.render import github, gitlab, json_report, junit, markdown, sarif, text

Renderer = Callable[[CheckReport], str]


class ReportFormat(str, Enum):
    """What ``check --format`` accepts."""

    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    gitlab = "gitlab"
    markdown = "markdown"
    github = "github"


RENDERERS: Mapping[ReportFormat, Renderer] = {
    ReportFormat.text: text.render_check,
    ReportFormat.json: json_report.render_check,
    ReportFormat.sarif: sarif.render_sarif,
    ReportFormat.junit: junit.render_junit,
    ReportFormat.gitlab: gitlab.render_gitlab,
    ReportFormat.markdown: markdown.render_markdown,
    ReportFormat.github: github.render_github,
}

# The formats that also have an option of their own to write a file (``--sarif FILE``).
FILE_FORMATS: tuple[ReportFormat, ...] = (
    ReportFormat.json,
    ReportFormat.sarif,
    ReportFormat.junit,
    ReportFormat.gitlab,
    ReportFormat.markdown,
)


def render(report_format: ReportFormat, report: CheckReport) -> str:
    """The report in ``report_format``."""
    return RENDERERS[report_format](report)
