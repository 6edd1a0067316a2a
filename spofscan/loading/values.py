"""Durations and percents as the file writes them, turned into numbers.

Durations: a number means hours; a string is amounts with units ``s m h d w y``
(``90s``, ``2h30m``, ``10d``), a year being 365 days. Percents: a number, or a string
ending in ``%``.
"""

from __future__ import annotations

import re
from decimal import Decimal

HOURS_PER_UNIT = {"s": 1 / 3600, "m": 1 / 60, "h": 1.0, "d": 24.0, "w": 168.0, "y": 8760.0}
_AMOUNT = re.compile(r"([0-9]+(?:\.[0-9]+)?)([smhdwy])")


def duration_hours(value: float | str) -> float:
    """A duration in hours.

    >>> duration_hours(24), duration_hours("90m"), duration_hours("2h30m"), duration_hours("1w")
    (24.0, 1.5, 2.5, 168.0)
    """
    if not isinstance(value, str):
        return float(value)
    if not re.fullmatch(f"(?:{_AMOUNT.pattern})+", value):
        raise ValueError(f"{value!r} is not a duration")
    return sum(float(amount) * HOURS_PER_UNIT[unit] for amount, unit in _AMOUNT.findall(value))


def percent(value: float | str) -> float:
    """A percentage as a number: ``"99.95%"`` -> ``99.95``.

    >>> percent(99.9), percent("99.95%")
    (99.9, 99.95)
    """
    if not isinstance(value, str):
        return float(value)
    return float(value.removesuffix("%"))


def fraction(value: float | str) -> float:
    """A percentage as a fraction of 1, without binary noise: ``99.9`` -> ``0.999``.

    >>> fraction("99.5%"), fraction(99.99), fraction(100)
    (0.995, 0.9999, 1.0)
    """
    return float(Decimal(str(value).removesuffix("%")) / 100)
