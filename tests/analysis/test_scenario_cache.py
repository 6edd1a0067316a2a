"""Scenario after scenario on one model: the kept diagram or draw answers what a fresh
computation answers, to the last bit, exact and estimated, and the exact answer is the
brute-force one."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import numpy as np
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from spofscan.analysis import scenario_samples
from spofscan.analysis.availability import Settings, availability
from spofscan.analysis.compiled_structure import Structure, compile_structure
from spofscan.analysis.failure_draws import draw_failures, with_dead
from spofscan.analysis.sample_chunks import up_states
from spofscan.analysis.scenario_cache import Scenarios
from spofscan.analysis.what_if import resolve_names
from spofscan.loading import load_architecture_text
from spofscan.model import Architecture

from . import brute_force as bf
from .strategies import architectures, failure_names
from .test_monte_carlo import ROUNDING

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml

FORCE_ESTIMATE = Settings(node_budget=0, samples=6_400, seed=5)


def fresh(s: Structure, arch: Architecture, names: Sequence[str], how: Settings) -> object:
    """The system's availability as ``what-if`` computes it: from nothing kept."""
    return availability(s, resolve_names(arch, s, names), how).system


def can_fail(arch: Architecture, names: Sequence[str]) -> bool:
    """Whether every name can fail: the estimate ignores an instance without a basic
    event (availability 100), a limit of Monte Carlo that this reuse keeps as it is."""
    base = [n.split("[")[0] for n in names]
    return all(n in arch.journeys or arch.components[n].availability < 1 for n in base)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_exact_reuse_is_a_fresh_computation_and_brute_force(data: st.DataObject) -> None:
    arch = data.draw(architectures())
    s = compile_structure(arch)
    scenarios = Scenarios(s)
    for names in data.draw(st.lists(failure_names(arch), min_size=1, max_size=3)):
        kept = scenarios.system(resolve_names(arch, s, names))
        assert kept == fresh(s, arch, names, Settings())
        assert kept.value == pytest.approx(bf.what_if(arch, names).availability_after, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_estimated_reuse_is_a_fresh_computation(data: st.DataObject) -> None:
    arch = data.draw(architectures())
    s = compile_structure(arch)
    scenarios = Scenarios(s, FORCE_ESTIMATE)
    for names in data.draw(st.lists(failure_names(arch), min_size=1, max_size=3)):
        kept = scenarios.system(resolve_names(arch, s, names))
        assert kept == fresh(s, arch, names, FORCE_ESTIMATE)
        assert kept.method == "monte-carlo"
        if can_fail(arch, names) and kept.ci95 is not None:
            exact = bf.what_if(arch, names).availability_after
            low, high = kept.ci95
            margin = (high - low) / 2 + ROUNDING  # as test_monte_carlo allows
            assert low - margin <= exact <= high + margin


@pytest.fixture(scope="module")
def generated() -> tuple[Architecture, Structure]:
    text = to_yaml(generate(400, seed=3, journeys=2))
    arch = load_architecture_text(text, "generated.yaml")
    return arch, compile_structure(arch)


def scenario_names(arch: Architecture) -> list[list[str]]:
    """A VM, a zone, an instance, a common cause (if any), a journey, and some together, in an
    order that grows a scenario (``fail`` after ``fail``) and starts others afresh."""
    comps = arch.components
    vms = sorted(n for n, c in comps.items() if c.kind == "vm")
    zone = sorted(n for n, c in comps.items() if c.kind == "zone")[-1]
    replicated = sorted(n for n, c in comps.items() if c.replicas > 1)
    causes = sorted(c.common_cause_name for c in comps.values() if c.common_cause_unavailability)
    cause = causes[0] if causes else f"{replicated[1]}[0]"  # generated files have none
    journey = sorted(arch.journeys)[0]
    one, other = f"{replicated[0]}[1]", f"{replicated[-1]}[0]"
    return [
        *([vms[0]], [vms[0], one], [vms[0], one, cause], [vms[0], one, cause, zone]),
        *([zone], [zone, vms[1]], [one], [journey], [one, vms[1]], [one, vms[1], journey]),
        *([vms[1], other], [other, vms[1]], [cause], []),
    ]


@pytest.mark.parametrize("kept_bytes", [scenario_samples.KEPT_BYTES, 0])
@pytest.mark.parametrize("state_bytes", [2**28, 2**17])
@pytest.mark.parametrize("last_bytes", [scenario_samples.LAST_BYTES, 0])
def test_estimates_on_a_generated_architecture_are_a_fresh_computation(
    generated: tuple[Architecture, Structure],
    monkeypatch: pytest.MonkeyPatch,
    kept_bytes: int,
    state_bytes: int,
    last_bytes: int,
) -> None:
    """Kept states or none (past the memory budget), samples in one chunk or many, a
    scenario grown from the one before or evaluated from nothing failed."""
    monkeypatch.setattr(scenario_samples, "KEPT_BYTES", kept_bytes)
    monkeypatch.setattr(scenario_samples, "_STATE_BYTES", state_bytes)
    monkeypatch.setattr(scenario_samples, "LAST_BYTES", last_bytes)
    arch, s = generated
    how = Settings(node_budget=0, samples=20_000, seed=2)
    scenarios = Scenarios(s, how)
    for names in scenario_names(arch):
        assert scenarios.system(resolve_names(arch, s, names)) == fresh(s, arch, names, how)


def test_the_kept_states_are_each_node_s_state_with_nothing_failed(
    generated: tuple[Architecture, Structure], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scenario_samples, "_STATE_BYTES", 2**17)  # several chunks
    _, s = generated
    sampled = scenario_samples.SampledScenarios(s, samples=20_000, seed=2)
    assert sampled.kept is not None
    nodes = list(range(len(s.nodes)))
    every = up_states(s, [[n] for n in nodes], sampled.failures, sampled.words)
    for node in nodes:
        assert np.array_equal(sampled.kept.dense(node, 0, sampled.words), every[node])
        assert np.array_equal(sampled.kept.dense(node, 40, 100), every[node][40:140])


def test_exact_reuse_on_a_generated_architecture_is_a_fresh_computation() -> None:
    arch = load_architecture_text(to_yaml(generate(60, seed=4, journeys=1)), "small.yaml")
    s = compile_structure(arch)
    scenarios = Scenarios(s)
    for names in scenario_names(arch):
        kept = scenarios.system(resolve_names(arch, s, names))
        assert kept.method == "exact"
        assert kept == fresh(s, arch, names, Settings())


def test_the_dead_are_written_over_the_draw_with_nothing_dead() -> None:
    arch = load_architecture_text(to_yaml(generate(40, seed=1)), "small.yaml")
    s = compile_structure(arch)
    events = [0, 7, len(s.events) - 1]
    alive = draw_failures(s, np.random.default_rng(9), 50, set())
    drawn = draw_failures(s, np.random.default_rng(9), 50, {s.event_key(e) for e in events})
    expected = with_dead(alive, events, 50)
    assert all(np.array_equal(a, b) for a, b in zip(drawn, expected, strict=True))
    for e in events:  # failed in every sample
        rows = drawn.event == e
        assert np.array_equal(drawn.word[rows], np.arange(50))
        assert np.all(drawn.bits[rows] == np.iinfo(np.uint64).max)
    was, now = ~np.isin(alive.event, events), ~np.isin(drawn.event, events)
    assert all(np.array_equal(a[was], b[now]) for a, b in zip(alive, drawn, strict=True))
    assert np.all(np.diff(drawn.event) >= 0)
