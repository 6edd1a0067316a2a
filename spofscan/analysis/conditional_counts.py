"""Per component, how often all its instances are up (or all down) by their own draw,
and how often the system is up then: the conditional counts behind the Monte Carlo
estimate of importance.

Counted from the failure records (:mod:`spofscan.analysis.failure_draws`), not from
state rows: a single-instance component from its event's records, a replicated one from
the union (some instance failed) and the intersection (all failed) of its instances'
records, word by word.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.failure_draws import Bits, Failures, Ints

_BLOCK_RECORDS = 2**17  # failure records counted at once


class UpDownCounts(NamedTuple):
    """One component's counts: samples with all its instances up by their own draw, and
    how many of those have the system up; the same with all of them down."""

    all_up: int
    all_up_and_system_up: int
    all_down: int
    all_down_and_system_up: int


class ConditionalCounts:
    """Per component whose instances all can fail: samples with all of them up by their
    own draw, and with the system up too; the same with all of them down."""

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
        # a row per field of UpDownCounts, in its order; a column per eligible node
        self.counts = np.zeros((4, len(eligible)), dtype=np.int64)

    def counted(self, part: Failures, system: Bits) -> Ints:
        """The counts of one chunk of samples, whose system state is ``system`` (a row
        per field of :class:`UpDownCounts`, a column per node), for the caller to add to
        ``counts``: a chunk may be counted in a forked process
        (:mod:`spofscan.analysis.chunks_apart`)."""
        counts: Ints = np.zeros_like(self.counts)
        counts[0] += system.size * 64  # less the samples where some instance failed
        counts[1] += popcount(system)
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
            self._add_block(counts, column[low:high], word[low:high], failed[low:high], system)
            low = high
        return counts

    def _add_block(
        self, counts: Ints, column: Ints, word: Ints, failed: Bits, system: Bits
    ) -> None:
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
        block = counts[:, first : first + columns]
        block[0] -= _per_column(owner, np.bitwise_count(some), columns)
        block[1] -= _per_column(owner, np.bitwise_count(some & up_in), columns)
        block[2] += _per_column(owner, np.bitwise_count(every), columns)
        block[3] += _per_column(owner, np.bitwise_count(every & up_in), columns)

    def result(self) -> dict[int, UpDownCounts]:
        """The counts of each component node."""
        rows = self.counts.T.tolist()
        return {node: UpDownCounts(*row) for node, row in zip(self.nodes, rows, strict=True)}


def _per_column(column: Ints, counts: NDArray[np.uint8], columns: int) -> Ints:
    """Sum of ``counts`` per column."""
    summed: Ints = np.bincount(column, weights=counts, minlength=columns).astype(np.int64)
    return summed


def popcount(bits: Bits) -> int:
    """Set bits in all of ``bits``."""
    return int(np.bitwise_count(bits).sum())
