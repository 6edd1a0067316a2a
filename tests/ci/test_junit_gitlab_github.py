"""JUnit XML, GitLab Code Quality and GitHub annotations, held against the report."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET

import pytest
from conftest import EXAMPLES

from spofscan.findings.fingerprint import fingerprint
from spofscan.render.check.github import escape_data, escape_property, render_github
from spofscan.render.check.gitlab import render_gitlab
from spofscan.render.check.junit import render_junit
from spofscan.render.check.verdict import verdict_line
from spofscan.report.options import FailOn

from .helpers import example_report

GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


@pytest.mark.parametrize("fail_on", list(FailOn))
@pytest.mark.parametrize("example", EXAMPLES)
def test_junit_failures_are_what_fails_the_run(example: str, fail_on: FailOn) -> None:
    report = dataclasses.replace(example_report(example), fail_on=fail_on)
    root = ET.fromstring(render_junit(report))
    cases = root.findall("testsuite/testcase")
    findings = [f for f in report.findings if f.rule != "SLO"]
    assert len(cases) == len(findings) + len(report.analysis.entrypoints)
    failures = len(root.findall("testsuite/testcase/failure"))
    assert int(root.get("failures", "-1")) == failures
    assert int(root.get("tests", "-1")) == len(cases)
    assert (failures == 0) == report.passed
    failing = [f for f in report.failing if f.rule != "SLO"]
    misses = len(report.gating_misses) if fail_on != "never" else 0
    assert failures == len(failing) + misses


def test_junit_has_no_time_or_host() -> None:
    rendered = render_junit(example_report("single-vm"))
    assert "timestamp" not in rendered and "hostname" not in rendered
    assert rendered.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')


@pytest.mark.parametrize("example", EXAMPLES)
def test_gitlab_issue_per_finding(example: str) -> None:
    report = example_report(example)
    issues = json.loads(render_gitlab(report))
    assert len(issues) == len(report.findings)
    for issue, finding in zip(issues, report.findings, strict=True):
        assert issue["check_name"] == finding.rule
        assert issue["fingerprint"] == fingerprint(finding)
        assert issue["severity"] in GITLAB_SEVERITIES
        assert issue["location"] == {
            "path": f"examples/{example}.yaml",
            "lines": {"begin": finding.location.line},
        }
        assert finding.message in issue["description"]


@pytest.mark.parametrize("example", EXAMPLES)
def test_github_annotation_per_finding_then_the_verdict(example: str) -> None:
    report = example_report(example)
    lines = render_github(report).splitlines()
    assert len(lines) == len(report.findings) + 1
    assert lines[-1] == f"spofscan: {verdict_line(report)}"
    for line, finding in zip(lines[:-1], report.findings, strict=True):
        assert line.startswith(("::error ", "::warning ", "::notice "))
        assert f"line={finding.location.line},col={finding.location.column}," in line
        assert "\n" not in line and "\r" not in line


def test_github_escapes() -> None:
    assert escape_data("50%\r\nb") == "50%25%0D%0Ab"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert escape_data("a:b,c") == "a:b,c"
