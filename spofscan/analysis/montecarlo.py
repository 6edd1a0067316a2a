"""Seeded, bit-parallel Monte Carlo estimate of availability, for models too large for BDDs.

Samples are packed 64 to a machine word, so one NumPy operation evaluates a node in
thousands of samples at once. Each instance's failures are drawn as a Bernoulli process
by geometric gaps between failed samples, for all instances at once, which costs time in
proportion to the number of failures, not of samples; they are kept sparse (one record
per instance and word that holds a failure) and applied to a node's state only when the
node is evaluated. Nodes are evaluated requirements first, and a node's state is
released once nothing left to evaluate reads it; cycles iterate from "all up" until
nothing changes, the greatest fixed point of SPEC section 3. Intervals are Wilson score
intervals at 95%. The same samples give conditional estimates of each component's
importance (system up given all its instances up, or all down), counted from the sparse
failures.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from spofscan.analysis.order import evaluation_order, is_cyclic
from spofscan.analysis.results import Estimate
from spofscan.analysis.structure import Structure

DEFAULT_SAMPLES = 200_000
_STATE_BITS = 2**31  # at most 256 MiB of node states a chunk of samples
_BLOCK_RECORDS = 2**17  # failure records counted at once for importance
_BLOCK_DRAWS = 2**18  # failures drawn at once, about
_Z95 = 1.959963984540054
_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)
_SIX = np.uint64(6)
_LOW6 = np.uint64(63)

Bits = NDArray[np.uint64]
Ints = NDArray[np.int64]


@dataclass
class Tally:
    """Counts over the samples: targets up, and per component the conditional counts."""

    samples: int = 0
    hits: list[int] = field(default_factory=list)
    # per component node: [n all up, system up & all up, n all down, system up & all down]
    conditional: dict[int, list[int]] = field(default_factory=dict)


class Failures(NamedTuple):
    """Every failed sample of every event, one record per (event, word) with a failure:
    sorted by event, then word; ``bits`` has a 1 for each failed sample of the word."""

    event: Ints
    word: Ints
    bits: Bits

    def within(self, first: int, last: int) -> Failures:
        """The records of words ``first`` to ``last - 1``, words counted from ``first``."""
        keep = (self.word >= first) & (self.word < last)
        return Failures(self.event[keep], self.word[keep] - first, self.bits[keep])


def estimate(
    s: Structure,
    targets: Sequence[Sequence[int]],
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    forced_down: Iterable[int] = (),
    forced_instances: Iterable[tuple[int, int]] = (),
) -> list[Estimate]:
    """P(every node of each target up), one estimate per target.

    ``forced_down`` nodes and ``forced_instances`` are down in every sample.
    """
    tally = run(s, targets, samples=samples, seed=seed, evidence=(forced_down, forced_instances))
    return [wilson(h, tally.samples) for h in tally.hits]


def run(
    s: Structure,
    targets: Sequence[Sequence[int]],
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    evidence: tuple[Iterable[int], Iterable[tuple[int, int]]] = ((), ()),
    conditional: bool = False,
) -> Tally:
    """Draw ``samples`` states (rounded up to a multiple of 64) and tally them.

    With ``conditional``, also count, for each component, the samples where all its
    instances are up (or all down) by their own draw, and how many of those have the
    first target up. Instances forced down count as failed in every sample.
    """
    forced = frozenset(evidence[0])
    order = evaluation_order(s)
    words_total = max(1, math.ceil(samples / 64))
    failures = draw_failures(s, np.random.default_rng(seed), words_total, set(evidence[1]))
    keep = {node for target in targets for node in target}
    release = _release_points(s, order, keep)
    tally = Tally(hits=[0] * len(targets))
    counts = _Conditional(s) if conditional and targets else None
    chunk = max(16, min(words_total, _STATE_BITS // (64 * max(1, len(s.nodes)))))
    for first in range(0, words_total, chunk):
        words = min(chunk, words_total - first)
        part = failures.within(first, first + words)
        state = _evaluate(s, order, _OwnRows(part, len(s.events)), forced, words, release)
        ups = [_all_of(state, target, words) for target in targets]
        for t, up in enumerate(ups):
            tally.hits[t] += _popcount(up)
        if counts is not None:
            counts.add(part, ups[0])
    tally.samples = words_total * 64
    if counts is not None:
        tally.conditional = counts.result()
    return tally


def draw_failures(
    s: Structure, rng: np.random.Generator, words: int, dead: set[tuple[int, int]]
) -> Failures:
    """The failed samples of every event over ``64 * words`` samples; ``dead`` instances
    fail in all of them."""
    size = words * 64
    q = np.array([1.0 - event.availability for event in s.events], dtype=np.float64)
    dead_events = [
        e for e in range(len(s.events)) if (s.event_node[e], s.event_instance[e]) in dead
    ]
    q[dead_events] = 1.0
    rare = np.flatnonzero((q > 0.0) & (q < 0.5))
    parts = [_records(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))]
    # Rare failures by geometric gaps, a block of events at a time, so that the
    # temporaries stay small enough to be cached and reused.
    if rare.size:
        expected = np.cumsum(size * q[rare])
        marks = np.arange(1, 1 + int(expected[-1]) // _BLOCK_DRAWS) * _BLOCK_DRAWS
        for block in np.split(rare, np.searchsorted(expected, marks)):
            if block.size:
                parts.append(_records(*_bernoulli_gaps(rng, size, block, q[block])))
    frequent = np.flatnonzero(q >= 0.5).tolist()
    for e in frequent:
        # Frequent failures (or none up at all): draw every sample of this event.
        hit = np.arange(size) if q[e] >= 1.0 else np.flatnonzero(rng.random(size) < q[e])
        parts.append(_records(np.full(hit.size, e, dtype=np.int64), hit.astype(np.int64)))
    event = np.concatenate([part.event for part in parts])
    word = np.concatenate([part.word for part in parts])
    bits = np.concatenate([part.bits for part in parts])
    if frequent:  # their records were appended after the rare ones
        by_event = np.argsort(event, kind="stable")
        event, word, bits = event[by_event], word[by_event], bits[by_event]
    return Failures(event, word, bits)


def _bernoulli_gaps(
    rng: np.random.Generator, size: int, events: Ints, q: NDArray[np.float64]
) -> tuple[Ints, Ints]:
    """Failed samples in [0, size) of independent Bernoulli(q) processes, one per event,
    by geometric gaps drawn for all events at once: (event, position), sorted."""
    if events.size == 0:
        return events, events
    mean = size * q
    drawn = (mean + 5.0 * np.sqrt(mean) + 8.0).astype(np.int64)
    gaps = _geometric(rng, np.repeat(q, drawn))
    ends = np.cumsum(drawn)
    totals = np.cumsum(gaps)
    before = np.concatenate([[0], totals[ends[:-1] - 1]])
    position = totals - np.repeat(before, drawn) - 1
    short = np.flatnonzero(position[ends - 1] < size)
    owner = np.repeat(events, drawn)
    inside = position < size
    event, position = owner[inside], position[inside]
    if short.size:
        # Five standard deviations short: draw these events again, one by one.
        again = np.isin(event, events[short], invert=True)
        extra = [(int(events[i]), _one_process(rng, size, float(q[i]))) for i in short]
        event = np.concatenate([event[again], *(np.full(p.size, e) for e, p in extra)])
        position = np.concatenate([position[again], *(p for _, p in extra)])
        by_event = np.argsort(event, kind="stable")
        event, position = event[by_event], position[by_event]
    return event, position


def _geometric(rng: np.random.Generator, q: NDArray[np.float64]) -> Ints:
    """One Geometric(q) draw (trials up to the first failure, >= 1) per element, by
    inversion: vectorised logarithms are several times faster than ``rng.geometric``."""
    survive = 1.0 - rng.random(q.size)  # in (0, 1]
    trials = np.ceil(np.log(survive) / np.log1p(-q))
    gaps: Ints = np.clip(trials, 1, 2**62).astype(np.int64)  # no overflow for tiny q
    return gaps


def _one_process(rng: np.random.Generator, size: int, q: float) -> Ints:
    """Failed samples in [0, size) of one Bernoulli(q) process, by geometric gaps."""
    expected = int(size * q + 5 * math.sqrt(size * q) + 8)
    rate = np.full(expected, q)
    positions: Ints = np.cumsum(_geometric(rng, rate)) - 1
    while positions[-1] < size:
        more = np.cumsum(_geometric(rng, rate)) + positions[-1]
        positions = np.concatenate([positions, more])
    return positions[positions < size]


def _records(event: Ints, position: Ints) -> Failures:
    """Failed samples, sorted by event then position, as one record per event and word."""
    word = position >> 6
    bit = np.left_shift(np.uint64(1), (position & 63).astype(np.uint64))
    if event.size == 0:
        return Failures(event, word, bit)
    new = np.flatnonzero((event[1:] != event[:-1]) | (word[1:] != word[:-1])) + 1
    starts = np.concatenate([[0], new])
    return Failures(event[starts], word[starts], np.bitwise_or.reduceat(bit, starts))


class _OwnRows:
    """Each event's own state over a chunk, applied to a node's state on demand."""

    def __init__(self, part: Failures, events: int) -> None:
        self.offsets = np.searchsorted(part.event, np.arange(events + 1)).tolist()
        self.word = part.word
        self.survives = ~part.bits

    def apply(self, event: int, base: Bits) -> Bits:
        """``base`` and this event's own state: a new array only where it failed."""
        low, high = self.offsets[event], self.offsets[event + 1]
        if low == high:
            return base
        term = base.copy()
        term[self.word[low:high]] &= self.survives[low:high]
        return term


