"""Golden files of every CI format for every example, in tests/golden/ci/.

The Markdown summary's Mermaid diagram is the diagram renderer's (held by its own golden
files): here it is checked to be exactly ``render_mermaid``'s output, then left out.

After an intended change, regenerate them and review the diff:

    SPOFSCAN_UPDATE_GOLDEN=1 .venv/bin/pytest tests/ci/test_golden.py
"""

from __future__ import annotations

import pytest
from conftest import EXAMPLES, ROOT
from golden_files import assert_matches_golden

from spofscan.render.check import render
from spofscan.render.check.markdown_parts import COLLAPSE_ABOVE
from spofscan.render.diagram.mermaid import render_mermaid
from spofscan.report.check import CheckReport
from spofscan.report.options import ReportFormat

from .helpers import example_report

GOLDEN = ROOT / "tests" / "golden" / "ci"
SUFFIXES = {
    ReportFormat.sarif: "sarif",
    ReportFormat.junit: "junit.xml",
    ReportFormat.gitlab: "gitlab.json",
    ReportFormat.markdown: "md",
    ReportFormat.github: "github.txt",
}


@pytest.mark.parametrize("report_format", list(SUFFIXES))
@pytest.mark.parametrize("example", EXAMPLES)
def test_matches_golden(example: str, report_format: ReportFormat) -> None:
    report = example_report(example)
    actual = render(report_format, report)
    if report_format is ReportFormat.markdown:
        actual = without_diagram(actual, report)
    assert_matches_golden(actual, GOLDEN / f"{example}.{SUFFIXES[report_format]}")


def without_diagram(summary: str, report: CheckReport) -> str:
    """The summary with its diagram replaced by a placeholder, once it is checked."""
    collapse = len(report.architecture.components) > COLLAPSE_ABOVE
    diagram = render_mermaid(report, collapse=collapse).rstrip("\n")
    block = f"```mermaid\n{diagram}\n```"
    assert summary.count(block) == 1, "the summary's diagram is not render_mermaid's"
    return summary.replace(block, "```mermaid\n(render_mermaid's output)\n```")


def test_every_golden_file_has_its_example() -> None:
    expected = {f"{e}.{suffix}" for e in EXAMPLES for suffix in SUFFIXES.values()}
    assert {p.name for p in GOLDEN.iterdir()} == expected
