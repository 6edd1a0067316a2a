"""An estimate's chunks of samples shared between this process and a forked one.

A chunk of samples costs a Python step for every node, whatever its length, plus the
work on its words (:func:`spofscan.analysis.montecarlo.run`): 4 chunks of the layered
shape of 100,000 components took about 8.5 s on one core while the second had nothing
left to do. While a process works beside this one (the structural analyses,
:func:`spofscan.workers.beside`), the chunks are evaluated here one by one: a third
process at once took that file's processes to 4.3 GB where two took 3.6 GB. Once it is
done (:func:`~spofscan.workers.busy_beside` lets it go), the words left are split
evenly between this process and a forked one (:func:`~spofscan.workers.run_all`), in
as few jobs as fit ``SHARED_CHUNK`` chunks' words each: the memory of the process
beside (1.3 GB on that file) is free by then, and each job saves a Python step per
node. Each job is tallied where it runs, and the tallies add up to those of the chunks
evaluated one after another.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple, Protocol

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.conditional_counts import ConditionalCounts, popcount
from spofscan.analysis.failure_draws import Bits, Failures, Ints
from spofscan.workers import available_workers, busy_beside, run_all

SHARED_CHUNK = 2  # chunks' words a job may take once the process beside is gone

Tallied = tuple[list[int], list[Bits], Ints | None]  # hits per target, kept ups, counts


class ChunkPlan(Protocol):
    """How the samples are evaluated a chunk at a time
    (:class:`spofscan.analysis.sample_chunks.ChunkPlan`)."""

    s: Structure
    words_total: int  # the samples' words
    chunk: int  # the most words a chunk may have

    def ups(
        self, failures: Failures, first: int, words: int, targets: Sequence[Sequence[int]]
    ) -> tuple[Failures, list[Bits]]:
        """The failures of ``words`` words from word ``first`` on, and each target's up
        bits over them."""
        ...


def tallied_apart(
    plan: ChunkPlan,
    targets: Sequence[Sequence[int]],
    failures: Failures,
    counts: ConditionalCounts | None,
    keep_ups: int,
) -> list[Tallied]:
    """In the order of the samples, each job's targets up (counted), the first
    ``keep_ups`` targets' up bits, and its conditional counts (module doc)."""
    global _CHUNKING
    _CHUNKING = _Chunking(plan, targets, failures, counts, keep_ups)
    try:  # a forked process inherits it (:func:`_tallied`): nothing big is pickled
        first, done = 0, []
        while plan.words_total - first > plan.chunk and busy_beside():
            done.append(_tallied((first, plan.chunk)))
            first += plan.chunk
        processes = available_workers(2, len(plan.s.nodes))  # two at most
        most = plan.chunk * (SHARED_CHUNK if processes > 1 else 1)
        jobs = shares(first, plan.words_total, most, processes)
        workers = min(processes, len(jobs))
        return done + run_all(_tallied, jobs, workers=workers, components=len(plan.s.nodes))
    finally:
        _CHUNKING = None


def shares(first: int, end: int, most: int, processes: int) -> list[tuple[int, int]]:
    """Words ``first`` to ``end`` in jobs of at most ``most`` words, as many for each of
    ``processes`` processes and as even as can be: (first word, words) each.

    >>> shares(0, 10, 4, 2)
    [(0, 3), (3, 3), (6, 2), (8, 2)]
    """
    left = end - first
    count = processes * max(1, math.ceil(left / (processes * most)))
    count = min(count, left)
    size, extra = divmod(left, count)
    jobs = []
    for i in range(count):
        words = size + (i < extra)
        jobs.append((first, words))
        first += words
    return jobs


class _Chunking(NamedTuple):
    """What :func:`_tallied` evaluates its job with."""

    plan: ChunkPlan
    targets: Sequence[Sequence[int]]
    failures: Failures
    counts: ConditionalCounts | None
    keep_ups: int


_CHUNKING: _Chunking | None = None  # set by tallied_apart while its jobs are tallied


def _tallied(job: tuple[int, int]) -> Tallied:
    """:func:`tallied_apart`'s tally of ``job``'s words: (first word, words)."""
    assert _CHUNKING is not None, "set by tallied_apart before it forks"
    plan, targets, failures, counts, keep_ups = _CHUNKING
    first, words = job
    return tallied(*plan.ups(failures, first, words, targets), counts, keep_ups)


def tallied(
    part: Failures, ups: Sequence[Bits], counts: ConditionalCounts | None, keep_ups: int
) -> Tallied:
    """The tally of a chunk whose failures are ``part`` and whose targets are up in
    ``ups``: each target's samples up, the first ``keep_ups`` targets' up bits, and the
    chunk's conditional counts (none without ``counts``)."""
    counted = None if counts is None else counts.counted(part, ups[0])
    return [popcount(up) for up in ups], list(ups[:keep_ups]), counted
