"""How remediations reach the reports, and when they are not computed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from spofscan import pipeline
from spofscan.analysis.analyse import analyse
from spofscan.analysis.availability import Settings
from spofscan.loading import load_architecture_text
from spofscan.remediation import remediate
from spofscan.render.check import json as json_report
from spofscan.render.check.markdown import render_markdown
from spofscan.render.check.text import render_check
from spofscan.render.diagram.labels import fix_notes
from spofscan.report.check import CheckReport
from spofscan.report.options import FailOn
from spofscan.units import HOURS_PER_YEAR

EXAMPLE = ROOT / "examples" / "single-vm.yaml"


def test_monte_carlo_mode_measures_fixes_in_pairs_and_states_their_error() -> None:
    text = EXAMPLE.read_text()
    arch = load_architecture_text(text, "single-vm.yaml")
    estimated = analyse(arch, settings=Settings(node_budget=1, samples=200_000))
    exact = remediate(text, arch, analyse(arch))
    assert estimated.system.method == "monte-carlo"
    result = remediate(text, arch, estimated)
    assert result.reason is None and result.fixes and result.plan is not None
    truth = {f.component: f.downtime_saved_hours_per_year for f in exact.fixes}
    for fix in result.fixes:
        assert fix.method == "monte-carlo" and fix.downtime_saved_ci95 is not None
        low, high = fix.downtime_saved_ci95
        assert low <= truth[fix.component] <= high
    assert result.plan.ci95 is not None
    report = CheckReport(arch, estimated, (), FailOn.error, dt.date(2026, 11, 25), result)
    document = json_report.check_document(report)
    assert document["remediations_reason"] is None
    first = document["remediations"][0]
    assert first["method"] == "monte-carlo" and len(first["downtime_saved_ci95"]) == 2
    assert document["remediation_plan"]["ci95"] is not None
    assert "95%" in render_check(report)
    assert "estimated)" in render_markdown(report)
    assert "(Monte Carlo estimates)" in "\n".join(fix_notes(report))


def test_text_report_ends_with_the_top_fixes_and_the_greedy_plan() -> None:
    text = render_check(pipeline.check(EXAMPLE, today=dt.date(2026, 11, 25)))
    fixes_at, plan_at = text.index("Top fixes"), text.index("Plan (greedy")
    assert text.index("FAILED") < fixes_at < plan_at
    tail = text[fixes_at:]
    assert "vm-2" in tail and "h, " in tail and "in downtime cost" in tail
    assert text.rstrip().endswith("meeting every objective.")


def test_the_worked_example_in_the_docs_is_the_real_snippet() -> None:
    page = (ROOT / "docs" / "remediation.md").read_text()
    worked = page[page.index("### Worked example") :]
    block = worked[worked.index("```yaml\n") + len("```yaml\n") :]
    snippet = block[: block.index("```")]
    checked = pipeline.check(ROOT / "examples" / "three-containers-one-vm.yaml")
    vm = next(f for f in checked.remediation.fixes if f.component == "vm")
    assert snippet == vm.snippet


NO_OBJECTIVE = """\
spofscan: 1
name: no objective
components:
  api: {kind: service, runs_on: vm}
  vm: {kind: vm, availability: 99.5}
"""


def test_without_objectives_fixes_are_measured_and_the_plan_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text(NO_OBJECTIVE)
    checked = pipeline.check(path)
    assert {f.component for f in checked.remediation.fixes} == {"api", "vm"}
    plan = checked.remediation.plan
    assert plan is not None and plan.fixes == () and plan.meets_slo is None
    assert json_report.check_document(checked)["remediation_plan"]["meets_slo"] is None
    assert "no objective to meet" in render_check(checked)


def test_a_file_with_many_spofs_measures_the_most_critical_ones() -> None:
    """A chain of 40 services, one of them far less available: 30 fixes are measured,
    that one's first, and the report counts the 10 left out."""
    lines = ["spofscan: 1", "name: chain", "components:"]
    for i in range(40):
        needs = f", depends_on: [s{i + 1:02}]" if i < 39 else ""
        lines.append(f"  s{i:02}: {{availability: {99 if i == 17 else 99.9}{needs}}}")
    text = "\n".join(lines) + "\n"
    arch = load_architecture_text(text, "chain.yaml")
    result = remediate(text, arch, analyse(arch))
    assert len(result.fixes) == 30 and result.unmeasured == 10
    assert result.fixes[0].component == "s17"
    share = {i.component: i.criticality or 0.0 for i in analyse(arch).importance}
    measured = {f.component for f in result.fixes}
    left_out = max(share[c] for c in share if c not in measured)
    assert min(share[c] for c in measured) >= left_out - 1e-12