def _release_points(s: Structure, order: list[list[int]], keep: set[int]) -> list[list[int]]:
    """After evaluating ``order[i]``, the nodes whose states nothing later reads."""
    position = [0] * len(s.nodes)
    for i, component in enumerate(order):
        for node in component:
            position[node] = i
    last = list(position)
    for node in range(len(s.nodes)):
        for need in s.requirements(node):
            last[need] = max(last[need], position[node])
    release: list[list[int]] = [[] for _ in order]
    for node, i in enumerate(last):
        if node not in keep:
            release[i].append(node)
    return release


def _evaluate(
    s: Structure,
    order: list[list[int]],
    own: _OwnRows,
    forced: frozenset[int],
    words: int,
    release: list[list[int]],
) -> list[Bits]:
    ones = np.full(words, _ALL, dtype=np.uint64)
    zeros = np.zeros(words, dtype=np.uint64)
    state: list[Bits] = [ones] * len(s.nodes)
    for i, component in enumerate(order):
        if not is_cyclic(s, component):  # one node, settled in one pass
            node = component[0]
            state[node] = zeros if node in forced else _condition(s, node, own, state, ones)
        else:
            _fixed_point(s, component, own, state, forced, ones)
        for node in release[i]:
            state[node] = zeros  # nothing reads it any more: free its memory
    return state


