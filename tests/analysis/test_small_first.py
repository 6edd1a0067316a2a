"""The structures the third order may take are compiled depth-first with an eighth of
the budget first; outgrown, by host with it, and else depth-first on from there with
the whole budget: the enumeration's answers wherever that happens, the budget whole
again for what is joined after a small fit, legacy files compiled without a try at
the whole budget, and fixed files tried with the whole budget at once."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spofscan.analysis import bdd, node_functions
from spofscan.analysis.analyse import analyse
from spofscan.analysis.availability import (
    Settings,
    availability,
    exact_availability,
    instance_probabilities,
)
from spofscan.analysis.compiled_structure import compile_structure
from spofscan.analysis.system_diagram import WholeSystem
from spofscan.loading import load_architecture_text
from spofscan.model import Architecture

from . import brute_force as bf
from .strategies import architectures

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml

SMALL = bdd.DEFAULT_NODE_BUDGET // bdd.SMALL_FIRST


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    architectures(),
    st.sampled_from([(), ("depth-first",), ("depth-first", "by host")]),
    st.integers(min_value=0, max_value=6),
)
def test_wherever_depth_first_outgrows_the_small_budget_the_answers_are_the_enumerations(
    arch: Architecture, refused: tuple[str, ...], after: int
) -> None:
    """The orders named in ``refused`` are made to outgrow the small budget, depth-first
    after ``after`` functions (a cycle's included): by host in its place, or depth-first
    going on from there with the whole budget, the system's availability is the
    enumeration's, and the diagram has the whole budget and the usual room."""
    s = compile_structure(arch)
    made = {"depth-first": 0, "by host": 0}
    check = bdd.NodeBdds._check_budget

    def checked(self: bdd.NodeBdds, latest: Any) -> None:
        kind = "by host" if self.by_host else "depth-first"
        if self._budget == SMALL and kind in refused:
            made[kind] += 1
            if kind == "by host" or made[kind] > after:
                raise bdd.BudgetExceeded("said to outgrow the small budget")
        check(self, latest)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bdd.NodeBdds, "_check_budget", checked)
        diagram = bdd.NodeBdds(s, small_first=True)
        system = WholeSystem(s, diagram).system(instance_probabilities(s, diagram))
    assert system == pytest.approx(bf.availabilities(arch)[0], abs=1e-9)
    assert diagram._budget == bdd.DEFAULT_NODE_BUDGET
    if "by host" in refused:
        assert not diagram.by_host
        assert (diagram._work_left, diagram._room) == (None, node_functions._MANAGER_FACTOR)


def _services(count: int) -> str:
    lines = ["spofscan: 1", "name: independent services", "components:"]
    for i in range(count):
        lines += [f"  s{i}:", "    kind: service", "    replicas: 2", "    availability: 99"]
    return "\n".join(lines) + "\n"


def test_after_a_small_fit_the_budget_is_whole_again() -> None:
    """Twenty services, each an entrypoint of two replicas: each function fits in an
    eighth of a budget of 200 nodes, the system's (all of them) only in the whole."""
    s = compile_structure(load_architecture_text(_services(20), "x.yaml"))
    found = availability(s, settings=Settings(node_budget=200))
    assert found.system.method == "exact"
    assert found.system.value == pytest.approx((1 - 0.01**2) ** 20, abs=1e-12)


def test_fixed_files_are_not_tried_small_first() -> None:
    """Measured with their own budget once patching failed, they go straight to the
    whole budget (a legacy file of 80 components, as if it were a fixed file)."""
    s = compile_structure(_legacy(80, seed=0))
    budgets = []
    build = bdd.NodeBdds._build

    def recorded(self: bdd.NodeBdds, order: list[int], keys: Any = None) -> None:
        budgets.append(self._budget)
        build(self, order, keys)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bdd.NodeBdds, "_build", recorded)
        found = exact_availability(s)
    assert found is not None
    assert budgets and set(budgets) == {bdd.DEFAULT_NODE_BUDGET}


def _legacy(size: int, seed: int) -> Architecture:
    return load_architecture_text(to_yaml(generate(size, seed=seed, shape="legacy")), "x.yaml")


@pytest.mark.parametrize(("size", "seed"), [(80, 0), (100, 0), (200, 0)])
def test_legacy_files_fit_by_host_in_an_eighth_of_the_budget(size: int, seed: int) -> None:
    """The orders that outgrow the whole budget are not tried with it (they took 0.6 to
    2.9 s to give up on these files, the order by host 0.01 to 0.1 s to fit)."""
    budgets = []
    build = bdd.NodeBdds._build

    def recorded(self: bdd.NodeBdds, order: list[int], keys: Any = None) -> None:
        budgets.append((self._budget, keys is not None))
        build(self, order, keys)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bdd.NodeBdds, "_build", recorded)
        result = analyse(_legacy(size, seed), max_pairs=0)
    assert result.system.method == "exact"
    assert budgets[-1] == (SMALL, True)
    assert all(budget == SMALL for budget, _ in budgets)


def test_entrypoints_that_do_not_join_by_host_leave_it_to_the_whole_budget() -> None:
    """The small try by host joins the entrypoints too: refused, the depth-first order
    goes on with the whole budget, and the answer is the same."""
    arch = _legacy(80, seed=0)
    expected = analyse(arch, max_pairs=0).system.value
    budgets = []
    build, all_of = bdd.NodeBdds._build, bdd.NodeBdds.all_of

    def recorded(self: bdd.NodeBdds, order: list[int], keys: Any = None) -> None:
        budgets.append(self._budget)
        build(self, order, keys)

    def refused(self: bdd.NodeBdds, nodes: Any) -> Any:
        if budgets == [SMALL, SMALL]:  # right after the small try by host
            raise bdd.BudgetExceeded("said not to join")
        return all_of(self, nodes)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bdd.NodeBdds, "_build", recorded)
        patch.setattr(bdd.NodeBdds, "all_of", refused)
        result = analyse(arch, max_pairs=0)
    # depth-first went on from where it stopped (no second compile of it), outgrew the
    # whole budget, and FORCE's order and the one by host had it
    whole = bdd.DEFAULT_NODE_BUDGET
    assert budgets == [SMALL, SMALL, whole, whole]
    assert result.system.value == pytest.approx(expected, abs=1e-12)