def test_an_estimated_files_fixes_and_plan_stand_on_the_checks_own_estimate() -> None:
    """The check's estimate is conditioned on the series events; fixes are paired
    differences on the plain samples. Each fix's availability is the check's estimate
    moved by its difference, so that its saving is what the two figures shown differ by,
    and so is the plan's."""
    text = EXAMPLE.read_text()
    arch = load_architecture_text(text, "single-vm.yaml")
    estimated = analyse(arch, settings=Settings(node_budget=1, samples=200_000))
    result = remediate(text, arch, estimated)
    assert result.fixes and result.plan is not None
    start = estimated.system.value
    for fix in result.fixes:
        moved = (fix.availability_after - start) * HOURS_PER_YEAR
        assert moved == pytest.approx(fix.downtime_saved_hours_per_year, abs=1e-6)
    plan = result.plan
    assert plan.ci95 is not None and plan.ci95[0] <= plan.availability_after <= plan.ci95[1]
    if not plan.fixes:
        assert plan.availability_after == start


def test_an_estimated_files_samples_are_evaluated_once_before_measuring(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fixes of an estimated file are measured in worker processes: what they all
    read of the original (every component's state, when they fit) is evaluated before
    the workers fork, once, and the original's samples up come from the analysis."""
    from spofscan import workers
    from spofscan.analysis import sample_states
    from spofscan.remediation import estimated as estimated_module

    text = EXAMPLE.read_text()
    arch = load_architecture_text(text, "single-vm.yaml")
    estimated = analyse(arch, settings=Settings(node_budget=1, samples=200_000))
    assert len(estimated.sample_ups) == 1 + len(arch.entrypoints)
    evaluated: list[int] = []
    every_state = sample_states.every_state

    def counted(*args: Any) -> Any:
        evaluated.append(1)
        return every_state(*args)

    monkeypatch.setattr(sample_states, "every_state", counted)
    measured = []

    def checked(function: Callable[[Any], Any], jobs: Sequence[Any], **_: Any) -> list[Any]:
        samples = estimated_module._SAMPLES
        assert samples is not None and samples._states is not None and evaluated == [1]
        measured.append(len(jobs))
        return workers.run_all(function, jobs)

    monkeypatch.setattr(estimated_module, "run_all", checked)
    result = remediate(text, arch, estimated)
    assert result.fixes and measured and evaluated == [1]


def test_the_states_an_analysis_kept_are_measured_on_and_let_go(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An analysis that kept every component's state over its samples (as check's does)
    hands them to the fixes' measurement: not evaluated again, the same fixes, and the
    analysis holds them no longer."""
    from spofscan.analysis import sample_states

    text = EXAMPLE.read_text()
    arch = load_architecture_text(text, "single-vm.yaml")
    rough = Settings(node_budget=1, samples=200_000)
    plain = remediate(text, arch, analyse(arch, settings=rough))
    kept = analyse(arch, settings=replace(rough, keep_states=True))
    assert kept.sample_states
    monkeypatch.setattr(sample_states, "every_state", lambda *_: pytest.fail("evaluated again"))
    assert remediate(text, arch, kept) == plain
    assert kept.sample_states == []


def test_check_keeps_the_estimates_states_for_its_fixes(monkeypatch: pytest.MonkeyPatch) -> None:
    """``check`` of a file it estimates measures the fixes on the states its analysis
    kept: never evaluated a second time."""
    from spofscan.analysis import availability as availability_module
    from spofscan.analysis import sample_states
    from spofscan.analysis.bdd import BudgetExceeded

    def outgrown(*_: Any) -> Any:
        raise BudgetExceeded("estimated, as a file beyond the budget would be")

    monkeypatch.setattr(availability_module, "compile_system", outgrown)
    monkeypatch.setattr(sample_states, "every_state", lambda *_: pytest.fail("evaluated again"))
    report = pipeline.check_text(EXAMPLE.read_text(), "single-vm.yaml")
    assert report.analysis.system.method == "monte-carlo"
    assert report.fixes and report.analysis.sample_states == []
