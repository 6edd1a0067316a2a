"""The count of double faults, by groups of events and one by one, against brute force."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from spofscan.analysis.compiled_structure import compile_structure
from spofscan.analysis.double_fault_count import count_double_faults
from spofscan.analysis.single_faults import single_faults
from spofscan.model import Architecture

from . import brute_force as bf
from .strategies import any_of, architecture, architectures, component, needs


def counted(arch: Architecture, bulk_from: int, max_checks: int = 10**6) -> int | None:
    s = compile_structure(arch)
    faults = single_faults(s)
    fatal = {n for n, down in faults.whole_down.items() if down} | set(s.entrypoints)
    return count_double_faults(
        s, faults.harmless, fatal, max_checks=max_checks, bulk_from=bulk_from
    )


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(architectures())
def test_every_counter_counted_by_groups_or_none(arch: Architecture) -> None:
    expected = len(bf.cut_sets(arch)[1])
    assert counted(arch, bulk_from=1) == expected  # every fatal counter by groups
    assert counted(arch, bulk_from=10**9) == expected  # every pair checked


@pytest.mark.parametrize("bulk_from", [1, 10**9])
def test_a_pair_that_breaks_two_counters_counts_once(bulk_from: int) -> None:
    # top needs one of a, b and one of c, d; x hosts a and c, y hosts b and d:
    # x with y breaks both groups of top, and is one double fault.
    arch = architecture(
        [
            component("top", depends_on=[any_of("a", "b"), any_of("c", "d")]),
            component("a", runs_on=["x"]),
            component("b", runs_on=["y"]),
            component("c", runs_on=["x"]),
            component("d", runs_on=["y"], depends_on=[needs("e")]),
            component("e"),
            component("x", 0.99),
            component("y", 0.99),
        ]
    )
    assert bf.cut_sets(arch)[1] == [("x", "y")]
    assert counted(arch, bulk_from) == 1


def test_the_count_stops_at_its_budget() -> None:
    arch = architecture(
        [
            component("top", depends_on=[any_of("a", "b")]),
            component("a", 0.99),
            component("b", 0.99),
        ]
    )
    assert counted(arch, bulk_from=10**9, max_checks=1) == 1
    assert counted(arch, bulk_from=10**9, max_checks=0) is None
