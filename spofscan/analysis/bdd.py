"""Exact availability by compiling the structure function to a binary decision diagram.

Every instance of every component is a Boolean variable ("this instance has not failed
by itself"), and so is each node event (a common cause, a failover: "it did not
happen"); instances that cannot fail get probability 1, which keeps them available
for conditioning (importance, what-if). Node functions are built requirements first
(:mod:`spofscan.analysis.node_functions`); this module chooses the variable order.
Variables are declared node by node in depth-first order, shared infrastructure first
(zones, hosts, VMs before what runs on them), which keeps diagrams of layered systems
small; when that outgrows the budget, a structure of at most ``FORCE_UP_TO`` nodes is
compiled again in the order FORCE finds
(:mod:`spofscan.analysis.variable_order`), each node's variables close to those of
what it needs, which fits deep chains that the first order does not; and when that
outgrows it too, a structure of at most ``BLOCKS_UP_TO`` variables in blocks by host
(:mod:`spofscan.analysis.host_blocks`), each VM's variable with the instances on it,
which fits services replicated over a shared pool of VMs. The system's function joins
the entrypoints' diagrams in the order of their top variables, neighbours first.
Probabilities come from one pass over the diagram, and the partial derivatives of a
probability with respect to every variable (Birnbaum importance) from one backward pass
(:mod:`spofscan.analysis.bdd_arrays`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.evaluation_order import reach_order
from spofscan.analysis.host_blocks import host_block_order
from spofscan.analysis.modules import Split
from spofscan.analysis.node_functions import (
    DEFAULT_NODE_BUDGET,
    BudgetExceeded,
    Escalated,
    ModuleFunction,
    NodeFunctions,
    WorkExceeded,
)
from spofscan.analysis.variable_order import force_order

__all__ = [
    "BLOCKS_UP_TO",
    "DEFAULT_NODE_BUDGET",
    "FORCE_MORE_WORK",
    "FORCE_UP_TO",
    "FORCE_WORK",
    "BudgetExceeded",
    "ModuleFunction",
    "NodeBdds",
    "Order",
    "WorkExceeded",
    "blocks_within_reach",
    "variable_count",
]

FORCE_UP_TO = 5_000  # nodes: a diagram past the budget in depth-first order tries FORCE's
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


class Order(enum.Enum):
    """One variable order, compiled alone (``NodeBdds(only=...)``)."""

    DEPTH_FIRST = "depth-first"  # shared infrastructure first
    BY_HOST = "by host"  # blocks by host, from FORCE's order


class NodeBdds(NodeFunctions):
    """The BDDs of every node of a structure, over per-instance variables, in the
    first variable order that fits the budget (:class:`NodeFunctions` compiles them).

    ``split``: compiled in modules (:class:`NodeFunctions`). ``reached``: the nodes the
    entrypoints need (:func:`reach_order`), whose functions it holds.
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
    ``1 / SMALL_FIRST`` of the budget before any order has the whole of it. ``only``:
    that order alone, with the whole budget (no module split).
    """

    by_host = False  # compiled in the third order, by host
    _escalation: int | None = None  # the whole budget, while depth-first tries a part
    _host: NodeBdds | None = None  # compiled by host when depth-first outgrew it small

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
        small_first: bool = False,
        only: Order | None = None,
    ) -> None:
        self.structure = s
        self._budget = node_budget
        self._split = split
        self._forced = frozenset(forced_down)
        reached = reach_order(s)
        self.reached = frozenset(reached)
        if only is Order.DEPTH_FIRST:
            self._build(reached)
            return
        if only is Order.BY_HOST:
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
        self._escalation = budget
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

    def _escalate(self) -> Escalated:
        """Depth-first outgrew the small budget: keep the diagram by host (``_host``)
        when that order fits it, its entrypoints joined too (within the whole budget, in the
        small try's memory: the order fits one node at a time, not always their join; a
        fixed chain of 60 components fitted by host in an eighth of its budget, and its
        two entrypoints, 14,893 and 13,807 nodes, had not joined after a quarter of an
        hour with the memory of the whole budget); else give the depth-first order the
        whole budget. ``NO`` when it had it already."""
        if self._escalation is None:
            return Escalated.NO
        budget, self._escalation = self._escalation, None
        s = self.structure
        try:  # FORCE's order made only now: depth-first mostly fits the small budget
            other = NodeBdds(
                s, forced_down=self._forced, node_budget=self._budget, only=Order.BY_HOST
            )
            other._budget = budget
            other.all_of(s.entrypoints)
        except BudgetExceeded:
            self._widen(budget)
            return Escalated.WIDENED
        self._host = other
        return Escalated.REPLACED

    def _by_host(self, forced: list[int]) -> None:
        """Compile in blocks by host, from FORCE's order ``forced`` (the third order)."""
        self.by_host = True
        self._work_left, self._room = BLOCKS_WORK, BLOCKS_ROOM
        self._build(forced, host_block_order(self.structure, forced))


def variable_count(s: Structure, nodes: Iterable[int]) -> int:
    """The diagram variables of ``nodes``: their instances and node events."""
    return sum(len(s.instance_events[n]) + len(s.node_events[n]) for n in nodes)


def blocks_within_reach(s: Structure, nodes: Iterable[int]) -> bool:
    """Whether the order by host is tried for ``nodes`` compiled whole: at most
    ``BLOCKS_UP_TO`` variables."""
    return variable_count(s, nodes) <= BLOCKS_UP_TO
