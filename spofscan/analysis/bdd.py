"""Exact availability by compiling the structure function to a binary decision diagram.

Every instance of every component is a Boolean variable ("this instance has not failed
by itself"), and so is each node event (a common cause, a failover: "it did not
happen"); instances that cannot fail get probability 1, which keeps them available
for conditioning (importance, what-if). Node functions are built requirements first;
cycles are solved by iterating from "all up" to the greatest fixed point, which BDD
canonicity makes a simple equality test. Variables are declared node by node in
depth-first order, shared infrastructure first (zones, hosts, VMs before what runs on
them), which keeps diagrams of layered systems small; when that outgrows the budget, a
structure of at most ``FORCE_UP_TO`` nodes is compiled again in the order FORCE finds
(:mod:`spofscan.analysis.variable_order`), each node's variables close to those of
what it needs, which fits deep chains that the first order does not; and when that
outgrows it too, a structure of at most ``BLOCKS_UP_TO`` variables in blocks by host
(:mod:`spofscan.analysis.host_blocks`), each VM's variable with the instances on it,
which fits services replicated over a shared pool of VMs. The system's function joins
the entrypoints' diagrams in the order of their top variables, neighbours first.
Probabilities come from one pass over the diagram, and the partial derivatives of a
probability with respect to every variable (Birnbaum importance) from one backward pass
(:mod:`spofscan.analysis.bdd_arrays`).

The CUDD package behind ``dd.cudd`` uses complemented edges: a reference may point to a
node negated, and a node's children carry their own negation flags.
"""

from __future__ import annotations

import functools
import heapq
import operator
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

from dd import cudd

from spofscan.analysis.bdd_arrays import Flat, flatten
from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.evaluation_order import (
    evaluation_order,
    is_cyclic,
    reach_order,
    settling_order,
)
from spofscan.analysis.host_blocks import host_block_order
from spofscan.analysis.modules import Split
from spofscan.analysis.series_events import Key
from spofscan.analysis.variable_order import force_order

DEFAULT_NODE_BUDGET = 100_000  # nodes in one function's diagram
FORCE_UP_TO = 5_000  # nodes: a diagram past the budget in depth-first order tries FORCE's
JOIN_SLACK = 2  # budgets a join on the way to a node's function may take
FOLD_UP_TO = 64  # functions that all_of joins one by one; more, pairwise
# Nodes that the functions compiled in FORCE's order may hold together (each counted
# once it is made) when the entrypoints can be compiled apart instead
# (:mod:`spofscan.analysis.entrypoints_apart`; ``force_work``). On deep chains that
# share VMs each link's function holds its chain's below it: 170,380 nodes at 600
# components, 428,499 at 1,000, 1.8 million at 1,500, 6.2 million at 2,000 (compiled in
# 1.9 s), 26 million at 3,000 (one function outgrew the budget after 10 s). Past this
# much the parts cost less: the availability of 1,500 components 1.06 -> 0.92 s, and each
# fix a diagram in parts (0.1 to 0.4 s) instead of a patch of those functions (0.6 s at
# 1,500 components; :mod:`spofscan.analysis.in_parts`).
FORCE_WORK = 250_000
# ... and again, when the parts outgrew the budget (the chains of 600 and 800
# components, whole in 170,380 and 258,825 nodes): past this, a fix patched into the
# whole would rebuild millions of nodes, and the whole is given up.
FORCE_MORE_WORK = 4_000_000
# The third order, by hosts (:mod:`spofscan.analysis.host_blocks`), is tried for a
# structure of at most BLOCKS_UP_TO variables that outgrew the budget in the other two,
# with BLOCKS_WORK nodes of functions in all and BLOCKS_ROOM budgets of room in memory
# beyond those made (four for the other orders). The legacy files it fits (60 to 350
# components, 86 to 534 variables) make at most 508,070 nodes of functions; the files
# it does not fit (layered of 160 to 1,000 components, legacy of 500 and 1,000) give
# up after 0.25 to 0.8 s with one budget of room, and after 2 to 4 s with four. None
# of more than 534 variables fitted; past 1,000 the try is not made (the files of
# 1,000 components, estimated anyway, would spend 0.4 to 0.8 s more on it).
BLOCKS_UP_TO = 1_000
BLOCKS_WORK = 1_000_000
BLOCKS_ROOM = 1
# A structure the third order may take is compiled depth-first with an eighth of the
# budget at first; outgrown, by host with that eighth; else depth-first on from there
# with the whole budget, then in FORCE's order and by host with it.
SMALL_FIRST = 8
# Nodes in the whole manager per budgeted node: room enough for every file that fits
# (stacks of 100,000 components: 234,333 nodes in parts), and an operation that blows up
# runs into it sooner than with eight (layered, 1,000 components: estimated after 1.0 s,
# not 1.8 s).
_MANAGER_FACTOR = 4
_BYTES_PER_NODE = 64  # a CUDD node and its share of the unique table
# The most memory one manager may hold, however the room for one blow-up is renewed as its
# diagrams grow (:meth:`NodeBdds._check_budget`): a compose project of 3,001 services on
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


