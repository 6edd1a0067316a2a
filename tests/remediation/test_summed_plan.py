"""A large file's plan: greedy over the fixes measured alone, the combined file measured."""

from __future__ import annotations

import pytest
from conftest import ROOT

from spofscan import remediation
from spofscan.analysis.analyse import analyse
from spofscan.analysis.availability import Settings
from spofscan.loading import load_architecture_text
from spofscan.remediation import Fix, remediate
from spofscan.remediation.plan import kept_diagram
from spofscan.remediation.snippets import (
    apply_snippet,
    exact_outcome,
    load_document,
    parse_document,
)
from spofscan.remediation.summed_plan import EXTRA_STEPS, MAX_FAILURES, Reached, summed_plan


def _fix(name: str, after: float, *entries: str) -> Fix:
    snippet = "".join(f"{e}:\n  replicas: 2\n" for e in entries or [name])
    return Fix(name, "SPOF", f"fix {name}", snippet, after, 0.0, None)


class Recorder:
    """A ``combine`` that answers from a table by the steps' names, and remembers."""

    def __init__(self, answers: dict[tuple[str, ...], Reached | None]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, ...]] = []

    def __call__(self, steps: list[Fix], touched: set[str]) -> Reached | None:
        names = tuple(step.component for step in steps)
        self.calls.append(names)
        assert touched == {e for s in steps for e in _entries(s)}
        return self.answers[names]


def _entries(fix: Fix) -> list[str]:
    return [line.rstrip(":") for line in fix.snippet.splitlines()[::2]]


START = Reached(0.990, False)


def test_steps_are_taken_until_their_gains_add_up_then_measured_once() -> None:
    """0.990 + 0.004 + 0.003 = 0.997 < 0.998: a third step; the sum then meets the goal,
    and the combined file (measured: 0.9985) is the plan's figure."""
    fixes = [_fix("a", 0.994), _fix("b", 0.993), _fix("c", 0.992), _fix("d", 0.991)]
    combine = Recorder({("a", "b", "c"): Reached(0.9985, True)})
    plan = summed_plan(fixes, START, [0.998], combine, priced=False)
    assert combine.calls == [("a", "b", "c")]
    assert [f.component for f in plan.fixes] == ["a", "b", "c"]
    assert plan.availability_after == 0.9985 and plan.meets_slo is True


def test_a_fix_that_changes_an_entry_already_taken_is_passed_over() -> None:
    fixes = [_fix("a", 0.995, "web"), _fix("b", 0.994, "web"), _fix("c", 0.993, "db")]
    combine = Recorder({("a", "c"): Reached(0.998, True)})
    plan = summed_plan(fixes, START, [0.998], combine, priced=False)
    assert [f.component for f in plan.fixes] == ["a", "c"]


def test_a_combined_file_that_misses_takes_a_few_more_steps_and_no_more() -> None:
    """The gains add up to the goal after one step, but the combined files miss it:
    one more step each time, ``EXTRA_STEPS`` times, then the plan stops where it is."""
    fixes = [_fix(n, 0.999) for n in "abcdef"]
    answers = {tuple("abcdef"[: i + 1]): Reached(0.991 + i / 1000, False) for i in range(6)}
    combine = Recorder(dict(answers))
    plan = summed_plan(fixes, START, [0.998], combine, priced=False)
    assert len(combine.calls) == EXTRA_STEPS + 1
    assert len(plan.fixes) == EXTRA_STEPS + 1
    assert plan.availability_after == answers[tuple("abcdef"[: EXTRA_STEPS + 1])].availability
    assert plan.meets_slo is False


def test_a_step_whose_combined_file_has_no_answer_is_dropped() -> None:
    """The file with a and b outgrows the budget: b is dropped, c taken instead."""
    fixes = [_fix(n, 0.999) for n in "abc"]
    answers = {("a",): Reached(0.995, False), ("a", "b"): None, ("a", "c"): Reached(0.998, True)}
    combine = Recorder(answers)
    plan = summed_plan(fixes, START, [0.998], combine, priced=False)
    assert combine.calls == [("a",), ("a", "b"), ("a", "c")]
    assert [f.component for f in plan.fixes] == ["a", "c"]
    assert plan.availability_after == 0.998 and plan.meets_slo is True


def test_steps_are_dropped_from_the_end_until_the_combined_file_has_an_answer() -> None:
    """a to d together outgrow the budget, a and b do not: the plan keeps them and goes
    on with e."""
    fixes = [_fix(n, 0.992) for n in "abcde"]
    answers = {
        ("a", "b", "c", "d"): None,
        ("a", "b"): Reached(0.995, False),
        ("a", "b", "e"): Reached(0.9985, True),
    }
    combine = Recorder(answers)
    plan = summed_plan(fixes, START, [0.998], combine, priced=False)
    assert combine.calls == [("a", "b", "c", "d"), ("a", "b"), ("a", "b", "e")]
    assert [f.component for f in plan.fixes] == ["a", "b", "e"]
    assert plan.availability_after == 0.9985 and plan.meets_slo is True


