"""Paired Monte Carlo estimates: what a change to a file buys, measured on the same samples.

Two independent estimates of 0.99990 and 0.99994 from 200,000 samples each differ by
less than their own error. Common random numbers remove most of it: the changed file
is evaluated on the very samples of the original, each basic event keeping its draws
under the same name (``(component, instance)``), so the two answers differ only in the
samples where the change matters; an event the change adds, or whose probability it
moves, gets failures of its own (:mod:`spofscan.analysis.event_sources`).

Only some samples can differ: where every changed node is in the same state in both
files, every other node has the same definition and the same inputs, so the same state.
Those samples are found from the changed nodes' states and those of all they need,
evaluated over every sample (:mod:`spofscan.analysis.changed_samples`), or, when those
do not fit in memory, taken as every sample where a basic event upstream of the changed
nodes fails (in both files up everywhere else). The changed file is evaluated on those
samples alone, packed together (on a large file with a small change, about one in a
hundred); the original's states there are read from its evaluation over all samples,
the analysis's own (kept for the system and each entrypoint) or done once here. The
packed failures are built a chunk of words at a time, as they are evaluated: on a large
file with a large change, tens of millions of them.

When every node's state in the original fits in a chunk's memory (10,000 nodes at
200,000 samples), all of them are kept instead, and a change is evaluated over every
sample but only at the nodes it changes and those that need them: every other node is
in the original's state in every sample, for the same reason. A fix of a replica or a
twin VM then evaluates a few hundred nodes of 10,000, not all of them.

The difference's 95% interval bounds p01 - p10, where p01 is the share of samples up
only after the change and p10 those up only before, from the Wilson intervals of each
(a conservative bound: it ignores their small negative correlation).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from spofscan.analysis import montecarlo, sample_chunks, sample_states
from spofscan.analysis.changed_samples import changed_nodes, differing
from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.conditional_counts import popcount
from spofscan.analysis.evaluation_order import order_within
from spofscan.analysis.event_sources import EventSources
from spofscan.analysis.failure_draws import (
    Bits,
    Failures,
    Ints,
    draw_failures,
    records,
)
from spofscan.analysis.intervals import wilson
from spofscan.analysis.packed_samples import (
    Packed,
    bit_of,
    first_bits,
    gathered,
    unpack,
)
from spofscan.analysis.results import Estimate

_KEPT_UPS = montecarlo.KEPT_TARGETS  # the original's targets whose up bits are kept
# The share of the samples from which a change is evaluated on all of them, in their own
# places: the samples nothing changed count the same before and after, and the
# original's records are then read as they are, not unpacked and packed again (a fix of
# the chain of 100,000 components changes 97% of the samples)
WHOLE_SHARE = 0.75


@dataclass(frozen=True)
class Difference:
    """A(after) - A(before), estimated on paired samples, with its 95% interval;
    ``discordant``: the samples where the two files disagree."""

    value: float
    ci95: tuple[float, float]
    samples: int
    discordant: int


@dataclass(frozen=True)
class Paired:
    """A changed file's availability (system, then each of its entrypoints) estimated
    on the original's samples, and its difference from the original."""

    system: Estimate
    entrypoints: tuple[Estimate, ...]
    difference: Difference
    # each entrypoint's share of samples up in the original; None: new with the change
    before: tuple[float | None, ...]


