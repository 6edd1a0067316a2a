"""Failures of every basic event over many samples, drawn fast and kept sparse.

Each event fails in each sample independently with probability q = 1 - a: a Bernoulli
process, drawn by geometric gaps between failed samples (by inversion, vectorised over
all events of a block at once), so drawing costs the number of failures, not of
samples. The failures are kept as one record per event and 64-sample word that holds
one: the event, the word, and a bit for each failed sample of that word.

>>> import numpy as np
>>> from spofscan.analysis.compiled_structure import compile_structure
>>> from spofscan.model.examples import tiny_architecture
>>> s = compile_structure(tiny_architecture())
>>> drawn = draw_failures(s, np.random.default_rng(0), 1000, set())
>>> bool(np.all(np.diff(drawn.event) >= 0)), drawn.bits.dtype.name
(True, 'uint64')
"""

from __future__ import annotations

import math
from typing import NamedTuple, Protocol, TypeVar

import numpy as np
from numpy.typing import NDArray

from spofscan.analysis.compiled_structure import Structure

_Item = TypeVar("_Item", bound=np.generic)
_BLOCK_DRAWS = 2**18  # failures drawn at once, about

Bits = NDArray[np.uint64]
Ints = NDArray[np.int64]


class Failures(NamedTuple):
    """Every failed sample of every event, one record per (event, word) with a failure:
    sorted by event, then word; ``bits`` has a 1 for each failed sample of the word."""

    event: Ints
    word: Ints
    bits: Bits

    def within(self, first: int, last: int) -> Failures:
        """The records of words ``first`` to ``last - 1``, words counted from ``first``:
        these very records, not a copy, when that is all of them (read, never written:
        hundreds of megabytes on a large file evaluated in one chunk)."""
        if first == 0 and (self.word.size == 0 or int(self.word.max()) < last):
            return self
        keep = (self.word >= first) & (self.word < last)
        return Failures(self.event[keep], self.word[keep] - first, self.bits[keep])


class Chunked(Protocol):
    """Failures read a chunk of words at a time: :class:`Failures`, or records built
    for each chunk as it is read."""

    def within(self, first: int, last: int) -> Failures:
        """The records of words ``first`` to ``last - 1``, words counted from ``first``."""
        ...


def draw_failures(
    s: Structure, rng: np.random.Generator, words: int, dead: set[tuple[int, int]]
) -> Failures:
    """The failed samples of every event over ``64 * words`` samples; ``dead`` instances
    fail in all of them.

    The dead are drawn like the others, then written over (:func:`with_dead`): every
    other event fails in the same samples whatever is dead, so that scenarios on one
    model share one draw, and the explorer, which keeps it, answers as ``what-if`` does.
    """
    return with_dead(_draw(s, rng, words), dead_events(s, dead), words)


def dead_events(s: Structure, dead: set[tuple[int, int]]) -> list[int]:
    """The events of ``dead`` instances (instances that cannot fail have none)."""
    return [e for e in range(len(s.events)) if s.event_key(e) in dead]


def with_dead(failures: Failures, events: list[int], words: int) -> Failures:
    """``failures`` with each of ``events`` failed in every sample of ``words`` words
    (one record per word, every bit set), in place of its own records."""
    if not events:
        return failures
    dead = np.unique(np.asarray(events, dtype=np.int64))
    alive = ~np.isin(failures.event, dead)
    kept = Failures(failures.event[alive], failures.word[alive], failures.bits[alive])
    at = np.repeat(np.searchsorted(kept.event, dead), words)
    every_word = np.tile(np.arange(words, dtype=np.int64), dead.size)
    all_failed = np.full(at.size, np.iinfo(np.uint64).max, dtype=np.uint64)
    return Failures(
        np.insert(kept.event, at, np.repeat(dead, words)),
        np.insert(kept.word, at, every_word),
        np.insert(kept.bits, at, all_failed),
    )


def _draw(s: Structure, rng: np.random.Generator, words: int) -> Failures:
    """The failed samples of every event over ``64 * words`` samples."""
    size = words * 64
    q = np.array([1.0 - event.availability for event in s.events], dtype=np.float64)
    rare = np.flatnonzero((q > 0.0) & (q < 0.5))
    frequent = np.flatnonzero(q >= 0.5).tolist()
    if not frequent:
        return _rare_records(rng, size, rare, q)
    parts = [_rare_records(rng, size, rare, q)]
    for e in frequent:
        # Frequent failures (or none up at all): draw every sample of this event.
        hit = np.arange(size) if q[e] >= 1.0 else np.flatnonzero(rng.random(size) < q[e])
        parts.append(records(np.full(hit.size, e, dtype=np.int64), hit.astype(np.int64)))
    event = np.concatenate([part.event for part in parts])
    word = np.concatenate([part.word for part in parts])
    bits = np.concatenate([part.bits for part in parts])
    by_event = np.argsort(event, kind="stable")  # the frequent came after the rare
    return Failures(event[by_event], word[by_event], bits[by_event])