class NodeBdds:
    """The BDDs of every node of a structure, over per-instance variables.

    With a :class:`~spofscan.analysis.modules.Split`, its series variables are true in
    every function, and each module is compiled alone: once its root is solved, its
    function is kept flat in ``modules`` (inner modules first), and a variable of its
    own stands for it in the diagrams of the nodes that need it. ``reached``: the nodes
    the entrypoints need (:func:`reach_order`), whose functions it holds.
    ``force_work``: the nodes that the functions compiled in FORCE's order, the second
    one tried, may hold together before it gives up (:data:`FORCE_WORK`); None: as many
    as fit the budget one by one. ``force_first``: FORCE's order is tried first, then
    the depth-first one (for a structure whose whole diagram outgrew the budget in
    depth-first order: :mod:`spofscan.analysis.entrypoints_apart`); ``force_only``:
    FORCE's order alone, not the depth-first one after it (known to outgrow the
    budget, or tried already). Beyond ``FORCE_UP_TO`` nodes both mean depth-first.
    Compiled whole in the depth-first order first, a structure that outgrows the budget
    in both orders is compiled in blocks by host, up to ``BLOCKS_UP_TO`` variables;
    with ``small_first``, such a structure is compiled depth-first and by host with
    ``1 / SMALL_FIRST`` of the budget before any order has the whole of it.
    """

    def __init__(
        self,
        s: Structure,
        *,
        forced_down: Iterable[int] = (),
        node_budget: int = DEFAULT_NODE_BUDGET,
        split: Split | None = None,
        force_work: int | None = None,
        force_first: bool = False,
        force_only: bool = False,
        by_host: bool = False,
        small_first: bool = False,
    ) -> None:
        self.structure = s
        self._budget = node_budget
        self._split = split
        self._forced = frozenset(forced_down)
        reached = reach_order(s)
        self.reached = frozenset(reached)
        if by_host:
            self._by_host(force_order(s, reached))
            return
        if (force_first or force_only) and len(reached) <= FORCE_UP_TO:
            self._work_left = force_work
            try:
                self._build(force_order(s, reached))
                return
            except BudgetExceeded:
                if force_only:
                    raise
                self._work_left = None
            self._build(reached)
            return
        blocks = split is None and blocks_within_reach(s, reached)
        try:
            if not (small_first and blocks and len(reached) <= FORCE_UP_TO):
                self._build(reached)
            elif self._small_first(reached):
                return  # by host
        except BudgetExceeded:
            if len(reached) > FORCE_UP_TO:
                raise
            self._work_left = force_work
            forced = force_order(s, reached)
            try:
                self._build(forced)
            except BudgetExceeded:
                if not blocks:
                    raise
                self._by_host(forced)

    def _small_first(self, reached: list[int]) -> bool:
        """Compile depth-first with ``1 / SMALL_FIRST`` of the budget; once that is
        outgrown, try the order by host with it (:meth:`_escalate`), and if that does not
        fit either, go on depth-first with the whole budget from where it stopped (no
        work lost: compiled again from the start, the layered file of 150 components
        spent 0.09 s more). True when the diagram is the one by host. Either way the
        diagram has the whole budget, and the memory cap it gives, afterwards."""
        budget = self._budget
        self._escalation = (reached, budget)
        self._budget = budget // SMALL_FIRST
        try:
            self._build(reached)
        except BudgetExceeded:
            self._budget = budget
            raise
        finally:
            self._escalation = None
        host, self._host = self._host, None
        if host is not None:
            vars(self).update(vars(host))  # the diagram by host, its manager
            self._limit_memory()
            return True
        if self._budget != budget:  # fitted in the small budget
            self._widen(budget)
        return False

    def _escalate(self) -> bool:
        """Depth-first outgrew the small budget: keep the diagram by host (``_host``)
        when that order fits it, its entrypoints joined too (within the whole budget, in the
        small try's memory: the order fits one node at a time, not always their join; a
        fixed chain of 60 components fitted by host in an eighth of its budget, and its
        two entrypoints, 14,893 and 13,807 nodes, had not joined after a quarter of an
        hour with the memory of the whole budget); else give the depth-first order the
        whole budget. False when it had it already."""
        if self._escalation is None:
            return False
        reached, budget = self._escalation
        self._escalation = None
        s = self.structure
        other = NodeBdds.__new__(NodeBdds)
        other.structure, other._split, other._forced = s, None, self._forced
        other.reached, other._budget = self.reached, self._budget
        try:  # FORCE's order made only now: depth-first mostly fits the small budget
            other._by_host(force_order(s, reached))
            other._budget = budget
            other.all_of(s.entrypoints)
        except BudgetExceeded:
            self._widen(budget)
            return True
        self._host = other
        return True

    def _widen(self, budget: int) -> None:
        """The whole ``budget`` from now on, with the memory cap it would have had from
        the start (the room for a blow-up beyond the diagrams made)."""
        self._cap += self._room * (budget - self._budget) * _BYTES_PER_NODE
        self._budget = budget
        self.manager.configure(max_memory=min(self._cap, MANAGER_BYTES))

    def _by_host(self, forced: list[int]) -> None:
        """Compile in blocks by host, from FORCE's order ``forced`` (the third order)."""
        self.by_host = True
        self._work_left, self._room = BLOCKS_WORK, BLOCKS_ROOM
        self._build(forced, host_block_order(self.structure, forced))

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
        self._vars = _declare(self.manager, len(self.var_of) + len(self.module_level))
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
                    return  # compiled by host instead
                self._close_modules(members)

    def _solved(self, members: list[int]) -> bool:
        """Solve ``members``; when that outgrows the small budget of
        :meth:`_small_first`, escalate, and solve them again from the functions made so
        far. False when the diagram by host was taken instead."""
        try:
            self._solve(members)
        except (BudgetExceeded, ValueError) as err:
            refused = isinstance(err, ValueError)  # CUDD's, at its memory cap
            if refused and "NULL" not in str(err):
                raise
            if not self._escalate():
                if refused:
                    raise BudgetExceeded(f"more than {self._budget} diagram nodes") from None
                raise
            if self._host is not None:
                return False
            with self._refusals():
                self._solve(members)
        return True

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

    _cap = 0  # bytes: the memory cap, raised by each function made (_check_budget)
    _work_left: int | None = None  # nodes the functions of FORCE's order may still hold
    _room = _MANAGER_FACTOR  # budgets of room in memory beyond the diagrams made
    by_host = False  # compiled in the third order, by host
    _escalation: tuple[list[int], int] | None = None  # depth-first's order, whole budget
    _host: NodeBdds | None = None  # compiled by host when depth-first outgrew it small
    _raising = False  # whether the cap follows the diagrams as they are made

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
        """The conjunction of ``terms`` (a node's instances, its needs, its events),
        the two smallest joined first, again and again. Joined pairwise in the order
        they came in, the same functions cost CUDD more work: checks of the layered files
        of 100 and 150 components spend a third to a half less measuring fixes (1.40 ->
        0.64 s at 100, 3.82 -> 2.35 s at 150, on one core), their analyses a third less
        (0.82 -> 0.52 s at 200), and every answer the same (a function's diagram does not
        depend on how it was joined). A diagram that outgrows the budget gives up as
        fast on the whole (33 generated files of 200 to 3,000 components, 25.6 -> 24.3 s
        in all), though not on each file: the last join is now of the two largest, which
        can be the slow one (legacy:1000, 0.46 -> 1.03 s).

        A join is refused (:class:`BudgetExceeded`) past ``JOIN_SLACK`` times the budget
        (the default one at least): a node that joins dozens of needs can blow up in
        its last joins, and waiting for its whole function before reading its size cost
        a second or two per failed fix. A join on the way may well outgrow the budget:
        on the layered file of 100 components, one of 122,637 nodes gave a function of
        20,706, under a fix's budget of 30,170."""
        if not terms:
            return self.manager.true
        limit = JOIN_SLACK * max(self._budget, DEFAULT_NODE_BUDGET)
        # one join at most: no order to choose, no sizes to read
        sizes = [int(t.dag_size) for t in terms] if len(terms) > 2 else [0] * len(terms)
        heap = list(zip(sizes, range(len(terms)), terms, strict=True))
        heapq.heapify(heap)
        made = len(heap)  # ties broken by age: functions do not compare
        while len(heap) > 1:
            _, _, a = heapq.heappop(heap)
            _, _, b = heapq.heappop(heap)
            both = a & b
            size = int(both.dag_size)
            if size > limit:
                raise BudgetExceeded(f"more than {self._budget} diagram nodes")
            heapq.heappush(heap, (size, made, both))
            made += 1
        return heap[0][2]

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
        """The function "every one of these nodes is up" (raises
        :class:`BudgetExceeded` when it outgrows the budget, like the nodes').

        Up to ``FOLD_UP_TO`` of them (a system's entrypoints, mostly) are joined one by
        one, the topmost first, each into the conjunction so far; more, pairwise
        (:func:`balanced`). The entrypoints of deep chains that share VMs have
        functions spread over the whole order, and some pairs of them join into far
        more nodes than all of them do: at 2,000 components, pairwise, a join of
        24,453 and 65,325 nodes took 4 s (17 s with the memory cap near) for a system
        of 7,115 nodes; one by one, each step stays within 16,132 nodes, 0.15 s in all.
        One by one, each join walks the conjunction so far: that many joins stay cheap.
        """

        def joined(a: Any, b: Any) -> Any:
            both = a & b
            self._check_budget(both)  # each join: the last ones can take minutes
            return both

        with self._refusals():
            terms = sorted((self.up[n] for n in nodes), key=_top_level)
            join = balanced if len(terms) > FOLD_UP_TO else folded
            return join(joined, terms, self.manager.true)

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


