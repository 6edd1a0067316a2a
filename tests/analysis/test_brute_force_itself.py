"""The brute force is trusted on its own: known answers, and properties of the definition."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spofscan.model import Architecture

from . import brute_force as bf
from .strategies import architectures
from .test_known_answers import KNOWN, KNOWN_WHAT_IFS, TOL, KnownWhatIf

SETTINGS = settings(
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.mark.parametrize("name", KNOWN)
def test_known_availability(name: str) -> None:
    known = KNOWN[name]
    system, got = bf.availabilities(known.arch)
    assert system == pytest.approx(known.system, abs=TOL)
    assert bf.availability(known.arch) == pytest.approx(known.system, abs=TOL)
    assert got.keys() == set(known.arch.entrypoints)
    for entrypoint, expected in known.entrypoints.items():
        assert got[entrypoint] == pytest.approx(expected, abs=TOL)


@pytest.mark.parametrize("name", KNOWN)
def test_known_cut_sets_spofs_and_importance(name: str) -> None:
    known = KNOWN[name]
    order_1, order_2 = bf.cut_sets(known.arch)
    assert (tuple(order_1), tuple(order_2)) == (known.order_1, known.order_2)
    assert {comp: entrypoints for comp, _, entrypoints in bf.spofs(known.arch)} == known.spofs
    importance = bf.importance(known.arch)
    for comp, expected in known.birnbaum.items():
        assert importance[comp][0] == pytest.approx(expected, abs=TOL)


@pytest.mark.parametrize("known", KNOWN_WHAT_IFS, ids=lambda k: f"{k.case}-{'+'.join(k.names)}")
def test_known_what_if(known: KnownWhatIf) -> None:
    got = bf.what_if(KNOWN[known.case].arch, known.names)
    expected = (known.down, known.degraded, known.reduced, known.entrypoints_down)
    assert (got.down, got.degraded, got.reduced, got.entrypoints_down) == expected
    assert got.availability_after == pytest.approx(known.availability_after, abs=TOL)


def test_bridge_is_the_textbook_polynomial() -> None:
    for p in (0.5, 0.9, 0.99):
        arch = KNOWN["bridge"].arch
        comps = {
            n: dataclasses.replace(c, availability=p) if len(n) == 1 else c
            for n, c in arch.components.items()
        }
        expected = 2 * p**2 + 2 * p**3 - 5 * p**4 + 2 * p**5
        assert bf.availability(dataclasses.replace(arch, components=comps)) == pytest.approx(
            expected, abs=TOL
        )


@SETTINGS
@given(architectures())
def test_state_probabilities_sum_to_one(arch: Architecture) -> None:
    assert sum(s.probability for s in bf.states(arch)) == pytest.approx(1.0, abs=1e-12)


@SETTINGS
@given(architectures(max_events=6), st.data())
def test_up_set_is_the_greatest_fixed_point(arch: Architecture, data: st.DataObject) -> None:
    """Knaster-Tarski: the greatest fixed point is the union of every set S with S <= F(S)."""
    events = bf.basic_events(arch)
    failed = data.draw(st.sets(st.sampled_from(events))) if events else set()
    down = frozenset((e.component, e.instance) for e in failed)
    rules, nodes = bf.rules(arch), arch.node_names()
    union: set[str] = set()
    for size in range(len(nodes) + 1):
        for subset in map(frozenset, itertools.combinations(nodes, size)):
            if all(bf.holds(r, subset, down) for r in rules if r.name in subset):
                union |= subset
    assert bf.up_nodes(arch, down) == union


@SETTINGS
@given(architectures(max_events=8))
def test_failing_more_never_brings_anything_up(arch: Architecture) -> None:
    events = bf.basic_events(arch)
    for a, b in itertools.combinations(events, 2):
        one = bf.up_nodes(arch, frozenset([(a.component, a.instance)]))
        both = bf.up_nodes(arch, frozenset([(a.component, a.instance), (b.component, b.instance)]))
        assert both <= one


@SETTINGS
@given(architectures(max_events=8))
def test_soft_dependencies_never_change_availability(arch: Architecture) -> None:
    hard_only = {n: dataclasses.replace(c, soft_depends_on=()) for n, c in arch.components.items()}
    stripped = dataclasses.replace(arch, components=hard_only)
    assert bf.availability(stripped) == pytest.approx(bf.availability(arch), abs=TOL)


@SETTINGS
@given(architectures(max_events=8))
def test_importance_is_consistent_with_total_probability(arch: Architecture) -> None:
    """A = a A(up) + (1 - a) A(down) for a single-instance component, hence criticality."""
    a_sys, importance = bf.availability(arch), bf.importance(arch)
    for comp in arch.components.values():
        birnbaum, criticality = importance[comp.name]
        assert -TOL <= birnbaum <= 1 + TOL and -TOL <= criticality <= 1 + TOL
        if comp.replicas == 1 and a_sys < 1:
            share = birnbaum * (1 - comp.availability) / (1 - a_sys)
            assert criticality == pytest.approx(share, rel=1e-6, abs=TOL)


@SETTINGS
@given(architectures())
def test_cut_sets_take_the_system_down_and_are_minimal(arch: Architecture) -> None:
    events = {e.name: e for e in bf.basic_events(arch)}
    order_1, order_2 = bf.cut_sets(arch)
    for (name,) in order_1:
        assert bf.entrypoints_down_by(arch, [events[name]])
    for a, b in order_2:
        assert bf.entrypoints_down_by(arch, [events[a], events[b]])
        assert not bf.entrypoints_down_by(arch, [events[a]])
        assert not bf.entrypoints_down_by(arch, [events[b]])
    assert sorted(e for _, names, _ in bf.spofs(arch) for e in names) == [n for (n,) in order_1]
