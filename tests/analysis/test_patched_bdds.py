"""A changed file compiled into the original's diagram answers as a fresh compilation:
on random pairs of architectures that share component names, and node by node."""

from __future__ import annotations

from typing import Any

import pytest
from dd import cudd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spofscan.analysis import bdd_arrays, same_shape
from spofscan.analysis.availability import exact_availability, instance_probabilities
from spofscan.analysis.bdd import BudgetExceeded, NodeBdds
from spofscan.analysis.bdd_arrays import _walk, flatten, probability
from spofscan.analysis.changed_structure import edited_nodes
from spofscan.analysis.compiled_structure import compile_structure
from spofscan.analysis.patched_bdds import PatchedBdds
from spofscan.analysis.same_shape import KeptDiagram
from spofscan.analysis.system_diagram import WholeSystem
from spofscan.model import Architecture

from .strategies import architecture, changed_chains, changed_pairs, component, needs

TOL = 1e-12


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(changed_pairs())
def test_a_patched_diagram_answers_as_a_fresh_one(pair: tuple[Architecture, Architecture]) -> None:
    original, changed = pair
    s, t = compile_structure(original), compile_structure(changed)
    patched = PatchedBdds(NodeBdds(s), t)
    system = WholeSystem(t, patched)
    probs = instance_probabilities(t, patched)
    fresh = exact_availability(t)
    assert fresh is not None
    assert system.system(probs) == pytest.approx(fresh.system.value, abs=TOL)
    each = system.entrypoints(probs)
    assert each == pytest.approx([e.value for e in fresh.entrypoints], abs=TOL)
    kept = KeptDiagram(s).evaluate(t)  # unchanged entrypoints keep their values
    assert kept is not None
    assert kept.system == pytest.approx(fresh.system.value, abs=TOL)
    assert kept.entrypoints == pytest.approx([e.value for e in fresh.entrypoints], abs=TOL)
    # compared only where the components are new objects: the same nodes compiled again
    edited = edited_nodes(original, changed)
    assert PatchedBdds(NodeBdds(s), t, edited=edited).changed == patched.changed
    known = KeptDiagram(s, source=original)
    assert known.edited(changed) == edited
    assert known.evaluate(t, edited=edited) == kept


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(changed_chains())
def test_a_diagram_patched_twice_answers_as_fresh_ones(
    files: tuple[Architecture, Architecture, Architecture],
) -> None:
    s, t, u = (compile_structure(f) for f in files)
    kept = KeptDiagram(s, source=files[0])
    step = kept.then(t, source=files[1])  # a plan's file after its first step
    assert step is not None
    assert step.source is files[1]
    for diagram, structure in ((step, u), (kept, t), (step, t), (kept, u)):
        fresh = exact_availability(structure)
        assert fresh is not None
        values = diagram.evaluate(structure)
        assert values is not None
        assert values.system == pytest.approx(fresh.system.value, abs=TOL)
        assert values.entrypoints == pytest.approx([e.value for e in fresh.entrypoints], abs=TOL)
    assert kept.evaluate(u, edited=kept.edited(files[2])) == kept.evaluate(u)
    again = step.then(u)
    assert again is not None
    for structure in (u, s):  # the same file, and one more change
        fresh = exact_availability(structure)
        values = again.evaluate(structure)
        assert fresh is not None and values is not None
        assert values.system == pytest.approx(fresh.system.value, abs=TOL)


def a_replica_for_db() -> tuple[Architecture, Architecture]:
    """A file whose db has users on two paths, and the same with db on two VMs."""
    before = architecture(
        [
            component("web", 0.99, depends_on=[needs("api")]),
            component("api", 0.99, depends_on=[needs("db")], runs_on=["vm"]),
            component("db", 0.99, runs_on=["vm"]),
            component("vm", 0.999, kind="vm"),
            component("admin", 0.99, depends_on=[needs("db")]),
        ]
    )
    after = dict(before.components)
    after["db"] = component("db", 0.99, replicas=2, runs_on=["vm", "vm2"])
    after["vm2"] = component("vm2", 0.999, kind="vm")
    return before, architecture(after.values())


