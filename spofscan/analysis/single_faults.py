"""What every single failure does, for all of them in one pass.

For each node ``n`` that has basic events, ``D(n)`` is the set of nodes down when ``n``
alone is forced down: the greatest fixed point of SPEC section 3 with ``n`` failed, as
:func:`spofscan.analysis.propagation.propagate` computes it. One propagation per node
costs the sum of the sizes of these sets, which grows with the square of the depth of
the graph (a failure at the bottom of a chain takes everything above it down), and with
the number of single points of failure.

Here every node carries instead the set of sources that take it down, as the bits of a
Python integer (bit ``b`` for the ``b``-th node with events). Nodes are evaluated in
:func:`spofscan.analysis.evaluation_order.evaluation_order`, requirements first, so the
sets of what a node needs are final when it is reached. A counter (the instance count of
a node, or one of its dependency groups) with slack ``r`` breaks for the sources that
take down more than ``r`` of its inputs: the OR of the inputs' sets when ``r`` is 0, their
AND when no input may be lost, else "at least ``r + 1`` of them", counted bit-parallel.
A node's set is its own bit and the sets of its broken counters, and, for a node that
fails over with the help of others, the sources that take both instance 0's host and one
of those others down. A cycle (a strongly
connected component) starts from its own bits and is evaluated again until nothing
changes: each bit then holds the least set of failures the rules force, which is the
greatest fixed point of the up states.

Each operation on integers of ``S`` bits costs ``O(S / 64)`` word operations, so the
pass costs ``O((nodes + edges) * S / 64)`` at worst; sets of nodes that no source
reaches are the integer 0, and a node's set is dropped once every node that reads it
has been evaluated (entrypoints excepted), so that memory holds only the frontier.

From these sets come, for every event: the entrypoints it takes down; and, for every
counter with slack that one event breaks, the node of that event and how many inputs it
takes (shared fate). Only the events that take no entrypoint down get a whole
:class:`~spofscan.analysis.propagation.Effect`, one propagation per node as before: the
double faults and the shared-fate checks need their down sets, and such failures stop
at the redundancy they meet. A common cause is its node's whole failure; the event of
an active instance whose node fails over with help is propagated on its own, since its
loss wears that failover; failover events are in no cut set and get nothing.

>>> from spofscan.analysis.compiled_structure import compile_structure
>>> from spofscan.model.examples import packed_replicas
>>> s = compile_structure(packed_replicas())
>>> faults = single_faults(s)
>>> {s.events[e].name: sorted(s.nodes[n] for n in down) for e, down in faults.takes_down.items()}
{'vm': ['api']}
>>> {s.nodes[c[0]]: {s.nodes[n]: loss for n, loss in by.items()} for c, by in faults.broken.items()}
{'api': {'vm': 3}}
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.evaluation_order import evaluation_order, is_cyclic, settling_order
from spofscan.analysis.int_bits import set_bits
from spofscan.analysis.propagation import Counter, Effect, propagate, slacks


@dataclass(frozen=True)
class SingleFaults:
    """What each basic event does alone, by event and node index.

    ``takes_down[e]``: the entrypoints event ``e`` takes down, for the events that take
    at least one down; ``harmless[e]``: the whole effect of every other event;
    ``whole_down[n]``: for each node with events, the entrypoints its whole failure (all
    of its instances) takes down, possibly none; ``broken[c]``: for each counter with
    slack that one event breaks, the node of each such event and the number of the
    counter's inputs it takes down.
    """

    takes_down: dict[int, frozenset[int]]
    harmless: Mapping[int, Effect]
    whole_down: dict[int, frozenset[int]]
    broken: dict[Counter, dict[int, int]]


def single_faults(s: Structure) -> SingleFaults:
    """Every single event's effect on the entrypoints and on redundancy (module doc)."""
    sets = _DownSets(s)
    sets.run()
    entry_of = _by_source(s, sets)
    s.cache.whole_failures = entry_of
    whole_down = {node: entry_of.get(node, frozenset()) for node in sets.sources}
    takes_down: dict[int, frozenset[int]] = {}
    harmless = _Harmless(s)
    entry = frozenset(s.entrypoints)
    for e, node in enumerate(s.event_node):
        instance = (node, s.event_instance[e])
        if s.events[e].role == "failover":
            continue  # a consequence of instance 0's failures, never in a cut set
        if instance[1] < 0 and node in entry_of:
            takes_down[e] = entry_of[node]  # a common cause: the whole node down
        elif instance[1] < 0 or (instance[1] == 0 and s.failover_needs[node]):
            # the whole node, or an active instance whose loss wears its failover gate
            effect = propagate(s, [instance])
            if effect.down & entry:
                takes_down[e] = effect.down & entry
            else:
                harmless[e] = effect
        elif not one_instance_fatal(s, node):
            harmless[e] = Effect(frozenset(), {(node, -1): 1}, frozenset([instance]))
        elif node in entry_of:
            takes_down[e] = entry_of[node]
        else:
            harmless.later(e, instance)
    return SingleFaults(takes_down, harmless, whole_down, sets.broken)


