"""The functions of a structure's nodes compiled in one variable order, one manager.

:class:`NodeFunctions` declares the variables in the order it is given, then compiles
every node the entrypoints need, requirements first (:func:`evaluation_order`): a node
is up when enough of its instances are (each up by itself and on a host that is up),
every group of what it needs has its ``k``, and none of its node events happened.
Cycles are solved by iterating from "all up" to the greatest fixed point, which BDD
canonicity makes an equality test. Linear in the nodes, times the cost of the joins,
which the variable order decides (:mod:`spofscan.analysis.bdd`, which chooses it).

Two guards keep a file that the order does not fit from costing minutes: a node
budget (a function of more nodes raises :class:`BudgetExceeded`), and a cap on CUDD's
memory, raised with each function made, at which CUDD refuses the operation that blew
up before its size could be read. The CUDD package behind ``dd.cudd`` uses complemented
edges: a reference may point to a node negated, and a node's children carry their own
negation flags.
"""

from __future__ import annotations

import enum
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from dd import cudd

from spofscan.analysis.bdd_arrays import Flat, flatten
from spofscan.analysis.bdd_terms import at_least, conjunction, declare, smallest_first
from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.evaluation_order import evaluation_order, is_cyclic, settling_order
from spofscan.analysis.modules import Split
from spofscan.analysis.series_events import Key

DEFAULT_NODE_BUDGET = 100_000  # nodes in one function's diagram
JOIN_SLACK = 2  # budgets a join on the way to a node's function may take
# Nodes in the whole manager per budgeted node: room enough for every file that fits
# (stacks of 100,000 components: 234,333 nodes in parts), and an operation that blows up
# runs into it sooner than with eight (layered, 1,000 components: estimated after 1.0 s,
# not 1.8 s).
_MANAGER_FACTOR = 4
_BYTES_PER_NODE = 64  # a CUDD node and its share of the unique table
# The most memory one manager may hold, however the room for one blow-up is renewed as its
# diagrams grow (:meth:`NodeFunctions._check_budget`): a compose project of 3,001 services on
# one host holds 74 MB of nodes (their functions 300 nodes at most, 3,000 of them).
MANAGER_BYTES = 512 * 2**20
# CUDD's operation cache: this many entries from the start, and no more. Left to grow
# from 2**18 to 2**21, each doubling was a pause to fill and rehash it (0.05 to 0.18 s)
# that its hits did not win back on small files; kept at 2**18, the diagrams that
# outgrow the budget took longer to say so (legacy:300 0.9 -> 1.5 s).
_CACHE_ENTRIES = 2**19


class BudgetExceeded(Exception):
    """The diagram grew past its node budget; an estimate must stand in."""


class WorkExceeded(BudgetExceeded):
    """The functions compiled in FORCE's order held more nodes in all than it was given
    (``force_work``), each within the budget."""


class ModuleFunction(NamedTuple):
    """A module compiled alone: its ``root`` node, the ``level`` of the variable that
    stands for it in the diagrams above, and its own diagram, flat."""

    root: int
    level: int
    function: Flat


class Escalated(enum.Enum):
    """What :meth:`NodeFunctions._escalate` did when a component outgrew the budget."""

    NO = "no"  # nothing: the refusal stands
    WIDENED = "widened"  # a larger budget: solve the component again
    REPLACED = "replaced"  # another diagram taken instead: stop


