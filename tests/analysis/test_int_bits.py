"""The bits of an integer used as a set, read back: the same positions, small or large."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from spofscan.analysis.int_bits import SMALL, set_bits


@given(st.sets(st.integers(min_value=0, max_value=200_000), max_size=300))
def test_the_bits_set_are_the_positions_put_in(positions: set[int]) -> None:
    assert set_bits(sum(1 << p for p in positions)) == sorted(positions)


@given(st.integers(min_value=0, max_value=SMALL + 200))
def test_either_side_of_the_small_limit(top: int) -> None:
    value = (1 << top) | (1 << (top // 2)) | 1
    assert set_bits(value) == sorted({0, top // 2, top})


def test_nothing_set_is_nothing_found() -> None:
    assert set_bits(0) == []
