"""The one-pass single faults against one propagation per event.

:func:`~spofscan.analysis.propagation.propagate` is the definition here: whatever it
learns (new gates, new kinds of events), the one pass must agree with it on every
event, on random structures with cycles and on the generated shapes.
"""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spofscan.analysis.compiled_structure import Structure, compile_structure
from spofscan.analysis.propagation import FAILOVER_GATE, Counter, propagate, slacks
from spofscan.analysis.single_faults import SingleFaults, at_least, single_faults
from spofscan.loading import load_architecture_text
from spofscan.model import Architecture, DependencyGroup

from .strategies import any_of, architecture, architectures, component, needs
from .strategies import at_least as at_least_group

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import SHAPES, generate, to_yaml

SETTINGS = settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])


def one_propagation_per_event(s: Structure) -> SingleFaults:
    """What :func:`single_faults` computes, the slow way: one propagation per event and
    one per node forced down."""
    entry = frozenset(s.entrypoints)
    takes_down, harmless = {}, {}
    broken: dict[Counter, dict[int, int]] = {}
    room = slacks(s)
    for e, node in enumerate(s.event_node):
        if s.events[e].role == "failover":
            continue  # in no cut set
        effect = propagate(s, [(node, s.event_instance[e])])
        if effect.down & entry:
            takes_down[e] = effect.down & entry
        else:
            harmless[e] = effect
        for counter, loss in effect.losses.items():
            if counter[1] != FAILOVER_GATE and 0 < room[counter] < loss:
                by_node = broken.setdefault(counter, {})
                by_node[node] = max(loss, by_node.get(node, 0))
    whole_down = {
        node: propagate(s, [], forced_down=[node]).down & entry for node in set(s.event_node)
    }
    return SingleFaults(takes_down, harmless, whole_down, broken)


def assert_same(s: Structure) -> None:
    fast, slow = single_faults(s), one_propagation_per_event(s)
    assert fast.takes_down == slow.takes_down
    assert fast.whole_down == slow.whole_down
    assert fast.broken == slow.broken
    assert fast.harmless.keys() == slow.harmless.keys()
    for e, effect in slow.harmless.items():
        assert fast.harmless[e].down == effect.down
        assert fast.harmless[e].losses == effect.losses
        assert fast.harmless[e].lost_instances == effect.lost_instances


@st.composite
def tangled(draw: st.DrawFn) -> Architecture:
    """Up to 40 components that may name any other one: cycles of every length, hosts
    that depend on what runs on them, groups with members that need their owner."""
    names = [f"c{i:02d}" for i in range(draw(st.integers(2, 40)))]
    comps = []
    for name in names:
        others = [n for n in names if n != name]
        replicas = draw(st.integers(1, 4))
        hosts = draw(st.lists(st.sampled_from(others), max_size=replicas, unique=True))
        groups: list[DependencyGroup] = []
        for _ in range(draw(st.integers(0, 3))):
            members = draw(st.lists(st.sampled_from(others), min_size=1, max_size=4, unique=True))
            k = draw(st.integers(1, len(members)))
            groups.append(
                needs(members[0])
                if len(members) == 1
                else any_of(*members)
                if k == 1
                else at_least_group(k, *members)
            )
        comps.append(
            component(
                name,
                draw(st.sampled_from([1.0, 0.99, 0.999])),
                replicas=replicas,
                min_healthy=draw(st.integers(1, replicas)),
                runs_on=hosts,
                depends_on=_distinct(groups),
            )
        )
    arch = architecture(comps)
    if not arch.entrypoints:
        arch = architecture(
            comps, entrypoints=draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
        )
    return arch


def _distinct(groups: list[DependencyGroup]) -> list[DependencyGroup]:
    """Groups that name no member twice."""
    seen: set[str] = set()
    kept = []
    for group in groups:
        if not seen.intersection(group.members):
            kept.append(group)
            seen.update(group.members)
    return kept


@SETTINGS
@given(architectures(max_events=30))
def test_the_one_pass_agrees_with_propagation_on_random_architectures(arch: Architecture) -> None:
    assert_same(compile_structure(arch))


@SETTINGS
@given(tangled())
def test_the_one_pass_agrees_with_propagation_on_tangled_cycles(arch: Architecture) -> None:
    assert_same(compile_structure(arch))


@pytest.mark.parametrize("shape", SHAPES)
def test_the_one_pass_agrees_with_propagation_on_the_generated_shapes(shape: str) -> None:
    arch = load_architecture_text(to_yaml(generate(700, seed=4, shape=shape)), "gen.yaml")
    assert_same(compile_structure(arch))


@given(st.lists(st.integers(0, 255), max_size=6), st.integers(1, 7))
def test_at_least_counts_each_bit(inputs: list[int], t: int) -> None:
    expected = sum(1 << b for b in range(8) if sum((x >> b) & 1 for x in inputs) >= t)
    assert at_least(inputs, t) == expected


def test_a_node_needed_through_a_cycle_goes_down_with_it() -> None:
    # a and b need each other; vm hosts a; the entrypoint top needs b.
    arch = architecture(
        [
            component("top", depends_on=[needs("b")]),
            component("a", 0.99, runs_on=["vm"], depends_on=[needs("b")]),
            component("b", 0.99, depends_on=[needs("a")]),
            component("vm", 0.99),
        ]
    )
    s = compile_structure(arch)
    faults = single_faults(s)
    down = {s.events[e].name: sorted(s.nodes[n] for n in d) for e, d in faults.takes_down.items()}
    assert down == {"a": ["top"], "b": ["top"], "vm": ["top"]}
