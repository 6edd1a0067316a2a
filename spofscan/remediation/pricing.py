"""What a fix costs: the instances it adds, at what one instance costs a month.

A component's instance costs its ``cost_per_month``, else its kind's in
``defaults.cost_per_month``; an added part that has neither counts nothing (the fix's
price is then a lower bound, and docs/remediation.md says so). A fix's price is the sum,
over the entries of its snippet, of what each entry's instances cost a month beyond what
the file's entry of that name costs: a second replica costs one instance, a new VM one
VM, a stronger offering the difference of the two; a fix that saves money costs 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spofscan.loading.build_component import instance_cost
from spofscan.units import nines

MONTHS_PER_YEAR = 12


def fix_price(document: Mapping[str, Any], entries: Mapping[str, Any]) -> float:
    """The monthly price of what ``entries`` add to ``document``."""
    components = document.get("components") or {}
    defaults = (document.get("defaults") or {}).get("cost_per_month") or {}
    total = 0.0
    for name, body in entries.items():
        before = components.get(name)
        total += _monthly(body, defaults)
        if isinstance(before, dict):
            total -= _monthly(before, defaults)
    return max(0.0, total)


def _monthly(body: Mapping[str, Any], defaults: Mapping[str, Any]) -> float:
    """What all the instances of one component entry cost a month."""
    return _replicas(body) * (instance_cost(body, defaults) or 0.0)


def _replicas(body: Mapping[str, Any]) -> int:
    return int(body.get("replicas", 1))


def net_value_per_year(saved_hours: float, cost_per_hour: float, price: float) -> float:
    """The downtime cost a fix saves in a year, less what it adds in a year."""
    return saved_hours * cost_per_hour - price * MONTHS_PER_YEAR


def cost_of_a_nine(before: float, after: float, price: float) -> float | None:
    """The monthly price of one nine at the rate a plan buys them: its price over the
    nines it adds; None when it adds none, or costs nothing.

    >>> round(cost_of_a_nine(0.99, 0.999, 500.0), 6)
    500.0
    """
    gained_from, gained_to = nines(before), nines(after)
    if gained_from is None or price <= 0:
        return None
    if gained_to is None:  # 100%: infinitely many nines, at no rate one can state
        return None
    gained = gained_to - gained_from
    return price / gained if gained > 1e-9 else None