def test_the_plan_stops_after_a_few_combined_files_without_an_answer() -> None:
    fixes = [_fix(n, 0.999) for n in "abcdef"]
    answers: dict[tuple[str, ...], Reached | None] = {("a",): Reached(0.995, False)}
    answers.update({("a", n): None for n in "bcdef"})
    combine = Recorder(answers)
    plan = summed_plan(fixes, START, [0.998], combine, priced=False)
    assert len(combine.calls) == 1 + MAX_FAILURES
    assert [f.component for f in plan.fixes] == ["a"]


def test_steps_after_the_last_combined_file_measured_are_left_out() -> None:
    fixes = [_fix(n, 0.999) for n in "ab"]
    combine = Recorder({("a",): Reached(0.995, False), ("a", "b"): None})
    plan = summed_plan(fixes, START, [0.998], combine, priced=False)
    assert [f.component for f in plan.fixes] == ["a"]
    assert plan.availability_after == 0.995


def test_nothing_to_plan_when_the_objectives_hold_or_there_are_none() -> None:
    fixes = [_fix("a", 0.999)]
    never = Recorder({})
    met = summed_plan(fixes, Reached(0.999, True), [0.998], never, priced=False)
    assert met.fixes == () and met.meets_slo is True
    none = summed_plan(fixes, Reached(0.99, None), [], never, priced=False)
    assert none.fixes == () and none.meets_slo is None and never.calls == []


@pytest.mark.parametrize("example", ["microservices", "gitlab-3k"])
def test_a_large_files_plan_is_the_exact_analysis_of_its_steps_together(
    example: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every file counted as large, the plan is built from the fixes measured alone,
    and its figure is the exact availability of the file with all its steps pasted in."""
    monkeypatch.setattr(remediation, "LARGE", 1)
    path = ROOT / "examples" / f"{example}.yaml"
    text = path.read_text()
    arch = load_architecture_text(text, path.name)
    result = remediate(text, arch, analyse(arch))
    assert result.plan is not None and result.plan.fixes
    assert {f.snippet for f in result.plan.fixes} <= {f.snippet for f in result.fixes}
    fixed = parse_document(text, path.name)
    for step in result.plan.fixes:
        fixed = apply_snippet(fixed, step.snippet)
    loaded = load_document(fixed, path.name)
    assert loaded is not None
    outcome = exact_outcome(loaded)
    assert outcome is not None
    assert result.plan.availability_after == pytest.approx(outcome.availability, abs=1e-15)
    assert result.plan.meets_slo == outcome.objectives_met


def test_steps_taken_when_no_fix_is_left_are_measured_all_the_same() -> None:
    """The gains never add up to the goal and the last fix changes an entry a step
    took already: the steps taken are still measured, once, at the end."""
    fixes = [_fix("a", 0.994, "web"), _fix("b", 0.993, "web")]
    combine = Recorder({("a",): Reached(0.994, False)})
    plan = summed_plan(fixes, START, [0.999], combine, priced=False)
    assert combine.calls == [("a",)]
    assert [f.component for f in plan.fixes] == ["a"] and plan.availability_after == 0.994


@pytest.mark.parametrize("limit", ["LARGE_DIAGRAM", "LARGE_WORK"])
def test_a_file_past_a_plan_limit_gets_the_summed_plan(
    monkeypatch: pytest.MonkeyPatch, limit: str
) -> None:
    """Few components, but a system's diagram past ``LARGE_DIAGRAM`` nodes, or node
    functions of more than ``LARGE_WORK`` nodes in all (deep chains over shared VMs,
    whose fixes each rebuild them): each analysis costs too much for a dozen rounds,
    so the plan is summed; one node fewer and it is not."""
    path = ROOT / "examples" / "microservices.yaml"
    text = path.read_text()
    arch = load_architecture_text(text, path.name)
    analysis = analyse(arch)
    assert analysis.diagram_nodes is not None and analysis.diagram_nodes > 1
    size = {
        "LARGE_DIAGRAM": analysis.diagram_nodes,
        "LARGE_WORK": remediation.functions_size(kept_diagram(arch)),
    }[limit]
    summed: list[bool] = []
    real = remediation.large_file_plan

    def spy(*args: object) -> object:
        summed.append(True)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(remediation, "large_file_plan", spy)
    monkeypatch.setattr(remediation, limit, size)
    remediate(text, arch, analysis)
    assert summed == []
    monkeypatch.setattr(remediation, limit, size - 1)
    assert remediate(text, arch, analysis).plan is not None
    assert summed == [True]


def test_an_estimated_file_has_no_diagram_size() -> None:
    path = ROOT / "examples" / "microservices.yaml"
    arch = load_architecture_text(path.read_text(), path.name)
    assert analyse(arch, settings=Settings(node_budget=1, samples=6_400)).diagram_nodes is None


def test_a_small_files_greedy_plan_that_falls_short_gives_way_to_the_summed_one() -> None:
    """Legacy, 60 components: after two zones' twins no fix fits the greedy rounds'
    diagram and that plan stops short of the objective; the summed plan over the same
    exact fixes meets it, exactly, where a plan with the region's estimated twin did."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate, to_yaml

    text = to_yaml(generate(60, seed=0, shape="legacy"))
    arch = load_architecture_text(text, "legacy.yaml")
    analysis = analyse(arch)
    assert analysis.system.method == "exact"
    plan = remediate(text, arch, analysis).plan
    assert plan is not None and plan.meets_slo is True
    assert plan.ci95 is None  # every step exact
    assert arch.slo is not None and plan.availability_after > arch.slo / 100
