"""The engine against the brute-force enumeration of SPEC section 3, on random architectures.

Deterministic: the profile in conftest.py derandomizes hypothesis and keeps no database.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spofscan.analysis.results import Analysis, WhatIf
from spofscan.model import Architecture

from . import brute_force as bf
from .strategies import architectures, failure_names

TOL = 1e-9
SETTINGS = settings(
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)


def analyse(arch: Architecture) -> Analysis:
    from spofscan.analysis.analyse import analyse  # imported late: the engine is built apart

    return analyse(arch)


def what_if(arch: Architecture, names: list[str]) -> WhatIf:
    from spofscan.analysis.what_if import what_if

    return what_if(arch, names)


@SETTINGS
@given(architectures())
def test_events_and_availability(arch: Architecture) -> None:
    result = analyse(arch)
    got = sorted((e.name, e.component, e.instance, e.availability) for e in result.events)
    want = sorted((e.name, e.component, e.instance, e.availability) for e in bf.basic_events(arch))
    assert got == want
    assert result.system.method == "exact"
    system, expected = bf.availabilities(arch)
    assert result.system.value == pytest.approx(system, abs=TOL)
    assert sorted(e.name for e in result.entrypoints) == sorted(arch.entrypoints)
    for entrypoint in result.entrypoints:
        assert entrypoint.slo == arch.slo_of(entrypoint.name)
        value = expected[entrypoint.name]
        assert entrypoint.availability.value == pytest.approx(value, abs=TOL), entrypoint.name


@SETTINGS
@given(architectures())
def test_cut_sets_and_spofs(arch: Architecture) -> None:
    result = analyse(arch)
    order_1, order_2 = bf.cut_sets(arch)
    assert result.cut_sets.order_1 == tuple(order_1)
    assert result.cut_sets.order_2 == tuple(order_2)
    assert result.cut_sets.order_2_complete
    assert result.cut_sets.order_2_total == len(order_2)
    assert [(s.component, s.events, s.entrypoints) for s in result.spofs] == bf.spofs(arch)
    assert all(s.kind == arch.components[s.component].kind for s in result.spofs)


@SETTINGS
@given(architectures(), st.integers(0, 3))
def test_the_double_faults_are_counted_past_the_budget(arch: Architecture, budget: int) -> None:
    from spofscan.analysis.analyse import analyse

    cuts = analyse(arch, max_pairs=budget).cut_sets
    expected = len(bf.cut_sets(arch)[1])
    if cuts.order_2_complete:
        assert cuts.order_2_total == len(cuts.order_2) == expected
    else:  # counted apart, unless that count too ran out of checks
        assert cuts.order_2_total in (expected, None)


@SETTINGS
@given(architectures(), st.integers(0, 3))
def test_double_faults_checked_all_at_once(arch: Architecture, budget: int) -> None:
    """Candidate pairs checked all at once, bit-parallel (as when there are many per
    node they reach), are the brute force's double faults too, listed and counted."""
    from spofscan.analysis import cut_sets
    from spofscan.analysis.analyse import analyse

    expected = bf.cut_sets(arch)[1]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cut_sets, "PAIRS_PER_NODE", 0)
        whole = analyse(arch).cut_sets
        cut = analyse(arch, max_pairs=budget).cut_sets
    assert whole.order_2 == tuple(expected) and whole.order_2_complete
    assert cut.order_2_total in (len(expected), None)
    assert set(cut.order_2) <= set(expected)


@SETTINGS
@given(architectures())
def test_hard_dependencies(arch: Architecture) -> None:
    assert dict(analyse(arch).hard_dependencies) == bf.hard_dependencies(arch)


@SETTINGS
@given(architectures())
def test_which_shared_fates_harm_an_entrypoint(arch: Architecture) -> None:
    for fate in analyse(arch).shared_fate:
        expected = [c for c in fate.culprits if bf.harms(arch, fate.owner, fate.group, c)]
        assert list(fate.harmful) == expected, (fate.owner, fate.group)


@SETTINGS
@given(architectures())
def test_importance(arch: Architecture) -> None:
    result = analyse(arch)
    expected = bf.importance(arch)
    assert [i.component for i in result.importance] == sorted(arch.components)
    for got in result.importance:
        birnbaum, criticality = expected[got.component]
        assert got.availability == arch.components[got.component].availability
        assert got.birnbaum == pytest.approx(birnbaum, abs=TOL), got.component
        # (A_up - A) / (1 - A) divides by a small number when A is close to 1: relative too.
        assert got.criticality == pytest.approx(criticality, rel=1e-6, abs=TOL), got.component


@SETTINGS
@given(st.data())
def test_what_if(data: st.DataObject) -> None:
    arch = data.draw(architectures(), label="arch")
    names = data.draw(failure_names(arch), label="names")
    got, want = what_if(arch, names), bf.what_if(arch, names)
    assert got.failed == want.failed
    assert got.down == want.down
    assert got.degraded == want.degraded
    assert got.reduced == want.reduced
    assert got.entrypoints_down == want.entrypoints_down
    assert got.availability_after.value == pytest.approx(want.availability_after, abs=TOL)


@SETTINGS
@given(st.data())
def test_cut_sets_under_a_scenario(data: st.DataObject) -> None:
    from spofscan.analysis.compiled_structure import compile_structure
    from spofscan.analysis.scenario_cut_sets import further_pairs, further_spofs
    from spofscan.analysis.what_if import failure_state

    arch = data.draw(architectures(), label="arch")
    names = data.draw(failure_names(arch), label="names")
    s = compile_structure(arch)
    state = failure_state(arch, names, s)
    spofs = further_spofs(s, state.effect)
    every = range(len(s.events))
    pairs = further_pairs(s, state.evidence, every)
    singles, want_pairs = bf.further_cut_sets(arch, names)
    got = {s.events[e].name: tuple(sorted(s.nodes[n] for n in down)) for e, down in spofs.items()}
    assert got == singles
    named = sorted(tuple(sorted((s.events[a].name, s.events[b].name))) for a, b in pairs)
    assert named == want_pairs


@SETTINGS
@given(architectures())
def test_cut_sets_under_no_scenario_are_those_of_the_file(arch: Architecture) -> None:
    from spofscan.analysis.compiled_structure import compile_structure
    from spofscan.analysis.cut_sets import minimal_cut_sets
    from spofscan.analysis.evidence import NOTHING_DOWN
    from spofscan.analysis.propagation import propagate
    from spofscan.analysis.scenario_cut_sets import further_pairs, further_spofs

    s = compile_structure(arch)
    search = minimal_cut_sets(s)
    assert further_spofs(s, propagate(s, [])) == search.takes_down
    assert further_pairs(s, NOTHING_DOWN, range(len(s.events))) == search.order_2
