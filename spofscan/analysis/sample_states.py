"""Every node's up bits over samples packed 64 to a machine word.

One NumPy operation evaluates a node in thousands of samples at once: its instances
each up where its host is and its own event did not fail (:class:`OwnRows` applies an
event's sparse failures to its base state only where it failed), "at least k of them"
by the same dynamic programme as the decision diagrams, then its dependency groups,
node events and failover. Nodes are evaluated requirements first
(:func:`~spofscan.analysis.evaluation_order.evaluation_order`); a cycle iterates from
"all up" until nothing changes, the greatest fixed point of SPEC section 3. The chunks
of words that bound the states alive at once are :mod:`.sample_chunks`'; the estimate
that counts them, :mod:`.montecarlo`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.evaluation_order import evaluation_order, is_cyclic, settling_order
from spofscan.analysis.failure_draws import Bits, Failures

STATE_BITS = 2**31  # at most 256 MiB of node states a chunk of samples
_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)


def fits_at_once(nodes: int, words: int) -> bool:
    """Whether the states of ``nodes`` nodes over ``words`` words fit in a chunk's
    memory (``STATE_BITS``)."""
    return nodes * 64 * words <= STATE_BITS


def every_state(s: Structure, failures: Failures, words: int) -> list[Bits] | None:
    """Every node's up bits over ``words`` words of ``failures``, all held at once;
    None when they would take more than a chunk's ``STATE_BITS`` (10,000 nodes at
    the default 200,000 samples: 250 MB)."""
    if not fits_at_once(len(s.nodes), words):
        return None
    order = evaluation_order(s)
    own = OwnRows(failures, len(s.events))
    return evaluate_states(s, order, own, frozenset(), words, [[] for _ in order])


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
    release. What :func:`evaluate_states` does for every node, for the part of a
    structure that a scenario can change (:mod:`spofscan.analysis.scenario_samples`)."""
    own = OwnRows(failures, len(s.events))
    ones = np.full(words, _ALL, dtype=np.uint64)
    zeros = np.zeros(words, dtype=np.uint64)
    for component in components:
        if not is_cyclic(s, component):
            node = component[0]
            state[node] = zeros if node in forced else _condition(s, node, own, state, ones)
        else:
            for node in component:
                state[node] = ones  # from "all up", as evaluate_states starts
            _fixed_point(s, component, own, state, forced, ones)
        yield component


class OwnRows:
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


def evaluate_states(
    s: Structure,
    order: list[list[int]],
    own: OwnRows,
    forced: frozenset[int],
    words: int,
    release: list[list[int]],
) -> list[Bits]:
    """Every node's up bits over ``words`` words, ``own`` their events' failures, in
    ``order`` (:func:`~spofscan.analysis.evaluation_order.evaluation_order`),
    ``forced`` nodes down in all; after ``order[i]``, the states of ``release[i]``
    are let go (nothing later reads them)."""
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
    own: OwnRows,
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


def _condition(s: Structure, node: int, own: OwnRows, state: list[Bits], ones: Bits) -> Bits:
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
