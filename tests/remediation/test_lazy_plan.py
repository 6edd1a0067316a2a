"""The plan's rounds measure only the fixes they may take: the same steps as measuring
every fix of every round, for far fewer fixed files."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from conftest import ROOT

from spofscan.analysis.analyse import analyse
from spofscan.loading import load_architecture_text
from spofscan.remediation import Remediation, greedy, plan, remediate
from spofscan.remediation.fixes import Candidate

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml


def _remediation(text: str) -> Remediation:
    arch = load_architecture_text(text, "gen.yaml")
    return remediate(text, arch, analyse(arch))


def _steps(remediation: Remediation) -> list[tuple[str, str, float]]:
    assert remediation.plan is not None
    return [(f.component, f.snippet, f.availability_after) for f in remediation.plan.fixes]


def _every_fix(self: Any, found: list[Candidate], known: Any) -> list[plan.Fix]:
    """A round that measures every candidate, as the plan did before it was lazy."""
    fixes, _ = plan.measure_exactly(
        self.document, self.arch, self.value, found, self.budget, self.kept
    )
    return fixes


@pytest.mark.parametrize(
    ("shape", "size", "seed"),
    [
        ("chain", 300, 0),  # fixes in series: each keeps its ratio from round to round
        ("stacks", 150, 2),  # two fixes of one stack within 1e-8 of each other
        ("layered", 80, 3),
    ],
)
def test_the_steps_are_those_of_measuring_every_fix(
    shape: str, size: int, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = to_yaml(generate(size, seed=seed, shape=shape))
    lazy = _steps(_remediation(text))
    assert len(lazy) >= 3
    monkeypatch.setattr(greedy._Round, "lazily", _every_fix)
    assert lazy == _steps(_remediation(text))


def test_a_round_measures_the_new_fixes_and_the_one_it_takes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = to_yaml(generate(300, shape="chain"))
    measured: list[int] = []
    measure = plan.measure_exactly

    def counted(*args: Any, **kwargs: Any) -> Any:
        measured.append(len(args[3]))
        return measure(*args, **kwargs)

    monkeypatch.setattr(plan, "measure_exactly", counted)
    lazy = _remediation(text)
    lazily = sum(measured)
    measured.clear()
    monkeypatch.setattr(greedy._Round, "lazily", _every_fix)
    assert _steps(_remediation(text)) == _steps(lazy)
    assert len(_steps(lazy)) == greedy.MAX_PLAN_STEPS
    assert lazily * 2 < sum(measured)  # 24 fixed files instead of 72