def test_only_what_changed_and_what_needs_it_is_compiled_again() -> None:
    before, changed = a_replica_for_db()
    s, t = compile_structure(before), compile_structure(changed)
    original = NodeBdds(s)
    patched = PatchedBdds(original, t)
    assert sorted(t.nodes[n] for n in patched.changed) == ["admin", "api", "db", "vm2", "web"]
    vm = t.index["vm"]
    assert patched.up[vm] == original.up[s.index["vm"]]  # the very same diagram
    fresh = NodeBdds(t)
    ours, theirs = instance_probabilities(t, patched), instance_probabilities(t, fresh)
    for node in range(len(t.nodes)):
        assert probability(patched.up[node], ours) == pytest.approx(
            probability(fresh.up[node], theirs), abs=TOL
        ), t.nodes[node]


def test_a_change_that_would_rebuild_more_than_the_work_budget_is_refused() -> None:
    before, changed = a_replica_for_db()
    s, t = compile_structure(before), compile_structure(changed)
    original = NodeBdds(s)
    rebuilt = ["admin", "api", "db", "web"]  # vm2 is new: nothing of it to rebuild
    work = sum(original.up[s.index[name]].dag_size for name in rebuilt)
    assert [original.function_size(s.index[name]) for name in rebuilt] == [
        original.up[s.index[name]].dag_size for name in rebuilt
    ]
    variables = len(original.manager.vars)
    with pytest.raises(BudgetExceeded, match=f"rebuilding {work} diagram nodes"):
        PatchedBdds(original, t, work_budget=work - 1)
    assert len(original.manager.vars) == variables  # refused before adding any
    patched = PatchedBdds(original, t, work_budget=work)
    assert sorted(t.nodes[n] for n in patched.changed) == sorted([*rebuilt, "vm2"])
    kept = KeptDiagram(s, source=before)
    assert kept.evaluate(t, edited=kept.edited(changed)) is not None
    monkeypatch = pytest.MonkeyPatch()
    with monkeypatch.context() as m:
        m.setattr(same_shape, "PATCH_WORK", 0)
        assert kept.evaluate(t, edited=kept.edited(changed)) is None  # outgrown: estimated


def test_a_diagram_read_through_a_file_keeps_inserted_variables_in_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    manager = cudd.BDD()
    manager.declare(*[f"x{i}" for i in range(12)])
    manager.insert_var("y", 3)  # x3 to x11 move one level down
    function = manager.true
    for i in range(12):
        term = manager.var(f"x{i}") | (manager.var("y") & manager.var(f"x{11 - i}"))
        function = function & term if i % 2 else function | term
    walked = _walk(function)
    monkeypatch.setattr(bdd_arrays, "_WALK_LIMIT", 0)  # through DDDMP, as large ones are
    written = flatten(function)
    assert written.levels.tolist() == walked.levels.tolist()
    probs = [0.5 + i / 40 for i in range(13)]
    assert probability(written, probs) == pytest.approx(probability(walked, probs), abs=TOL)


@st.composite
def functions(draw: st.DrawFn, manager: cudd.BDD) -> Any:
    """A random function of the manager's variables: literals joined by and, or, not."""
    names = sorted(manager.vars)
    terms = [manager.var(n) for n in draw(st.lists(st.sampled_from(names), min_size=1))]
    function = terms[0]
    for term in terms[1:]:
        kind = draw(st.integers(0, 2))
        function = function & term if kind == 0 else function | term if kind == 1 else ~function
    return function


@settings(max_examples=200)
@given(st.data())
def test_a_diagram_evaluated_on_known_nodes_answers_as_whole(data: st.DataObject) -> None:
    manager = cudd.BDD()
    manager.declare(*[f"x{i}" for i in range(8)])
    probs = data.draw(st.lists(st.floats(0.01, 0.99), min_size=8, max_size=8))
    first, second = data.draw(functions(manager)), data.draw(functions(manager))
    known: dict[int, float] = {}
    assert bdd_arrays.shared_probability(first, probs, {}, known) == pytest.approx(
        probability(first, probs), abs=TOL
    )
    both = first & second  # shares the nodes of first, and of second
    found: dict[int, float] = {}
    assert bdd_arrays.shared_probability(both, probs, known, found) == pytest.approx(
        probability(both, probs), abs=TOL
    )
    assert not found.keys() & known.keys()  # a known node is not evaluated again
