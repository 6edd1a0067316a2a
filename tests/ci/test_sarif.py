"""SARIF: valid against the official 2.1.0 schema, and faithful to the report's findings."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, ROOT
from jsonschema import Draft4Validator, FormatChecker

from spofscan.findings.baseline import Baseline
from spofscan.findings.catalog import RULES, SEVERITY_RANK
from spofscan.findings.fingerprint import fingerprint
from spofscan.render.check import sarif
from spofscan.render.check.sarif import render_sarif
from spofscan.report.check import CheckReport

from .helpers import example_report

SCHEMA_PATH = ROOT / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft4Validator(schema, format_checker=FormatChecker())


def sarif_of(report: CheckReport) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render_sarif(report))
    return document


def run_of(report: CheckReport) -> dict[str, Any]:
    run: dict[str, Any] = sarif_of(report)["runs"][0]
    return run


@pytest.mark.parametrize("example", EXAMPLES)
def test_valid_against_the_schema(example: str, validator: Draft4Validator) -> None:
    errors = [e.message for e in validator.iter_errors(sarif_of(example_report(example)))]
    assert errors == []


@pytest.mark.parametrize("example", EXAMPLES)
def test_valid_with_a_baseline(example: str, validator: Draft4Validator) -> None:
    report = example_report(example)
    half = Baseline(frozenset(fingerprint(f) for f in report.findings[::2]))
    document = sarif_of(dataclasses.replace(report, baseline=half))
    assert list(validator.iter_errors(document)) == []
    states = [r["baselineState"] for r in document["runs"][0]["results"]]
    expected = ["unchanged" if f in half_of(report, half) else "new" for f in report.findings]
    assert states == expected


def half_of(report: CheckReport, baseline: Baseline) -> list[object]:
    return [f for f in report.findings if baseline.holds(f) and not f.accepted]


def test_the_driver_lists_every_rule_of_the_catalog() -> None:
    driver = run_of(example_report(EXAMPLES[0]))["tool"]["driver"]
    assert driver["name"] == "spofscan"
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == list(RULES)
    for descriptor in driver["rules"]:
        rule = RULES[descriptor["id"]]
        assert descriptor["shortDescription"]["text"] == rule.title
        assert rule.remediation["default"] in descriptor["help"]["markdown"]
        assert descriptor["defaultConfiguration"]["level"] in {"error", "warning", "note"}
        assert "reliability" in descriptor["properties"]["tags"]


@pytest.mark.parametrize("example", EXAMPLES)
def test_one_result_per_finding(example: str) -> None:
    report = example_report(example)
    run = run_of(report)
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(report.findings)
    for result, finding in zip(run["results"], report.findings, strict=True):
        assert result["ruleId"] == finding.rule == rules[result["ruleIndex"]]["id"]
        place = result["locations"][0]["physicalLocation"]
        assert place["artifactLocation"]["uri"] == f"examples/{example}.yaml"
        assert place["region"] == {
            "startLine": finding.location.line,
            "startColumn": finding.location.column,
        }
        assert result["locations"][0]["logicalLocations"][0]["name"] == finding.component
        assert fingerprint(finding) in result["partialFingerprints"].values()
        assert ("suppressions" in result) == finding.accepted


def test_accepted_risks_are_justified_suppressions() -> None:
    report = example_report("multi-region")
    accepted = [f for f in report.findings if f.accepted]
    assert accepted, "the example has an accepted risk"
    reasons = {(r.component, r.rule): r.reason for r in report.architecture.accepted_risks}
    results = [r for r in run_of(report)["results"] if "suppressions" in r]
    for finding, result in zip(accepted, results, strict=True):
        (suppression,) = result["suppressions"]
        assert suppression["kind"] == "inSource"
        assert suppression["justification"] == reasons[(finding.component, finding.rule)]


def test_uri_is_relative_and_escaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "my arch").mkdir()
    source = (ROOT / "examples" / "single-vm.yaml").read_text(encoding="utf-8")
    (tmp_path / "my arch" / "a.yaml").write_text(source, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "my arch")
    from spofscan import pipeline

    report = pipeline.check(str(tmp_path / "my arch" / "a.yaml"))
    uri = run_of(report)["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": "my%20arch/a.yaml", "uriBaseId": "%SRCROOT%"}


def test_past_the_result_limit_the_failing_then_most_severe_then_new_are_kept(
    validator: Draft4Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = example_report("microservices")
    held = Baseline(frozenset(fingerprint(f) for f in report.findings[::3]))
    report = dataclasses.replace(report, baseline=held)
    findings = report.findings
    limit = len(findings) // 2
    monkeypatch.setattr(sarif, "MAX_RESULTS", limit)
    document = sarif_of(report)
    assert list(validator.iter_errors(document)) == []
    run = run_of(report)
    kept = [(r["ruleId"], r["properties"]["component"]) for r in run["results"]]
    ranked = sorted(
        range(len(findings)),
        key=lambda i: (
            not report.is_failing(findings[i]),
            -SEVERITY_RANK[findings[i].severity],
            report.in_baseline(findings[i]),
            i,
        ),
    )
    chosen = sorted(ranked[:limit])  # the best-ranked, in the report's order
    assert kept == [(findings[i].rule, findings[i].component) for i in chosen]
    failing = [(f.rule, f.component) for f in findings if report.is_failing(f)]
    assert 0 < len(failing) <= limit and set(failing) <= set(kept)  # what fails the run stays
    assert any(not report.is_failing(findings[i]) for i in ranked[limit:])
    assert run["properties"]["resultsLeftOut"] == len(findings) - limit
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "warning"
    assert note["message"]["text"].startswith(f"{len(findings) - limit:,} of {len(findings):,}")
    monkeypatch.setattr(sarif, "MAX_RESULTS", len(findings))
    assert "invocations" not in run_of(report) and len(run_of(report)["results"]) == len(findings)
