"""Durations, percents and the words used in messages."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spofscan.loading import schema
from spofscan.loading.values import duration_hours, fraction, percent, reordered
from spofscan.loading.wording import describe, kind_of_value, show
from spofscan.suggest import did_you_mean


@pytest.mark.parametrize(
    ("written", "hours"),
    [
        (24, 24.0),
        (0.5, 0.5),
        ("90s", 0.025),
        ("45m", 0.75),
        ("2h30m", 2.5),
        ("1.5h", 1.5),
        ("10d", 240.0),
        ("1w", 168.0),
        ("1y", 8760.0),
        ("1d12h", 36.0),
    ],
)
def test_durations(written: float | str, hours: float) -> None:
    assert duration_hours(written) == pytest.approx(hours)


@pytest.mark.parametrize("written", ["2 hours", "h", "10", "1h 30m", "-1h", "1x", ""])
def test_not_durations(written: str) -> None:
    with pytest.raises(ValueError, match="is not a duration"):
        duration_hours(written)


@pytest.mark.parametrize(
    ("written", "meant"),
    [("1h1h", "2h"), ("30m2h", "2h30m"), ("1s1m1h", "1h1m1s"), ("0.5h1d0.5h", "1d1h")],
)
def test_units_go_from_largest_to_smallest_each_once(written: str, meant: str) -> None:
    with pytest.raises(ValueError, match="units must go from largest to smallest, each once"):
        duration_hours(written)
    assert reordered(written) == meant
    assert reordered(meant) is None


DURATION_PATTERN = re.compile(schema()["$defs"]["duration"]["anyOf"][1]["pattern"])


@given(st.text(alphabet="0123456789.ywdhms x", max_size=10))
def test_the_schema_takes_the_durations_the_loader_reads(written: str) -> None:
    try:
        duration_hours(written)
    except ValueError:
        assert DURATION_PATTERN.search(written) is None
    else:
        assert DURATION_PATTERN.search(written) is not None


def test_percents_and_fractions() -> None:
    assert percent("99.95%") == 99.95 and percent(100) == 100.0
    assert fraction(99.9) == 0.999 and fraction("99.99%") == 0.9999 and fraction(100) == 1.0


def test_words() -> None:
    assert describe(("journeys", "buy", "depends_on", 0)) == "'depends_on[0]' of journey 'buy'"
    assert describe(("objectives", "rpo")) == "'objectives.rpo'"
    assert show("it's") == '"it\'s"' and show([1]) == "a list"
    assert kind_of_value("x" * 50) == "a string" and kind_of_value(1.5) == "a number (1.5)"
    assert did_you_mean("Servce", ["service", "vm"]) == "did you mean 'service'?"
    assert did_you_mean("service", ["service"]) is None
