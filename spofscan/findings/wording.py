"""How finding messages write a duration."""

from __future__ import annotations


def duration(hours: float) -> str:
    """A duration in the largest unit that keeps it readable.

    >>> duration(0.5), duration(36), duration(1 / 60), duration(0.25 / 60)
    ('30 min', '36 h', '1 min', '15 s')
    """
    if hours >= 1:
        return f"{hours:g} h"
    if hours * 60 >= 1:
        return f"{hours * 60:g} min"
    return f"{hours * 3600:g} s"