def _fixed_point(
    s: Structure,
    component: list[int],
    own: _OwnRows,
    state: list[Bits],
    forced: frozenset[int],
    ones: Bits,
) -> None:
    zeros = np.zeros_like(ones)
    for _ in range(len(component) + 1):
        changed = False
        for node in component:
            value = zeros if node in forced else _condition(s, node, own, state, ones)
            if value is not state[node] and not np.array_equal(value, state[node]):
                state[node] = value
                changed = True
        if not changed:
            return


def _condition(s: Structure, node: int, own: _OwnRows, state: list[Bits], ones: Bits) -> Bits:
    terms = []
    for event, host in zip(s.instance_events[node], s.hosts[node], strict=True):
        base = state[host] if host >= 0 else ones
        terms.append(own.apply(event, base) if event >= 0 else base)
    result = at_least_bits(s.min_healthy[node], terms, ones)
    for group in s.groups[node]:
        result = result & at_least_bits(group.k, [state[m] for m in group.members], ones)
    return result


def at_least_bits(k: int, terms: Sequence[Bits], ones: Bits) -> Bits:
    """Bitwise "at least k of terms", by the same dynamic programme as the BDD."""
    if k <= 0:
        return ones
    if k > len(terms):
        return np.zeros_like(ones)
    if k == 1:
        return _reduce(np.bitwise_or, terms)
    if k == len(terms):
        return _reduce(np.bitwise_and, terms)
    row = [ones] + [np.zeros_like(ones)] * k
    for term in terms:
        for c in range(k, 0, -1):
            row[c] = row[c] | (row[c - 1] & term)
    return row[k]


