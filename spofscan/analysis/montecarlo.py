"""Seeded, bit-parallel Monte Carlo estimate of availability, for models too large for BDDs.

Samples are packed 64 to a machine word, so one NumPy operation evaluates a node in
thousands of samples at once. Each instance's failures are drawn as a Bernoulli process
by geometric gaps between failed samples, which costs time in proportion to the number
of failures, not of samples. Nodes are evaluated requirements first; cycles iterate from
"all up" until nothing changes, the greatest fixed point of SPEC section 3. Intervals are
Wilson score intervals at 95%. The same samples give conditional estimates of each
component's importance (system up given all its instances up, or all down).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from spofscan.analysis.order import evaluation_order, is_cyclic
from spofscan.analysis.results import Estimate
from spofscan.analysis.structure import Structure

DEFAULT_SAMPLES = 200_000
_CHUNK_WORDS = 1024  # at most 65,536 samples a chunk
_CHUNK_BITS = 2**30  # at most 128 MiB of event bits a chunk
_BATCH_NODES = 256  # replicated components reduced at once when tallying importance
_Z95 = 1.959963984540054
_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)

Bits = NDArray[np.uint64]


@dataclass
class Tally:
    """Counts over the samples: targets up, and per component the conditional counts."""

    samples: int = 0
    hits: list[int] = field(default_factory=list)
    # per component node: [n all up, system up & all up, n all down, system up & all down]
    conditional: dict[int, list[int]] = field(default_factory=dict)
    # the same four counts for single-instance components, one column each, while running
    single_counts: NDArray[np.int64] | None = None
    # and for replicated components, one column each, in _conditioned_nodes' order
    replicated_counts: NDArray[np.int64] | None = None


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
    first target up.
    """
    forced = frozenset(evidence[0])
    order = evaluation_order(s)
    words_total = max(1, math.ceil(samples / 64))
    failures = _draw_failures(s, np.random.default_rng(seed), words_total * 64)
    tally = Tally(hits=[0] * len(targets))
    chunk = max(16, min(_CHUNK_WORDS, _CHUNK_BITS // max(1, 64 * len(s.events))))
    done = 0
    while done < words_total:
        words = min(chunk, words_total - done)
        own_rows = _own_bits(s, failures, done, words, frozenset(evidence[1]))
        own = list(own_rows)
        state = _evaluate(s, order, own, forced, words)
        ups = [_all_of(state, target, words) for target in targets]
        for t, up in enumerate(ups):
            tally.hits[t] += _popcount(up)
        if conditional and ups:
            _tally_conditional(s, own_rows, ups[0], tally)
        done += words
    tally.samples = words_total * 64
    singles, replicated = _conditioned_nodes(s)
    for nodes, counts in ((singles, tally.single_counts), (replicated, tally.replicated_counts)):
        if counts is not None:
            tally.conditional.update(zip(nodes, counts.T.tolist(), strict=True))
    return tally


def _draw_failures(
    s: Structure, rng: np.random.Generator, size: int
) -> tuple[NDArray[np.int64], NDArray[np.uint64]]:
    """Every failure of every event over ``size`` samples: (event index, sample index)."""
    positions = [_failures(rng, size, 1.0 - event.availability) for event in s.events]
    if not positions:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.uint64)
    counts = [p.size for p in positions]
    return np.repeat(np.arange(len(positions), dtype=np.int64), counts), np.concatenate(positions)


def _own_bits(
    s: Structure,
    failures: tuple[NDArray[np.int64], NDArray[np.uint64]],
    first_word: int,
    words: int,
    dead: frozenset[tuple[int, int]],
) -> NDArray[np.uint64]:
    """Own state bits of each basic event over one chunk of words, one row an event."""
    bits = np.full((len(s.events), words), _ALL, dtype=np.uint64)
    events, positions = failures
    low = np.uint64(first_word * 64)
    inside = (positions >= low) & (positions < low + np.uint64(words * 64))
    offsets = positions[inside] - low
    flat = events[inside] * words + (offsets >> np.uint64(6)).astype(np.int64)
    np.bitwise_and.at(bits.reshape(-1), flat, ~(np.uint64(1) << (offsets & np.uint64(63))))
    for e in range(len(s.events)):
        if (s.event_node[e], s.event_instance[e]) in dead:
            bits[e] = 0
    return bits


def _failures(rng: np.random.Generator, size: int, q: float) -> NDArray[np.uint64]:
    """Indices in [0, size) of a Bernoulli(q) process, by geometric gaps."""
    if q <= 0.0:
        return np.empty(0, dtype=np.uint64)
    if q >= 0.5:
        return np.flatnonzero(rng.random(size) < q).astype(np.uint64)
    expected = int(size * q + 6 * math.sqrt(size * q) + 16)
    positions = np.cumsum(rng.geometric(q, size=expected)) - 1
    while positions[-1] < size:
        more = np.cumsum(rng.geometric(q, size=expected)) + positions[-1]
        positions = np.concatenate([positions, more])
    return positions[positions < size].astype(np.uint64)


def _evaluate(
    s: Structure,
    order: list[list[int]],
    own: list[Bits],
    forced: frozenset[int],
    words: int,
) -> list[Bits]:
    ones = np.full(words, _ALL, dtype=np.uint64)
    state: list[Bits] = [ones] * len(s.nodes)
    for component in order:
        if not is_cyclic(s, component):  # one node, settled in one pass
            node = component[0]
            value = _condition(s, node, own, state, ones)
            state[node] = np.zeros(words, dtype=np.uint64) if node in forced else value
            continue
        for _ in range(len(component) + 1):
            changed = False
            for node in component:
                value = _condition(s, node, own, state, ones)
                if node in forced:
                    value = np.zeros(words, dtype=np.uint64)
                if value is not state[node] and not np.array_equal(value, state[node]):
                    state[node] = value
                    changed = True
            if not changed:
                break
    return state


def _condition(s: Structure, node: int, own: list[Bits], state: list[Bits], ones: Bits) -> Bits:
    terms = []
    for event, host in zip(s.instance_events[node], s.hosts[node], strict=True):
        term = own[event] if event >= 0 else ones
        if host >= 0:
            term = term & state[host]
        terms.append(term)
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


def _tally_conditional(s: Structure, own: NDArray[np.uint64], system: Bits, tally: Tally) -> None:
    """Count, per component, samples with all its instances up (or down), and system up.

    Single-instance components, the many, are counted together from their events'
    rows; replicated ones by batches of equal replica count.
    """
    size, system_up = own.shape[1] * 64, _popcount(system)
    singles, replicated = _conditioned_nodes(s)
    if tally.single_counts is None or tally.replicated_counts is None:
        tally.single_counts = np.zeros((4, len(singles)), dtype=np.int64)
        tally.replicated_counts = np.zeros((4, len(replicated)), dtype=np.int64)
    own_rows = own[[s.instance_events[n][0] for n in singles]]  # their events only
    up, up_and_system = _popcounts(own_rows), _popcounts(own_rows & system)
    tally.single_counts += np.stack([up, up_and_system, size - up, system_up - up_and_system])
    for columns, rows in _replica_batches(s, replicated):
        all_up = np.bitwise_and.reduce(own[rows], axis=1)  # (nodes, words)
        all_down = ~np.bitwise_or.reduce(own[rows], axis=1)
        tally.replicated_counts[:, columns] += np.stack(
            [
                _popcounts(all_up),
                _popcounts(all_up & system),
                _popcounts(all_down),
                _popcounts(all_down & system),
            ]
        )


def _replica_batches(
    s: Structure, replicated: list[int]
) -> list[tuple[NDArray[np.int64], NDArray[np.int64]]]:
    """Replicated components in batches of equal replica count, for one reduction each:
    (their columns in ``replicated``, their event rows, one row of instances each)."""
    if "replica batches" not in s.cache:
        by_count: dict[int, list[int]] = {}
        for column, node in enumerate(replicated):
            by_count.setdefault(len(s.instance_events[node]), []).append(column)
        batches = []
        for count in sorted(by_count):
            columns = by_count[count]
            for start in range(0, len(columns), _BATCH_NODES):
                chunk = np.array(columns[start : start + _BATCH_NODES], dtype=np.int64)
                rows = np.array([s.instance_events[replicated[c]] for c in chunk], dtype=np.int64)
                batches.append((chunk, rows.reshape(len(chunk), count)))
        s.cache["replica batches"] = batches
    found: list[tuple[NDArray[np.int64], NDArray[np.int64]]] = s.cache["replica batches"]
    return found


def _popcounts(rows: NDArray[np.uint64]) -> NDArray[np.int64]:
    """Set bits of each row."""
    counts: NDArray[np.int64] = np.bitwise_count(rows).sum(axis=1, dtype=np.int64)
    return counts


def _conditioned_nodes(s: Structure) -> tuple[list[int], list[int]]:
    """Component nodes whose instances all can fail: single-instance ones, replicated ones."""
    if "conditioned" not in s.cache:
        eligible = [
            n
            for n, events in enumerate(s.instance_events)
            if not s.is_journey[n] and events and min(events) >= 0
        ]
        singles = [n for n in eligible if len(s.instance_events[n]) == 1]
        replicated = [n for n in eligible if len(s.instance_events[n]) > 1]
        s.cache["conditioned"] = (singles, replicated)
    nodes: tuple[list[int], list[int]] = s.cache["conditioned"]
    return nodes


def _popcount(bits: Bits) -> int:
    return int(np.bitwise_count(bits).sum())


def wilson(hits: int, n: int) -> Estimate:
    """The proportion ``hits / n`` with its 95% Wilson score interval."""
    p = hits / n
    denom = 1 + _Z95**2 / n
    centre = (p + _Z95**2 / (2 * n)) / denom
    half = _Z95 * math.sqrt(p * (1 - p) / n + _Z95**2 / (4 * n * n)) / denom
    return Estimate(p, "monte-carlo", (max(0.0, centre - half), min(1.0, centre + half)))
