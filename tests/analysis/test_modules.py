"""Availability computed in parts (series variables, modules, the top) against the
whole diagram and the brute force, on random architectures and on independent stacks."""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spofscan.analysis.availability import Availability, Settings, availability
from spofscan.analysis.compiled_structure import Structure, compile_structure
from spofscan.analysis.evaluation_order import order_within, reach_order
from spofscan.analysis.evidence import NOTHING_DOWN, Evidence
from spofscan.analysis.modules import _TOP, _constant_nodes, _Graph, split_structure
from spofscan.analysis.series_events import series_variables
from spofscan.loading import load_architecture_text
from spofscan.model import Architecture

from . import brute_force as bf
from .strategies import architectures

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml

EXACT = 1e-12
SETTINGS = settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
IN_PARTS, WHOLE = Settings(modular=True), Settings(modular=False)


def both(s: Structure, evidence: Evidence = NOTHING_DOWN) -> tuple[Availability, Availability]:
    parts = availability(s, evidence, IN_PARTS, with_importance=True)
    whole = availability(s, evidence, WHOLE, with_importance=True)
    assert parts.system.method == whole.system.method == "exact"
    return parts, whole


def assert_same(parts: Availability, whole: Availability) -> None:
    assert parts.system.value == pytest.approx(whole.system.value, abs=EXACT)
    for entry, want_entry in zip(parts.entrypoints, whole.entrypoints, strict=True):
        assert entry.value == pytest.approx(want_entry.value, abs=EXACT)
    assert parts.importance.keys() == whole.importance.keys()
    for node, got in parts.importance.items():
        want = whole.importance[node]
        assert got.birnbaum == pytest.approx(want.birnbaum, abs=EXACT), node
        assert got.criticality == pytest.approx(want.criticality, abs=1e-9), node
    assert parts.frequency is not None and whole.frequency is not None
    for field in ("failures_per_year", "mtbf_hours", "mttr_hours", "coverage"):
        got_value, want_value = getattr(parts.frequency, field), getattr(whole.frequency, field)
        assert (got_value is None) == (want_value is None), field
        if want_value is not None:
            assert got_value == pytest.approx(want_value, rel=1e-9, abs=EXACT), field
    assert parts.frequency.missing == whole.frequency.missing


@SETTINGS
@given(architectures())
def test_in_parts_equals_the_whole_diagram_and_the_brute_force(arch: Architecture) -> None:
    s = compile_structure(arch)
    parts, whole = both(s)
    assert_same(parts, whole)
    system, each = bf.availabilities(arch)
    assert parts.system.value == pytest.approx(system, abs=EXACT)
    for e, got in zip(s.entrypoints, parts.entrypoints, strict=True):
        assert got.value == pytest.approx(each[s.nodes[e]], abs=EXACT)
    for name, (birnbaum, _) in bf.importance(arch).items():
        assert parts.importance[s.index[name]].birnbaum == pytest.approx(birnbaum, abs=1e-9)


@SETTINGS
@given(architectures(), st.data())
def test_in_parts_takes_evidence_as_the_whole_diagram_does(
    arch: Architecture, data: st.DataObject
) -> None:
    s = compile_structure(arch)
    nodes = data.draw(st.sets(st.sampled_from(range(len(s.nodes))), max_size=2))
    instances = [(n, i) for n in range(len(s.nodes)) for i in range(len(s.instance_events[n]))]
    dead = data.draw(st.sets(st.sampled_from(instances), max_size=2)) if instances else set()
    assert_same(*both(s, Evidence(frozenset(nodes), frozenset(dead))))


def module_graph(s: Structure) -> _Graph:
    """The graph :func:`split_structure` finds modules in, constant nodes left out."""
    order = order_within(s, set(reach_order(s)))
    return _Graph(s, order, _constant_nodes(s, order, series_variables(s).keys, frozenset()))


