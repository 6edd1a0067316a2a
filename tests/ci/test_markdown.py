"""The Markdown summary: verdict, availability per entrypoint, SPOFs, fixes, diagram."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import EXAMPLES

from spofscan.analysis.results import EntrypointResult, Estimate
from spofscan.render.check.markdown import render_markdown
from spofscan.render.check.markdown_parts import SHOWN_FINDINGS, cell, entrypoint_table, table
from spofscan.render.check.verdict import verdict_line
from spofscan.report.options import FailOn
from spofscan.units import percent

from .helpers import example_report


@pytest.mark.parametrize("example", EXAMPLES)
def test_summary_holds_the_report(example: str) -> None:
    report = example_report(example)
    summary = render_markdown(report)
    assert f"**{verdict_line(report)}**" in summary
    for entry in report.analysis.entrypoints:
        assert f"| `{entry.name}` | {percent(entry.availability.value)} |" in summary
    for spof in report.analysis.spofs:
        assert f"| `{spof.component}` | {spof.kind} |" in summary
    for finding in report.findings[:SHOWN_FINDINGS]:
        assert f"| `{finding.rule}` | `{finding.component}` |" in summary
    assert summary.count("```mermaid\n") == 1
    assert summary.count("```") == 2


def test_summary_says_passed_or_failed_as_the_gate_does() -> None:
    report = example_report("single-vm")
    assert "❌ **FAILED" in render_markdown(report)
    assert "✅ **PASSED" in render_markdown(dataclasses.replace(report, fail_on=FailOn.never))


def test_table_cells_are_escaped() -> None:
    assert cell("a|b\nc") == "a\\|b c"
    assert table(["x"], [["1|2"]]).splitlines()[-1] == "| 1\\|2 |"


def test_many_entrypoints_show_the_least_available_those_missing_objectives_first() -> None:
    report = example_report("microservices")
    entries = (
        EntrypointResult("met-low", Estimate(0.90), 0.80),  # met, yet the least available
        EntrypointResult("missed-high", Estimate(0.999), 0.9999),
        EntrypointResult("plain-mid", Estimate(0.95), None),
        EntrypointResult("plain-high", Estimate(0.9999), None),
        EntrypointResult("missed-low", Estimate(0.97), 0.99),
    )
    analysis = dataclasses.replace(report.analysis, entrypoints=entries)
    table_text = entrypoint_table(dataclasses.replace(report, analysis=analysis), most=3)
    shown = [line.split("`")[1] for line in table_text.splitlines() if line.startswith("| `")]
    assert shown == ["met-low", "missed-high", "missed-low"]  # in the report's order
    assert table_text.endswith("…and 2 more: see the full report.")
    assert "more" not in entrypoint_table(dataclasses.replace(report, analysis=analysis), most=5)
