"""Fixes of an exact file whose fixed files outgrow the diagram's budget: measured on
paired samples, not dropped, and a plan that may take them when the exact one falls
short of the objectives."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from conftest import ROOT

from spofscan import remediation, workers
from spofscan.analysis import same_shape
from spofscan.analysis.analyse import analyse
from spofscan.analysis.results import Analysis
from spofscan.loading import load_architecture_text
from spofscan.model import Architecture
from spofscan.remediation import Remediation, plan, remediate
from spofscan.remediation.snippets import Entries
from spofscan.render.check import json as json_report
from spofscan.render.check.markdown import render_markdown
from spofscan.render.check.text import render_check
from spofscan.render.diagram.labels import SHOWN_FIXES, fix_notes
from spofscan.report.check import CheckReport
from spofscan.report.options import FailOn

EXAMPLES = ROOT / "examples"


def _tight(name: str, factor: int, monkeypatch: pytest.MonkeyPatch) -> tuple[Remediation, ...]:
    """The example ``name``'s remediation as checked, and with the fixed files' budget
    ``factor`` times the original's diagram (so that some outgrow it)."""
    text, arch, analysis = _example(name)
    full = remediate(text, arch, analysis)
    _cut_budget(analysis, factor, monkeypatch)
    return full, remediate(text, arch, analysis)


def _example(name: str) -> tuple[str, Architecture, Analysis]:
    """The example ``name``'s text, architecture and analysis."""
    text = (EXAMPLES / f"{name}.yaml").read_text()
    arch = load_architecture_text(text, f"{name}.yaml")
    return text, arch, analyse(arch)


