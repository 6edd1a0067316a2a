"""Monte Carlo availability under one scenario after another, from one draw.

A loaded model draws its samples' failures once, seeded as :func:`montecarlo.run` draws
them, and evaluates every node once with nothing failed, keeping the state of each node
where it is down: one record per node and 64-sample word with a down sample. A scenario
(nodes forced down, instances dead in every sample) can change only what needs, at some
remove, what it fails: its downstream nodes. Only those are evaluated again, over the
same draw with the dead instances failed in every sample, reading every other node's
state from the kept ones; the system is up in a sample when every entrypoint is. A
scenario that adds failures to the last one (``fail`` after ``fail``) reads the states
that the last one changed instead, and evaluates only what its new failures reach.

That is the evaluation :func:`montecarlo.run` makes of the scenario, operation for
operation on the downstream nodes: the draw is the same (the dead are written over the
draw with nothing dead, :func:`failure_draws.draw_failures`), and a node that needs
nothing downstream has the same state with or without the scenario. The count of
samples with the system up, hence the estimate and its interval, is the same; so is
the count of samples in which no series event of the system failed
(:mod:`spofscan.analysis.stratified`), counted once with nothing dead: a scenario that
kills a series event leaves none.

Cost: the downstream nodes and the states they read (a few hundred nodes for a VM of a
10,000-component service, where ``run`` evaluates all of them). Memory: 12 bytes per
record kept (83 MB at 10,000 components and 200,000 samples, where every node's state
would take 250 MB); past :data:`KEPT_BYTES`, nothing is kept and each scenario
evaluates every node again, from the draw.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from spofscan.analysis import montecarlo, sample_chunks, sample_states
from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.conditional_counts import popcount
from spofscan.analysis.evaluation_order import evaluation_order
from spofscan.analysis.evidence import NOTHING_DOWN, Evidence
from spofscan.analysis.failure_draws import Bits, Failures, Ints, draw_failures, with_dead
from spofscan.analysis.results import Estimate
from spofscan.analysis.stratified import conditioned, strata
from spofscan.gc_pause import collector_paused

KEPT_BYTES = 2**28  # at most 256 MiB of node states kept between scenarios
LAST_BYTES = 2**26  # at most 64 MiB of the last scenario's states, to grow from
_STATE_BYTES = 2**28  # at most 256 MiB of dense node states while evaluating
_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)
_RELEASED = np.zeros(0, dtype=np.uint64)  # a state nothing may read: any use of it fails


@dataclass(frozen=True)
class _Scenario:
    """A scenario evaluated: the nodes it forces down, the events it fails in every
    sample, and the states of the nodes it changed (all samples), for a scenario that
    grows from it (``fail`` after ``fail``) to evaluate only what the new failures
    change."""

    forced: frozenset[int]
    dead: frozenset[int]
    states: dict[int, Bits]


@dataclass(frozen=True)
class KeptStates:
    """Each node's state with nothing failed, where it is down: its records are
    ``word[offsets[n]:offsets[n + 1]]`` (sorted) and the matching ``bits`` (a 1 for
    each sample of the word where the node is up)."""

    offsets: Ints
    word: NDArray[np.int32]
    bits: Bits
    words: int

    def dense(self, node: int, first: int, words: int) -> Bits:
        """The node's state over ``words`` words from word ``first``."""
        low, high = int(self.offsets[node]), int(self.offsets[node + 1])
        if first > 0 or words < self.words:  # a chunk of the samples: its records only
            cut = np.searchsorted(self.word[low:high], [first, first + words])
            low, high = low + int(cut[0]), low + int(cut[1])
        state = np.full(words, _ALL, dtype=np.uint64)
        state[self.word[low:high] - first] = self.bits[low:high]
        return state


