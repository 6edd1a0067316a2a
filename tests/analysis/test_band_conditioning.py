"""Changes of a diagram's probability with groups of variables set, over their bands:
against the diagram restricted by CUDD, both ways of passing, and small changes kept."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest
from dd import cudd
from hypothesis import given, settings
from hypothesis import strategies as st

from spofscan.analysis import band_conditioning
from spofscan.analysis.analyse import analyse
from spofscan.analysis.band_conditioning import changes
from spofscan.analysis.bdd_arrays import flatten, probability
from spofscan.analysis.forest import Forest
from spofscan.model import Architecture

from . import brute_force as bf
from .strategies import architectures

# (_STEP, _PASS, _COLUMNS): the module's own costs; bands as narrow as they come; every
# group a pass over the whole diagram; and one group a pass
PLANS = [(2_000, 20_000, 256), (0, 0, 256), (10**9, 0, 256), (0, 0, 1)]


def _random_function(rng: random.Random, manager: cudd.BDD, names: list[str]) -> object:
    variables = [manager.var(name) for name in names]
    function = manager.false
    for _ in range(rng.randint(1, 8)):
        term = manager.true
        for v in rng.sample(variables, rng.randint(1, min(len(names), 4))):
            term &= v if rng.random() < 0.6 else ~v
        function = function | term if rng.random() < 0.7 else function & ~term
    return ~function if rng.random() < 0.3 else function


def _planned(mp: pytest.MonkeyPatch, plan: tuple[int, int, int]) -> None:
    for name, value in zip(("_STEP", "_PASS", "_COLUMNS"), plan, strict=True):
        mp.setattr(band_conditioning, name, value)


@pytest.mark.parametrize("plan", PLANS)
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_changes_match_the_restricted_diagram(plan: tuple[int, int, int], seed: int) -> None:
    with pytest.MonkeyPatch.context() as mp:
        _planned(mp, plan)
        _check_random_diagram(random.Random(seed))


def _check_random_diagram(rng: random.Random) -> None:
    """A random function of up to 14 variables, random groups of neighbours."""
    n = rng.randint(1, 14)
    manager = cudd.BDD()
    names = [f"x{i}" for i in range(n)]
    manager.declare(*names)
    function = _random_function(rng, manager, names)
    p = [rng.random() for _ in range(n)]
    groups = []
    for _ in range(rng.randint(1, 12)):
        first, width = rng.randrange(n), rng.randint(0, 4)
        groups.append(sorted({min(n - 1, first + rng.randint(0, width)) for _ in range(3)}))
    groups.append([])  # a group that reads nothing changes nothing
    base = probability(function, p)
    for levels, (up, down) in zip(groups, changes(flatten(function), p, groups), strict=True):
        if not levels:
            assert (up, down) == (0.0, 0.0)
            continue
        set_up = manager.let({names[i]: manager.true for i in levels}, function)
        set_down = manager.let({names[i]: manager.false for i in levels}, function)
        assert up == pytest.approx(probability(set_up, p) - base, abs=1e-12)
        assert down == pytest.approx(probability(set_down, p) - base, abs=1e-12)


def test_narrow_groups_of_a_deep_diagram_pass_in_bands(monkeypatch: pytest.MonkeyPatch) -> None:
    """A chain of 200 variables, groups of neighbours: passes over their bands, not
    over the whole diagram, and the changes the product formula gives."""
    manager = cudd.BDD()
    names = [f"x{i:03}" for i in range(200)]
    manager.declare(*names)
    function = manager.true
    for i in range(0, 200, 2):
        function &= manager.var(names[i]) | manager.var(names[i + 1])
    flat = flatten(function)
    planned: list[list[band_conditioning._Batch]] = []
    plan = band_conditioning._batches

    def spy(*args: Any) -> list[band_conditioning._Batch]:
        planned.append(plan(*args))
        return planned[-1]

    monkeypatch.setattr(band_conditioning, "_batches", spy)
    # eight groups a pass: passes over the whole diagram would be thirteen
    monkeypatch.setattr(band_conditioning, "_COLUMNS", 8)
    found = changes(flat, [0.9] * 200, [[i, i + 1] for i in range(0, 200, 2)])
    (batches,) = planned
    assert len(batches) > 1 and all(b.top - b.deepest < len(flat.spans) // 4 for b in batches)
    pair = 1 - 0.1**2  # each pair up: the system gains what that pair lacked; down: it is down
    whole = pair**100
    for up, down in found:
        assert up == pytest.approx(whole / pair - whole, rel=1e-12)
        assert down == pytest.approx(-whole, rel=1e-12)


def test_a_small_change_keeps_its_digits() -> None:
    """P = a | (b & c) with a nearly certain: setting b and c up gains (1 - a)(1 - bc),
    about 2e-13, which the difference of two probabilities near 1 gets wrong in the
    fourth digit; the change computed as such is right to the twelfth."""
    manager = cudd.BDD()
    manager.declare("a", "b", "c")
    a, b, c = (manager.var(v) for v in "abc")
    p = [1 - 1e-12, 0.9, 0.9]
    ((up, down),) = changes(flatten(a | (b & c)), p, [[1, 2]])
    exact_up = (1 - p[0]) * (1 - p[1] * p[2])
    assert up == pytest.approx(exact_up, rel=1e-9)
    assert down == pytest.approx(-(1 - p[0]) * p[1] * p[2], rel=1e-9)


@pytest.mark.parametrize("plan", PLANS[1:])
@settings(max_examples=25, deadline=None)
@given(arch=architectures())
def test_importance_in_bands_matches_brute_force(
    plan: tuple[int, int, int], arch: Architecture
) -> None:
    """Importance through the whole engine, each way of passing forced."""
    with pytest.MonkeyPatch.context() as mp:
        _planned(mp, plan)
        result = analyse(arch)
    expected = bf.importance(arch)
    for got in result.importance:
        birnbaum, criticality = expected[got.component]
        assert got.birnbaum == pytest.approx(birnbaum, abs=1e-9), got.component
        assert got.criticality == pytest.approx(criticality, rel=1e-6, abs=1e-9), got.component


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_a_forests_changes_are_its_values_differences(seed: int) -> None:
    """Several diagrams over disjoint variables evaluated together (a layer of modules):
    each one's change, column by column, is its value there less its value at ``p``."""
    rng = random.Random(seed)
    manager = cudd.BDD()
    names = [f"x{i:02}" for i in range(18)]
    manager.declare(*names)
    cut = sorted(rng.sample(range(1, 18), 2))
    parts = [names[: cut[0]], names[cut[0] : cut[1]], names[cut[1] :]]
    forest = Forest([flatten(_random_function(rng, manager, part)) for part in parts])
    p = forest.local([rng.random() for _ in names])
    columns = np.repeat(p[:, None], 6, axis=1)
    for j in range(6):
        chosen = rng.sample(range(len(p)), rng.randint(0, min(4, len(p))))
        columns[chosen, j] = [rng.choice([0.0, 1.0, rng.random()]) for _ in chosen]
    expected = forest.values(columns) - forest.values(p)[:, None]
    assert np.allclose(forest.changes(p, columns), expected, rtol=0, atol=1e-12)
