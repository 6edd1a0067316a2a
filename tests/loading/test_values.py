"""Durations, percents and the words used in messages."""

from __future__ import annotations

import pytest

from spofscan.loading.values import duration_hours, fraction, percent
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


@pytest.mark.parametrize("written", ["2 hours", "h", "10", "1h 30m", "-1h", "1x"])
def test_not_durations(written: str) -> None:
    with pytest.raises(ValueError, match="is not a duration"):
        duration_hours(written)


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
