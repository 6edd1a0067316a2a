"""Seeded, bit-parallel Monte Carlo estimate of availability, for models too large for BDDs.

Samples are packed 64 to a machine word, so one NumPy operation evaluates a node in
thousands of samples at once. Each instance's failures are drawn as a Bernoulli process
by geometric gaps between failed samples, for all instances at once, which costs time in
proportion to the number of failures, not of samples; they are kept sparse (one record
per instance and word that holds a failure) and applied to a node's state only when the
node is evaluated (:mod:`spofscan.analysis.sample_states`). Nodes are evaluated
requirements first, a chunk of words at a time, and a node's state is released once
nothing left to evaluate reads it (:mod:`spofscan.analysis.sample_chunks`); cycles
iterate from "all up" until nothing changes, the greatest fixed point of SPEC section
3. The same samples give
conditional estimates of each component's importance (system up given all its instances
up, or all down), counted from the sparse failures.

Availability is not the plain share of samples up: :mod:`spofscan.analysis.stratified`
conditions it on the series events, whose failures :func:`run` counts too, and bounds
it by the Clopper-Pearson interval (:mod:`spofscan.analysis.intervals`, which has
Wilson's for the differences of paired estimates too).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from spofscan.analysis.chunks_apart import Tallied, tallied, tallied_apart
from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.conditional_counts import ConditionalCounts, UpDownCounts, popcount
from spofscan.analysis.evidence import NOTHING_DOWN, Evidence
from spofscan.analysis.failure_draws import Bits, Failures, draw_failures
from spofscan.analysis.intervals import clopper_pearson
from spofscan.analysis.results import Estimate
from spofscan.analysis.sample_chunks import ChunkPlan, chunks
from spofscan.analysis.sample_states import fits_at_once

DEFAULT_SAMPLES = 200_000
KEPT_TARGETS = 1_024  # targets whose samples up may be kept: 25 MB at 200,000 samples


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
    the samples are one chunk anyway): what
    :func:`~spofscan.analysis.sample_states.every_state` would evaluate again.
    With ``apart``, chunks are shared with a forked process where that is worth it
    (:func:`~spofscan.analysis.chunks_apart.tallied_apart`); the tally is the same.
    """
    words_total = max(1, math.ceil(samples / 64))
    if failures is None:
        failures = draw_failures(
            s, np.random.default_rng(seed), words_total, set(evidence.instances)
        )
    tally = Tally(hits=[0] * len(targets))
    tally.untouched = untouched_each(failures, series, words_total)
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
        parts = chunks(s, targets, failures, words_total, evidence.nodes, held, plan)
        tallies = (tallied(part, ups, counts, len(kept)) for part, ups in parts)
    for hits, ups, counted in tallies:
        tally.hits = [sum(pair) for pair in zip(tally.hits, hits, strict=True)]
        for kept_ups, up in zip(kept, ups, strict=True):
            kept_ups.append(up)
        if counts is not None and counted is not None:
            counts.counts += counted
    tally.samples = words_total * 64
    tally.ups = [np.concatenate(kept_ups) for kept_ups in kept]
    tally.failures = failures if keep_ups else None
    tally.states = held[0] if held else None
    if counts is not None:
        tally.conditional = counts.result()
    return tally


EVENT_BY_EVENT = 16  # records per event from which untouched ORs each event's at once


def untouched(failures: Failures, events: Sequence[int], words: int) -> int:
    """The samples of ``words`` words of ``failures`` in which none of ``events``
    failed."""
    if not events:
        return 64 * words
    failed = np.zeros(words, dtype=np.uint64)
    _or_failed(failures, events, failed)
    return 64 * words - popcount(failed)


def untouched_each(failures: Failures, series: Sequence[Sequence[int]], words: int) -> list[int]:
    """:func:`untouched` of each of ``series``, the same counts.

    An event in several of them (the system's series events are its entrypoints'
    together, and an event that takes many entrypoints down is in each of theirs) is
    read once: into the words of the events in exactly the same series, which are then
    OR'd into each of those series' words. The 101 series of ``legacy:100000`` (the
    system's and its entrypoints') name 234,300 events, 26,078 of them distinct, in
    8,834 such groups: 1.71 -> 0.53 to 0.91 s."""
    member: dict[int, int] = {}
    for j, events in enumerate(series):
        bit = 1 << j
        for e in events:
            member[e] = member.get(e, 0) | bit
    groups: dict[int, list[int]] = {}
    for e, mask in member.items():
        groups.setdefault(mask, []).append(e)
    failed = [np.zeros(words, dtype=np.uint64) for _ in series]
    for mask, events in groups.items():
        if mask & (mask - 1) == 0:  # one series: straight into its words
            _or_failed(failures, events, failed[mask.bit_length() - 1])
            continue
        group = np.zeros(words, dtype=np.uint64)
        _or_failed(failures, events, group)
        while mask:
            low = mask & -mask
            failed[low.bit_length() - 1] |= group
            mask ^= low
    return [64 * words - popcount(f) for f in failed]


def _or_failed(failures: Failures, events: Sequence[int], failed: Bits) -> None:
    """OR into ``failed`` (a word each) the failed samples of ``events``.

    An event's records name each word once, so its failed bits are OR'd into the words
    at once, one event after another, where the events have ``EVENT_BY_EVENT`` records
    each or more on average; else all records at once by ``np.bitwise_or.at``, which
    takes a step per record: the system's 52,647 series events of the chain shape of
    100,000 components have 8.6 million records, 0.50 s at once, 0.08 s event by
    event."""
    at = np.asarray(events, dtype=np.int64)
    starts = np.searchsorted(failures.event, at, side="left")
    ends = np.searchsorted(failures.event, at, side="right")
    lengths = ends - starts
    if int(lengths.sum()) >= EVENT_BY_EVENT * len(events):
        for low, high in zip(starts.tolist(), ends.tolist(), strict=True):
            failed[failures.word[low:high]] |= failures.bits[low:high]
        return
    before = np.cumsum(lengths) - lengths
    rows = np.arange(int(lengths.sum())) + np.repeat(starts - before, lengths)
    np.bitwise_or.at(failed, failures.word[rows], failures.bits[rows])