def modules_by_definition(graph: _Graph) -> set[int]:
    """The nodes below the virtual root whose descendants are needed by no node outside
    them but the node itself, from the definition: a closure per node."""
    parents: dict[int, set[int]] = {}
    seen, stack = set(), [_TOP]
    while stack:
        node = stack.pop()
        for need in graph.needs(node):
            parents.setdefault(need, set()).add(node)
            if need not in seen:
                seen.add(need)
                stack.append(need)
    roots = set()
    for v in seen:
        below, stack = set(), [v]
        while stack:
            for need in graph.needs(stack.pop()):
                if need not in below:
                    below.add(need)
                    stack.append(need)
        if all(parents[d] <= below | {v} for d in below - {v}):
            roots.add(v)
    return roots


@SETTINGS
@given(architectures())
def test_module_roots_are_those_of_the_definition(arch: Architecture) -> None:
    graph = module_graph(compile_structure(arch))
    assert graph.module_roots() == modules_by_definition(graph)


@pytest.mark.parametrize("shape", ["layered", "legacy", "chain", "stacks"])
def test_module_roots_of_generated_files_are_those_of_the_definition(shape: str) -> None:
    document = to_yaml(generate(300, seed=1, shape=shape))
    graph = module_graph(compile_structure(load_architecture_text(document, "f.yaml")))
    roots = graph.module_roots()
    assert roots == modules_by_definition(graph)
    assert roots or shape == "chain"  # chains over shared VMs have none


def stacks(size: int, seed: int = 0) -> Structure:
    document = to_yaml(generate(size, seed=seed, shape="stacks"))
    return compile_structure(load_architecture_text(document, "stacks.yaml"))


@pytest.mark.parametrize("seed", [0, 1])
def test_stacks_fall_apart_under_their_region(seed: int) -> None:
    s = stacks(400, seed)
    split = split_structure(s)
    region = s.index["region"]
    assert (region, 0) in split.series.keys  # fixed true: each stack is then alone
    for root, owned in split.owned.items():  # no module spans two stacks
        assert {s.nodes[n][:4] for n in owned} <= {s.nodes[root][:4]}
    assert len({s.nodes[r][:4] for r in split.roots}) > len(s.entrypoints) // 2
    assert split.largest * 10 < split.total
    assert_same(*both(s))


def test_a_large_system_of_stacks_is_computed_in_parts_by_default() -> None:
    s = stacks(1500)
    assert_same(
        availability(s, with_importance=True), availability(s, settings=WHOLE, with_importance=True)
    )


NESTED = """spofscan: 1
name: nested
components:
  front: {availability: 99.9, depends_on: [{any_of: [left, right]}, shared]}
  shared: {availability: 99.5, replicas: 2, runs_on: [vm_s1, vm_s2]}
  vm_s1: {kind: vm, availability: 99.5}
  vm_s2: {kind: vm, availability: 99.5}
  left: {availability: 99.5, replicas: 2, runs_on: [vm_l1, vm_l2], depends_on: [left_db]}
  left_db: {availability: 99.9, replicas: 2, min_healthy: 1, runs_on: [vm_l3, vm_l4]}
  vm_l1: {kind: vm, availability: 99.5}
  vm_l2: {kind: vm, availability: 99.5}
  vm_l3: {kind: vm, availability: 99.5}
  vm_l4: {kind: vm, availability: 99.5}
  right: {availability: 99.5, replicas: 2, runs_on: [vm_r1, vm_r2]}
  vm_r1: {kind: vm, availability: 99.5}
  vm_r2: {kind: vm, availability: 99.5}
"""


def test_modules_nest_and_their_derivatives_chain() -> None:
    arch = load_architecture_text(NESTED, "nested.yaml")
    s = compile_structure(arch)
    split = split_structure(s)
    names = {s.nodes[r] for r in split.roots}
    assert {"left", "left_db", "right", "shared"} <= names  # left_db inside left
    assert s.index["left_db"] not in split.owned[s.index["left"]]
    parts, whole = both(s)
    assert_same(parts, whole)
    expected = bf.importance(arch)
    for name, (birnbaum, criticality) in expected.items():
        got = parts.importance[s.index[name]]
        assert got.birnbaum == pytest.approx(birnbaum, abs=1e-12), name
        assert got.criticality == pytest.approx(criticality, abs=1e-9), name
