"""Each folder of ``spofscan.render`` is one extension point: an enum of formats mapped
to renderers, with nothing missing and nothing extra."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

import pytest

from spofscan.render import check, diagram, diff, drift, review, what_if
from spofscan.report.options import (
    DiagramFormat,
    DiffFormat,
    DriftFormat,
    ReportFormat,
    ReviewFormat,
    WhatIfFormat,
)


@pytest.mark.parametrize(
    ("registry", "formats"),
    [
        (check.RENDERERS, ReportFormat),
        (diff.RENDERERS, DiffFormat),
        (drift.RENDERERS, DriftFormat),
        (what_if.RENDERERS, WhatIfFormat),
        (diagram.DRAWERS, DiagramFormat),
        (review.RENDERERS, ReviewFormat),
    ],
)
def test_every_format_has_exactly_one_renderer(
    registry: Mapping[Enum, object], formats: type[Enum]
) -> None:
    assert list(registry) == list(formats)


def test_every_diagram_suffix_names_a_format() -> None:
    assert set(diagram.SUFFIXES.values()) == set(DiagramFormat)
