"""The structures the third order may take are tried with an eighth of the budget first,
depth-first and then by host, before the three orders with the whole of it: the
enumeration's answers whichever try fits, each try starting afresh, the budget whole
again for what is joined after a small fit, legacy files compiled without a try at
the whole budget, and fixed files tried with the whole budget at once."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spofscan.analysis import bdd
from spofscan.analysis.analyse import analyse
from spofscan.analysis.availability import Settings, availability, exact_availability
from spofscan.analysis.compiled_structure import compile_structure
from spofscan.loading import load_architecture_text
from spofscan.model import Architecture

from . import brute_force as bf
from .strategies import architectures

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml

SMALL = bdd.DEFAULT_NODE_BUDGET // bdd.SMALL_FIRST


@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow])
@given(architectures(), st.sampled_from([(), ("depth-first",), ("depth-first", "by host")]))
def test_whichever_try_fits_the_answers_are_the_enumerations(
    arch: Architecture, refused: tuple[str, ...]
) -> None:
    """The small tries named in ``refused`` are made to fail; a try at the whole budget
    after them starts with nothing left over from them."""
    starts: list[tuple[int, str, Any, Any, bool]] = []
    build = bdd.NodeBdds._build

    def recorded(self: bdd.NodeBdds, order: list[int], keys: Any = None) -> None:
        kind = "depth-first" if keys is None else "by host"
        starts.append((self._budget, kind, self._work_left, self._room, self.by_host))
        if self._budget == SMALL and kind in refused:
            raise bdd.BudgetExceeded("said to outgrow the small budget")
        build(self, order, keys)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bdd.NodeBdds, "_build", recorded)
        result = analyse(arch)
    assert result.system.method == "exact"
    system, each = bf.availabilities(arch)
    assert result.system.value == pytest.approx(system, abs=1e-9)
    for entrypoint in result.entrypoints:
        assert entrypoint.availability.value == pytest.approx(each[entrypoint.name], abs=1e-9)
    whole = [start for start in starts if start[0] == bdd.DEFAULT_NODE_BUDGET]
    if whole and whole[0][1] == "depth-first" and any(s[0] == SMALL for s in starts):
        # after the small tries failed: no work counted, the usual room, not by host
        assert whole[0][2:] == (None, bdd._MANAGER_FACTOR, False)


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
    """The small try by host joins the entrypoints too: refused, the orders are tried
    with the whole budget, and the answer is the same."""
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
    assert budgets[:2] == [SMALL, SMALL]
    assert bdd.DEFAULT_NODE_BUDGET in budgets[2:]
    assert result.system.value == pytest.approx(expected, abs=1e-12)
