"""Minimal cut sets of order 1 and 2 of the system's top event, "some entrypoint down".

Order 1 (single points of failure): what every event takes down, for all of them in one
pass (:mod:`spofscan.analysis.single_faults`).

Order 2 (double faults): two events that are harmless alone can only harm together if
some counter (a node's instance count, or one of its dependency groups) that both wear
down, without crossing its threshold alone, crosses it when their losses add up.
Otherwise the joint down set is the union of the two single ones, which reaches no
entrypoint. So candidate pairs come from an index of counters, and each candidate is
settled by propagating from the crossing nodes only, until a node goes down whose
failure alone takes an entrypoint down; or, when there are several candidates per node
that they can reach (tens of thousands on a layered file of 10,000 components), all at
once: each pair a sample in which its two events fail, evaluated 64 to a word as Monte
Carlo evaluates its samples. Past ``max_pairs`` candidates the enumeration stops and
says so.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from spofscan.analysis import sample_states
from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.evaluation_order import order_within
from spofscan.analysis.failure_draws import records
from spofscan.analysis.propagation import FAILOVER_GATE, Counter, Effect, slack, slacks
from spofscan.analysis.single_faults import SingleFaults, single_faults

DEFAULT_MAX_PAIRS = 50_000


@dataclass(frozen=True)
class CutSetSearch:
    """Event-index form of the cut sets, with what each order-1 event takes down."""

    order_1: tuple[int, ...]
    takes_down: dict[int, frozenset[int]]
    order_2: tuple[tuple[int, int], ...]
    complete: bool
    candidates: int


def minimal_cut_sets(
    s: Structure, faults: SingleFaults | None = None, *, max_pairs: int = DEFAULT_MAX_PAIRS
) -> CutSetSearch:
    """All minimal cut sets of order 1, and of order 2 up to ``max_pairs`` candidates."""
    faults = faults if faults is not None else single_faults(s)
    pairs, complete, candidates = _order_2(s, faults.harmless, fatal_nodes(s, faults), max_pairs)
    takes_down = faults.takes_down
    return CutSetSearch(tuple(sorted(takes_down)), takes_down, pairs, complete, candidates)


def fatal_nodes(s: Structure, faults: SingleFaults) -> frozenset[int]:
    """The entrypoints, and the nodes whose failure alone takes one down: a pair that
    takes one of these down takes an entrypoint down, and its check can stop there."""
    fatal = {node for node, down in faults.whole_down.items() if down}
    return frozenset(fatal.union(s.entrypoints))


def _order_2(
    s: Structure,
    effects: Mapping[int, Effect],
    entry: frozenset[int],
    max_pairs: int,
) -> tuple[tuple[tuple[int, int], ...], bool, int]:
    """The double faults among the events that take no entrypoint down (``effects``);
    ``entry``: the :func:`fatal_nodes`."""
    degraded = {e: effect.degraded_counters() for e, effect in effects.items()}
    pairs = list(itertools.islice(candidate_pairs(s, degraded), max_pairs + 1))
    complete = len(pairs) <= max_pairs
    pairs = pairs[:max_pairs]
    reached = pairs_reaching(s, effects, degraded, pairs, entry)
    found = [pair for pair, down in zip(pairs, reached, strict=True) if down]
    return tuple(sorted(found)), complete, len(pairs)


PAIRS_PER_NODE = 4  # pairs to check per node to evaluate, from which all at once pays


def pairs_reaching(
    s: Structure,
    effects: Mapping[int, Effect],
    degraded: Mapping[int, dict[Counter, int]],
    pairs: Sequence[tuple[int, int]],
    entry: frozenset[int],
) -> list[bool]:
    """Whether each pair of events (that take no entrypoint down alone: their
    ``effects`` and ``degraded_counters()``) takes one down together; ``entry``: the
    :func:`fatal_nodes`. All at once (:func:`_all_at_once`) when that pays, else one
    by one, propagating from the crossing nodes."""
    together = _all_at_once(s, pairs)
    if together is not None:
        return together
    return [
        joint_failure_reaches(
            s, effects[a], effects[b], crossing_nodes(s, degraded[a], degraded[b]), entry
        )
        for a, b in pairs
    ]


def _all_at_once(s: Structure, pairs: Sequence[tuple[int, int]]) -> list[bool] | None:
    """Whether each pair of events takes an entrypoint down, every pair a sample of its
    own, in which its two events fail: evaluated bit-parallel, 64 pairs to a word, as
    Monte Carlo evaluates its samples (:func:`sample_states.settle`), only at the nodes
    that need the pairs' components. None when that does not pay (fewer than
    ``PAIRS_PER_NODE`` pairs per such node: a propagation from the crossing nodes
    visits a few nodes, an evaluation visits them all) or the states do not fit in a
    chunk's memory at once."""
    count = len(pairs)
    if not count:
        return []
    words = math.ceil(count / 64)
    both = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    nodes = s.downstream({s.event_node[e] for e in np.unique(both).tolist()})
    if count < PAIRS_PER_NODE * len(nodes) or not sample_states.fits_at_once(len(nodes), words):
        return None
    event = both.T.ravel()
    sample = np.tile(np.arange(count, dtype=np.int64), 2)
    order = np.lexsort((sample, event))
    failures = records(event[order], sample[order])
    state = [sample_states.all_ones(words)] * len(s.nodes)
    for _ in sample_states.settle(s, order_within(s, nodes), failures, words, frozenset(), state):
        pass
    up = sample_states.all_up(state, s.entrypoints, words)
    flags = np.unpackbits(up.view(np.uint8), bitorder="little")[:count]
    down: list[bool] = (flags == 0).tolist()
    return down