class NodeFunctions:
    """The BDDs of every node of ``structure`` that the entrypoints need (``up``, by
    node), compiled by :meth:`_build` in one variable order, within ``_budget`` nodes
    each. With a :class:`~spofscan.analysis.modules.Split`, its series variables are
    true in every function, and each module is compiled alone: once its root is
    solved, its function is kept flat in ``modules`` (inner modules first), and a
    variable of its own stands for it in the diagrams of the nodes that need it.
    Subclasses set the structure, the budget, the split, the nodes forced down and
    ``reached`` (the nodes the entrypoints need), then build."""

    structure: Structure
    reached: frozenset[int]
    _budget: int
    _split: Split | None
    _forced: frozenset[int]
    _cap = 0  # bytes: the memory cap, raised by each function made (_check_budget)
    _work_left: int | None = None  # nodes the functions may still hold (FORCE, by host)
    _room = _MANAGER_FACTOR  # budgets of room in memory beyond the diagrams made
    _raising = False  # whether the cap follows the diagrams as they are made

    def _build(self, order: list[int], keys: list[Key] | None = None) -> None:
        """Declare the variables of the nodes in ``order``, node by node or in the order
        of ``keys`` (every one of them), and compile every node (a new manager each
        time: a second order starts afresh)."""
        s, split = self.structure, self._split
        # Told it may use 1 GiB (dd's default), CUDD took 16 ms to make a manager, its
        # memory fresh each time; told the 512 MiB it is capped at anyway, 2.4 ms where
        # an earlier manager was let go (the fifteen managers of chain:2000's analysis)
        self.manager = cudd.BDD(memory_estimate=MANAGER_BYTES, initial_cache_size=_CACHE_ENTRIES)
        self.manager.configure(reordering=False)
        self.var_of: dict[tuple[int, int], int] = {}
        self.module_level: dict[int, int] = {}
        if keys is not None:  # whole: no module to place
            self.var_of.update((key, level) for level, key in enumerate(keys))
        for node in order if keys is None else ():
            for i in range(len(s.instance_events[node])):
                self.var_of[(node, i)] = len(self.var_of) + len(self.module_level)
            for e in s.node_events[node]:
                self.var_of[s.event_key(e)] = len(self.var_of) + len(self.module_level)
            if split is not None and node in split.roots:
                self.module_level[node] = len(self.var_of) + len(self.module_level)
        self._vars = declare(self.manager, len(self.var_of) + len(self.module_level))
        self._literal = list(self._vars)
        for key in split.series.keys if split is not None else ():
            if key in self.var_of:
                self._literal[self.var_of[key]] = self.manager.true
        self.up: list[Any] = [self.manager.true] * len(s.nodes)
        for node in self._forced:
            self.up[node] = self.manager.false
        self.modules: list[ModuleFunction] = []
        self._limit_memory()
        needed = set(order) if split is None else split.nodes
        for component in evaluation_order(s):
            members = [node for node in component if node in needed]
            if members:  # else no entrypoint needs it (or it is constant): no diagram
                if not self._solved(members):
                    return  # another diagram taken instead
                self._close_modules(members)

    def _solved(self, members: list[int]) -> bool:
        """Solve ``members``; when that outgrows the budget, ask :meth:`_escalate`
        what next: solve them again from the functions made so far (a larger budget),
        or stop (another diagram taken instead: False)."""
        try:
            with self._refusals():
                self._solve(members)
        except BudgetExceeded:
            escalated = self._escalate()
            if escalated is Escalated.NO:
                raise
            if escalated is Escalated.REPLACED:
                return False
            with self._refusals():
                self._solve(members)
        return True

    def _escalate(self) -> Escalated:
        """What to do when a component outgrows the budget: here, give up
        (:class:`~spofscan.analysis.bdd.NodeBdds` tries a larger budget, or another
        order)."""
        return Escalated.NO

    @contextmanager
    def _refusals(self) -> Iterator[None]:
        """Turn an operation that CUDD refused (its memory cap reached) into
        :class:`BudgetExceeded`; ``dd`` says so with a ValueError about a NULL node."""
        try:
            yield
        except ValueError as err:
            if "NULL" not in str(err):
                raise
            raise BudgetExceeded(f"more than {self._budget} diagram nodes") from None

    def _limit_memory(self) -> None:
        """Cap CUDD's memory at what the node budget needs beyond what the manager
        holds now (its variables, its cache, the diagrams built in it so far), and at
        ``MANAGER_BYTES`` in all: one operation can blow a diagram up by orders of
        magnitude before its size can be read, and CUDD then refuses it instead of
        spending seconds and gigabytes. A diagram kept to patch others into sets it
        again for them (:mod:`spofscan.analysis.patched_bdds`)."""
        self.manager.configure(max_cache_hard=_CACHE_ENTRIES)
        with warnings.catch_warnings():  # dd warns that 'mem' is in bytes now
            warnings.simplefilter("ignore")
            stats = self.manager.statistics()
        self._cap = int(stats["mem"]) + self._room * self._budget * _BYTES_PER_NODE
        self.manager.configure(max_memory=min(self._cap, MANAGER_BYTES))
        self._raising = True

    def _close_modules(self, component: list[int]) -> None:
        """Keep the function of each module rooted in ``component``, flat, and let its
        variable stand for it; the nodes inside are needed no more."""
        if self._split is None:
            return
        for root in component:
            if root in self._split.roots:
                level = self.module_level[root]
                self.modules.append(ModuleFunction(root, level, flatten(self.up[root])))
                self.up[root] = self._vars[level]
                for node in self._split.owned[root]:
                    self.up[node] = None

    def _solve(self, component: list[int]) -> None:
        if not is_cyclic(self.structure, component):
            self.up[component[0]] = self._condition(component[0])
            self._check_budget(self.up[component[0]])
            return
        changed = True
        settling = settling_order(self.structure, component)
        while changed:
            changed = False
            for node in settling:
                value = self._condition(node)
                if value != self.up[node]:
                    self.up[node] = value
                    changed = True
                self._check_budget(self.up[node])

    def _condition(self, node: int) -> Any:
        if node in self._forced:
            return self.manager.false
        s = self.structure
        levels = sorted(((self.var_of[(node, i)], host) for i, host in enumerate(s.hosts[node])))
        instances = [  # deepest variable first, the order at_least joins them in fastest
            self._literal[level] & (self.up[host] if host >= 0 else self.manager.true)
            for level, host in reversed(levels)
        ]
        terms = [at_least(self.manager, s.min_healthy[node], instances, ordered=True)]
        for group in s.groups[node]:
            terms.append(at_least(self.manager, group.k, [self.up[m] for m in group.members]))
        terms.extend(self._literal[self.var_of[s.event_key(e)]] for e in s.node_events[node])
        if s.failover_needs[node]:
            host = s.hosts[node][0]
            active = self._literal[self.var_of[(node, 0)]] & (
                self.up[host] if host >= 0 else self.manager.true
            )
            terms.append(active | self.all_of(s.failover_needs[node]))
        return self._smallest_first(terms)

    def _smallest_first(self, terms: list[Any]) -> Any:
        """:func:`~spofscan.analysis.bdd_terms.smallest_first`, a join refused
        (:class:`BudgetExceeded`) past ``JOIN_SLACK`` times the budget (the default one
        at least): a node that joins dozens of needs can blow up in its last joins, and
        waiting for its whole function before reading its size cost a second or two per
        failed fix. A join on the way may well outgrow the budget: on the layered file
        of 100 components, one of 122,637 nodes gave a function of 20,706, under a
        fix's budget of 30,170."""
        limit = JOIN_SLACK * max(self._budget, DEFAULT_NODE_BUDGET)
        joined = smallest_first(terms, self.manager.true, limit)
        if joined is None:
            raise BudgetExceeded(f"more than {self._budget} diagram nodes")
        return joined

    def _check_budget(self, latest: Any) -> None:
        """Refuse a function past the budget; else raise the memory cap by its size (at
        most the nodes it added), so that the room for one blow-up stays above what the
        diagrams of the file hold. Set once, that room was filled by the diagrams a file
        needs: the 3,001 services of one compose project on one host have functions of
        300 nodes at most, 297,246 nodes in all, and every fix of theirs outgrew its
        budget of 20,000 (a project of 5,000 services was not exact at all). Reading
        the memory in use instead cost 1 to 4 ms a time."""
        size = latest.dag_size
        if size > self._budget:
            raise BudgetExceeded(f"more than {self._budget} diagram nodes")
        if self._work_left is not None:
            self._work_left -= size
            if self._work_left < 0:
                raise WorkExceeded("functions of too many nodes in all in FORCE's order")
        if self._raising:
            self._cap += size * _BYTES_PER_NODE
            self.manager.configure(max_memory=min(self._cap, MANAGER_BYTES))

    def all_of(self, nodes: Iterable[int]) -> Any:
        """The function "every one of these nodes is up" (:func:`conjunction`; raises
        :class:`BudgetExceeded` when it outgrows the budget, like the nodes', each join
        checked: the last ones can take minutes)."""
        with self._refusals():
            terms = [self.up[n] for n in nodes]
            return conjunction(terms, self.manager.true, self._check_budget)

    _sizes: dict[int, int] | None = None  # function_size's, once asked

    def function_size(self, node: int) -> int:
        """The nodes of ``node``'s diagram (0 when it has none here): what compiling it
        again builds, about (:class:`~spofscan.analysis.patched_bdds.PatchedBdds`)."""
        if self._sizes is None:
            self._sizes = {}
        size = self._sizes.get(node)
        if size is None:
            function = self.up[node]  # None inside a module closed here
            size = self._sizes[node] = 0 if function is None else int(function.dag_size)
        return size

    def variable_name(self, key: tuple[int, int]) -> str | None:
        """The name of the variable of ``key`` (an instance or a node event) in the
        manager, None when it has none: a name stays when variables are inserted above
        it (:mod:`spofscan.analysis.patched_bdds`), where its level moves."""
        level = self.var_of.get(key)
        return None if level is None else f"x{level}"

    def level_probabilities(self, p_instance: dict[tuple[int, int], float]) -> list[float]:
        """Probability of each variable (by level) from per-instance probabilities."""
        probs = [1.0] * len(self._vars)  # module variables too: set when evaluated
        for instance, p in p_instance.items():
            level = self.var_of.get(instance)
            if level is not None:
                probs[level] = p
        return probs

    def _widen(self, budget: int) -> None:
        """The whole ``budget`` from now on, with the memory cap it would have had from
        the start (the room for a blow-up beyond the diagrams made)."""
        self._cap += self._room * (budget - self._budget) * _BYTES_PER_NODE
        self._budget = budget
        self.manager.configure(max_memory=min(self._cap, MANAGER_BYTES))