class SampledScenarios:
    """One structure's draw of ``samples`` failures (seeded by ``seed``) and its
    states with nothing failed, to estimate scenario after scenario."""

    def __init__(self, s: Structure, *, samples: int, seed: int) -> None:
        self.structure = s
        self.words = max(1, math.ceil(samples / 64))
        self.failures = draw_failures(s, np.random.default_rng(seed), self.words, set())
        self._offsets = np.searchsorted(self.failures.event, np.arange(len(s.events) + 1))
        order = evaluation_order(s)
        self._position = [0] * len(s.nodes)
        for i, component in enumerate(order):
            for node in component:
                self._position[node] = i
        self.kept = _kept_states(s, self.failures, self.words, self._position)
        self._last: _Scenario | None = None
        self._stratum = strata(s)[0]  # the system's, and its samples with none failed
        self._untouched = montecarlo.untouched(self.failures, self._stratum.events, self.words)

    def estimate(self, evidence: Evidence = NOTHING_DOWN) -> Estimate:
        """P(system up) given ``evidence``, as :func:`availability.availability`
        estimates it (:mod:`spofscan.analysis.stratified`)."""
        hits = self.system_up(evidence)
        dead = _events_of(self.structure, evidence.instances)
        series = self._stratum.events
        # A dead event fails in every sample: none is left where no series event failed.
        untouched = 0 if set(dead) & set(series) else self._untouched
        return conditioned(hits, untouched, self._stratum)

    def system_up(self, evidence: Evidence) -> int:
        """The number of samples where every entrypoint is up, given ``evidence``."""
        s = self.structure
        dead = frozenset(_events_of(s, evidence.instances))
        if self.kept is None:  # no states kept: evaluate every node, from the draw
            failures = with_dead(self.failures, sorted(dead), self.words)
            entrypoints = [list(s.entrypoints)]
            ups = sample_chunks.up_states(s, entrypoints, failures, self.words, evidence.nodes)
            return popcount(ups[0])
        last = self._last
        if last is None or not (last.forced <= evidence.nodes and last.dead <= dead):
            last = _Scenario(frozenset(), frozenset(), {})  # from nothing failed
        seeds = set(evidence.nodes - last.forced)
        seeds.update(s.event_node[e] for e in dead - last.dead)
        scenario = _Scenario(evidence.nodes, dead, dict(last.states))
        hits, whole = self._downstream_up(scenario, self.downstream(seeds))
        size = sum(state.nbytes for state in scenario.states.values())
        self._last = scenario if whole and size <= LAST_BYTES else None
        return hits

    def downstream(self, seeds: Iterable[int]) -> set[int]:
        """The nodes whose state may change when ``seeds`` fail: they and every node
        that needs one of them, at any remove."""
        return self.structure.downstream(seeds)

    def _downstream_up(self, scenario: _Scenario, changed: set[int]) -> tuple[int, bool]:
        """Evaluate the ``changed`` nodes of ``scenario``, reading the others' states
        from its ``states`` (those of a scenario it grows from), else from the kept
        ones: the samples where every entrypoint is up, and whether the states of the
        changed nodes joined ``states`` (only when all samples are evaluated at once)."""
        s, kept, known = self.structure, self.kept, scenario.states
        assert kept is not None
        order = evaluation_order(s)
        components = [order[i] for i in sorted({self._position[n] for n in changed})]
        read = sorted({need for n in changed for need in s.requirements(n)} - changed)
        dead = sorted(e for e in scenario.dead if s.event_node[e] in changed)
        failures = with_dead(self._records_of(_node_events(s, changed)), dead, self.words)
        dense = len(changed) + len(read) + len(s.entrypoints)
        chunk = max(16, min(self.words, _STATE_BYTES // (8 * max(1, dense))))
        hits = 0
        for first in range(0, self.words, chunk):
            words = min(chunk, self.words - first)
            state = [_RELEASED] * len(s.nodes)  # nothing reads the others
            for node in read:
                state[node] = _given(known, kept, node, first, words)
            part = failures.within(first, first + words)
            for _ in sample_states.settle(s, components, part, words, scenario.forced, state):
                pass
            up = np.full(words, _ALL, dtype=np.uint64)
            for entry in s.entrypoints:
                up &= state[entry] if entry in changed else _given(known, kept, entry, first, words)
            hits += popcount(up)
            if chunk == self.words:
                known.update((node, state[node]) for node in changed)
        return hits, chunk == self.words

    def _records_of(self, events: Sequence[int]) -> Failures:
        """The drawn records of ``events`` (sorted), as one sparse draw."""
        rows = _rows(self._offsets, events)
        f = self.failures
        return Failures(f.event[rows], f.word[rows], f.bits[rows])


def _given(known: dict[int, Bits], kept: KeptStates, node: int, first: int, words: int) -> Bits:
    """A node's state over ``words`` words from ``first``: as the scenario grown from
    left it, else as kept with nothing failed."""
    found = known.get(node)
    return kept.dense(node, first, words) if found is None else found[first : first + words]


def _rows(offsets: Ints, ids: Sequence[int]) -> Ints:
    """The rows ``offsets[i]`` to ``offsets[i + 1]`` of each id, all together."""
    at = np.asarray(ids, dtype=np.int64)
    starts = offsets[at]
    lengths = offsets[at + 1] - starts
    before = np.cumsum(lengths) - lengths
    rows: Ints = np.arange(int(lengths.sum())) + np.repeat(starts - before, lengths)
    return rows


def _node_events(s: Structure, nodes: Iterable[int]) -> list[int]:
    """The events of ``nodes``' instances and of the nodes themselves, sorted."""
    events = {e for n in nodes for e in s.instance_events[n] if e >= 0}
    events.update(e for n in nodes for e in s.node_events[n])
    return sorted(events)


def _events_of(s: Structure, instances: Iterable[tuple[int, int]]) -> list[int]:
    """The events of ``(node, instance)`` pairs, as
    :func:`failure_draws.dead_events` finds them, without a pass over every event."""
    found = []
    for node, instance in instances:
        if 0 <= instance < len(s.instance_events[node]):
            found.append(s.instance_events[node][instance])
        found.extend(e for e in s.node_events[node] if s.event_key(e) == (node, instance))
    return sorted(e for e in found if e >= 0)


@collector_paused  # tens of thousands of small records: no pass over a loaded model
def _kept_states(
    s: Structure,
    failures: Failures,
    words: int,
    position: list[int],
) -> KeptStates | None:
    """Every node's state with nothing failed, kept where it is down (None past
    :data:`KEPT_BYTES`). Nodes are evaluated in order a chunk of words at a time, each
    state released once its last reader is evaluated."""
    order = evaluation_order(s)
    release: list[list[int]] = [[] for _ in order]
    for node in range(len(s.nodes)):
        last = max([position[node], *(position[d] for d in s.dependents(node))])
        release[last].append(node)
    pieces: list[list[tuple[NDArray[np.int32], Bits]]] = [[] for _ in s.nodes]
    kept = 0
    chunk = max(16, min(words, _STATE_BYTES // (8 * max(1, len(s.nodes)))))
    for first in range(0, words, chunk):
        size = min(chunk, words - first)
        state = [_RELEASED] * len(s.nodes)
        part = failures.within(first, first + size)
        settled = sample_states.settle(s, order, part, size, frozenset(), state)
        for i, component in enumerate(settled):
            for node in component:
                down = np.flatnonzero(state[node] != _ALL)
                pieces[node].append(((down + first).astype(np.int32), state[node][down]))
                kept += 12 * down.size
            for node in release[i]:
                state[node] = _RELEASED
            if kept > KEPT_BYTES:
                return None
    lengths = [sum(len(w) for w, _ in node_pieces) for node_pieces in pieces]
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    flat = [piece for node_pieces in pieces for piece in node_pieces]
    word = np.concatenate([w for w, _ in flat]) if flat else np.zeros(0, dtype=np.int32)
    bits = np.concatenate([b for _, b in flat]) if flat else np.zeros(0, dtype=np.uint64)
    return KeptStates(offsets, word, bits, words)
