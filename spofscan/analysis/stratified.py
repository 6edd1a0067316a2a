"""Monte Carlo availability conditioned on the series events, with an exact interval.

A target (the system, every entrypoint up; or one entrypoint) has *series events*: the
basic events whose failure alone takes it down
(:func:`spofscan.analysis.series_events.series_of_targets`). The system is coherent
(a node is a monotone function of what it needs), so that stays true whatever else is
down, the evidence of a what-if included. With E the target's series events,

    P(target up) = P(every event of E up) * P(target up | every event of E up),

and the first factor is exact: the product of their availabilities. The samples are
left as drawn (what-if, the explorer and the fixes share them): the ``m`` samples in
which no event of E failed are a sample of the second factor, and every sample with the
target up is one of them. The estimate is ``P(E up) * hits / m``, post-stratified on
"E all up": the series events, often most of the downtime at five nines and more, add
nothing to its sampling error. With ``m = 0`` (a series event dead by the evidence) it
is 0, exactly.

Given ``m``, ``hits`` is binomial, and the interval is the Clopper-Pearson (exact
binomial) interval of ``hits / m`` scaled by the exact factor: at least 95% coverage
whatever the true value (Wilson's score interval, which it replaces, covered 0.92 at an
unavailability of 5e-6 with 200,064 samples). When every event the target reads is a
series event, nothing is left to chance: ``hits`` is 0 or ``m`` and the estimate is
exact, its interval of width zero.

Cost: one linear pass over the structure, kept with it; per estimate, an OR of the
series events' failure records, word by word.

>>> from spofscan.analysis.compiled_structure import compile_structure
>>> from spofscan.model.examples import tiny_architecture
>>> s = compile_structure(tiny_architecture())
>>> system, *_ = strata(s)
>>> [s.events[e].name for e in system.events], system.settled
(['api', 'db', 'vm'], True)
"""

from __future__ import annotations

import math
from collections import Counter
from typing import NamedTuple

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.int_bits import set_bits
from spofscan.analysis.intervals import clopper_pearson
from spofscan.analysis.results import Estimate
from spofscan.analysis.series_events import reaching, series_of_targets


class Stratum(NamedTuple):
    """A target's series events (sorted), the exact probability that all are up, and
    whether they are every event the target reads (``settled``)."""

    events: tuple[int, ...]
    exact: float
    settled: bool


def strata(s: Structure) -> list[Stratum]:
    """The stratum of the system, then of each entrypoint (``Structure.entrypoints``);
    computed once per structure."""
    if s.cache.strata is None:
        s.cache.strata = tuple(_strata(s))
    return [Stratum(*found) for found in s.cache.strata]


def _strata(s: Structure) -> list[Stratum]:
    system, each = series_of_targets(s)
    event_of = {s.event_key(e): e for e in range(len(s.events))}
    reach = reaching(s)
    # events each entrypoint reads, counted by the set of entrypoints that read them:
    # the bits of each set read once, not once per event
    by_readers = Counter(reach[node] for node in s.event_node)
    read = [0] * len(s.entrypoints)
    for readers, count in by_readers.items():
        for j in set_bits(readers):
            read[j] += count
    read_by_any = len(s.event_node) - by_readers[0]
    availability = [event.availability for event in s.events]
    found = []
    for keys, count in ((system, read_by_any), *zip(each, read, strict=True)):
        events = tuple(sorted(event_of[k] for k in keys if k in event_of))
        exact = math.prod(availability[e] for e in events)
        found.append(Stratum(events, exact, len(events) == count))
    return found


def conditioned(hits: int, untouched: int, stratum: Stratum) -> Estimate:
    """P(target up) from ``hits`` samples with it up among ``untouched`` in which no
    series event failed (module doc), with its 95% interval."""
    if untouched == 0:
        return Estimate(0.0, "monte-carlo", (0.0, 0.0))
    value = stratum.exact * (hits / untouched)  # all hits: exactly the exact factor
    if stratum.settled:
        return Estimate(value, "monte-carlo", (value, value))
    low, high = clopper_pearson(hits, untouched)
    return Estimate(value, "monte-carlo", (stratum.exact * low, stratum.exact * high))
