"""Golden files of the text and JSON reports of every example.

The reports are rendered at width 100 without colour, judged on a fixed day, from the
repository root with relative paths, so that the files hold no absolute path and no date
that changes. After an intended change of the output, regenerate them and read the diff:

    SPOFSCAN_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_render_text.py
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, TODAY
from golden_files import assert_matches_golden

from spofscan import pipeline
from spofscan.render.check import json as json_report
from spofscan.render.check.text import render_check
from spofscan.render.terminal import Terminal
from spofscan.report.check import CheckReport

GOLDEN = Path(__file__).parent / "golden"

Renderer = Callable[[CheckReport], str]
RENDERERS: dict[str, Renderer] = {
    "txt": lambda report: render_check(report, Terminal(width=100, color=False)),
    "json": json_report.render_check,
}


@pytest.fixture(autouse=True)
def _at_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("suffix", sorted(RENDERERS))
@pytest.mark.parametrize("example", EXAMPLES)
def test_report_matches_golden(example: str, suffix: str) -> None:
    report = pipeline.check(f"examples/{example}.yaml", today=TODAY)
    actual = RENDERERS[suffix](report)
    assert str(ROOT) not in actual
    assert "\x1b" not in actual
    assert_matches_golden(actual, GOLDEN / f"{example}.{suffix}")


def test_every_golden_file_has_its_example() -> None:
    expected = {f"{example}.{suffix}" for example in EXAMPLES for suffix in RENDERERS}
    assert {p.name for p in GOLDEN.iterdir() if p.is_file()} == expected
