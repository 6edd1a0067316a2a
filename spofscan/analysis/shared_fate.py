"""Shared fate: redundancy that one failure defeats, and whether that harms an entrypoint.

A component's replicas, or the members of an ``any_of`` / ``at_least`` group, look
redundant when they can lose at least one of their number and still hold. Their fate
is shared when one basic event elsewhere (a VM, a zone, a common dependency) takes out
more of them than they can lose. We find these from the single-event effects the cut
set search already computed (:mod:`spofscan.analysis.single_faults`): a counter with
slack that one event's losses exceed.

A culprit **harms** an entrypoint when its failure takes one down (it is a single point
of failure), or when it is in a double fault that takes one down only because this
redundancy fails with it: with the redundancy held, the same two failures would leave
every entrypoint up. Two regions of which each holds a whole stack do not harm through
the replicas inside one of them: the region takes its stack down anyway. Deciding this
takes one propagation of the culprit with the redundancy held, then, for each double
fault of the culprit until one gets through, a local propagation from where the two
failures' losses add up (as the cut set search does), at most ``MAX_CHECKS`` double
faults in all; a culprit left undecided (past that budget, or when the double-fault
search stopped at its own) counts as harmful.

>>> from spofscan.analysis.compiled_structure import compile_structure
>>> from spofscan.model.examples import packed_replicas
>>> s = compile_structure(packed_replicas())
>>> [(f.owner, f.group, f.culprits) for f in shared_fate(s)]
[('api', -1, ('vm',))]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.cut_sets import CutSetSearch, pair_reaches
from spofscan.analysis.evaluation_order import evaluation_order
from spofscan.analysis.propagation import Counter, Effect, propagate
from spofscan.analysis.results import SharedFate
from spofscan.analysis.single_faults import SingleFaults, single_faults

MAX_CHECKS = 50_000  # double faults examined to decide which culprits harm an entrypoint


def shared_fate(
    s: Structure, faults: SingleFaults | None = None, search: CutSetSearch | None = None
) -> tuple[SharedFate, ...]:
    """Every redundant-looking counter that a single event elsewhere breaks; with the cut
    sets ``search``, which of its culprits harm an entrypoint (see the module doc)."""
    faults = faults if faults is not None else single_faults(s)
    culprits = faults.broken
    harm = _Harm(s, faults.harmless, search) if search is not None else None
    nearest = _nearest_first(s)
    found = []
    for counter in sorted(culprits):
        losses_by = culprits[counter]
        nodes = sorted(losses_by, key=nearest.__getitem__)
        losses = tuple(map(losses_by.__getitem__, nodes))
        names = tuple(map(s.nodes.__getitem__, nodes))
        found.append(
            SharedFate(
                owner=s.nodes[counter[0]],
                group=counter[1],
                culprits=names,
                lost=losses[0],
                losses=losses,
                harmful=harm.harmful(counter, nodes, names) if harm is not None else (),
            )
        )
    return tuple(found)


def _nearest_first(s: Structure) -> list[int]:
    """Each node's rank among culprits, nearest first: requirements come before what
    needs them in the evaluation order, so of the culprits, the one latest in that
    order sits closest (ties by name). A rank computed once for every node, not a key
    built for each culprit of each shared fate (3.7 million culprits on a chain of
    100,000 components)."""
    position = {n: i for i, comp in enumerate(evaluation_order(s)) for n in comp}
    ranked = sorted(position, key=lambda n: (-position[n], s.nodes[n]))
    rank = [0] * len(s.nodes)
    for i, n in enumerate(ranked):
        rank[n] = i
    return rank


class _Harm:
    """Which culprits of a shared fate harm an entrypoint, from the cut sets."""

    def __init__(self, s: Structure, effects: Mapping[int, Effect], search: CutSetSearch) -> None:
        self.s, self.effects = s, effects
        self.spof_nodes = {s.event_node[e] for e in search.order_1}
        self.complete = search.complete
        self.pairs: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for a, b in search.order_2:  # by node: (its event, the other event)
            self.pairs[s.event_node[a]].append((a, b))
            self.pairs[s.event_node[b]].append((b, a))
        self.worn: dict[int, dict[Counter, int]] = {}  # degraded counters, by event
        self.checks_left = MAX_CHECKS

    def harmful(
        self, counter: Counter, nodes: list[int], names: tuple[str, ...]
    ) -> tuple[str, ...]:
        """The names of the ``nodes`` (culprits of ``counter``, named ``names``) that
        harm an entrypoint; ``names`` itself when all do, as they all do when the
        double-fault search stopped before it could tell: one tuple, not two equal
        ones, to build and to send from the process the analyses run in (a chain of
        100,000 components: 3.7 million culprits)."""
        if not self.complete:
            return names
        harmful = tuple(
            name for n, name in zip(nodes, names, strict=True) if self.harms(counter, n)
        )
        return names if len(harmful) == len(names) else harmful

    def harms(self, counter: Counter, culprit: int) -> bool:
        """Whether ``culprit`` takes an entrypoint down, alone or in a double fault that
        gets through only because ``counter`` fails; true when it cannot be told."""
        if culprit in self.spof_nodes or not self.complete:
            return True
        held = frozenset([counter])
        alone: dict[int, tuple[Effect, dict[Counter, int]]] = {}  # the counter held
        for own, other in self.pairs.get(culprit, ()):
            if self.checks_left <= 0:
                return True
            self.checks_left -= 1
            if own not in alone:
                instance = (self.s.event_node[own], self.s.event_instance[own])
                effect = propagate(self.s, [instance], held=held)
                alone[own] = effect, effect.degraded_counters()
            if other not in self.worn:
                self.worn[other] = self.effects[other].degraded_counters()
            effects = (alone[own][0], self.effects[other])
            if not pair_reaches(self.s, effects, (alone[own][1], self.worn[other]), held):
                return True
        return False
