"""What the review page (``spofscan report``) shows: the judged check, and the what-if
model the page evaluates itself (:mod:`spofscan.analysis.what_if_model`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from spofscan.report.check import CheckReport

COLLAPSE_FROM = 1000  # components: from here the page, render and explore draw collapsed


@dataclass(frozen=True)
class Review:
    """A check report, the what-if model of its architecture, and whether the page draws
    the collapsed view (by default from :data:`COLLAPSE_FROM` components)."""

    report: CheckReport
    model: Mapping[str, Any]
    collapse: bool = False