def candidate_pairs(
    s: Structure, degraded: dict[int, dict[Counter, int]]
) -> Iterator[tuple[int, int]]:
    """Pairs of events whose losses add up past some counter's slack, each once.

    Generated lazily, counter by counter, so that a budget stops the work too.
    """
    wearing: dict[Counter, list[tuple[int, int]]] = defaultdict(list)
    for e, counters in degraded.items():
        for counter, loss in counters.items():
            wearing[counter].append((loss, e))
    seen: set[tuple[int, int]] = set()
    for counter in sorted(wearing):
        room = slack(s, counter)
        worn = sorted(wearing[counter], reverse=True)
        for i, (loss_a, a) in enumerate(worn):
            for loss_b, b in worn[i + 1 :]:
                if loss_a + loss_b <= room:
                    break
                pair = (a, b) if a < b else (b, a)
                if pair not in seen:
                    seen.add(pair)
                    yield pair


def pair_reaches(
    s: Structure,
    effects: tuple[Effect, Effect],
    degraded: tuple[dict[Counter, int], dict[Counter, int]],
    held: frozenset[Counter] = frozenset(),
) -> bool:
    """Whether two failures that take no entrypoint down alone (their ``effects``, and
    the ``degraded_counters()`` of each) do together, the counters in ``held`` never
    tripping."""
    seeds = crossing_nodes(s, *degraded)
    return joint_failure_reaches(s, *effects, seeds, frozenset(s.entrypoints), held)


def crossing_nodes(s: Structure, one: dict[Counter, int], other: dict[Counter, int]) -> set[int]:
    """Nodes with a counter that the two losses together push past its slack."""
    small, large = (one, other) if len(one) <= len(other) else (other, one)
    room = slacks(s)
    return {
        counter[0]
        for counter, loss in small.items()
        if counter in large and loss + large[counter] > room[counter]
    }


def joint_failure_reaches(
    s: Structure,
    one: Effect,
    other: Effect,
    seeds: set[int],
    entry: frozenset[int],
    held: frozenset[Counter] = frozenset(),
) -> bool:
    """Whether both effects together take an entrypoint down; only new losses are pushed.
    The counters in ``held`` never trip (see :func:`pair_reaches`).

    A node that goes down can only break the counters it is part of: what runs on it
    checks its instance count, what names it checks that one group, not all its groups
    (a load balancer over thousands of services would be checked thousands of times
    over). Plain loops: this runs for every candidate pair, up to the budget.
    """
    down_a, down_b, new = one.down, other.down, set()
    lost_a, lost_b = one.lost_instances, other.lost_instances

    def too_few_instances(node: int) -> bool:
        if held and (node, -1) in held:
            return False
        up = 0
        for i, host in enumerate(s.hosts[node]):
            if (node, i) in lost_a or (node, i) in lost_b:
                continue
            if host >= 0 and (host in down_a or host in down_b or host in new):
                continue
            up += 1
        return up < s.min_healthy[node]

    def group_broken(node: int, g: int) -> bool:
        if held and (node, g) in held:
            return False
        group = s.groups[node][g]
        alive = len(group.members)
        for member in group.members:
            if member in down_a or member in down_b or member in new:
                alive -= 1
                if alive < group.k:
                    return True
        return False

    def cannot_fail_over(node: int) -> bool:
        needs = s.failover_needs[node]
        if not needs or (held and (node, FAILOVER_GATE) in held):
            return False
        host = s.hosts[node][0]
        active_down = (
            (node, 0) in lost_a
            or (node, 0) in lost_b
            or (host >= 0 and (host in down_a or host in down_b or host in new))
        )
        return active_down and any(n in down_a or n in down_b or n in new for n in needs)

    stack = []
    for node in sorted(seeds):
        if node in down_a or node in down_b:
            continue
        if (
            too_few_instances(node)
            or any(group_broken(node, g) for g in range(len(s.groups[node])))
            or cannot_fail_over(node)
        ):
            new.add(node)
            stack.append(node)
    hosted_by, member_of, fails_over_with = s.hosted_by, s.member_of, s.fails_over_with
    while stack:
        node = stack.pop()
        if node in entry:
            return True
        for dependent, _ in hosted_by[node]:
            if dependent in down_a or dependent in down_b or dependent in new:
                continue
            if too_few_instances(dependent) or cannot_fail_over(dependent):
                new.add(dependent)
                stack.append(dependent)
        for dependent in fails_over_with[node]:
            if dependent in down_a or dependent in down_b or dependent in new:
                continue
            if cannot_fail_over(dependent):
                new.add(dependent)
                stack.append(dependent)
        for dependent, g in member_of[node]:
            if dependent in down_a or dependent in down_b or dependent in new:
                continue
            if group_broken(dependent, g):
                new.add(dependent)
                stack.append(dependent)
    return False
