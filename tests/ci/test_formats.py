"""The registry of ``check``'s formats, and what every format owes CI: every finding,
whatever the gate, deterministic bytes, no absolute path and no timestamp."""

from __future__ import annotations

import dataclasses
import re

import pytest
from conftest import EXAMPLES, ROOT

from spofscan.findings.fingerprint import fingerprint
from spofscan.render import check
from spofscan.render.check import render
from spofscan.report.options import FILE_FORMATS, FailOn, ReportFormat

from .helpers import example_report

DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\d{2}:\d{2}:\d{2}")


def test_file_formats_are_formats_without_text_and_github() -> None:
    assert set(FILE_FORMATS) == set(ReportFormat) - {ReportFormat.text, ReportFormat.github}


@pytest.mark.parametrize("report_format", list(ReportFormat))
@pytest.mark.parametrize("example", EXAMPLES)
def test_deterministic_and_relative(example: str, report_format: ReportFormat) -> None:
    report = example_report(example)
    first, second = render(report_format, report), render(report_format, report)
    assert first == second
    assert str(ROOT) not in first
    assert not DATE_TIME.search(first), "a timestamp in a report meant to be diffed"


@pytest.mark.parametrize("fail_on", list(FailOn))
@pytest.mark.parametrize("report_format", [f for f in ReportFormat if f is not ReportFormat.text])
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_finding_whatever_the_gate(
    example: str, report_format: ReportFormat, fail_on: FailOn
) -> None:
    report = dataclasses.replace(example_report(example), fail_on=fail_on)
    rendered = render(report_format, report)
    for finding in report.findings:
        assert finding.component in rendered
        assert finding.rule in rendered
        if report_format in (ReportFormat.sarif, ReportFormat.gitlab, ReportFormat.json):
            assert fingerprint(finding) in rendered


def test_render_uses_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(check.RENDERERS, ReportFormat.junit, lambda report, terminal: "stub")
    assert render(ReportFormat.junit, example_report(EXAMPLES[0])) == "stub"