class _Harmless(Mapping[int, Effect]):
    """The effects of the events that take no entrypoint down, by event. Those of an
    instance whose loss takes its node down (its node's whole failure, with that
    instance lost) are propagated on first reading, once per node: the double faults
    and shared fate read them (in a process of their own beside the availability, on a
    large file: :func:`spofscan.analysis.analyse.analyse`), and the single faults'
    pass need not wait for one propagation per such node (41,378 of them, 5.8 s, on
    the layered shape of 100,000 components)."""

    def __init__(self, s: Structure) -> None:
        self._s = s
        # event -> its effect, or its instance while not propagated yet; in event order
        self._effects: dict[int, Effect | tuple[int, int]] = {}
        self._whole: dict[int, Effect] = {}  # node -> its effect, forced down

    def __setitem__(self, event: int, effect: Effect) -> None:
        self._effects[event] = effect

    def later(self, event: int, instance: tuple[int, int]) -> None:
        """Event ``event`` of ``instance``, whose loss takes its node down, is harmless:
        its effect is propagated when read."""
        self._effects[event] = instance

    def __getitem__(self, event: int) -> Effect:
        found = self._effects[event]  # KeyError: not a harmless event
        if isinstance(found, Effect):
            return found
        node = found[0]
        whole = self._whole.get(node)
        if whole is None:
            whole = self._whole[node] = propagate(self._s, [], forced_down=[node])
        effect = self._effects[event] = _with_instance(whole, found)
        return effect

    def __contains__(self, event: object) -> bool:
        return event in self._effects

    def __iter__(self) -> Iterator[int]:
        return iter(self._effects)

    def __len__(self) -> int:
        return len(self._effects)


def whole_failures(s: Structure) -> dict[int, frozenset[int]]:
    """For each node with basic events whose whole failure takes some entrypoint down,
    those entrypoints: the first half of :func:`single_faults`, for analyses that need
    no more (:mod:`spofscan.analysis.series_events`); kept with the structure."""
    if s.cache.whole_failures is None:
        sets = _DownSets(s)
        sets.run(record=False)
        s.cache.whole_failures = _by_source(s, sets)
    return s.cache.whole_failures


def _with_instance(whole: Effect, instance: tuple[int, int]) -> Effect:
    """The effect of one instance's event, from that of its node forced down: the same,
    since the loss of that instance takes the node down, but with the instance lost."""
    if instance in whole.lost_instances:
        return whole
    losses = dict(whole.losses)
    counter = (instance[0], -1)
    losses[counter] = losses.get(counter, 0) + 1
    return Effect(whole.down, losses, whole.lost_instances | {instance})


def one_instance_fatal(s: Structure, node: int) -> bool:
    """Whether the loss of one instance takes ``node`` down."""
    return len(s.instance_events[node]) - 1 < s.min_healthy[node]


def _by_source(s: Structure, sets: _DownSets) -> dict[int, frozenset[int]]:
    """For each source node, the entrypoints it takes down (only those with some)."""
    found: dict[int, set[int]] = {}
    for entry in s.entrypoints:
        for b in set_bits(sets.rows[entry]):
            found.setdefault(sets.sources[b], set()).add(entry)
    return {node: frozenset(entries) for node, entries in found.items()}


def at_least(inputs: Sequence[int], t: int) -> int:
    """The bits set in at least ``t`` of ``inputs`` (``t`` >= 1).

    >>> bin(at_least([0b0111, 0b0101, 0b1100], 2))
    '0b101'
    """
    if t > len(inputs):
        return 0
    result = 0
    if t == 1:
        for x in inputs:
            result |= x
        return result
    if t == len(inputs):
        result = -1
        for x in inputs:
            result &= x
        return result
    counts = [-1] + [0] * t  # counts[j]: bits set in at least j of the inputs seen
    for i, x in enumerate(inputs):
        for j in range(min(t, i + 1), 0, -1):
            counts[j] |= counts[j - 1] & x
    return counts[t]


