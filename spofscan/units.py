"""Availability in the units people read: percent, nines, downtime.

>>> percent(0.99330874), percent(0.999)
('99.3309%', '99.9%')
>>> round(nines(0.999), 6)
3.0
>>> downtime_hours_per_year(0.999)
8.76
>>> human_hours(8.76)
'8.8 h'
>>> human_hours(0.0876)
'5.3 min'
"""

from __future__ import annotations

import math

HOURS_PER_YEAR = 8760.0
HOURS_PER_MONTH = HOURS_PER_YEAR / 12


def nines(availability: float) -> float | None:
    """-log10(1 - A); None when A is 1 (no failure possible)."""
    if availability >= 1.0:
        return None
    return -math.log10(1.0 - availability) + 0.0  # + 0.0: no "-0.0" nines


def downtime_hours_per_year(availability: float) -> float:
    return round((1.0 - availability) * HOURS_PER_YEAR, 12)


def downtime_hours_per_month(availability: float) -> float:
    return round((1.0 - availability) * HOURS_PER_MONTH, 12)


def availability_cells(availability: float) -> tuple[str, str, str]:
    """The availability, its nines and its downtime a year, as every table shows them.

    >>> availability_cells(0.999), availability_cells(1.0)
    (('99.9%', '3.00', '8.8 h'), ('100%', '-', '0.0 s'))
    """
    n = nines(availability)
    shown = "-" if n is None else f"{n:.2f}"
    return percent(availability), shown, human_hours(downtime_hours_per_year(availability))


def percent(fraction: float) -> str:
    """A fraction as a percent with enough digits to tell nines apart."""
    if fraction >= 1.0:
        return "100%"
    digits = max(2, min(8, math.ceil(-math.log10(1.0 - fraction)) + 1))
    return f"{fraction * 100:.{digits}f}".rstrip("0").rstrip(".") + "%"


def human_hours(hours: float) -> str:
    """A duration in the unit that reads best.

    >>> human_hours(0.5), human_hours(30), human_hours(24 * 1e12)
    ('30.0 min', '30.0 h', '1e+12 days')
    """
    if hours >= 24 * 1e9:  # past a billion days, digits stop meaning anything
        return f"{hours / 24:.3g} days"
    if hours >= 48:
        return f"{hours / 24:.1f} days"
    if hours >= 1:
        return f"{hours:.1f} h"
    if hours * 60 >= 1:
        return f"{hours * 60:.1f} min"
    return f"{hours * 3600:.1f} s"
