"""Cut sets of order 1 and 2 under a scenario: with some failures already in place, which
one further basic event takes down an entrypoint that is still up, and which two do
together while neither does alone.

With nothing failed these are the minimal cut sets of :mod:`.cut_sets`: the single points
of failure and the double faults. Under a scenario the top event becomes "some entrypoint
that is up now goes down", and the events already lost (failed, or on a host that is
down) are out of play.

Cost: one pass over the structure for every further single failure at once, as
:mod:`.single_faults` does with nothing failed: each node up now carries the set of
components whose failure, on top of the scenario, takes it down (bits of an integer),
its counters' slack being what the scenario left of it. One propagation per component
instead cost the sum of what each takes down: 2 to 7 s for the chains of a
10,000-component file, whose every link takes all above it. The same pass notes, for
every counter, the components whose failure would count a loss on it. The double faults
that include a given event cost one propagation of the scenario with that event failed
too, then propagations from the components whose failure counts a loss on a counter the
event changed.

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

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.evaluation_order import evaluation_order, is_cyclic, settling_order
from spofscan.analysis.evidence import Evidence
from spofscan.analysis.int_bits import set_bits
from spofscan.analysis.propagation import FAILOVER_GATE, Counter, Effect, propagate, slacks
from spofscan.analysis.single_faults import at_least, release_rows


def further_spofs(s: Structure, effect: Effect) -> dict[int, frozenset[int]]:
    """The events (by index) not lost in ``effect`` whose failure, added to it, takes
    entrypoints that are up in it down; with those entrypoints."""
    return _all_further(s, effect).spofs


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
    found = _all_further(s, now)
    return FurtherFailures(s, evidence, now, found.spofs, found.touching_bits, found.sources)


@dataclass(frozen=True)
class FurtherFailures:
    """A scenario's state (``evidence`` propagated: ``now``), the events that take an
    entrypoint up now down if they fail too (``spofs``, with those entrypoints), and for
    each counter the components whose failure on top of it counts a loss there
    (``touching_bits``: bits of ``sources``)."""

    structure: Structure
    evidence: Evidence
    now: Effect
    spofs: dict[int, frozenset[int]]
    touching_bits: dict[Counter, int] = field(repr=False)
    sources: list[int] = field(repr=False)

    def touching(self, counter: Counter) -> list[int]:
        """The components whose failure counts a loss on ``counter``."""
        return [self.sources[b] for b in set_bits(self.touching_bits.get(counter, 0))]

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
            again.update(n for counter in changed for n in self.touching(counter))
            found = _further(s, with_a, sorted(again))[0]
            pairs.update((min(a, b), max(a, b)) for b in found if b not in alone)
        return tuple(sorted(pairs))


@dataclass(frozen=True)
class _AllFurther:
    spofs: dict[int, frozenset[int]]
    touching_bits: dict[Counter, int]
    sources: list[int]


def _all_further(s: Structure, effect: Effect) -> _AllFurther:
    """:func:`further_spofs` of every node, in one pass (the module doc); and for each
    counter, the components whose failure counts a loss on it without taking its node
    down (bits of ``sources``): all the double faults need to know."""
    targets = [e for e in s.entrypoints if e not in effect.down]
    if not targets:
        return _AllFurther({}, {}, [])
    room = slacks(s)
    alive = {}
    for node in range(len(s.nodes)):
        if node not in effect.down:
            events = _events_taking_it_down(s, effect, node, room)
            if events:
                alive[node] = events
    rows = _ScenarioRows(s, effect, list(alive), frozenset(targets))
    rows.run()
    taken: dict[int, set[int]] = defaultdict(set)
    for target in targets:
        for b in set_bits(rows.rows[target]):
            taken[rows.sources[b]].add(target)
    spofs: dict[int, frozenset[int]] = {}
    for node, events in alive.items():
        if taken.get(node):
            spofs.update(dict.fromkeys(events, frozenset(taken[node])))
    return _AllFurther(spofs, rows.touching, rows.sources)


class _ScenarioRows:
    """For each node up in ``base``, the ``sources`` whose failure on top of ``base``
    takes it down, as bits: :class:`.single_faults._DownSets` with the scenario's losses
    taken from each counter's slack, its lost instances and down nodes counting no
    more. ``touching``: for each counter, the sources that take one of its inputs down."""

    def __init__(
        self, s: Structure, base: Effect, sources: list[int], kept: frozenset[int]
    ) -> None:
        self.s, self.base = s, base
        self.sources = sources
        self.bit = {node: b for b, node in enumerate(sources)}
        room = slacks(s)
        self.room = {c: r - base.losses.get(c, 0) for c, r in room.items()}
        self.rows = [0] * len(s.nodes)
        self.readers = [len(s.dependents(n)) for n in range(len(s.nodes))]
        self.kept = kept
        self.touching: dict[Counter, int] = {}

    def run(self) -> None:
        down = self.base.down
        for comp in evaluation_order(self.s):
            live = [n for n in comp if n not in down]
            if len(comp) == 1 and not is_cyclic(self.s, comp):
                if live:
                    self.rows[live[0]] = self._evaluate(live[0])
            else:
                for node in live:
                    self.rows[node] = self._own(node)
                settling = [n for n in settling_order(self.s, comp) if n not in down]
                changed = True
                while changed:
                    changed = False
                    for node in settling:
                        row = self._evaluate(node)
                        if row != self.rows[node]:
                            self.rows[node], changed = row, True
            for node in comp:
                self._touch(node)
            release_rows(self.s, comp, self.readers, self.rows, self.kept)

    def _own(self, node: int) -> int:
        b = self.bit.get(node)
        return 0 if b is None else 1 << b

    def _hosts(self, node: int) -> list[int]:
        """The rows of the hosts of ``node``'s instances that ``base`` has not lost."""
        lost = self.base.lost_instances
        return [
            self.rows[h]
            for i, h in enumerate(self.s.hosts[node])
            if h >= 0 and (node, i) not in lost
        ]

    def _evaluate(self, node: int) -> int:
        s, rows, room, down = self.s, self.rows, self.room, self.base.down
        row = self._own(node) | at_least(self._hosts(node), room[(node, -1)] + 1)
        for g, group in enumerate(s.groups[node]):
            members = [rows[m] for m in group.members if m not in down]
            row |= at_least(members, room[(node, g)] + 1)
        needs = s.failover_needs[node]
        if needs:  # the active instance lost and a need of the failover down
            host = s.hosts[node][0]
            active = rows[host] if host >= 0 else 0
            either = at_least([rows[m] for m in needs], 1)
            if (node, 0) in self.base.lost_instances:
                row |= either
            elif any(m in down for m in needs):
                row |= active
            else:
                row |= active & either
        return row

    def _touch(self, node: int) -> None:
        """Note the sources that count a loss on ``node``'s counters (on its failover
        gate whatever its state, as a propagation does) and do not take it down: for
        those, a pair's change to a counter of a node down anyway changes nothing."""
        s, rows = self.s, self.rows
        found: list[tuple[Counter, int]] = []
        if node not in self.base.down:
            found.append(((node, -1), at_least(self._hosts(node), 1)))
            for g, group in enumerate(s.groups[node]):
                found.append(((node, g), at_least([rows[m] for m in group.members], 1)))
        needs = s.failover_needs[node]
        if needs:
            host = s.hosts[node][0]
            gate = at_least([rows[m] for m in needs], 1) | (rows[host] if host >= 0 else 0)
            found.append(((node, FAILOVER_GATE), gate))
        anyway = ~rows[node]  # a source that takes the node down meets nothing it changes
        for counter, bits in found:
            if bits & anyway:
                self.touching[counter] = bits & anyway


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
