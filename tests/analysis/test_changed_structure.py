"""A changed file's structure, renumbered from its original's, is the one its own
compilation gives, and the evaluation order it carries from the original's is a valid
one: on random changed pairs, and on every fix the examples and the generated shapes
measure."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest
from hypothesis import HealthCheck, given, settings
from measured_candidates import EXAMPLES, file_id, measured_candidates, texts

from spofscan.analysis.analyse import analyse
from spofscan.analysis.changed_structure import changed_structure
from spofscan.analysis.compiled_structure import Structure, compile_structure, compiled
from spofscan.analysis.evaluation_order import _evaluation_order, carried_order, evaluation_order
from spofscan.loading import load_architecture_text
from spofscan.model import Architecture
from spofscan.model.examples import tiny_architecture
from spofscan.remediation.snippets import exact_outcome, load_with_entries, parse_document

from .strategies import architecture, changed_pairs, component, needs


def _same(found: Structure, whole: Structure) -> None:
    """Field by field, so that a failure names the field."""
    for field in fields(Structure):
        if field.compare:
            assert getattr(found, field.name) == getattr(whole, field.name), field.name
    every = range(len(whole.nodes))  # and the requirements it came with, when it did
    assert [found.requirements(n) for n in every] == [whole.requirements(n) for n in every]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(changed_pairs())
def test_a_changed_structure_is_its_own_compilation(
    pair: tuple[Architecture, Architecture],
) -> None:
    before, after = pair
    _same(changed_structure(compile_structure(before), before, after), compile_structure(after))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(changed_pairs())
def test_the_carried_order_is_an_evaluation_order(pair: tuple[Architecture, Architecture]) -> None:
    """When the original's order is known, the changed structure's comes from it: the
    same cycles as its own, and every node after what it needs (or none, found anew)."""
    before, after = pair
    base = compile_structure(before)
    evaluation_order(base)
    _carried_order_is_valid(changed_structure(base, before, after))


def _carried(t: Structure) -> list[list[int]] | None:
    """The order ``t`` carries from the structure it was renumbered from, if any."""
    changed_from = t.cache.changed_from
    return None if changed_from is None else carried_order(changed_from[0], t, *changed_from[1:])


def _carried_order_is_valid(t: Structure) -> bool:
    """Whether ``t`` carries an order; fails when that order is not a valid one, or not
    the one the structure then walks."""
    order = _carried(t)
    if order is None:
        return False
    assert sorted(order) == sorted(_evaluation_order(t))  # the same components, sorted
    where = {n: i for i, component in enumerate(order) for n in component}
    for n in range(len(t.nodes)):
        assert all(where[need] <= where[n] for need in t.requirements(n)), t.nodes[n]
    assert evaluation_order(t) == order
    return True


def test_an_edited_node_in_a_cycle_has_its_order_found_anew() -> None:
    """A node edited inside a cycle, or whose edit closes one through unedited nodes,
    leaves the changed structure to find its order itself; an edit elsewhere in the
    same file carries it."""
    web = component("web", 0.99, depends_on=[needs("api")])
    api = component("api", 0.99, depends_on=[needs("db")])
    db = component("db", 0.99)
    before = architecture([web, api, db])
    base = compile_structure(before)
    evaluation_order(base)
    closing = replace(db, depends_on=(needs("web"),))  # db -> web -> api -> db
    t = changed_structure(base, before, architecture([web, api, closing]))
    assert t.cache.changed_from is not None and _carried(t) is None
    assert [[t.nodes[n] for n in c] for c in evaluation_order(t)] == [["api", "db", "web"]]
    moved = replace(db, availability=0.9)  # no new edge: carried
    assert _carried_order_is_valid(changed_structure(base, before, architecture([web, api, moved])))
    cyclic = architecture([web, api, closing])
    base = compile_structure(cyclic)
    evaluation_order(base)
    inside = replace(api, availability=0.9)  # in the cycle web -> api -> db -> web
    t = changed_structure(base, cyclic, architecture([web, inside, closing]))
    assert t.cache.changed_from is not None and _carried(t) is None


def test_new_names_and_new_events_renumber_the_rest() -> None:
    """A new component sorts before the others (every index after it moves), and a
    changed one gains events (every event after it moves)."""
    before = architecture(
        [
            component("web", 0.99, depends_on=[needs("db")], runs_on=["vm"]),
            component("db", 0.99, runs_on=["vm"]),
            component("vm", 0.999, kind="vm"),
        ]
    )
    db = replace(before.components["db"], replicas=3, min_healthy=2, runs_on=("vm", "avm", "vm"))
    new = component("avm", 0.995, kind="vm")
    after = architecture([before.components["web"], db, before.components["vm"], new])
    assert after.components["web"] is before.components["web"]
    found = changed_structure(compile_structure(before), before, after)
    _same(found, compile_structure(after))
    assert found.nodes[0] == "avm"
    assert [e.name for e in found.events][-1] == "web"  # after db's three instances


def test_a_removed_component_compiles_the_file_whole() -> None:
    before = architecture([component("web", 0.99, depends_on=[needs("db")]), component("db")])
    after = architecture([component("web", 0.99)])
    _same(changed_structure(compile_structure(before), before, after), compile_structure(after))


def test_the_last_architecture_compiled_is_kept() -> None:
    first, second = tiny_architecture(), tiny_architecture()
    kept = compiled(first)
    assert compiled(first) is kept
    other = compiled(second)  # equal, but another object: compiled for itself
    assert other is not kept and other == kept
    assert compiled(second) is other and compiled(first) is not kept


@pytest.mark.parametrize(("file", "text"), texts(300, 1), ids=file_id)
def test_every_measured_fix_renumbers_to_its_compilation(
    file: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each candidate fix a check measures, exact or estimated, loaded from its entries
    as the measurement loads it."""
    arch = load_architecture_text(text, file)
    seen = measured_candidates(arch, text, monkeypatch)
    document, base = parse_document(text, file), compile_structure(arch)
    evaluation_order(base)
    carried = 0
    for candidate in seen:
        fixed, _ = load_with_entries(document, arch, candidate.entries)
        assert fixed is not None, candidate.component
        t = changed_structure(base, arch, fixed)
        _same(t, compile_structure(fixed))
        carried += _carried_order_is_valid(t)
        if file in EXAMPLE_FILES:  # and measured on it, exactly
            assert exact_outcome(fixed, source=arch) == exact_outcome(fixed)
    assert seen or not analyse(arch).spofs, file
    assert carried or not seen, file  # a fix changes a few nodes: its order is carried


EXAMPLE_FILES = {path.name for path in EXAMPLES}
