"""A file whose entrypoints can be compiled apart is compiled whole in FORCE's order
only, not depth-first first; when that passed ``FORCE_WORK`` and the parts then outgrew
the budget, whole again in FORCE's order
(:func:`spofscan.analysis.system_diagram._whole_after_apart`); not when FORCE's order
outgrew the budget itself."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest
from conftest import ROOT
from recorded_orders import recorded_orders

from spofscan.analysis import availability as availability_module
from spofscan.analysis import system_diagram
from spofscan.analysis.availability import availability
from spofscan.analysis.bdd import BudgetExceeded
from spofscan.analysis.compiled_structure import compile_structure
from spofscan.analysis.entrypoints_apart import entrypoints_apart as entrypoints_apart_as_compiled
from spofscan.loading import load_architecture_text
from spofscan.model import Architecture

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml


@pytest.fixture(scope="module")
def chain() -> Architecture:
    """A chain of 600 components: whole in FORCE's order in 170,380 nodes of functions,
    and its parts outgrow the budget."""
    return load_architecture_text(to_yaml(generate(600, shape="chain")), "chain.yaml")


def _spy(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """What the entrypoints apart gave (``"parts"`` or ``"outgrew"``), and the orders
    each whole diagram was compiled in, recorded."""
    apart: list[str] = []
    original: Callable[..., Any] = entrypoints_apart_as_compiled

    def entrypoints_apart(*args: Any, **kwargs: Any) -> Any:
        try:
            found = original(*args, **kwargs)
        except BudgetExceeded:
            apart.append("outgrew")
            raise
        apart.append("parts")
        return found

    monkeypatch.setattr(system_diagram, "entrypoints_apart", entrypoints_apart)
    return apart, recorded_orders(monkeypatch, system_diagram)


def test_a_whole_that_passed_its_work_is_compiled_again_when_the_parts_outgrow(
    chain: Architecture, monkeypatch: pytest.MonkeyPatch
) -> None:
    want = availability(compile_structure(chain))
    apart, orders = _spy(monkeypatch)
    monkeypatch.setattr(system_diagram, "FORCE_WORK", 50_000)
    s = compile_structure(chain)
    got = availability(s)
    assert apart == ["outgrew"]
    assert orders == ["force only", "force only"]
    assert got.system.method == "exact"
    assert got.system.value == pytest.approx(want.system.value, abs=1e-12)
    assert [e.value for e in got.entrypoints] == pytest.approx(
        [e.value for e in want.entrypoints], abs=1e-12
    )
    assert s.cache.whole_too_large is None  # whole: its fixes may be compiled whole
    assert s.cache.whole_diagram is not None


def test_a_whole_that_outgrew_the_budget_in_forces_order_is_not_tried_again(
    chain: Architecture, monkeypatch: pytest.MonkeyPatch
) -> None:
    apart, orders = _spy(monkeypatch)
    s = compile_structure(chain)
    # 837 variables; in FORCE's order a function of 1,026 nodes
    got = availability(s, settings=availability_module.Settings(node_budget=1_000))
    assert apart == ["outgrew"]
    assert orders == ["force only"]
    assert got.system.method == "monte-carlo"


def test_a_file_that_fits_both_ways_is_compiled_in_forces_order_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # chains of 150 components fit depth-first too, 10 to 30 times slower
    small = load_architecture_text(to_yaml(generate(150, shape="chain", seed=1)), "c.yaml")
    monkeypatch.setattr(system_diagram, "apart_split", lambda *_a, **_k: None)
    want = availability(compile_structure(small))  # as a file that cannot be split
    monkeypatch.undo()
    apart, orders = _spy(monkeypatch)
    got = availability(compile_structure(small))
    assert (apart, orders) == ([], ["force only"])
    assert got.system.method == want.system.method == "exact"
    assert got.system.value == pytest.approx(want.system.value, abs=1e-12)
    assert [e.value for e in got.entrypoints] == pytest.approx(
        [e.value for e in want.entrypoints], abs=1e-12
    )
