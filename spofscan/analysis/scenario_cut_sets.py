"""Cut sets of order 1 and 2 under a scenario: with some failures already in place, which
one further basic event takes down an entrypoint that is still up, and which two do
together while neither does alone.

With nothing failed these are the minimal cut sets of :mod:`.cut_sets`: the single points
of failure and the double faults. Under a scenario the top event becomes "some entrypoint
that is up now goes down", and the events already lost (failed, or on a host that is
down) are out of play.

Cost: one propagation per component whose next lost instance would take it down (as in
:func:`.cut_sets.single_event_effects`), started from the scenario's state, which it reads
but never copies, and stopped once every entrypoint up now is down. The double faults that
include a given event cost one propagation of the scenario with that event failed too,
then propagations from the components whose first pass met a counter the event changed.

>>> from spofscan.analysis.compiled_structure import compile_structure
>>> from spofscan.analysis.propagation import propagate
>>> from spofscan.model.examples import tiny_architecture
>>> s = compile_structure(tiny_architecture())
>>> spofs = further_spofs(s, propagate(s, []))
>>> sorted(s.events[e].name for e in spofs)
['api', 'db', 'vm']
>>> further_spofs(s, propagate(s, [(s.index["db"], 0)]))  # api is down already
{}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.evidence import Evidence
from spofscan.analysis.propagation import FAILOVER_GATE, Counter, Effect, propagate, slacks


def further_spofs(s: Structure, effect: Effect) -> dict[int, frozenset[int]]:
    """The events (by index) not lost in ``effect`` whose failure, added to it, takes
    entrypoints that are up in it down; with those entrypoints."""
    return _further(s, effect, range(len(s.nodes)))[0]


def further_pairs(
    s: Structure, evidence: Evidence, events: Iterable[int]
) -> tuple[tuple[int, int], ...]:
    """The pairs of events, one of them in ``events``, that take an entrypoint up now down
    when they fail on top of ``evidence``, while neither does alone; each ``(a, b)`` with
    ``a < b``."""
    return further_failures(s, evidence).pairs(events)


def further_failures(
    s: Structure, evidence: Evidence, effect: Effect | None = None
) -> FurtherFailures:
    """What one more failure does from the scenario ``evidence`` (whose ``effect`` the
    caller may have propagated already)."""
    now = effect or propagate(s, evidence.instances, evidence.nodes)
    spofs, touched = _further(s, now, range(len(s.nodes)))
    return FurtherFailures(s, evidence, now, spofs, touched)


@dataclass(frozen=True)
class FurtherFailures:
    """A scenario's state (``evidence`` propagated: ``now``), the events that take an
    entrypoint up now down if they fail too (``spofs``, with those entrypoints), and the
    counters each component's propagation counted a loss on (``touched``)."""

    structure: Structure
    evidence: Evidence
    now: Effect
    spofs: dict[int, frozenset[int]]
    touched: dict[int, Iterable[Counter]] = field(repr=False)

    @cached_property
    def touching(self) -> dict[Counter, list[int]]:
        """The components whose propagation counted a loss on each counter."""
        table: dict[Counter, list[int]] = defaultdict(list)
        for node, counters in self.touched.items():
            for counter in counters:
                table[counter].append(node)
        return table

    def pairs(self, events: Iterable[int]) -> tuple[tuple[int, int], ...]:
        """The double faults from the scenario that include one of ``events``.

        For each event ``a``, only the components whose propagation touched a counter
        that ``a`` changes, or whose own instance count it wears, are propagated again
        with ``a`` failed: for the others nothing they meet differs, so they still take
        nothing down.
        """
        s, now, alone = self.structure, self.now, self.spofs
        pairs: set[tuple[int, int]] = set()
        for a in events:
            instance = (s.event_node[a], s.event_instance[a])
            if a in alone or instance in now.lost_instances or s.events[a].role == "failover":
                continue  # a failover is in no cut set
            with_a = propagate(s, self.evidence.instances | {instance}, self.evidence.nodes)
            changed = _changed_counters(s, now, with_a)
            again = {counter[0] for counter in changed if counter[1] in (-1, FAILOVER_GATE)}
            again.update(n for counter in changed for n in self.touching.get(counter, ()))
            found = _further(s, with_a, sorted(again))[0]
            pairs.update((min(a, b), max(a, b)) for b in found if b not in alone)
        return tuple(sorted(pairs))