def _rare_records(
    rng: np.random.Generator, size: int, rare: Ints, q: NDArray[np.float64]
) -> Failures:
    """The records of the ``rare`` events (0 < q < 0.5), by geometric gaps, a block of
    events at a time, so that the temporaries stay small enough to be cached and reused.

    Each block's records are written straight into arrays made once for as many records
    as the gaps drawn allow (every failure in a word of its own), and the records are
    views of their start: pages past the last record are never touched, so they take
    no memory. Gathered block by block and then joined, the records were held twice at
    the join: drawing the 26 million records of ``legacy:100000`` peaked at 2,067 MB,
    now 1,491 MB (the process, its file loaded). An event that failed more often than
    its gaps reach is drawn again, with more (:func:`_bernoulli_gaps`): the arrays then
    grow."""
    room = int(_drawn(size, q[rare]).sum())
    event = np.empty(room, dtype=np.int64)
    word = np.empty(room, dtype=np.int64)
    bits = np.empty(room, dtype=np.uint64)
    filled = 0
    if rare.size:
        expected = np.cumsum(size * q[rare])
        marks = np.arange(1, 1 + int(expected[-1]) // _BLOCK_DRAWS) * _BLOCK_DRAWS
        for block in np.split(rare, np.searchsorted(expected, marks)):
            if block.size:
                part = records(*_bernoulli_gaps(rng, size, block, q[block]))
                end = filled + part.event.size
                if end > event.size:
                    room = end + room // 8
                    event, word = _grown(event, filled, room), _grown(word, filled, room)
                    bits = _grown(bits, filled, room)
                event[filled:end], word[filled:end], bits[filled:end] = part
                filled = end
    return Failures(event[:filled], word[:filled], bits[:filled])


def _grown(values: NDArray[_Item], filled: int, room: int) -> NDArray[_Item]:
    """An array of ``room`` elements that starts with the ``filled`` first of
    ``values``."""
    grown = np.empty(room, dtype=values.dtype)
    grown[:filled] = values[:filled]
    return grown


def _drawn(size: int, q: NDArray[np.float64]) -> Ints:
    """Geometric gaps drawn for each event at once: five standard deviations past the
    expected failures, and eight more (an event short of them is drawn again)."""
    mean = size * q
    drawn: Ints = (mean + 5.0 * np.sqrt(mean) + 8.0).astype(np.int64)
    return drawn


def _bernoulli_gaps(
    rng: np.random.Generator, size: int, events: Ints, q: NDArray[np.float64]
) -> tuple[Ints, Ints]:
    """Failed samples in [0, size) of independent Bernoulli(q) processes, one per event,
    by geometric gaps drawn for all events at once: (event, position), sorted."""
    if events.size == 0:
        return events, events
    drawn = _drawn(size, q)
    gaps = _geometric(rng, np.repeat(np.log1p(-q), drawn), size)
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
        extra = [(int(events[i]), draw_process(rng, size, float(q[i]))) for i in short]
        event = np.concatenate([event[again], *(np.full(p.size, e) for e, p in extra)])
        position = np.concatenate([position[again], *(p for _, p in extra)])
        by_event = np.argsort(event, kind="stable")
        event, position = event[by_event], position[by_event]
    return event, position


def _geometric(rng: np.random.Generator, log_survive: NDArray[np.float64], size: int) -> Ints:
    """One Geometric(q) draw (trials up to the first failure, >= 1) per element, by
    inversion, each element's ``log(1 - q)`` given (an event's, repeated for each of its
    draws: computed once per event): vectorised logarithms are several times faster
    than ``rng.geometric``, and written in place, twice as fast again.

    Draws past ``size`` are cut to ``size + 1``: a gap that long leaves the range of
    samples whatever its length, and the running sums over thousands of nearly perfect
    components (q near 1e-16, gaps near 1e17) stay far from 64-bit overflow.
    """
    trials = rng.random(log_survive.size)
    np.subtract(1.0, trials, out=trials)  # in (0, 1]
    np.log(trials, out=trials)
    np.divide(trials, log_survive, out=trials)
    np.ceil(trials, out=trials)
    np.clip(trials, 1, size + 1, out=trials)
    gaps: Ints = trials.astype(np.int64)
    return gaps


def draw_process(rng: np.random.Generator, size: int, q: float) -> Ints:
    """Failed samples in [0, size) of one Bernoulli(q) process, by geometric gaps."""
    if q <= 0.0:
        return np.empty(0, dtype=np.int64)
    if q >= 1.0:
        return np.arange(size, dtype=np.int64)
    expected = int(size * q + 5 * math.sqrt(size * q) + 8)
    rate = np.full(expected, np.log1p(np.full(1, -q))[0])  # as numpy's loop computes it
    positions: Ints = np.cumsum(_geometric(rng, rate, size)) - 1
    while positions[-1] < size:
        more = np.cumsum(_geometric(rng, rate, size)) + positions[-1]
        positions = np.concatenate([positions, more])
    return positions[positions < size]


def records(event: Ints, position: Ints) -> Failures:
    """Failed samples, sorted by event then position, as one record per event and word."""
    word = position >> 6
    bit = (position & 63).view(np.uint64)  # each failed sample's bit in its word
    np.left_shift(np.uint64(1), bit, out=bit)
    if event.size == 0:
        return Failures(event, word, bit)
    new = np.flatnonzero((event[1:] != event[:-1]) | (word[1:] != word[:-1])) + 1
    starts = np.concatenate([[0], new])
    return Failures(event[starts], word[starts], np.bitwise_or.reduceat(bit, starts))