class _DownSets:
    """The set of sources that take each node down, as integers (see the module doc)."""

    def __init__(self, s: Structure) -> None:
        self.s = s
        self.order = evaluation_order(s)
        self.sources = [n for comp in self.order for n in comp if _has_events(s, n)]
        self.bit = {node: b for b, node in enumerate(self.sources)}
        self.fatal = 0
        for b, node in enumerate(self.sources):
            if one_instance_fatal(s, node) or _common_cause(s, node):  # one event takes it all down
                self.fatal |= 1 << b
        self.rows = [0] * len(s.nodes)
        self.readers = [len(s.dependents(n)) for n in range(len(s.nodes))]
        self.kept = set(s.entrypoints)
        self.room = slacks(s)
        self.broken: dict[Counter, dict[int, int]] = {}

    def run(self, *, record: bool = True) -> None:
        """The rows of every node; ``record``: and the counters one event breaks."""
        for comp in self.order:
            if len(comp) == 1 and not is_cyclic(self.s, comp):
                self.rows[comp[0]] = self._evaluate(comp[0], record=record)
            else:
                self._cycle(comp, record)
            release_rows(self.s, comp, self.readers, self.rows, self.kept)

    def _cycle(self, comp: list[int], record: bool) -> None:
        """Evaluate a cycle again and again from its own bits until nothing changes;
        ``record`` broken counters on the last, unchanged, round."""
        for node in comp:
            self.rows[node] = self._own(node)
        changed = True
        settling = settling_order(self.s, comp)
        while changed:
            changed = False
            for node in settling:
                row = self._evaluate(node, record=False)
                if row != self.rows[node]:
                    self.rows[node], changed = row, True
        if record:
            for node in comp:
                self._evaluate(node, record=True)

    def _own(self, node: int) -> int:
        b = self.bit.get(node)
        return 0 if b is None else 1 << b

    def _evaluate(self, node: int, *, record: bool) -> int:
        row = self._own(node)
        s, rows = self.s, self.rows
        hosts = [rows[h] for h in s.hosts[node] if h >= 0]
        row |= self._counter((node, -1), hosts, record)
        for g, group in enumerate(s.groups[node]):
            row |= self._counter((node, g), [rows[m] for m in group.members], record)
        needs = s.failover_needs[node]
        if needs:  # instance 0's host down with a need of the failover: no standby takes over
            host = s.hosts[node][0]
            row |= (rows[host] if host >= 0 else 0) & at_least([rows[n] for n in needs], 1)
        return row

    def _counter(self, counter: Counter, inputs: list[int], record: bool) -> int:
        room = self.room[counter]
        broken = at_least(inputs, room + 1)
        if record and room > 0 and broken & self.fatal:
            by_node = self.broken.setdefault(counter, {})
            for b, loss in _losses(inputs, broken & self.fatal, room):
                by_node[self.sources[b]] = loss
        return broken


def release_rows(
    s: Structure, comp: list[int], readers: list[int], rows: list[int], kept: Collection[int]
) -> None:
    """After evaluating ``comp``, drop the ``rows`` no node evaluated later reads
    (``readers``: how many dependents of each node are still to come; ``kept`` stay)."""
    for node in comp:
        for need in s.requirements(node):
            readers[need] -= 1
            if not readers[need] and need not in kept:
                rows[need] = 0


def _losses(inputs: Sequence[int], bits: int, room: int) -> Iterator[tuple[int, int]]:
    """For each bit of ``bits`` (each set in more than ``room`` of ``inputs``), in how
    many of ``inputs`` it is set: the counts of :func:`at_least` kept for every level.

    >>> sorted(_losses([0b011, 0b110, 0b111], 0b111, 1))
    [(0, 2), (1, 3), (2, 2)]
    """
    counts = [-1] + [0] * len(inputs)
    for i, x in enumerate(inputs):
        for j in range(i + 1, 0, -1):
            counts[j] |= counts[j - 1] & x
    for j in range(len(inputs), room, -1):
        found = counts[j] & bits
        bits &= ~found
        for b in set_bits(found):
            yield b, j


def _common_cause(s: Structure, node: int) -> bool:
    """Whether ``node`` has a common-cause event: one event that takes it down whole."""
    return any(s.events[e].role == "common_cause" for e in s.node_events[node])


def _has_events(s: Structure, node: int) -> bool:
    return any(e >= 0 for e in s.instance_events[node])