def _further(
    s: Structure, effect: Effect, nodes: Iterable[int]
) -> tuple[dict[int, frozenset[int]], dict[int, Iterable[Counter]]]:
    """:func:`further_spofs` over ``nodes`` only; and, for each node propagated, the
    counters whose losses its propagation counted."""
    targets = frozenset(e for e in s.entrypoints if e not in effect.down)
    room = slacks(s)
    found: dict[int, frozenset[int]] = {}
    touched: dict[int, Iterable[Counter]] = {}
    if not targets:
        return found, touched
    for node in nodes:
        if node in effect.down:
            continue
        alive = _events_taking_it_down(s, effect, node, room)
        if alive:
            taken, touched[node] = _taken_down(s, effect, node, targets)
            if taken:
                found.update(dict.fromkeys(alive, taken))
    return found, touched


def _events_taking_it_down(
    s: Structure, effect: Effect, node: int, room: dict[Counter, int]
) -> list[int]:
    """The events of ``node``, up in ``effect``, whose failure alone takes it down: any
    instance's when one more lost instance is too many, the active instance's when its
    failover needs something down already, and its common cause; never its failover."""
    lost = effect.lost_instances
    alive = [
        (i, e) for i, e in enumerate(s.instance_events[node]) if e >= 0 and (node, i) not in lost
    ]
    if effect.losses.get((node, -1), 0) + 1 > room[(node, -1)]:
        found = [e for _, e in alive]
    elif any(n in effect.down for n in s.failover_needs[node]):
        found = [e for i, e in alive if i == 0]
    else:
        found = []
    found += [e for e in s.node_events[node] if s.events[e].role == "common_cause"]
    return found


def _changed_counters(s: Structure, before: Effect, after: Effect) -> set[Counter]:
    """The counters whose losses differ, and every counter of a node newly down."""
    changed = {c for c, n in after.losses.items() if before.losses.get(c, 0) != n}
    for node in after.down - before.down:
        changed.add((node, -1))
        changed.update((node, g) for g in range(len(s.groups[node])))
    return changed


def _taken_down(
    s: Structure, base: Effect, start: int, targets: frozenset[int]
) -> tuple[frozenset[int], Iterable[Counter]]:
    """The ``targets`` that go down when ``start`` goes down on top of ``base`` (the
    propagation of :func:`.propagation.propagate`, counting only the new losses), and
    the counters it counted a loss on."""
    room = slacks(s)
    down, losses, lost = base.down, base.losses, base.lost_instances
    new = {start}
    extra: dict[Counter, int] = {}
    stack = [start]
    taken: set[int] = set()
    gates: set[Counter] = set()  # failovers worn: a pair may break them (see pairs)
    while stack:
        node = stack.pop()
        gates.update((d, FAILOVER_GATE) for d in s.fails_over_with[node])
        gates.update((n, FAILOVER_GATE) for n, i in s.hosted_by[node] if i == 0)
        if node in targets:
            taken.add(node)
            if len(taken) == len(targets):
                break
        hits = [(n, -1) for n, i in s.hosted_by[node] if (n, i) not in lost]
        for dependent in _cannot_fail_over(s, base, new, node):
            new.add(dependent)
            stack.append(dependent)
        for counter in (*hits, *s.member_of[node]):  # what propagate() calls a hit
            if counter[0] in down or counter[0] in new:
                continue
            count = extra.get(counter, 0) + 1
            extra[counter] = count
            if losses.get(counter, 0) + count > room[counter]:
                new.add(counter[0])
                stack.append(counter[0])
    return frozenset(taken), extra.keys() | gates


def _cannot_fail_over(s: Structure, base: Effect, new: set[int], node: int) -> list[int]:
    """The nodes up in ``base`` that ``node`` going down (with ``new``) leaves with their
    active instance lost and a need of their failover down: no standby takes over."""
    down, lost = base.down, base.lost_instances

    def gone(n: int) -> bool:
        return n in down or n in new

    found = []
    candidates = {n for n, i in s.hosted_by[node] if i == 0} | set(s.fails_over_with[node])
    for n in sorted(candidates):
        needs = s.failover_needs[n]
        if not needs or gone(n):
            continue
        host = s.hosts[n][0]
        active_lost = (n, 0) in lost or (host >= 0 and gone(host))
        if active_lost and any(gone(m) for m in needs):
            found.append(n)
    return found
