"""A changed file's diagrams, built into the original's manager: only what changed.

A fix changes a few components of a file (a second replica, a twin VM, a load balancer
in front) and adds a few. Every node whose own definition is the same as in the
original and that needs only such nodes has the very same function, over the same
variables at the same probabilities: its diagram is the original's, already built, and
so is its availability. Only the changed nodes and what needs them are compiled again,
in the original's manager and variable order, with the new variables inserted where the
depth-first order would put them: a new instance of a component right after the
component's other variables, a new component just before the first one that needs it
(the measurement of fixes in :mod:`spofscan.analysis.same_shape`).

>>> from spofscan.analysis.compiled_structure import compile_structure
>>> from spofscan.model.examples import tiny_architecture
>>> s = compile_structure(tiny_architecture())
>>> original = NodeBdds(s)
>>> patched = PatchedBdds(original, s)
>>> patched.changed
frozenset()
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from spofscan.analysis.bdd import DEFAULT_NODE_BUDGET, BudgetExceeded, NodeBdds
from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.evaluation_order import order_within, reach_order


class PatchedBdds(NodeBdds):
    """The BDDs of every node ``t`` needs, in ``original``'s manager: the original's
    for the nodes that did not change, new ones for the others (raises
    :class:`~spofscan.analysis.bdd.BudgetExceeded` like :class:`NodeBdds`).

    ``original`` must be compiled whole, with nothing forced down, or be itself
    patched (a plan's file, patched again with each step). Its manager gains the new
    variables; its own functions and flat diagrams stay valid (its ``var_of`` holds the
    levels it was built with, its variables keep their names).

    ``edited``: the names of the nodes of ``t`` that may be defined otherwise than in the
    original (:func:`~spofscan.analysis.changed_structure.edited_nodes`); the others
    are not compared node by node. None: every node is compared.

    ``work_budget``: the most nodes the original's functions of the changed nodes may
    hold together, which is what compiling them again rebuilds (raises
    :class:`~spofscan.analysis.bdd.BudgetExceeded` before building anything when they
    hold more).

    ``kept``: this diagram is kept, to patch others into (a plan's next round): CUDD's
    memory cap then gives them their budget's room beyond what the manager holds by
    now, the earlier rounds' diagrams included (read once a round: reading the memory
    walks CUDD's tables, 1 to 2 ms, which each of a plan's hundred fixes did not win
    back)."""

    def __init__(
        self,
        original: NodeBdds,
        t: Structure,
        node_budget: int = DEFAULT_NODE_BUDGET,
        edited: Collection[str] | None = None,
        *,
        kept: bool = False,
        work_budget: int | None = None,
    ) -> None:
        s = original.structure
        self.structure = t
        self._budget = node_budget
        self._split = None
        self._forced = frozenset()
        self.manager = original.manager
        self.modules = []
        self.module_level = {}
        match = [s.index.get(name, -1) for name in t.nodes]
        needed = reach_order(t)
        self.reached = frozenset(needed)
        self.changed = _changed(s, t, match, original.reached, needed, edited)
        if work_budget is not None:
            work = sum(original.function_size(match[n]) for n in self.changed if match[n] >= 0)
            if work > work_budget:
                raise BudgetExceeded(f"rebuilding {work} diagram nodes")
        self._names = _variables(original, t, match, needed)
        self.var_of, self._literal = self._declared(self._names)
        if kept:
            self._limit_memory()
        self.up: list[Any] = [self.manager.true] * len(t.nodes)
        for node in needed:
            if node not in self.changed:
                self.up[node] = original.up[match[node]]
        with self._refusals():  # the changed nodes hold every cycle they touch whole
            for component in order_within(t, self.changed):
                self._solve(component)

    def _declared(
        self, keys: dict[tuple[int, int], str]
    ) -> tuple[dict[tuple[int, int], int], list[Any]]:
        """Each key's level now that every variable is in place, and the literals by
        level (None at the levels of variables ``t`` does not have)."""
        levels = self.manager.var_levels
        var_of = {key: levels[name] for key, name in keys.items()}
        literal: list[Any] = [None] * len(levels)
        for key, name in keys.items():
            literal[var_of[key]] = self.manager.var(name)
        return var_of, literal

    def variable_name(self, key: tuple[int, int]) -> str | None:
        return self._names.get(key)

    def level_probabilities(self, p_instance: dict[tuple[int, int], float]) -> list[float]:
        """Probability of each variable of the manager (by level), 1 where unused."""
        probs = [1.0] * len(self.manager.vars)
        for instance, p in p_instance.items():
            level = self.var_of.get(instance)
            if level is not None:
                probs[level] = p
        return probs


def _changed(
    s: Structure,
    t: Structure,
    match: list[int],
    solved: frozenset[int],
    needed: list[int],
    edited: Collection[str] | None,
) -> frozenset[int]:
    """The nodes of ``t`` (among ``needed``) whose function may differ from the
    original's: new, defined otherwise (of the ``edited`` ones, when given), not
    compiled in the original, or needing one of those."""
    compared = None if edited is None else {t.index[n] for n in edited if n in t.index}
    changed = [
        node
        for node in needed
        if match[node] < 0
        or match[node] not in solved
        or ((compared is None or node in compared) and not _same_node(s, t, match, node))
    ]
    # and what needs them, among the nodes the entrypoints need
    return frozenset(t.downstream(changed).intersection(needed))


def _same_node(s: Structure, t: Structure, match: list[int], node: int) -> bool:
    """Whether ``node`` of ``t`` is defined as its match in ``s`` is: the same
    instances on the same hosts, groups, events (at the same probabilities) and
    failover."""
    m = match[node]

    def named(nodes: tuple[int, ...], structure: Structure) -> tuple[str | None, ...]:
        return tuple(structure.nodes[n] if n >= 0 else None for n in nodes)

    def kinds(structure: Structure, n: int) -> list[tuple[int, float]]:
        events = structure.node_events[n]
        return sorted(
            (structure.event_instance[e], structure.events[e].availability) for e in events
        )

    def chances(structure: Structure, n: int) -> list[float]:
        events = structure.instance_events[n]
        return [structure.events[e].availability if e >= 0 else 1.0 for e in events]

    return (
        t.is_journey[node] == s.is_journey[m]
        and chances(t, node) == chances(s, m)
        and named(t.hosts[node], t) == named(s.hosts[m], s)
        and t.min_healthy[node] == s.min_healthy[m]
        and [(g.k, named(g.members, t)) for g in t.groups[node]]
        == [(g.k, named(g.members, s)) for g in s.groups[m]]
        and kinds(t, node) == kinds(s, m)
        and named(t.failover_needs[node], t) == named(s.failover_needs[m], s)
    )


def _variables(
    original: NodeBdds, t: Structure, match: list[int], needed: list[int]
) -> dict[tuple[int, int], str]:
    """The name of the variable of each instance and node event of the ``needed`` nodes
    of ``t``: the original's where it has one, else a new one. A new instance of a
    node goes after the node's other variables; a new node's go where the depth-first
    order would put them, just before those of the first node that needs it (when
    none has any yet, after those of what it needs, or at the top)."""
    manager = original.manager
    names: dict[tuple[int, int], str] = {}
    keys_of: dict[int, list[tuple[int, int]]] = {}  # each node's variables, named or not
    new: dict[int, list[tuple[int, int]]] = {}
    for node in needed:
        m = match[node]
        keys = [(node, i) for i in range(len(t.instance_events[node]))]
        keys += [t.event_key(e) for e in t.node_events[node]]
        keys_of[node] = keys
        for key in keys:
            name = original.variable_name((m, key[1])) if m >= 0 else None
            if name is None:
                new.setdefault(node, []).append(key)
            else:
                names[key] = name
    users: dict[int, list[int]] = {}
    for node in needed:
        for need in t.requirements(node):
            users.setdefault(need, []).append(node)

    def levels(nodes: Iterable[int]) -> list[int]:
        """The levels of the variables of ``nodes`` named so far."""
        return [
            int(manager.level_of_var(names[key]))
            for n in nodes
            for key in keys_of.get(n, ())
            if key in names
        ]

    for node in reversed(needed):  # users before what they need
        if node not in new:
            continue
        own = levels([node])
        if own:
            at = max(own) + 1
        else:
            above = levels(users.get(node, ()))  # the top variable of the first user
            below = levels(t.requirements(node))  # else after the deepest need's
            at = min(above) if above else max(below) + 1 if below else 0
        for key in new[node]:
            names[key] = f"y{len(manager.vars)}"
            manager.insert_var(names[key], at)
            at += 1
    return names
