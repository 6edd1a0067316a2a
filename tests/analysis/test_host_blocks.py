"""The third variable order, by hosts: every variable once, the brute-force enumeration's
answers when it is the order compiled, and exact answers on legacy files that outgrow
the depth-first and FORCE orders."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings

from spofscan.analysis import bdd
from spofscan.analysis.analyse import analyse
from spofscan.analysis.availability import instance_probabilities
from spofscan.analysis.compiled_structure import compile_structure
from spofscan.analysis.evaluation_order import reach_order
from spofscan.analysis.host_blocks import host_block_order
from spofscan.analysis.series_events import variable_keys
from spofscan.analysis.system_diagram import LARGE_WHOLE, WholeSystem
from spofscan.loading import load_architecture_text
from spofscan.model import Architecture

from . import brute_force as bf
from .strategies import architectures

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml

SETTINGS = settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(architectures())
def test_every_variable_is_declared_once(arch: Architecture) -> None:
    s = compile_structure(arch)
    order = reach_order(s)
    keys = host_block_order(s, order)
    assert sorted(keys) == sorted(key for node in order for key in variable_keys(s, node))


@SETTINGS
@given(architectures())
def test_compiled_in_host_blocks_the_answers_are_the_enumerations(arch: Architecture) -> None:
    """The other two orders made to fail: what is compiled is the third."""
    used = []
    build = bdd.NodeBdds._build

    def only_blocks(self: bdd.NodeBdds, order: list[int], keys: Any = None) -> None:
        if keys is None and self._split is None:
            raise bdd.BudgetExceeded("the other orders, said to outgrow the budget")
        used.append(keys is not None)
        build(self, order, keys)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bdd.NodeBdds, "_build", only_blocks)
        result = analyse(arch)
    if not any(used):
        return  # compiled in parts (apart, or modules): no whole diagram to order
    assert result.system.method == "exact"
    system, each = bf.availabilities(arch)
    assert result.system.value == pytest.approx(system, abs=1e-9)
    for entrypoint in result.entrypoints:
        assert entrypoint.availability.value == pytest.approx(each[entrypoint.name], abs=1e-9)
    expected = bf.importance(arch)
    for weight in result.importance:
        birnbaum, criticality = expected[weight.component]
        assert weight.birnbaum == pytest.approx(birnbaum, abs=1e-9)
        assert weight.criticality == pytest.approx(criticality, rel=1e-6, abs=1e-9)


def _legacy(size: int, seed: int) -> Architecture:
    return load_architecture_text(to_yaml(generate(size, seed=seed, shape="legacy")), "x.yaml")


def _depth_first(arch: Architecture, budget: int) -> tuple[float, int]:
    """The system's availability compiled in the depth-first order alone, and the
    size of its diagram."""
    s = compile_structure(arch)
    diagram = bdd.NodeBdds(s, node_budget=budget, only=bdd.Order.DEPTH_FIRST)
    system = WholeSystem(s, diagram)
    return system.system(instance_probabilities(s, diagram)), system.nodes


def test_a_legacy_file_the_other_orders_outgrow_is_exact_in_host_blocks() -> None:
    """60 services and databases over a pool of VMs: 319,489 nodes in the depth-first
    order, past the budget; a few thousand in blocks by host."""
    arch = _legacy(60, seed=1)
    s = compile_structure(arch)
    with pytest.raises(bdd.BudgetExceeded):
        _depth_first(arch, bdd.DEFAULT_NODE_BUDGET)
    with pytest.raises(bdd.BudgetExceeded):
        bdd.NodeBdds(s, force_only=True)
    result = analyse(arch)
    assert result.system.method == "exact"
    assert result.diagram_nodes is not None and result.diagram_nodes < 10_000
    larger, _ = _depth_first(arch, 20 * bdd.DEFAULT_NODE_BUDGET)
    assert result.system.value == pytest.approx(larger, abs=1e-12)


def test_a_whole_diagram_past_half_the_budget_is_compiled_by_host_when_smaller() -> None:
    """60 components again, another seed: depth-first they fit, in 50,826 nodes, too
    many to keep for the fixes; by host, 381."""
    arch = _legacy(60, seed=0)
    value, nodes = _depth_first(arch, bdd.DEFAULT_NODE_BUDGET)
    assert nodes > LARGE_WHOLE
    result = analyse(arch)
    assert result.diagram_nodes is not None and result.diagram_nodes < 1_000
    assert result.system.value == pytest.approx(value, abs=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_legacy_files_of_eighty_components_are_exact(seed: int) -> None:
    """Estimated before the third order, every one of them."""
    assert analyse(_legacy(80, seed), max_pairs=0).system.method == "exact"