class PairedSamples:
    """The samples of ``base`` (drawn as :func:`montecarlo.run` draws them for ``seed``,
    so the original's estimate is the analysis's own), kept to evaluate changes of it.
    ``known``: the samples where the system, then each entrypoint, is up, when the
    analysis kept them from the very same draw (``Availability.sample_ups``): the
    original need not be evaluated again for them; ``drawn``: the failures of that
    draw, which then need not be drawn again; ``states``: every node's state in that
    draw (``Availability.sample_states``), which then need not be evaluated again."""

    def __init__(
        self,
        base: Structure,
        samples: int = montecarlo.DEFAULT_SAMPLES,
        seed: int = 0,
        known: Sequence[Bits] = (),
        drawn: Failures | None = None,
        states: Sequence[Bits] = (),
    ):
        self.base = base
        self.seed = seed
        self.words = max(1, math.ceil(samples / 64))
        self.size = self.words * 64
        if not known or any(up.size != self.words for up in known):
            known, drawn = (), None  # not kept, or drawn for another number of samples
        if drawn is not None and len(states) == len(base.nodes):
            self.__dict__["_states"] = list(states)  # the cached property's value, known
        if drawn is None:
            drawn = draw_failures(base, np.random.default_rng(seed), self.words, set())
        self.failures = drawn
        self._events = EventSources(base, drawn, seed, self.size)
        self._hits: dict[tuple[int, ...], int] = {}  # samples with the base's target up
        self._ups: dict[tuple[int, ...], Bits] = {}  # and which, for some of them
        targets = [list(base.entrypoints), *([e] for e in base.entrypoints)]
        for target, up in zip(targets, known[:_KEPT_UPS], strict=False):
            key = tuple(sorted(target))
            self._hits[key] = popcount(up)
            self._ups[key] = up

    def compare(
        self, before: Structure, after: Structure, touched: Collection[str] | None = None
    ) -> Difference:
        """A(after) - A(before) on these samples (both changes of ``base``).

        ``touched``, when given, names every component whose entry differs between the
        two files (a snippet's entries): the others are not compared node by node."""
        system = ([list(before.entrypoints)], [list(after.entrypoints)])
        _, counts, _ = self._in_changed_samples(before, after, *system, touched)
        return self._difference(*counts[0][2:])

    def estimate(self, after: Structure, touched: Collection[str] | None = None) -> Paired:
        """``after``'s availability, system and each entrypoint, on these samples;
        ``touched`` as for :meth:`compare`."""
        base = self.base
        targets_after = [list(after.entrypoints), *([e] for e in after.entrypoints)]
        names = [after.nodes[e] for e in after.entrypoints]
        targets_base = [list(base.entrypoints)]
        targets_base += [[base.index[n]] if n in base.index else [] for n in names]
        totals = self._base_hits(targets_base)
        states = self._states
        added_up: dict[str, int] = {}
        if states is not None:
            changed = self.size
            counts = self._everywhere(states, after, targets_base, targets_after, touched)
        else:
            changed, counts, added_up = self._in_changed_samples(
                base, after, targets_base, targets_after, touched, self._known_ups(targets_base)
            )
        found, before = [], list[float | None]()
        for i, (before_hits, after_hits, _, _) in enumerate(counts):
            if i == 0 or names[i - 1] in base.index:
                outside = totals[i] - before_hits
                before.append(totals[i] / self.size)
            elif names[i - 1] in added_up:  # new, counted over every sample
                outside, after_hits = 0, added_up[names[i - 1]]
                before.append(None)
            else:  # new: up wherever nothing changed can matter
                outside = self.size - changed
                before.append(None)
            found.append(wilson(outside + after_hits, self.size))
        difference = self._difference(*counts[0][2:])
        return Paired(found[0], tuple(found[1:]), difference, tuple(before[1:]))

    def original(self) -> Estimate:
        """The original's availability on these samples: the analysis's own estimate
        when it drew the same number of samples with the same seed."""
        base = self.base
        targets = [list(base.entrypoints), *([e] for e in base.entrypoints)]
        if len(targets) > _KEPT_UPS:  # each entrypoint's when a fix asks for it
            targets = targets[:1]
        return wilson(self._base_hits(targets)[0], self.size)

    def failures_of(self, t: Structure) -> Failures:
        """Every failure of ``t``'s events over all these samples, as paired estimates
        draw them: what evaluating ``t`` on every sample would read."""
        everything = sample_states.all_ones(self.words)
        return self._packed(t, everything, np.arange(self.size)).within(0, self.words)

    def _base_hits(self, targets: Sequence[Sequence[int]]) -> list[int]:
        """For each target (nodes of the original), the samples where all its nodes
        are up: evaluated together where not known yet. Which samples those are is kept
        too, for up to ``_KEPT_UPS`` targets: a changed file's samples then need no
        evaluation of the original, whose states there are these."""
        keys = [tuple(sorted(target)) for target in targets]
        missing = [key for key in dict.fromkeys(keys) if key not in self._hits]
        if missing:
            wanted = [list(key) for key in missing]
            states = self._states
            if states is not None:
                ups = [sample_states.all_up(states, target, self.words) for target in wanted]
            else:
                ups = sample_chunks.up_states(self.base, wanted, self.failures, self.words)
            self._hits.update((key, popcount(up)) for key, up in zip(missing, ups, strict=True))
            if len(self._ups) + len(missing) <= _KEPT_UPS:
                self._ups.update(zip(missing, ups, strict=True))
        return [self._hits[key] for key in keys]

    def _known_ups(self, targets: Sequence[Sequence[int]]) -> list[Bits] | None:
        """The kept samples where each target is up (:meth:`_base_hits`), if all are."""
        keys = [tuple(sorted(target)) for target in targets]
        if any(key not in self._ups for key in keys):
            return None
        return [self._ups[key] for key in keys]

    def prepare(self) -> None:
        """Evaluate now what measuring changes reads (every node's state in the
        original, when they fit): before worker processes are forked to measure them,
        which then share it rather than each evaluate it."""
        _ = self._states

    @functools.cached_property
    def _states(self) -> list[Bits] | None:
        """Every node's up bits in the original over all samples, evaluated once, when
        they fit in a chunk's memory (:func:`sample_states.every_state`); else None."""
        return sample_states.every_state(self.base, self.failures, self.words)

    def _everywhere(
        self,
        states: list[Bits],
        after: Structure,
        targets_before: Sequence[Sequence[int]],
        targets_after: Sequence[Sequence[int]],
        touched: Collection[str] | None,
    ) -> list[tuple[int, int, int, int]]:
        """What :meth:`_in_changed_samples` counts, over all samples, from the
        original's ``states``: a node of ``after`` that is not changed and needs no
        changed node, however indirectly, is in the original's state in every sample,
        so only the changed nodes and those that need them are evaluated."""
        base, words = self.base, self.words
        affected = after.downstream([after.index[n] for n in changed_nodes(after, base, touched)])
        ones = sample_states.all_ones(words)
        state = [
            ones if node in affected else states[base.index[name]]
            for node, name in enumerate(after.nodes)
        ]
        order = order_within(after, affected)
        own = self._own_failures(after, affected)
        for _ in sample_states.settle(after, order, own, words, frozenset(), state):
            pass
        found = []
        for target_before, target_after in zip(targets_before, targets_after, strict=True):
            b = sample_states.all_up(states, target_before, words)
            a = sample_states.all_up(state, target_after, words)
            found.append((popcount(b), popcount(a), popcount(a & ~b), popcount(b & ~a)))
        return found

    def _own_failures(self, t: Structure, nodes: Collection[int]) -> Failures:
        """The failures over all samples of the events of ``t``'s ``nodes``, taken as
        paired estimates take them (:meth:`EventSources.source`), by event."""
        f = self.failures
        parts = [Failures(f.event[:0], f.word[:0], f.bits[:0])]
        events = sorted(e for n in nodes for e in (*t.instance_events[n], *t.node_events[n]))
        for e in events:
            if e < 0:
                continue
            source = self._events.source(t, e)
            if not isinstance(source, int):
                parts.append(records(np.full(source.size, e, dtype=np.int64), source))
                continue
            word, bits = self._events.records(source)
            parts.append(Failures(np.full(word.size, e, dtype=np.int64), word, bits))
        return Failures(*(np.concatenate(column) for column in zip(*parts, strict=True)))

    def _difference(self, only_after: int, only_before: int) -> Difference:
        n = self.size
        up = wilson(only_after, n)
        down = wilson(only_before, n)
        assert up.ci95 is not None and down.ci95 is not None
        low = up.ci95[0] - down.ci95[1]
        high = up.ci95[1] - down.ci95[0]
        return Difference((only_after - only_before) / n, (low, high), n, only_after + only_before)

    def _in_changed_samples(
        self,
        before: Structure,
        after: Structure,
        targets_before: Sequence[Sequence[int]],
        targets_after: Sequence[Sequence[int]],
        touched: Collection[str] | None,
        before_ups: Sequence[Bits] | None = None,
    ) -> tuple[int, list[tuple[int, int, int, int]], dict[str, int]]:
        """The samples where the two may differ, per target pair over them: hits
        before, hits after, samples up only after, samples up only before; and the
        samples each entrypoint ``after`` adds is up in, over all of them, when known
        (:class:`~spofscan.analysis.changed_samples.Differing`; else such an entrypoint
        is up wherever they do not differ). ``before_ups``: the targets before, over all
        samples, when known (``before`` is then not evaluated again)."""
        changed = changed_nodes(before, after, touched) | changed_nodes(after, before, touched)
        found = differing((before, after), changed, self._own_failures, self.words, self.size)
        added_up = {} if found is None else found.added_up
        if found is not None:
            mask = found.mask
        else:
            upstream = _upstream(before, changed) | _upstream(after, changed)
            mask = np.zeros(self.words, dtype=np.uint64)
            for t in (before, after):
                sources = self._events.of(t)
                for e in _events_of(t, upstream):
                    self._mark(sources.drawn.get(e, int(sources.origin[e])), mask)
        chosen = unpack(np.arange(self.words), mask)
        if chosen.size >= WHOLE_SHARE * self.size:  # nearly all: each in its own place
            mask, chosen = sample_states.all_ones(self.words), np.arange(self.size)
        count = int(chosen.size)
        words = max(1, math.ceil(count / 64))
        real = first_bits(count, words)  # the packed samples, not the padding

        def evaluated(t: Structure, targets: Sequence[Sequence[int]]) -> list[Bits]:
            packed = self._packed(t, mask, chosen)
            return [up & real for up in sample_chunks.up_states(t, targets, packed, words)]

        if before_ups is None:
            ups_before = evaluated(before, targets_before)
        else:
            ups_before = [gathered(up, chosen, words) for up in before_ups]
        counts = []
        for b, a in zip(ups_before, evaluated(after, targets_after), strict=True):
            counts.append((popcount(b), popcount(a), popcount(a & ~b), popcount(b & ~a)))
        return count, counts, added_up

    def _packed(self, t: Structure, mask: Bits, chosen: Ints) -> Packed:
        """``t``'s failures in the samples ``chosen`` (those set in ``mask``), packed."""
        return Packed(self.failures, len(self.base.events), self._events.of(t), mask, chosen)

    def _mark(self, source: int | Ints, mask: Bits) -> None:
        """Set in ``mask`` the samples where an event of that source fails."""
        if isinstance(source, int):
            np.bitwise_or.at(mask, *self._events.records(source))
        else:
            np.bitwise_or.at(mask, source >> 6, bit_of(source & 63))


def _upstream(s: Structure, names: Iterable[str]) -> set[str]:
    """``names`` (those of ``s``) and every node they need, however indirectly."""
    return {s.nodes[n] for n in s.upstream(s.index[n] for n in names if n in s.index)}


def _events_of(s: Structure, names: set[str]) -> list[int]:
    return [e for e in range(len(s.events)) if s.nodes[s.event_node[e]] in names]