def _reduce(op: np.ufunc, terms: Sequence[Bits]) -> Bits:
    result = terms[0]
    for term in terms[1:]:
        result = op(result, term)
    return result


def _all_of(state: list[Bits], target: Sequence[int], words: int) -> Bits:
    up = np.full(words, _ALL, dtype=np.uint64)
    for node in target:
        up = up & state[node]
    return up


class _Conditional:
    """Per component whose instances all can fail: samples with all of them up by their
    own draw, and with the system up too; the same with all of them down.

    Counted from the failure records, not from state rows: a single-instance component
    from its event's records, a replicated one from the union (some instance failed)
    and the intersection (all failed) of its instances' records, word by word.
    """

    def __init__(self, s: Structure) -> None:
        eligible = [
            n
            for n, events in enumerate(s.instance_events)
            if not s.is_journey[n] and events and min(events) >= 0
        ]
        self.nodes = eligible
        self.column = np.full(len(s.events), -1, dtype=np.int64)
        self.replicas = np.array([len(s.instance_events[n]) for n in eligible], dtype=np.int64)
        for column, node in enumerate(eligible):
            self.column[list(s.instance_events[node])] = column
        # [all up, system up & all up, all down, system up & all down] per column
        self.counts = np.zeros((4, len(eligible)), dtype=np.int64)

    def add(self, part: Failures, system: Bits) -> None:
        """Count one chunk of samples, whose system state is ``system``."""
        self.counts[0] += system.size * 64  # less the samples where some instance failed
        self.counts[1] += _popcount(system)
        column = self.column[part.event]
        mine = column >= 0
        column, word, failed = column[mine], part.word[mine], part.bits[mine]
        # Records come by event, so one component's are together: count them in blocks
        # that end between components, small enough for the temporaries to stay cached.
        low = 0
        while low < column.size:
            high = min(column.size, low + _BLOCK_RECORDS)
            if high < column.size:
                cut = int(np.searchsorted(column, column[high]))
                high = cut if cut > low else int(np.searchsorted(column, column[high], "right"))
            self._add_block(column[low:high], word[low:high], failed[low:high], system)
            low = high

    def _add_block(self, column: Ints, word: Ints, failed: Bits, system: Bits) -> None:
        first, columns = int(column[0]), int(column[-1]) - int(column[0]) + 1
        # Group the records by (column, word): instances of one component in one word.
        key = (column - first) * system.size + word
        by_key = np.argsort(key, kind="stable")
        key, failed = key[by_key], failed[by_key]
        starts = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]]))
        owner = key[starts] // system.size
        up_in = system[key[starts] % system.size]
        some = np.bitwise_or.reduceat(failed, starts)
        every = np.bitwise_and.reduceat(failed, starts)
        complete = np.diff(np.append(starts, key.size)) == self.replicas[owner + first]
        every[~complete] = 0
        block = self.counts[:, first : first + columns]
        block[0] -= _per_column(owner, np.bitwise_count(some), columns)
        block[1] -= _per_column(owner, np.bitwise_count(some & up_in), columns)
        block[2] += _per_column(owner, np.bitwise_count(every), columns)
        block[3] += _per_column(owner, np.bitwise_count(every & up_in), columns)

    def result(self) -> dict[int, list[int]]:
        return dict(zip(self.nodes, self.counts.T.tolist(), strict=True))


def _per_column(column: Ints, counts: NDArray[np.uint8], columns: int) -> Ints:
    """Sum of ``counts`` per column."""
    summed: Ints = np.bincount(column, weights=counts, minlength=columns).astype(np.int64)
    return summed


def _popcount(bits: Bits) -> int:
    return int(np.bitwise_count(bits).sum())


def wilson(hits: int, n: int) -> Estimate:
    """The proportion ``hits / n`` with its 95% Wilson score interval."""
    p = hits / n
    denom = 1 + _Z95**2 / n
    centre = (p + _Z95**2 / (2 * n)) / denom
    half = _Z95 * math.sqrt(p * (1 - p) / n + _Z95**2 / (4 * n * n)) / denom
    return Estimate(p, "monte-carlo", (max(0.0, centre - half), min(1.0, centre + half)))
