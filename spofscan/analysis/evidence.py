"""What is known to be down: the failures of a what-if, as the exact diagram and the
Monte Carlo estimate of availability both take them (:mod:`spofscan.analysis.availability`,
:mod:`spofscan.analysis.montecarlo`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    """What is known to be down: whole nodes, and single ``(node, instance)`` pairs."""

    nodes: frozenset[int] = frozenset()
    instances: frozenset[tuple[int, int]] = frozenset()


NOTHING_DOWN = Evidence()  # the default: every failure left to chance
