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
    position = {n: i for i, comp in enumerate(evaluation_order(s)) for n in comp}
    found = []
    for counter in sorted(culprits):
        # Nearest first: requirements come before what needs them in the evaluation
        # order, so of the culprits, the one latest in that order sits closest.
        nodes = sorted(culprits[counter], key=lambda n: (-position[n], s.nodes[n]))
        losses = tuple(culprits[counter][n] for n in nodes)
        harmful = [n for n in nodes if harm.harms(counter, n)] if harm is not None else []
        found.append(
            SharedFate(
                owner=s.nodes[counter[0]],
                group=counter[1],
                culprits=tuple(s.nodes[n] for n in nodes),
                lost=losses[0],
                losses=losses,
                harmful=tuple(s.nodes[n] for n in harmful),
            )
        )
    return tuple(found)


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