def variable_count(s: Structure, nodes: Iterable[int]) -> int:
    """The diagram variables of ``nodes``: their instances and node events."""
    return sum(len(s.instance_events[n]) + len(s.node_events[n]) for n in nodes)


def blocks_within_reach(s: Structure, nodes: Iterable[int]) -> bool:
    """Whether the order by host is tried for ``nodes`` compiled whole: at most
    ``BLOCKS_UP_TO`` variables."""
    return variable_count(s, nodes) <= BLOCKS_UP_TO


def _declare(manager: Any, count: int) -> list[Any]:
    """Declare ``count`` variables, ``x0`` on top, and return them in level order.

    The last one first: CUDD then sizes its tables for all of them at once, where
    declaring them one by one regrows the tables every few variables (at 20,000
    variables, 0.05 s and 54 MB instead of 0.18 s and 215 MB).
    """
    names = [f"x{index}" for index in range(count)]
    if names:
        manager.add_var(names[-1], index=count - 1)
    for index, name in enumerate(names):
        manager.add_var(name, index=index)
    return [manager.var(name) for name in names]


def at_least(manager: Any, k: int, terms: Sequence[Any], *, ordered: bool = False) -> Any:
    """The function "at least ``k`` of ``terms`` are true" by dynamic programming (a
    plain AND or OR, combined pairwise, when k is all of them or one).

    The terms join the counts deepest first (by their top variable, unless ``ordered``
    says they come so already): each then sits above the counts so far and joins them
    at once, where in the other order every join walks the whole count (minutes for
    500 of 1,000 replicas)."""
    if k <= 0:
        return manager.true
    if k > len(terms):
        return manager.false
    if k == len(terms):
        return balanced(operator.and_, terms, manager.true)
    if k == 1:
        return balanced(operator.or_, terms, manager.false)
    # row[c] = "at least c of the terms seen so far", for c = 0..k
    row = [manager.true] + [manager.false] * k
    for term in terms if ordered else sorted(terms, key=_top_level, reverse=True):
        for c in range(k, 0, -1):
            row[c] = row[c] | (row[c - 1] & term)
    return row[k]


def _top_level(term: Any) -> int:
    """The level of a term's top variable (constants last)."""
    return int(term.level) if term.var is not None else -1


def folded(op: Callable[[Any, Any], Any], terms: Sequence[Any], empty: Any) -> Any:
    """``op`` over all ``terms``, one by one, in their order."""
    return functools.reduce(op, terms, empty)


def balanced(op: Callable[[Any, Any], Any], terms: Sequence[Any], empty: Any) -> Any:
    """``op`` over all ``terms``, combined pairwise, as a balanced tree.

    Folding one by one makes each step walk the whole result so far: quadratic in the
    number of terms when each adds its own variables (a service that needs thousands of
    others took 48 s at 5,000); pairwise, each level of the tree walks it once.
    """
    if not terms:
        return empty
    level = list(terms)
    while len(level) > 1:
        paired = [op(a, b) for a, b in zip(level[::2], level[1::2], strict=False)]
        level = paired + level[len(paired) * 2 :]
    return level[0]
