"""Incremental failure propagation: the greatest fixed point, touching only what changes.

Start from the all-up state (a fixed point, since every group and ``min_healthy`` can be
met), fail some instances (or node events: ``(node, COMMON_CAUSE)``, ``(node,
FAILOVER)``) or force some nodes down, and push the losses along ``hosted_by``,
``member_of`` and ``fails_over_with`` with counters. A node goes down the moment one of its
counters drops below its threshold, and never comes back: this computes exactly the
greatest fixed point of SPEC section 3 (cycles included) in time proportional to the
part of the graph the failure reaches.

>>> from spofscan.analysis.compiled_structure import compile_structure
>>> from spofscan.model.examples import tiny_architecture
>>> s = compile_structure(tiny_architecture())
>>> effect = propagate(s, [(s.index["vm"], 0)])
>>> sorted(s.nodes[n] for n in effect.down)
['api', 'db', 'vm']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spofscan.analysis.compiled_structure import Structure

# A counter is a node's instance count (group index -1), one of its groups, or its
# failover (FAILOVER_GATE): instance 0 lost counts one, each node its failover needs
# that is down one more. The gate breaks only with instance 0 lost and a need down, so
# its count says which pairs of failures may break it, never that it broke.
Counter = tuple[int, int]
FAILOVER_GATE = -2


@dataclass(frozen=True)
class Effect:
    """What a failure does: the nodes down, and the losses of every counter it touched."""

    down: frozenset[int]
    losses: dict[Counter, int]
    lost_instances: frozenset[tuple[int, int]]

    def degraded_counters(self) -> dict[Counter, int]:
        """Losses of counters whose node is still up."""
        return {c: n for c, n in self.losses.items() if c[0] not in self.down}


def slack(s: Structure, counter: Counter) -> int:
    """How many losses a counter absorbs before its node goes down."""
    return slacks(s)[counter]


def slacks(s: Structure) -> dict[Counter, int]:
    """The slack of every counter, computed once per structure (hot loops read it)."""
    table = s.cache.slacks
    if table is None:
        table = {}
        for node, events in enumerate(s.instance_events):
            table[(node, -1)] = len(events) - s.min_healthy[node]
            for g, group in enumerate(s.groups[node]):
                table[(node, g)] = len(group.members) - group.k
            if s.failover_needs[node]:
                table[(node, FAILOVER_GATE)] = 1
        s.cache.slacks = table
    return table


def propagate(
    s: Structure,
    failed_instances: Iterable[tuple[int, int]],
    forced_down: Iterable[int] = (),
    held: frozenset[Counter] = frozenset(),
) -> Effect:
    """Fail ``(node, instance)`` pairs and force ``forced_down`` nodes down; see module doc.

    The counters in ``held`` count their losses but never take their node down: what
    the failure would do if that redundancy held.
    """
    down: set[int] = set()
    lost: set[tuple[int, int]] = set()
    losses: dict[Counter, int] = {}
    stack: list[int] = []
    room = slacks(s)

    def hit(counter: Counter) -> None:
        count = losses.get(counter, 0) + 1
        losses[counter] = count
        if counter[1] == FAILOVER_GATE:
            return  # the gate's own logic decides (see Counter)
        if count > room[counter] and counter[0] not in down and counter not in held:
            down.add(counter[0])
            stack.append(counter[0])

    def take_down(node: int) -> None:
        if node not in down:
            down.add(node)
            stack.append(node)

    def lose(instance: tuple[int, int]) -> None:
        node, i = instance
        if i < 0:  # a node event: its common cause or its failover
            take_down(node)
        elif instance not in lost:
            lost.add(instance)
            hit((node, -1))
            if i == 0 and s.failover_needs[node]:
                hit((node, FAILOVER_GATE))
                if any(need in down for need in s.failover_needs[node]):
                    take_down(node)  # the active instance is gone and cannot be replaced

    for instance in failed_instances:
        lose(instance)
    for node in forced_down:
        take_down(node)
    hosted_by, member_of, fails_over_with = s.hosted_by, s.member_of, s.fails_over_with
    while stack:
        node = stack.pop()
        for instance in hosted_by[node]:
            lose(instance)
        for member_node, g in member_of[node]:
            hit((member_node, g))
        for dependent in fails_over_with[node]:
            hit((dependent, FAILOVER_GATE))
            if (dependent, 0) in lost:
                take_down(dependent)
    return Effect(frozenset(down), losses, frozenset(lost))
