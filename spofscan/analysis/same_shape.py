"""A file's exact diagram, kept to answer for changed files of it at once.

Availability is multilinear in the probabilities of the basic events: a file that
differs from another only in them (a faster restart, a stronger offering, a shorter
failover) has the same diagram, evaluated at other probabilities. Measuring such a fix
is then one pass over a diagram already built, not a new compilation. A fix that
changes the shape (a replica, a twin, a load balancer) is compiled into the kept
diagram's manager, where only what changed is built again
(:mod:`spofscan.analysis.patched_bdds`).

>>> from spofscan.model.examples import tiny_architecture
>>> from spofscan.analysis.compiled_structure import compile_structure
>>> from spofscan.analysis.availability import exact_availability
>>> s = compile_structure(tiny_architecture())
>>> kept = KeptDiagram(s)
>>> kept.evaluate(s).system == exact_availability(s).system.value
True
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from spofscan.analysis.availability import clamp, instance_probabilities
from spofscan.analysis.bdd import DEFAULT_NODE_BUDGET, BudgetExceeded, NodeBdds
from spofscan.analysis.bdd_arrays import Flat, flatten, probability, shared_probability
from spofscan.analysis.changed_structure import edited_nodes
from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.entrypoints_apart import apart_split
from spofscan.analysis.patched_bdds import PatchedBdds
from spofscan.model.architecture import Architecture

# Nodes of the kept diagram's functions that measuring a changed file may build again.
# Past it, the file counts as outgrown (its fixes are then estimated): 3,000 Kubernetes
# workloads each needing some of the five before them hold 7.2 million nodes in their
# functions, and each fix rebuilt nearly all of them (3 s a fix, a check of 66 s); a
# compose project of 2,000 services, 2.1 million (0.1 to 0.7 s a fix).
PATCH_WORK = 4_000_000


@dataclass(frozen=True)
class Values:
    """The system's availability and each entrypoint's."""

    system: float
    entrypoints: tuple[float, ...]


class KeptDiagram:
    """The diagram of ``s`` compiled whole (raises ``BudgetExceeded`` like
    :class:`NodeBdds`), or ``diagram``, its BDDs built already; ``source``: the
    architecture ``s`` was compiled from, when known (a changed file loaded from it is
    then compared with it only where its components are new: :meth:`edited`)."""

    def __init__(
        self,
        s: Structure,
        diagram: NodeBdds | None = None,
        source: Architecture | None = None,
        *,
        apart: bool | None = None,
    ) -> None:
        self.structure = s
        self.source = source
        # Whether the file it was first compiled from could have its entrypoints
        # compiled apart (deep chains over shared VMs): its diagram is then in FORCE's
        # order, as the analysis compiles such a file whole (compile_system), and so
        # is each one patched from it, whatever their own files
        self.apart = apart_split(s, frozenset()) is not None if apart is None else apart
        self.diagram = NodeBdds(s, force_first=self.apart) if diagram is None else diagram
        system = self.diagram.all_of(s.entrypoints)
        self._system = flatten(system)
        self._entries: list[Flat | None] = [
            None if self.diagram.up[e] == system else flatten(self.diagram.up[e])
            for e in s.entrypoints
        ]
        # The value of every node of these diagrams, for a changed file's diagrams to
        # reuse where they share nodes (held here, so that no node is freed and its
        # reference reused), and the probability of each variable they were taken at.
        self._held = [system, *(self.diagram.up[e] for e in s.entrypoints)]
        probs = instance_probabilities(s, self.diagram)
        self._node_values: dict[int, float] = {}
        values = [shared_probability(f, probs, {}, self._node_values) for f in self._held]
        names = [s.nodes[e] for e in s.entrypoints]
        self._entry_values = dict(zip(names, map(clamp, values[1:]), strict=True))
        self._variable_p = {
            self.diagram.variable_name(key): probs[level]
            for key, level in self.diagram.var_of.items()
        }

    def edited(self, arch: Architecture) -> frozenset[str] | None:
        """The nodes ``arch`` may define otherwise than the kept file (``source``);
        None (all of them) when that file is not known."""
        return None if self.source is None else edited_nodes(self.source, arch)

    def evaluate(
        self,
        t: Structure,
        node_budget: int = DEFAULT_NODE_BUDGET,
        edited: Collection[str] | None = None,
    ) -> Values | None:
        """``t``'s availability from this diagram: at once when ``t`` has the same shape
        (every node, event, placement and group the same, probabilities aside), else
        with what changed compiled into it; None when that outgrows ``node_budget``.
        ``edited``: as for :class:`PatchedBdds`."""
        if not same_shape(self.structure, t):
            return self._patched(t, node_budget, edited)
        return self._evaluated(t)

    def then(
        self,
        t: Structure,
        node_budget: int = DEFAULT_NODE_BUDGET,
        source: Architecture | None = None,
    ) -> KeptDiagram | None:
        """``t``'s kept diagram, made from this one with what changed compiled into it
        (a plan's file after its next step: a fraction of compiling it whole); None
        when that outgrows ``node_budget``. ``source``: the file ``t`` was compiled
        from."""
        edited = self.edited(source) if source is not None else None
        try:
            patched = PatchedBdds(self.diagram, t, node_budget, edited, kept=True)
            return KeptDiagram(t, patched, source, apart=self.apart)
        except BudgetExceeded:
            return None

    def _evaluated(self, t: Structure) -> Values:
        """The values of the kept diagram at ``t``'s probabilities."""
        probs = instance_probabilities(t, self.diagram)
        system = clamp(probability(self._system, probs))
        each = tuple(
            system if flat is None else clamp(probability(flat, probs)) for flat in self._entries
        )
        return Values(system, each)

    def _patched(
        self, t: Structure, node_budget: int, edited: Collection[str] | None
    ) -> Values | None:
        """``t``'s values with what changed compiled into the kept diagram. An
        entrypoint that did not change (the same function of variables at the same
        probabilities) keeps its value: a file of a thousand stacks has a thousand
        entrypoints, and a fix changes one or two."""
        try:
            patched = PatchedBdds(self.diagram, t, node_budget, edited, work_budget=PATCH_WORK)
            system = patched.all_of(t.entrypoints)
        except BudgetExceeded:
            return None
        probs = instance_probabilities(t, patched)
        known = self._node_values if self._same_probabilities(patched, probs) else {}
        found: dict[int, float] = {}

        def value(function: Any) -> float:
            return clamp(shared_probability(function, probs, known, found))

        each = []
        for e in t.entrypoints:
            kept = self._entry_values.get(t.nodes[e])
            if kept is None or e in patched.changed:
                kept = value(patched.up[e])
            each.append(kept)
        return Values(value(system), tuple(each))

    def _same_probabilities(self, patched: PatchedBdds, probs: list[float]) -> bool:
        """Whether every variable of this diagram that ``patched`` uses has the same
        probability there (its nodes' values then hold in ``patched``'s diagrams)."""
        for key, level in patched.var_of.items():
            p = self._variable_p.get(patched.variable_name(key))
            if p is not None and p != probs[level]:
                return False
        return True


def same_shape(s: Structure, t: Structure) -> bool:
    """Whether ``s`` and ``t`` differ at most in their events' probabilities."""
    return (
        s.nodes == t.nodes
        and s.is_journey == t.is_journey
        and s.instance_events == t.instance_events
        and s.hosts == t.hosts
        and s.min_healthy == t.min_healthy
        and s.groups == t.groups
        and s.entrypoints == t.entrypoints
        and s.event_node == t.event_node
        and s.event_instance == t.event_instance
        and s.node_events == t.node_events
        and s.failover_needs == t.failover_needs
    )
