"""Seeded, bit-parallel Monte Carlo estimate of availability, for models too large for BDDs.

Samples are packed 64 to a machine word, so one NumPy operation evaluates a node in
thousands of samples at once. Each instance's failures are drawn as a Bernoulli process
by geometric gaps between failed samples, for all instances at once, which costs time in
proportion to the number of failures, not of samples; they are kept sparse (one record
per instance and word that holds a failure) and applied to a node's state only when the
node is evaluated. Nodes are evaluated requirements first, and a node's state is
released once nothing left to evaluate reads it; cycles iterate from "all up" until
nothing changes, the greatest fixed point of SPEC section 3. The same samples give
conditional estimates of each component's importance (system up given all its instances
up, or all down), counted from the sparse failures.

Availability is not the plain share of samples up: :mod:`spofscan.analysis.stratified`
conditions it on the series events, whose failures :func:`run` counts too, and bounds
it by the Clopper-Pearson interval (:mod:`spofscan.analysis.intervals`, which has
Wilson's for the differences of paired estimates too).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from spofscan.analysis.chunks_apart import Tallied, tallied, tallied_apart
from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.conditional_counts import ConditionalCounts, UpDownCounts, popcount
from spofscan.analysis.evaluation_order import evaluation_order, is_cyclic, settling_order
from spofscan.analysis.evidence import NOTHING_DOWN, Evidence
from spofscan.analysis.failure_draws import Bits, Chunked, Failures, draw_failures
from spofscan.analysis.intervals import clopper_pearson
from spofscan.analysis.results import Estimate

DEFAULT_SAMPLES = 200_000
_STATE_BITS = 2**31  # at most 256 MiB of node states a chunk of samples
KEPT_TARGETS = 1_024  # targets whose samples up may be kept: 25 MB at 200,000 samples
_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)


@dataclass
class Tally:
    """Counts over the samples: targets up, samples in which no event of a target's
    ``series`` failed (:func:`run`), and per component the conditional counts."""

    samples: int = 0
    hits: list[int] = field(default_factory=list)
    untouched: list[int] = field(default_factory=list)
    conditional: dict[int, UpDownCounts] = field(default_factory=dict)
    ups: list[Bits] = field(default_factory=list)  # the samples each kept target is up in
    failures: Failures | None = None  # the samples' failures, when targets' ups are kept
    states: list[Bits] | None = None  # every node's up bits, when asked for and they fit


def estimate(
    s: Structure,
    targets: Sequence[Sequence[int]],
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    evidence: Evidence = NOTHING_DOWN,
) -> list[Estimate]:
    """P(every node of each target up), one estimate per target, the share of samples
    with it up and its Clopper-Pearson interval; what ``evidence`` says is down is down
    in every sample."""
    tally = run(s, targets, samples=samples, seed=seed, evidence=evidence)
    found = []
    for hits in tally.hits:
        found.append(
            Estimate(hits / tally.samples, "monte-carlo", clopper_pearson(hits, tally.samples))
        )
    return found


def run(
    s: Structure,
    targets: Sequence[Sequence[int]],
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    evidence: Evidence = NOTHING_DOWN,
    conditional: bool = False,
    failures: Failures | None = None,
    series: Sequence[Sequence[int]] = (),
    keep_ups: int = 0,
    keep_states: bool = False,
    apart: bool = False,
) -> Tally:
    """Draw ``samples`` states (rounded up to a multiple of 64) and tally them.

    With ``conditional``, also count, for each component, the samples where all its
    instances are up (or all down) by their own draw, and how many of those have the
    first target up. Instances that ``evidence`` says are down count as failed in every
    sample, and its nodes are down in every sample. ``failures``, when given, are the
    samples' failures drawn already (with ``evidence``'s instances in them): then
    nothing is drawn and ``seed`` is not used. For each of ``series`` (events), the
    tally counts the samples in which none of them failed (``untouched``). The samples
    each of the first ``keep_ups`` targets is up in are kept too (``ups``), and then the
    failures drawn (``failures``). With ``keep_states``, every node's up bits are kept
    as well (``states``) when they fit in a chunk's memory (:func:`fits_at_once`; then
    the samples are one chunk anyway): what :func:`every_state` would evaluate again.
    With ``apart``, chunks are shared with a forked process where that is worth it
    (:func:`~spofscan.analysis.chunks_apart.tallied_apart`); the tally is the same.
    """
    words_total = max(1, math.ceil(samples / 64))
    if failures is None:
        failures = draw_failures(
            s, np.random.default_rng(seed), words_total, set(evidence.instances)
        )
    tally = Tally(hits=[0] * len(targets))
    tally.untouched = [untouched(failures, events, words_total) for events in series]
    counts = ConditionalCounts(s) if conditional and targets else None
    kept: list[list[Bits]] = [[] for _ in targets[:keep_ups]]
    held: list[list[Bits]] | None = None
    if keep_states and fits_at_once(len(s.nodes), words_total):
        held = []
    plan = ChunkPlan(s, targets, words_total, evidence.nodes) if apart and held is None else None
    tallies: Iterable[Tallied]
    if plan is not None and len(plan.firsts) > 1:
        tallies = tallied_apart(plan, targets, failures, counts, len(kept))
    else:
        parts = _chunks(s, targets, failures, words_total, evidence.nodes, held, plan)
        tallies = (tallied(part, ups, counts, len(kept)) for part, ups in parts)
    for hits, ups, counted in tallies:
        tally.hits = [sum(pair) for pair in zip(tally.hits, hits, strict=True)]
        for chunks, up in zip(kept, ups, strict=True):
            chunks.append(up)
        if counts is not None and counted is not None:
            counts.counts += counted
    tally.samples = words_total * 64
    tally.ups = [np.concatenate(chunks) for chunks in kept]
    tally.failures = failures if keep_ups else None
    tally.states = held[0] if held else None
    if counts is not None:
        tally.conditional = counts.result()
    return tally


def up_states(
    s: Structure,
    targets: Sequence[Sequence[int]],
    failures: Chunked,
    words: int,
    forced: frozenset[int] = frozenset(),
) -> list[Bits]:
    """For each target, a bit per sample of ``words`` words of ``failures``: whether
    every node of the target is up in that sample (``forced`` nodes down in all).
    ``failures`` are read a chunk of words at a time (:meth:`Failures.within`)."""
    parts: list[list[Bits]] = [[] for _ in targets]
    for chunk in _chunks(s, targets, failures, words, forced):
        for t, up in enumerate(chunk[1]):
            parts[t].append(up)
        del chunk  # its failures go before the next chunk's are made (as in _chunks)
    return [np.concatenate(p) if p else np.zeros(0, dtype=np.uint64) for p in parts]


def fits_at_once(nodes: int, words: int) -> bool:
    """Whether the states of ``nodes`` nodes over ``words`` words fit in a chunk's
    memory (``_STATE_BITS``)."""
    return nodes * 64 * words <= _STATE_BITS


def every_state(s: Structure, failures: Failures, words: int) -> list[Bits] | None:
    """Every node's up bits over ``words`` words of ``failures``, all held at once;
    None when they would take more than a chunk's ``_STATE_BITS`` (10,000 nodes at
    the default 200,000 samples: 250 MB)."""
    if not fits_at_once(len(s.nodes), words):
        return None
    order = evaluation_order(s)
    own = _OwnRows(failures, len(s.events))
    return _evaluate(s, order, own, frozenset(), words, [[] for _ in order])


def settle(
    s: Structure,
    components: Sequence[list[int]],
    failures: Failures,
    words: int,
    forced: frozenset[int],
    state: list[Bits],
) -> Iterator[list[int]]:
    """Evaluate ``components`` (some of :func:`evaluation_order`'s, in its order) over
    ``words`` words of ``failures`` into ``state``, which must hold the state of every
    node they read outside them; yield each once settled, for the caller to read or
    release. What :func:`run` does for every node, for the part of a structure that a
    scenario can change (:mod:`spofscan.analysis.scenario_samples`)."""
    own = _OwnRows(failures, len(s.events))
    ones = np.full(words, _ALL, dtype=np.uint64)
    zeros = np.zeros(words, dtype=np.uint64)
    for component in components:
        if not is_cyclic(s, component):
            node = component[0]
            state[node] = zeros if node in forced else _condition(s, node, own, state, ones)
        else:
            for node in component:
                state[node] = ones  # from "all up", as _evaluate starts
            _fixed_point(s, component, own, state, forced, ones)
        yield component


def _chunks(
    s: Structure,
    targets: Sequence[Sequence[int]],
    failures: Chunked,
    words_total: int,
    forced: frozenset[int],
    held: list[list[Bits]] | None = None,
    plan: ChunkPlan | None = None,
) -> Iterator[tuple[Failures, list[Bits]]]:
    """The samples evaluated a chunk of words at a time (the node states alive at once
    in a chunk fit in ``_STATE_BITS``): each chunk's failures and each target's up
    bits over it. ``held``: every node's state is kept (none released), and each
    chunk's appended to it (callers ask only when they fit in one chunk). ``plan``:
    made for these already (:func:`run`)."""
    if plan is None:
        plan = ChunkPlan(s, targets, words_total, forced, keep_all=held is not None)
    for first in plan.firsts:
        words = plan.words(first)
        part, state = plan.evaluated(failures, first, words)
        ups = [all_up(state, target, words) for target in targets]
        if held is not None:
            held.append(state)
        del state
        yield part, ups
        # Drop this chunk before the next chunk's failures are made: a fix's changed
        # samples unpacked on a large file are hundreds of megabytes a chunk.
        del part, ups


class ChunkPlan:
    """How the samples are evaluated a chunk at a time (:func:`_chunks`): the evaluation
    order, where each node's state is let go (nowhere, with ``keep_all``), and the
    chunks' words (``chunk`` at most each, from each of ``firsts``)."""

    def __init__(
        self,
        s: Structure,
        targets: Sequence[Sequence[int]],
        words_total: int,
        forced: frozenset[int],
        *,
        keep_all: bool = False,
    ) -> None:
        self.s, self.words_total, self.forced = s, words_total, forced
        self.order = evaluation_order(s)
        if keep_all:
            self.release: list[list[int]] = [[] for _ in self.order]
            alive = len(s.nodes)
        else:
            keep = {node for target in targets for node in target}
            self.release = _release_points(s, self.order, keep)
            alive = _most_alive(self.order, self.release)
        self.chunk = max(16, min(words_total, _STATE_BITS // (64 * max(1, alive))))
        self.firsts = range(0, words_total, self.chunk)

    def words(self, first: int) -> int:
        """The words of the chunk from word ``first`` on."""
        return min(self.chunk, self.words_total - first)

    def evaluated(self, failures: Chunked, first: int, words: int) -> tuple[Failures, list[Bits]]:
        """The failures of the ``words`` words from word ``first`` on, and the node
        states over them."""
        part = failures.within(first, first + words)
        own = _OwnRows(part, len(self.s.events))
        return part, _evaluate(self.s, self.order, own, self.forced, words, self.release)

    def ups(
        self, failures: Chunked, first: int, words: int, targets: Sequence[Sequence[int]]
    ) -> tuple[Failures, list[Bits]]:
        """The failures of the ``words`` words from word ``first`` on, and each target's
        up bits over them (the node states let go)."""
        part, state = self.evaluated(failures, first, words)
        return part, [all_up(state, target, words) for target in targets]


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


def _most_alive(order: list[list[int]], release: list[list[int]]) -> int:
    """The most node states held at once while evaluating ``order``, each released
    at its release point: what sizes a chunk. A node's state lives from its evaluation
    to the last node that reads it: 8% to 55% of the nodes at once on the generated
    shapes of 10,000 components, so that a chunk can be two to twelve times as long
    as if every state were held (and a chunk costs a Python step per node, whatever
    its length)."""
    alive = most = 0
    for component, freed in zip(order, release, strict=True):
        alive += len(component)
        most = max(most, alive)
        alive -= len(freed)
    return most


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
    settling = settling_order(s, component)
    for _ in range(len(component) + 1):
        changed = False
        for node in settling:
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
    for event in s.node_events[node]:
        result = own.apply(event, result)
    if s.failover_needs[node]:
        result = result & (
            terms[0] | _reduce(np.bitwise_and, [state[m] for m in s.failover_needs[node]])
        )
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
    """``op`` over ``terms``: the first term itself when it is the only one, else a new
    array, written in place after the first operation (a state is thousands of bytes
    long, and a node's terms are many: fewer arrays made, less memory walked)."""
    if len(terms) == 1:
        return terms[0]
    result: Bits = op(terms[0], terms[1])
    for term in terms[2:]:
        op(result, term, out=result)
    return result


def all_ones(words: int) -> Bits:
    """``words`` words with every bit set: every sample up."""
    return np.full(words, _ALL, dtype=np.uint64)


def all_up(state: Sequence[Bits], target: Sequence[int], words: int) -> Bits:
    """The samples where every node of ``target`` is up, from the nodes' ``state``."""
    up = all_ones(words)
    for node in target:
        up = up & state[node]
    return up


EVENT_BY_EVENT = 16  # records per event from which untouched ORs each event's at once


def untouched(failures: Failures, events: Sequence[int], words: int) -> int:
    """The samples of ``words`` words of ``failures`` in which none of ``events``
    failed.

    An event's records name each word once, so its failed bits are OR'd into the words
    at once, one event after another, where the events have ``EVENT_BY_EVENT`` records
    each or more on average; else all records at once by ``np.bitwise_or.at``, which
    takes a step per record: the system's 52,647 series events of the chain shape of
    100,000 components have 8.6 million records, 0.50 s at once, 0.08 s event by
    event."""
    if not events:
        return 64 * words
    at = np.asarray(events, dtype=np.int64)
    starts = np.searchsorted(failures.event, at, side="left")
    ends = np.searchsorted(failures.event, at, side="right")
    lengths = ends - starts
    failed = np.zeros(words, dtype=np.uint64)
    if int(lengths.sum()) >= EVENT_BY_EVENT * len(events):
        for low, high in zip(starts.tolist(), ends.tolist(), strict=True):
            failed[failures.word[low:high]] |= failures.bits[low:high]
        return 64 * words - popcount(failed)
    before = np.cumsum(lengths) - lengths
    rows = np.arange(int(lengths.sum())) + np.repeat(starts - before, lengths)
    np.bitwise_or.at(failed, failures.word[rows], failures.bits[rows])
    return 64 * words - popcount(failed)
