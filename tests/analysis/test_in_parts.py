"""A file's system measured in parts (:mod:`spofscan.analysis.in_parts`), as the fixed
files of a file compiled apart are: against the brute-force enumeration, each
entrypoint's bound and value, and the objectives' verdict they give."""

from __future__ import annotations

import pytest
from apart_files import CHAINS
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from spofscan.analysis.bdd import DEFAULT_NODE_BUDGET
from spofscan.analysis.compiled_structure import compile_structure
from spofscan.analysis.entrypoints_apart import apart_split
from spofscan.analysis.in_parts import in_parts
from spofscan.loading import load_architecture_text
from spofscan.model import Architecture
from spofscan.remediation.snippets import objectives_met

from . import brute_force as bf
from .strategies import architectures

TOL = 1e-9
SETTINGS = settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(architectures())
def test_the_system_each_entrypoint_and_its_bound_match_the_enumeration(
    arch: Architecture,
) -> None:
    s = compile_structure(arch)
    found = in_parts(s, DEFAULT_NODE_BUDGET)
    want_system, want_each = bf.availabilities(arch)
    assert found.system == pytest.approx(want_system, abs=TOL)
    for j, e in enumerate(s.entrypoints):
        assert found.entrypoint(j) == pytest.approx(want_each[s.nodes[e]], abs=TOL)
        assert found.at_most(j) >= want_each[s.nodes[e]] - TOL


@SETTINGS
@given(architectures(), st.data())
def test_the_verdict_is_that_of_the_exact_values(arch: Architecture, data: st.DataObject) -> None:
    s = compile_structure(arch)
    found = in_parts(s, DEFAULT_NODE_BUDGET)
    _, each = bf.availabilities(arch)
    values = [each[s.nodes[e]] for e in s.entrypoints]
    # goals at the values and the bounds, where the verdict is hard to give
    near = [*values, *map(found.at_most, range(len(values))), found.system, 0.5, 0.999]
    goal = st.one_of(st.none(), st.sampled_from(near))
    goals = data.draw(st.lists(goal, min_size=len(values), max_size=len(values)))
    pairs = [(v, g) for v, g in zip(values, goals, strict=True) if g is not None]
    assume(all(abs(v - g) > TOL for v, g in pairs))  # else rounding decides, not the verdict
    want = all(v >= g for v, g in pairs) if pairs else None
    assert objectives_met(found, goals) == want


def test_a_file_whose_entrypoints_read_each_others_series_is_split_apart() -> None:
    """The chains' VMs are series for one head each: compiled in parts over every
    entrypoint's series variables, each head's value compiled alone."""
    arch = load_architecture_text(CHAINS, "chains.yaml")
    s = compile_structure(arch)
    assert apart_split(s, frozenset(), where_it_pays=False) is not None
    found = in_parts(s, DEFAULT_NODE_BUDGET)
    system, each = bf.availabilities(arch)
    assert found.system == pytest.approx(system, abs=TOL)
    assert [found.entrypoint(j) for j in range(len(s.entrypoints))] == pytest.approx(
        [each[s.nodes[e]] for e in s.entrypoints], abs=TOL
    )
