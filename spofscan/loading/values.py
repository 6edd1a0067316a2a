"""Durations and percents as the file writes them, turned into numbers.

Durations: a number means hours; a string is amounts with units ``y w d h m s``
(``90s``, ``2h30m``, ``10d``), a year being 365 days, each unit at most once and the
largest first: ``1h1h`` and ``30m2h`` are refused, so that a typo (``1h1h`` for
``1h1m``) cannot pass for a duration. Percents: a number, or a string ending in ``%``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from spofscan.units import HOURS_PER_YEAR

HOURS_PER_UNIT = {"y": HOURS_PER_YEAR, "w": 168.0, "d": 24.0, "h": 1.0, "m": 1 / 60, "s": 1 / 3600}
"""Hours in one of each unit, largest first: the order a duration writes them in."""
UNIT_ORDER = "units must go from largest to smallest, each once"
_AMOUNT = re.compile(r"([0-9]+(?:\.[0-9]+)?)([ywdhms])")
_AMOUNTS = re.compile(f"(?:{_AMOUNT.pattern})+")


def duration_hours(value: float | str) -> float:
    """A duration in hours.

    >>> duration_hours(24), duration_hours("90m"), duration_hours("2h30m"), duration_hours("1w")
    (24.0, 1.5, 2.5, 168.0)
    """
    if not isinstance(value, str):
        return float(value)
    if not _AMOUNTS.fullmatch(value):
        raise ValueError(f"{value!r} is not a duration")
    if reordered(value) is not None:
        raise ValueError(f"{value!r} is not a duration: {UNIT_ORDER}")
    return sum(float(amount) * HOURS_PER_UNIT[unit] for amount, unit in _AMOUNT.findall(value))


def reordered(text: str) -> str | None:
    """``text`` with its amounts added up by unit, largest unit first, when it is amounts
    with units that repeat or go up; None when it is in order or no amounts at all.

    >>> reordered("30m2h"), reordered("1h1h"), reordered("0.5h1.5h"), reordered("2h30m")
    ('2h30m', '2h', '2h', None)
    """
    if not _AMOUNTS.fullmatch(text):
        return None
    amounts = _AMOUNT.findall(text)
    written = "".join(unit for _, unit in amounts)
    ordered = "".join(unit for unit in HOURS_PER_UNIT if unit in written)
    if written == ordered:
        return None
    totals = {unit: sum(Decimal(a) for a, u in amounts if u == unit) for unit in ordered}
    return "".join(f"{Decimal(total).normalize():f}{unit}" for unit, total in totals.items())


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
