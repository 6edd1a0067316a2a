"""Samples evaluated a chunk of words at a time, so that the node states alive at once
fit in memory (:data:`~spofscan.analysis.sample_states.STATE_BITS`).

A node's state is let go once nothing left to evaluate reads it (its release point),
so that a chunk can be as long as the most states alive at once allow, and a chunk
costs a Python step per node whatever its length. :class:`ChunkPlan` says where each
state is let go and how long the chunks are; :func:`chunks` evaluates them one after
another, and :func:`up_states` gives each target's samples up over them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from spofscan.analysis import sample_states
from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.evaluation_order import evaluation_order
from spofscan.analysis.failure_draws import Bits, Chunked, Failures
from spofscan.analysis.sample_states import OwnRows, all_up, evaluate_states


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
    for chunk in chunks(s, targets, failures, words, forced):
        for t, up in enumerate(chunk[1]):
            parts[t].append(up)
        del chunk  # its failures go before the next chunk's are made (as in chunks)
    return [np.concatenate(p) if p else np.zeros(0, dtype=np.uint64) for p in parts]


def chunks(
    s: Structure,
    targets: Sequence[Sequence[int]],
    failures: Chunked,
    words_total: int,
    forced: frozenset[int],
    held: list[list[Bits]] | None = None,
    plan: ChunkPlan | None = None,
) -> Iterator[tuple[Failures, list[Bits]]]:
    """The samples evaluated a chunk of words at a time (the node states alive at once
    in a chunk fit in ``STATE_BITS``): each chunk's failures and each target's up bits
    over it. ``held``: every node's state is kept (none released), and each chunk's
    appended to it (callers ask only when they fit in one chunk). ``plan``: made for
    these already (:func:`~spofscan.analysis.montecarlo.run`)."""
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
    """How the samples are evaluated a chunk at a time (:func:`chunks`): the evaluation
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
        self.chunk = max(16, min(words_total, sample_states.STATE_BITS // (64 * max(1, alive))))
        self.firsts = range(0, words_total, self.chunk)

    def words(self, first: int) -> int:
        """The words of the chunk from word ``first`` on."""
        return min(self.chunk, self.words_total - first)

    def evaluated(self, failures: Chunked, first: int, words: int) -> tuple[Failures, list[Bits]]:
        """The failures of the ``words`` words from word ``first`` on, and the node
        states over them."""
        part = failures.within(first, first + words)
        own = OwnRows(part, len(self.s.events))
        return part, evaluate_states(self.s, self.order, own, self.forced, words, self.release)

    def ups(
        self, failures: Chunked, first: int, words: int, targets: Sequence[Sequence[int]]
    ) -> tuple[Failures, list[Bits]]:
        """The failures of the ``words`` words from word ``first`` on, and each target's
        up bits over them (the node states let go)."""
        part, state = self.evaluated(failures, first, words)
        return part, [all_up(state, target, words) for target in targets]


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
