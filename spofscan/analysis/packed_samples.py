"""The samples a change can alter, packed together, and the bit work that packs them.

A paired estimate (:mod:`spofscan.analysis.paired`) evaluates a changed file only on the
samples where something upstream of what changed fails: :class:`Packed` gives that
file's failures in those samples, numbered as if they were the only ones, a chunk of
words at a time; the functions below unpack sample numbers from words of bits and pack
chosen samples into words.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from spofscan.analysis.failure_draws import Bits, Failures, Ints, records


@dataclass(frozen=True)
class Sources:
    """Where a file's events take their failures: ``origin[e]``, the original's event
    of the same name and probability (-1: none), else ``drawn[e]``, failed samples."""

    origin: Ints
    drawn: dict[int, Ints]


# The largest share of all samples that a change's samples may be for the failure
# records in them to be held across the chunks of its evaluation (a record holds a
# word's failed samples of one event, mostly one: a quarter of the 26 million records of
# 100,000 components would be 160 MB). Counted in samples, not words: a change's samples
# are scattered over the words (a twin VM's on layered:100000, 2,528 samples, 1.3% of
# them, lie in 55% of the words), and a record outside them is never read.
HELD_SHARE = 0.25


class Packed:
    """A changed file's failures in the masked samples of ``size``, renumbered to sit
    together (the samples ``chosen``, in order), built a chunk of words at a time as they
    are evaluated (:func:`~spofscan.analysis.sample_chunks.up_states` reads them so): tens
    of millions of failures on a large file, kept whole, would cost more than the rest of
    the estimate. ``failures``: the original's (of ``events`` events), over every sample
    (``mask``'s words); ``sources``: where each of the changed file's events takes its
    failures.
    """

    def __init__(
        self, failures: Failures, events: int, sources: Sources, mask: Bits, chosen: Ints
    ) -> None:
        size = 64 * mask.size
        self.failures = failures
        self.mask = mask
        self.chosen = chosen
        self.rank = np.full(size, -1, dtype=np.int64)  # each sample's number
        self.rank[chosen] = np.arange(chosen.size)
        kept = np.flatnonzero(sources.origin >= 0)
        self.to_t = np.full(events, -1, dtype=np.int64)
        self.to_t[sources.origin[kept]] = kept
        self.drawn: list[tuple[int, Ints]] = []
        for e, source in sources.drawn.items():
            packed = self.rank[source]
            self.drawn.append((e, packed[packed >= 0]))  # in sample order, as drawn
        self.whole = chosen.size == size  # every sample, each in its own place

    def within(self, first: int, last: int) -> Failures:
        """The records of packed words ``first`` to ``last - 1``, words counted from
        ``first`` (as :meth:`Failures.within` of them all)."""
        low, high = 64 * first, min(64 * last, self.chosen.size)
        event, position = self._drawn_within(low, high)
        if self.whole:
            return _merged(records(event, position - low), self._kept_within(first, last))
        if low < high:
            event, position = _joined((event, position), self._original(low, high))
        # Each event's failures are in sample order already, and the original's events
        # keep their relative order under their names: a stable sort by event suffices.
        # A failed sample each: tens of millions on a large file, so each array goes as
        # soon as the next is made (the peak of a fix's evaluation).
        order = np.argsort(event, kind="stable")
        event = event[order]
        position = position[order]
        del order
        position -= low
        return records(event, position)

    def _drawn_within(self, low: int, high: int) -> tuple[Ints, Ints]:
        """(``t``'s event, packed sample) of the failures drawn for ``t``'s own events
        in the packed samples ``low`` to ``high - 1``, by event."""
        events: list[Ints] = [np.empty(0, dtype=np.int64)]
        positions: list[Ints] = [np.empty(0, dtype=np.int64)]
        for e, packed in self.drawn:
            part = packed[np.searchsorted(packed, low) : np.searchsorted(packed, high)]
            events.append(np.full(part.size, e, dtype=np.int64))
            positions.append(part)
        return np.concatenate(events), np.concatenate(positions)

    def _kept_within(self, first: int, last: int) -> Failures:
        """When every sample is chosen, the records of the original's events that ``t``
        keeps in words ``first`` to ``last - 1`` (the packed words are the original's):
        taken as they are, their events renumbered, not unpacked to samples and packed
        again (on the chain of 100,000 components that was half of a fix's time)."""
        chunk = self.failures.within(first, last)
        event = self.to_t[chunk.event]
        keep = event >= 0
        return Failures(event[keep], chunk.word[keep], chunk.bits[keep])

    @functools.cached_property
    def _masked(self) -> tuple[Ints, Ints, Bits] | None:
        """The original's failure records in the masked samples (row, word, the bits of
        those samples), in order: one pass over every record for all chunks (26 million
        records at 100,000 components, where a pass per chunk took 2 s), then each
        chunk a filter of these few. None when the mask holds more than ``HELD_SHARE``
        of the samples: so many records, held across the chunks, would cost more
        memory than a chunk's pass costs time."""
        if self.chosen.size > HELD_SHARE * 64 * self.mask.size:
            return None
        f = self.failures
        bits = f.bits & self.mask[f.word]
        rows = np.flatnonzero(bits)
        return rows, f.word[rows], bits[rows]

    def _records(self, first: int, last: int) -> tuple[Ints, Ints, Bits]:
        """(row, word, bits in the masked samples) of the original's failure records
        in words ``first`` to ``last - 1`` with a masked sample, in order."""
        masked = self._masked
        if masked is None:
            f = self.failures
            rows = np.flatnonzero((f.word >= first) & (f.word < last))
            word = f.word[rows]
            bits = f.bits[rows] & self.mask[word]
            keep = np.flatnonzero(bits)
            return rows[keep], word[keep], bits[keep]
        rows, word, bits = masked
        chunk = np.flatnonzero((word >= first) & (word < last))
        return rows[chunk], word[chunk], bits[chunk]

    def _original(self, low: int, high: int) -> tuple[Ints, Ints]:
        """(``t``'s event, packed sample) of the failures of the original's events that
        ``t`` keeps, in the packed samples ``low`` to ``high - 1``: in the original's
        order."""
        first, last = self.chosen[low] >> 6, (self.chosen[high - 1] >> 6) + 1
        rows, word, bits = self._records(first, last)
        event = self.to_t[self.failures.event[rows]]
        del rows  # each array goes once read: millions of records (see within)
        keep = np.flatnonzero(event >= 0)
        event, word, bits = event[keep], word[keep], bits[keep]
        del keep
        at, columns = _set_bits(bits)
        del bits
        position = self.rank[word[at] * 64 + columns]
        del word, columns
        inside = (position >= low) & (position < high)  # a word can hold two chunks
        return event[at][inside], position[inside]


def _joined(one: tuple[Ints, Ints], other: tuple[Ints, Ints]) -> tuple[Ints, Ints]:
    """(event, position) of ``one``'s failed samples, then ``other``'s."""
    return np.concatenate([one[0], other[0]]), np.concatenate([one[1], other[1]])


def _merged(one: Failures, other: Failures) -> Failures:
    """The records of two sets of failures of distinct events, sorted by event (each
    set's records of an event in word order already): ``one``'s, the fewer, inserted
    among ``other``'s (tens of millions on a large file: no sort, no copy but the
    result's)."""
    at = np.searchsorted(other.event, one.event)
    return Failures(*(np.insert(b, at, a) for a, b in zip(one, other, strict=True)))


def bit_of(offset: Ints) -> Bits:
    shifted: Bits = np.left_shift(np.uint64(1), offset.astype(np.uint64))
    return shifted


def gathered(bits: Bits, chosen: Ints, words: int) -> Bits:
    """The bits of samples ``chosen`` (sorted sample numbers), packed together into
    ``words`` words in that order, the rest clear."""
    return _first((bits[chosen >> 6] >> (chosen & 63).astype(np.uint64)) & np.uint64(1), words)


def first_bits(count: int, words: int) -> Bits:
    """Words whose first ``count`` bits are set, the rest clear."""
    return _first(np.ones(count, dtype=np.uint8), words)


def _first(first: NDArray[Any], words: int) -> Bits:
    """``words`` words whose first bits are ``first`` (0 or 1 each), the rest clear."""
    flags = np.zeros(words * 64, dtype=np.uint8)
    flags[: first.size] = first
    packed: Bits = np.packbits(flags, bitorder="little").view(np.uint64)
    return packed


def _set_bits(bits: Bits) -> tuple[Ints, Ints]:
    """(row, bit) of every set bit of an array of words, by row, then bit: the lowest
    bit of every word taken off in turn, as many rounds as a word has bits set (one or
    two, for rare failures), with no temporary larger than the answer."""
    counts = np.bitwise_count(bits)
    rows = np.repeat(np.arange(bits.size, dtype=np.int64), counts)
    columns = np.empty(rows.size, dtype=np.int64)
    at = np.cumsum(counts, dtype=np.int64) - counts  # where each row's bits go
    left = bits[counts > 0]
    at = at[counts > 0]
    while left.size:
        lowest = left & (~left + np.uint64(1))
        columns[at] = np.bitwise_count(lowest - np.uint64(1))
        left ^= lowest
        at += 1
        more = left != 0
        left, at = left[more], at[more]
    return rows, columns


def unpack(word: Ints, bits: Bits) -> Ints:
    """The sample numbers of the set bits of ``bits`` (word ``word`` each), sorted."""
    rows, columns = _set_bits(np.ascontiguousarray(bits))
    found: Ints = np.asarray(word, dtype=np.int64)[rows] * 64 + columns
    return np.sort(found)
