"""The choices of the commands' options, as the command line and the configuration spell
them: the gate's threshold and the output formats.

Each format enum is one extension point's set of formats; the renderers' registries in
:mod:`spofscan.render` map every member to its renderer, and a test proves each map
exhaustive. They live here, below the report and the renderers, so that the configuration
checks a name without loading either.
"""

from __future__ import annotations

from enum import Enum


class FailOn(str, Enum):
    """The lowest severity that fails a check (``--fail-on``); ``never`` lets every run pass."""

    error = "error"
    warning = "warning"
    never = "never"


class ReportFormat(str, Enum):
    """What ``check --format`` writes (:mod:`spofscan.render.check`)."""

    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    gitlab = "gitlab"
    markdown = "markdown"
    github = "github"


FILE_FORMATS: tuple[ReportFormat, ...] = (
    ReportFormat.json,
    ReportFormat.sarif,
    ReportFormat.junit,
    ReportFormat.gitlab,
    ReportFormat.markdown,
)
"""The report formats that also have an option of their own to write a file (``--sarif FILE``)."""


class DiffFormat(str, Enum):
    """What ``diff --format`` writes (:mod:`spofscan.render.diff`)."""

    text = "text"
    markdown = "markdown"
    json = "json"


class DriftFormat(str, Enum):
    """What ``drift --format`` writes (:mod:`spofscan.render.drift`)."""

    text = "text"
    json = "json"
    sarif = "sarif"


class WhatIfFormat(str, Enum):
    """What ``what-if --format`` writes (:mod:`spofscan.render.what_if`)."""

    text = "text"
    json = "json"


class DiagramFormat(str, Enum):
    """What ``render`` draws (:mod:`spofscan.render.diagram`): ``dot`` and ``mermaid`` are
    text spofscan writes itself; ``svg``, ``png`` and ``pdf`` are laid out by Graphviz."""

    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"
    mermaid = "mermaid"


class ReviewFormat(str, Enum):
    """What ``report`` writes (:mod:`spofscan.render.review`): one self-contained page."""

    html = "html"
