"""Availability of each entrypoint and of the system, and the importance of components.

Exact by default: the structure is compiled to a BDD (:mod:`spofscan.analysis.bdd`), so a
component shared by several branches is counted once. When the diagram outgrows its
budget, a seeded Monte Carlo estimate stands in and says so (``method`` and ``ci95``).
Evidence (what-if) forces nodes or single instances down.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spofscan.analysis import montecarlo
from spofscan.analysis.bdd import (
    DEFAULT_NODE_BUDGET,
    BudgetExceeded,
    DiagramModel,
    gradient,
    probability,
)
from spofscan.analysis.results import Estimate
from spofscan.analysis.structure import Structure


@dataclass(frozen=True)
class Evidence:
    """What is known to be down: whole nodes, and single instances."""

    nodes: frozenset[int] = frozenset()
    instances: frozenset[tuple[int, int]] = frozenset()


@dataclass(frozen=True)
class Availability:
    """System and per-entrypoint (aligned with ``Structure.entrypoints``) availability."""

    system: Estimate
    entrypoints: tuple[Estimate, ...]
    diagram: DiagramModel | None


@dataclass(frozen=True)
class Settings:
    """Budgets and seed of the availability computation."""

    node_budget: int = DEFAULT_NODE_BUDGET
    samples: int = montecarlo.DEFAULT_SAMPLES
    seed: int = 0


def availability(
    s: Structure, evidence: Evidence = Evidence(), settings: Settings = Settings()
) -> Availability:
    """Exact availability when the diagram fits the budget, else a Monte Carlo estimate."""
    try:
        diagram = DiagramModel(s, forced_down=evidence.nodes, node_budget=settings.node_budget)
    except BudgetExceeded:
        targets = [list(s.entrypoints), *([e] for e in s.entrypoints)]
        system_mc, *each_mc = montecarlo.estimate(
            s,
            targets,
            samples=settings.samples,
            seed=settings.seed,
            forced_down=evidence.nodes,
            forced_instances=evidence.instances,
        )
        return Availability(system_mc, tuple(each_mc), None)
    probs = instance_probabilities(s, diagram, evidence.instances)
    system = probability(diagram.all_of(s.entrypoints), probs)
    each = tuple(Estimate(_clamp(probability(diagram.up[e], probs))) for e in s.entrypoints)
    return Availability(Estimate(_clamp(system)), each, diagram)


def instance_probabilities(
    s: Structure, diagram: DiagramModel, dead: Iterable[tuple[int, int]] = ()
) -> list[float]:
    """Per-variable probabilities: each instance's own availability, 0 where forced down."""
    p_instance = {
        (s.event_node[e], s.event_instance[e]): ev.availability for e, ev in enumerate(s.events)
    }
    for instance in dead:
        p_instance[instance] = 0.0
    return diagram.level_probabilities(p_instance)


def importance(
    s: Structure, diagram: DiagramModel, system_value: float
) -> dict[int, tuple[float, float]]:
    """Birnbaum importance and criticality of every component node.

    Single-instance components take their Birnbaum measure from one backward pass over
    the system's diagram; replicated ones condition all their instances at once.
    """
    system_fn: Any = diagram.all_of(s.entrypoints)
    probs = instance_probabilities(s, diagram)
    grad = gradient(system_fn, probs)
    result = {}
    for node in range(len(s.nodes)):
        if s.is_journey[node]:
            continue
        levels = [
            diagram.var_of[(node, i)]
            for i in range(len(s.instance_events[node]))
            if (node, i) in diagram.var_of
        ]
        if not levels:
            result[node] = (0.0, 0.0)
            continue
        if len(levels) == 1:
            birnbaum = grad[levels[0]]
            up_value = system_value + (1.0 - probs[levels[0]]) * birnbaum
        else:
            up_value = probability(system_fn, _with(probs, levels, 1.0))
            birnbaum = up_value - probability(system_fn, _with(probs, levels, 0.0))
        unavailability = 1.0 - system_value
        criticality = (up_value - system_value) / unavailability if unavailability > 0 else 0.0
        result[node] = (_clamp(birnbaum), _clamp(criticality))
    return result


def _with(probs: list[float], levels: list[int], value: float) -> list[float]:
    changed = list(probs)
    for level in levels:
        changed[level] = value
    return changed


def _clamp(value: float) -> float:
    """Remove floating-point dust outside [0, 1]."""
    return min(1.0, max(0.0, value))
