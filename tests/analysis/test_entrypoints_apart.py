"""The system in parts over every entrypoint's series variables, each entrypoint alone,
against the brute-force enumeration and against the whole diagram."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from apart_files import CHAINS, whole_outgrows
from dd import cudd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from spofscan.analysis import system_diagram
from spofscan.analysis.availability import Settings, availability, instance_probabilities
from spofscan.analysis.bdd import DEFAULT_NODE_BUDGET
from spofscan.analysis.compiled_structure import Structure, compile_structure
from spofscan.analysis.entrypoints_apart import (
    ApartSystem,
    alone,
    apart_split,
    entrypoints_apart,
)
from spofscan.analysis.evidence import Evidence
from spofscan.analysis.modules import Split
from spofscan.analysis.scenario_cache import Scenarios
from spofscan.analysis.what_if import resolve_names
from spofscan.loading import load_architecture_text
from spofscan.model import Architecture

from . import brute_force as bf
from .strategies import architectures
from .test_modules import assert_same

TOL = 1e-9
SETTINGS = settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])


def _split(s: Structure) -> Split | None:
    """``s``'s split over every entrypoint's series variables when some entrypoint
    reads another's, whether or not compiling it so would pay."""
    return apart_split(s, frozenset(), where_it_pays=False)


@SETTINGS
@given(architectures())
def test_the_system_and_each_entrypoint_match_the_enumeration(arch: Architecture) -> None:
    s = compile_structure(arch)
    split = _split(s)
    assume(split is not None)
    assert split is not None
    diagram, system = entrypoints_apart(s, frozenset(), DEFAULT_NODE_BUDGET, split)
    probs = instance_probabilities(s, diagram)
    want_system, want_each = bf.availabilities(arch)
    assert system.system(probs) == pytest.approx(want_system, abs=TOL)
    names = [s.nodes[e] for e in s.entrypoints]
    got_each = dict(zip(names, system.entrypoints(probs), strict=True))
    assert got_each == pytest.approx(want_each, abs=TOL)


@SETTINGS
@given(architectures(), st.data())
def test_importance_frequency_and_evidence_are_those_of_the_whole_diagram(
    arch: Architecture, data: st.DataObject
) -> None:
    s = compile_structure(arch)
    assume(_split(s) is not None)
    forced = frozenset(data.draw(st.sets(st.sampled_from(range(len(s.nodes))), max_size=2)))
    evidence = Evidence(nodes=forced)
    whole = Settings(modular=False)
    want = availability(s, evidence, whole, with_importance=True)
    with pytest.MonkeyPatch.context() as patch:
        whole_outgrows(patch)
        fresh = compile_structure(arch)
        got = availability(fresh, evidence, with_importance=True)
    assert got.system.method == "exact"
    assert_same(got, want)


def test_a_vm_series_for_one_chain_only_is_fixed_for_the_system_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """vm_a is series for one_head (which runs on it alone), not for two_head (whose
    tail has a replica on vm_b): the split of every entrypoint fixes neither VM, the
    system's fixes both, and each head is compiled alone."""
    arch = load_architecture_text(CHAINS, "chains.yaml")
    s = compile_structure(arch)
    split = _split(s)
    assert split is not None
    whole_outgrows(monkeypatch)
    found = availability(s)
    system, each = bf.availabilities(arch)
    assert found.system.method == "exact"
    assert found.system.value == pytest.approx(system, abs=TOL)
    names = [s.nodes[e] for e in s.entrypoints]
    assert [e.value for e in found.entrypoints] == pytest.approx([each[n] for n in names])
    assert s.cache.whole_too_large == DEFAULT_NODE_BUDGET
    _, parts = entrypoints_apart(s, frozenset(), DEFAULT_NODE_BUDGET, split)
    assert isinstance(parts, ApartSystem)


def _managers() -> int:
    """The CUDD managers alive."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is cudd.BDD)


def test_each_entrypoints_own_diagram_lets_its_manager_go() -> None:
    """The entrypoints' own diagrams are flat once compiled: of the managers made, only
    the system's outlives the compilation (each held to the end made the next one
    slower to create), and their values stay those of the enumeration."""
    arch = load_architecture_text(CHAINS, "chains.yaml")
    s = compile_structure(arch)
    split = _split(s)
    assert split is not None and len(s.entrypoints) >= 2
    before = _managers()
    diagram, system = entrypoints_apart(s, frozenset(), DEFAULT_NODE_BUDGET, split)
    assert _managers() == before + 1
    _, each = bf.availabilities(arch)
    names = [s.nodes[e] for e in s.entrypoints]
    got = system.entrypoints(instance_probabilities(s, diagram))
    assert got == pytest.approx([each[n] for n in names], abs=TOL)


def test_each_entrypoint_alone_is_one_diagram() -> None:
    """An entrypoint compiled alone is not split into its modules (depth-first, a
    module's variables sit together: on chains the split saved no nodes and cost a
    diagram, a flattening and a pass per module): one part, the enumeration's value."""
    arch = load_architecture_text(CHAINS, "chains.yaml")
    s = compile_structure(arch)
    split = _split(s)
    assert split is not None
    _, each = bf.availabilities(arch)
    for j, keys in enumerate(split.series.of_entrypoint):
        own, part = alone(s, j, keys, frozenset(), DEFAULT_NODE_BUDGET)
        assert own.modules == [] and len(part.layers) == 1
        value = part.system(instance_probabilities(s, own))
        assert value == pytest.approx(each[s.nodes[s.entrypoints[j]]], abs=TOL)


def test_it_does_not_apply_when_every_entrypoint_reads_only_its_own_series() -> None:
    one = load_architecture_text(
        "spofscan: 1\nname: one\ncomponents:\n  vm: {kind: vm}\n"
        "  api: {kind: service, runs_on: vm}\n",
        "one.yaml",
    )
    assert _split(compile_structure(one)) is None


def test_the_explorers_scenarios_answer_as_availability_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The scenarios compile the file as availability does (its entrypoints apart), and
    do not mark it too large for a diagram, which would turn availability's later
    answers into estimates."""
    whole_outgrows(monkeypatch)
    arch = load_architecture_text(CHAINS, "chains.yaml")
    s = compile_structure(arch)
    scenarios = Scenarios(s)
    for names in (["one_tail[0]"], ["vm_a"], ["two_tail[1]", "one_tail[0]"], ["one_head"]):
        evidence = resolve_names(arch, s, names)
        got = scenarios.system(evidence)
        assert got == availability(s, evidence).system, names
        assert got.ci95 is None, names
    assert s.cache.diagram_too_large is None
    assert availability(s).system.method == "exact"


def test_a_whole_diagram_that_outgrew_the_budget_is_not_tried_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Once the whole diagram outgrew the budget, the same structure and budget go
    straight to the parts (the review page compiles the file check analysed), with
    the same answer; with nodes forced down, the whole is tried again."""
    whole_outgrows(monkeypatch)
    outgrown = vars(system_diagram)["NodeBdds"]  # whole_outgrows' double
    whole_tries: list[int] = []

    class Counted(outgrown):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            whole_tries.append(kwargs.get("split") is None)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(system_diagram, "NodeBdds", Counted)
    s = compile_structure(load_architecture_text(CHAINS, "chains.yaml"))
    first = availability(s).system
    assert sum(whole_tries) == 1 and s.cache.whole_too_large == DEFAULT_NODE_BUDGET
    assert availability(s).system == first
    assert sum(whole_tries) == 1
    availability(s, Evidence(frozenset({s.index["one_head"]}), frozenset()))
    assert sum(whole_tries) == 2
