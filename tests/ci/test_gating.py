"""The gate of CheckReport: what fails the run once a baseline or disabled rules apply."""

from __future__ import annotations

import dataclasses

from spofscan.findings.baseline import Baseline
from spofscan.findings.fingerprint import fingerprint
from spofscan.render.check.verdict import verdict_line
from spofscan.report.check import CheckReport
from spofscan.report.options import FailOn

from .helpers import example_report


def with_baseline(report: CheckReport, rules: set[str]) -> CheckReport:
    known = {fingerprint(f) for f in report.findings if f.rule in rules}
    return dataclasses.replace(report, baseline=Baseline(frozenset(known)))


def test_the_baseline_holds_back_what_it_knows() -> None:
    report = example_report("single-vm")
    assert not report.passed and report.missed_objectives
    spofs_known = with_baseline(report, {"SPOF"})
    assert all(f.rule != "SPOF" for f in spofs_known.failing)
    assert {f.rule for f in spofs_known.baselined} == {"SPOF"}
    assert spofs_known.gating_misses == report.missed_objectives
    everything = with_baseline(report, {f.rule for f in report.findings})
    assert everything.passed and everything.gating_misses == ()
    assert verdict_line(everything).endswith(
        f"{len(report.findings)} known findings held back by the baseline"
    )


def test_accepted_findings_are_not_baselined() -> None:
    report = example_report("multi-region")
    accepted = [f for f in report.findings if f.accepted]
    assert accepted
    known = with_baseline(report, {f.rule for f in report.findings})
    assert not any(known.in_baseline(f) for f in accepted)


def test_turning_slo_off_stops_missed_objectives_failing() -> None:
    report = example_report("single-vm")
    slo_off = dataclasses.replace(
        report,
        findings=tuple(f for f in report.findings if f.rule != "SLO"),
        disabled=frozenset({"SLO"}),
    )
    assert slo_off.gating_misses == ()
    assert slo_off.missed_objectives == report.missed_objectives


def test_never_passes_and_the_verdict_says_so() -> None:
    report = dataclasses.replace(example_report("single-vm"), fail_on=FailOn.never)
    assert report.passed
    assert verdict_line(report) == "PASSED (failing on: never)"


def test_the_judgement_is_kept_and_a_replaced_report_judges_afresh() -> None:
    """Renderers ask for the gating objectives per entrypoint (JUnit took 146 s on 8,333
    entrypoints and 174,196 findings when each asked walked every finding): the report
    keeps what it judged, and a report with another baseline judges again."""
    report = example_report("single-vm")
    assert report.gating_misses is report.gating_misses
    assert report.failing is report.failing
    everything = with_baseline(report, {f.rule for f in report.findings})
    assert report.gating_misses and everything.gating_misses == ()
    assert report.failing and everything.failing == ()