def _cut_budget(analysis: Analysis, factor: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fixed files get ``factor`` times ``analysis``'s diagram nodes, at most; and one
    that outgrows the kept diagram is not compiled whole, as it would be for a file
    whose entrypoints can be compiled apart (microservices' can: ``KeptDiagram.apart``)."""
    nodes = analysis.diagram_nodes or 0
    monkeypatch.setattr(remediation, "fix_budget", lambda _: factor * nodes)
    kept_as_built = same_shape.KeptDiagram.__init__

    def not_apart(self: same_shape.KeptDiagram, *args: Any, **kwargs: Any) -> None:
        kept_as_built(self, *args, **kwargs)  # in the analysis's order still
        self.apart = False

    monkeypatch.setattr(same_shape.KeptDiagram, "__init__", not_apart)


@pytest.mark.parametrize(("name", "factor"), [("microservices", 2), ("gitlab-3k", 2)])
def test_a_fix_that_outgrows_the_budget_is_estimated_in_pairs_not_dropped(
    name: str, factor: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every fix the check measures exactly is still there; those that outgrew the
    tighter budget are estimated, and their interval holds the exact saving."""
    full, tight = _tight(name, factor, monkeypatch)
    exact = {(f.component, f.rule): f for f in full.fixes}
    found = {(f.component, f.rule): f for f in tight.fixes}
    assert set(exact) <= set(found)
    estimated = [f for f in tight.fixes if f.method == "monte-carlo"]
    assert estimated and len(estimated) < len(tight.fixes)
    for fix in estimated:
        assert fix.downtime_saved_ci95 is not None
        low, high = fix.downtime_saved_ci95
        truth = exact[(fix.component, fix.rule)].downtime_saved_hours_per_year
        assert low <= truth <= high
        assert low <= fix.downtime_saved_hours_per_year <= high
    for fix in tight.fixes:
        if fix.method == "exact":
            twin = exact[(fix.component, fix.rule)]
            assert fix.availability_after == twin.availability_after


def test_an_estimated_fixs_verdict_judges_the_figure_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """gitlab-3k has one entrypoint, the system: a fix meets its objective exactly when
    the availability it reports does (the analysis's figure moved by the paired
    difference, not the samples' own share). The figure is moved so that each
    estimated fix lands just above the objective, then just below: the samples' share
    stays where it was."""
    text, arch, analysis = _example("gitlab-3k")
    _cut_budget(analysis, 2, monkeypatch)
    tight = remediate(text, arch, analysis)
    assert tight.plan is not None and tight.plan.ci95 is not None
    assert tight.plan.meets_slo == (tight.plan.availability_after >= SLO)
    # (not one whose figure is clamped at 1: the region's, at 2x the budget)
    estimated = [f for f in tight.fixes if f.method == "monte-carlo" and f.availability_after < 1]
    assert len(estimated) >= 2
    for fix in estimated:
        for side in (1e-9, -1e-9):
            moved = _moved(analysis, SLO - fix.availability_after + side)
            again = remediate(text, arch, moved)
            twin = next(
                f for f in again.fixes if (f.component, f.rule) == (fix.component, fix.rule)
            )
            assert twin.availability_after == pytest.approx(SLO + side, abs=1e-12)
            assert twin.meets_slo == (side > 0)


SLO = 0.999  # gitlab-3k's objective


def _moved(analysis: Analysis, by: float) -> Analysis:
    """``analysis`` with its figures (the system, each entrypoint) moved ``by``."""
    entrypoints = tuple(
        replace(e, availability=replace(e.availability, value=e.availability.value + by))
        for e in analysis.entrypoints
    )
    system = replace(analysis.system, value=analysis.system.value + by)
    return replace(analysis, system=system, entrypoints=entrypoints)


def test_when_the_exact_plan_falls_short_the_plan_takes_estimated_fixes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With every fixed file over budget, no exact fix is left to plan with: the plan
    takes the estimated ones, states its interval, and meets the objectives as the
    check's own plan does."""
    full, tight = _tight("microservices", 1, monkeypatch)
    assert full.plan is not None and full.plan.meets_slo and full.plan.ci95 is None
    assert tight.fixes and all(f.method == "monte-carlo" for f in tight.fixes)
    plan = tight.plan
    assert plan is not None and plan.fixes and plan.meets_slo
    assert plan.ci95 is not None and plan.ci95[0] <= plan.availability_after <= plan.ci95[1]
    assert plan.ci95[0] <= full.plan.availability_after or plan.fixes != full.plan.fixes


def test_an_exact_plan_that_meets_the_objectives_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Some fixes outgrow the budget (the best one among them), but the exact ones meet
    the objectives: the plan is made of them and its figure is exact."""
    full, tight = _tight("microservices", 4, monkeypatch)
    assert tight.fixes[0].method == "monte-carlo"
    assert tight.plan is not None and full.plan is not None
    assert tight.plan.ci95 is None and tight.plan.meets_slo
    assert tight.plan.fixes and all(step.method == "exact" for step in tight.plan.fixes)


def test_the_reports_say_which_fixes_are_estimated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Estimated fixes among exact ones: each states its interval in the text and
    Markdown reports and the JSON's method; the diagram's note marks each one, not
    the whole list."""
    text, arch, analysis = _example("microservices")
    _cut_budget(analysis, 4, monkeypatch)
    result = remediate(text, arch, analysis)
    report = CheckReport(arch, analysis, (), FailOn.error, dt.date(2026, 12, 4), result)
    methods = [f["method"] for f in json_report.check_document(report)["remediations"]]
    assert "monte-carlo" in methods and "exact" in methods
    notes = "\n".join(fix_notes(report))
    assert "(Monte Carlo estimates)" not in notes
    marked = [line for line in fix_notes(report) if "saves about" in line]
    assert len(marked) == sum(1 for f in result.fixes[:SHOWN_FIXES] if f.method == "monte-carlo")
    assert render_check(report).count("estimated)") >= 1
    assert render_markdown(report).count("estimated)") >= 1


def test_a_large_file_still_estimates_its_outgrown_fixes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Beyond ``LARGE`` components (where the plan is summed) and up to
    ``PAIRED_UP_TO``, the fixes that outgrow the budget are estimated: a compose
    project of 3,001 services on one host lost its one fix that mattered (a second
    host) when they were not."""
    _, tight = _tight("microservices", 2, monkeypatch)
    estimated = sum(1 for f in tight.fixes if f.method == "monte-carlo")
    assert estimated >= 2
    monkeypatch.setattr(remediation, "LARGE", 10)  # microservices has more components
    text, arch, analysis = _example("microservices")
    result = remediate(text, arch, analysis)
    assert sum(1 for f in result.fixes if f.method == "monte-carlo") == estimated
    assert result.outgrown == 0


def test_beyond_paired_files_an_outgrown_fix_is_counted_and_its_reason_said(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Beyond ``PAIRED_UP_TO`` components an estimate of each outgrown fix would cost a
    minute (stacks of 100,000): only the most critical are estimated, ``MIN_ESTIMATED``
    at most and none from 80,000 components (10,000 services on one host kept their
    second host's fix so), the others are not
    measured, and the reports say why, apart from the fixes left out for their
    components' small share of the downtime."""
    _, tight = _tight("microservices", 2, monkeypatch)
    estimates = [f for f in tight.fixes if f.method == "monte-carlo"]
    assert len(estimates) >= 2
    monkeypatch.setattr(remediation, "LARGE", 10)  # microservices has more components
    monkeypatch.setattr(remediation, "PAIRED_UP_TO", 10)
    monkeypatch.setattr(remediation, "MIN_ESTIMATED", 1)
    text, arch, analysis = _example("microservices")
    result = remediate(text, arch, analysis)
    still = [f for f in result.fixes if f.method == "monte-carlo"]
    assert len(still) == 1 and still[0] in estimates
    outgrown = len(estimates) - 1
    assert result.outgrown == outgrown and result.unmeasured >= outgrown
    note = result.unmeasured_note
    assert note is not None
    counted = f"{outgrown} as " if result.unmeasured > outgrown else ""
    assert f"{counted}their fixed files outgrew the diagram's budget" in note
    report = CheckReport(arch, analysis, (), FailOn.error, dt.date(2026, 12, 4), result)
    assert json_report.check_document(report)["remediations_unmeasured"] == result.unmeasured
    assert "outgrew the diagram's budget" in render_check(report)
    # so large that not one estimate fits (stacks of 100,000: 37 s for one)
    monkeypatch.setattr(remediation, "COMPONENT_FIXES", len(arch.components) - 1)
    none = remediate(text, arch, analysis)
    assert all(f.method == "exact" for f in none.fixes)
    assert none.outgrown == len(estimates)


def test_fixes_known_to_outgrow_are_not_loaded_and_count_as_outgrown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Beyond ``LARGE`` components without a kept diagram, a fix whose part holds more
    than half the entrypoints is not loaded to find it has no answer apart: the same
    fixes, plan and counts as when it was."""
    monkeypatch.setattr(plan, "LARGE", 10)
    monkeypatch.setattr(remediation, "LARGE", 10)
    monkeypatch.setattr(remediation, "_kept_for_fixes", lambda *_: None)
    monkeypatch.setattr(workers, "available_workers", lambda *_, **__: 1)  # counted here
    text, arch, analysis = _example("microservices")
    known = plan.no_part_apart
    found: list[bool] = []

    def counted(arch: Architecture, entries: Entries) -> bool:
        found.append(known(arch, entries))
        return found[-1]

    monkeypatch.setattr(plan, "no_part_apart", counted)
    result = remediate(text, arch, analysis)
    assert any(found) and not all(found)
    monkeypatch.setattr(plan, "no_part_apart", lambda *_: False)
    assert remediate(text, arch, analysis) == result
