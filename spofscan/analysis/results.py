"""Typed, immutable results of the analyses; renderers are pure functions of these."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

Method = Literal["exact", "monte-carlo"]


@dataclass(frozen=True)
class Event:
    """A basic event: one instance of a component that can fail on its own, with its
    component's MTBF and MTTR where the file gives them.

    Two more roles belong to a replicated component as a whole: its common cause
    (``name[*]``, instance ``COMMON_CAUSE``: every instance fails at once) and its
    failover (``name[failover]``, instance ``FAILOVER``: the component is down while a
    standby takes over). A failover is a consequence of instance 0's failures, not a
    failure of its own: it counts in the availability, never in cut sets."""

    name: str
    component: str
    instance: int
    availability: float
    mtbf_hours: float | None = None
    mttr_hours: float | None = None
    role: EventRole = "instance"


EventRole = Literal["instance", "common_cause", "failover"]
COMMON_CAUSE = -1  # the instance index of a component's common-cause event
FAILOVER = -2  # the instance index of a component's failover event


@dataclass(frozen=True)
class Estimate:
    """A probability, exact or estimated by Monte Carlo with its 95% interval."""

    value: float
    method: Method = "exact"
    ci95: tuple[float, float] | None = None


@dataclass(frozen=True)
class EntrypointResult:
    """Availability of one entrypoint against its objective."""

    name: str
    availability: Estimate
    slo: float | None

    @property
    def slo_met(self) -> bool | None:
        if self.slo is None:
            return None
        return self.availability.value >= self.slo


@dataclass(frozen=True)
class Spof:
    """A component one of whose basic events, failing alone, takes entrypoints down."""

    component: str
    kind: str
    events: tuple[str, ...]
    entrypoints: tuple[str, ...]


@dataclass(frozen=True)
class FailureFrequency:
    """How often the system fails, and for how long, in steady state.

    ``failures_per_year``, ``mtbf_hours`` (mean up time between failures) and
    ``mttr_hours`` (mean down time) are None where they cannot be computed, and
    ``reason`` says why. ``coverage`` is the share of the system's unavailability that
    the basic events with an MTBF and an MTTR account for; ``missing`` names the
    components that matter to the system but give neither.
    """

    failures_per_year: float | None
    mtbf_hours: float | None
    mttr_hours: float | None
    coverage: float | None
    missing: tuple[str, ...] = ()
    reason: str | None = None


@dataclass(frozen=True)
class CutSets:
    """Minimal cut sets of the system (top event: some entrypoint down), as event names.

    ``order_2_complete`` is false when the enumeration of pairs stopped at its budget;
    ``order_2_total`` is the number of all double faults, listed or not (None when not
    known: the count too stopped at its budget, or there was no search).
    """

    order_1: tuple[tuple[str], ...]
    order_2: tuple[tuple[str, str], ...]
    order_2_complete: bool = True
    order_2_total: int | None = None


@dataclass(frozen=True)
class Importance:
    """How much a component matters to the system's availability.

    ``birnbaum`` = A(system | all instances up) - A(system | all instances down);
    ``criticality`` = (A(system | all instances up) - A) / (1 - A), the share of the
    system's unavailability the component accounts for (Birnbaum * (1 - a) / (1 - A) for
    a single instance).
    """

    component: str
    availability: float
    birnbaum: float | None
    criticality: float | None


def costliest_first(criticality: float | None, component: str) -> tuple[float, str]:
    """Sort key: the largest share of downtime first, to 12 decimals so that components
    of equal share tie by name, not by float dust."""
    return (-round(criticality or 0.0, 12), component)


@dataclass(frozen=True)
class SharedFate:
    """Replicas (``group`` -1) or dependency group ``group`` of ``owner`` that look
    redundant, but that one failure of any of ``culprits`` (nearest first) defeats.

    ``losses`` says how many replicas or members each culprit takes down (``lost``: the
    nearest). ``harmful`` lists the culprits (nearest first) whose failure takes an
    entrypoint down, or is in a double fault that takes one down only because this
    redundancy fails with it; every culprit when the double-fault search stopped
    before it could tell. Computed by the full analysis; empty without it.
    """

    owner: str
    group: int
    culprits: tuple[str, ...]
    lost: int = 0
    losses: tuple[int, ...] = ()
    harmful: tuple[str, ...] = ()


@dataclass(frozen=True)
class Analysis:
    """Everything ``check`` reports about one architecture."""

    events: tuple[Event, ...]
    system: Estimate
    entrypoints: tuple[EntrypointResult, ...]
    spofs: tuple[Spof, ...]
    cut_sets: CutSets
    articulation_points: tuple[str, ...]
    importance: tuple[Importance, ...]
    chains: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    cycles: tuple[tuple[str, ...], ...] = ()
    shared_fate: tuple[SharedFate, ...] = ()
    unreachable: tuple[str, ...] = ()
    order_2_candidates: int = 0
    frequency: FailureFrequency | None = None
    # Each component whose whole failure (every instance) takes entrypoints down: those.
    hard_dependencies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The size of the system's decision diagram (its parts together); None: estimated.
    diagram_nodes: int | None = None
    # When estimated: the samples where the system, then each entrypoint, was up (not
    # reported; the fixes are measured on the same samples).
    sample_ups: tuple[NDArray[np.uint64], ...] = field(default=(), compare=False, repr=False)
    # ... and the failures drawn for them (event, word, bits: failure_draws.Failures).
    sample_failures: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.uint64]] | None = field(
        default=None, compare=False, repr=False
    )
    # ... and every node's state in them, when asked for and they fit at once: taken (the
    # list emptied) by the fixes' measurement, which reads them rather than evaluate them.
    sample_states: list[NDArray[np.uint64]] = field(default_factory=list, compare=False, repr=False)

    def costliest(self, names: Collection[str], count: int) -> set[str]:
        """The ``count`` of ``names`` with the largest share of the downtime (by name
        among equals): what a picture or a terminal shows of thousands of SPOFs."""
        if len(names) <= count:
            return set(names)
        share = {i.component: i.criticality for i in self.importance}
        return set(sorted(names, key=lambda n: costliest_first(share.get(n), n))[:count])

    def least_available(self, count: int) -> set[str]:
        """The names of the ``count`` entrypoints that miss their objective, then are the
        least available (by name among equals): what a comment or a page shows of
        hundreds."""
        ranked = sorted(
            self.entrypoints, key=lambda e: (e.slo_met is not False, e.availability.value, e.name)
        )
        return {e.name for e in ranked[:count]}


@dataclass(frozen=True)
class WhatIf:
    """What failing some components, journeys or instances does to the system."""

    failed: tuple[str, ...]
    down: tuple[str, ...]
    degraded: tuple[str, ...]
    reduced: tuple[str, ...]
    entrypoints_down: tuple[str, ...]
    availability_after: Estimate
    why: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    failed_over: tuple[str, ...] = ()  # up, on a standby, after instance 0 failed
