"""The system's diagram: compiled whole, in parts, or with its entrypoints apart.

:func:`compile_system` chooses how a structure is compiled to binary decision diagrams
(:mod:`spofscan.analysis.bdd` compiles them in the first variable order that fits):
in parts when it splits into independent modules (:mod:`spofscan.analysis.modules`,
:mod:`spofscan.analysis.modular`), else whole, else with its entrypoints compiled apart
(:mod:`spofscan.analysis.entrypoints_apart`), and refuses at once a diagram that would
certainly outgrow the budget. The result answers as a :class:`System`: the
availability of the system and of each entrypoint, and their derivatives, at the
variables' probabilities (:mod:`spofscan.analysis.availability` reads them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from spofscan.analysis.band_conditioning import changes
from spofscan.analysis.bdd import (
    DEFAULT_NODE_BUDGET,
    FORCE_MORE_WORK,
    FORCE_WORK,
    BudgetExceeded,
    NodeBdds,
    Order,
    WorkExceeded,
    blocks_within_reach,
    variable_count,
)
from spofscan.analysis.bdd_arrays import Parts, flatten, gradient, probability
from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.entrypoints_apart import apart_split, entrypoints_apart
from spofscan.analysis.evaluation_order import reach_order
from spofscan.analysis.modular import ModularSystem
from spofscan.analysis.modules import split_structure

MIN_MODULAR_VARIABLES = 1_000  # below this, one diagram is as quick as its parts


class Compiling(Protocol):
    """What :func:`compile_system` reads of the availability's settings
    (:class:`~spofscan.analysis.availability.Settings`)."""

    @property
    def node_budget(self) -> int: ...

    @property
    def modular(self) -> bool | None: ...

    @property
    def force_only(self) -> bool: ...

    @property
    def small_first(self) -> bool: ...


def compile_system(
    s: Structure, forced_down: frozenset[int], settings: Compiling
) -> tuple[NodeBdds, System]:
    """The diagrams of ``s``, in parts (:mod:`spofscan.analysis.modules`) or whole, as
    ``settings.modular`` says; by default in parts when it has at least
    ``MIN_MODULAR_VARIABLES`` variables and no part holds more than half of them, and
    when the whole outgrows the budget, the system in parts over every entrypoint's
    series variables and each entrypoint apart (:mod:`.entrypoints_apart`), where that
    applies. Raises :class:`BudgetExceeded` when a diagram outgrows the budget, or
    would certainly outgrow it (:func:`_beyond_reach`).

    With nothing forced down (what instance failures leave), a structure whose diagrams
    once outgrew this budget raises at once: compiling them again would only fail
    again, and the explorer, the review page and the fixes ask many times."""
    budget = settings.node_budget
    if not forced_down and s.cache.diagram_too_large == budget:  # known: no second try
        raise BudgetExceeded(f"more than {budget} diagram nodes, as before")
    try:
        return _compiled(s, forced_down, settings)
    except BudgetExceeded:
        if not forced_down:  # the same structure and budget would exceed it again
            s.cache.diagram_too_large = budget
        raise


def _compiled(
    s: Structure, forced_down: frozenset[int], settings: Compiling
) -> tuple[NodeBdds, System]:
    """:func:`compile_system`'s diagrams, compiled."""
    budget = settings.node_budget
    variables = variable_count(s, range(len(s.nodes)))
    if settings.modular or (settings.modular is None and variables >= MIN_MODULAR_VARIABLES):
        split = split_structure(s, forced_down)
        if settings.modular or 2 * split.largest <= split.total:
            if not forced_down:
                _beyond_reach(split.largest, budget)
            diagram = NodeBdds(s, forced_down=forced_down, node_budget=budget, split=split)
            return diagram, ModularSystem(s, diagram, split)
    if not forced_down and variables > budget:
        _beyond_reach(variable_count(s, reach_order(s)), budget)
    parts = None if settings.modular is False else apart_split(s, forced_down)
    if parts is not None and not forced_down and s.cache.whole_too_large == budget:
        return entrypoints_apart(s, forced_down, budget, parts)  # whole, it outgrew
    try:
        # Where the entrypoints can be compiled apart (deep chains over shared VMs),
        # FORCE's order alone, and it gives up early: the depth-first order fitted only
        # chains of at most 150 components, 10 to 30 times slower than FORCE's, and
        # failed from 300 (0.1 to 0.35 s lost before FORCE's was tried).
        work = None if parts is None else FORCE_WORK
        diagram = NodeBdds(
            s,
            forced_down=forced_down,
            node_budget=budget,
            force_work=work,
            force_only=settings.force_only or parts is not None,
            small_first=settings.small_first,
        )
    except BudgetExceeded as whole:
        if parts is None:
            raise
        try:
            found = entrypoints_apart(s, forced_down, budget, parts)
        except BudgetExceeded:
            if not isinstance(whole, WorkExceeded):  # FORCE's order outgrew the budget
                raise
            diagram = _whole_after_apart(s, forced_down, budget)
        else:
            if not forced_down:
                s.cache.whole_too_large = budget
            return found
    system = WholeSystem(s, diagram)
    if (
        system.nodes > LARGE_WHOLE
        and not diagram.by_host
        and blocks_within_reach(s, diagram.reached)
    ):
        try:
            other = NodeBdds(s, forced_down=forced_down, node_budget=budget, only=Order.BY_HOST)
            smaller = WholeSystem(s, other)
        except BudgetExceeded:
            pass
        else:
            if smaller.nodes < system.nodes:
                diagram, system = other, smaller
    if not forced_down:
        s.cache.whole_diagram = (budget, diagram)
    return diagram, system


# Nodes of a whole system's diagram past which the order by host is tried too, and kept
# when smaller: a diagram of more than half the budget is not kept for the fixes
# (remediation's KEPT_NODES), each fixed file is compiled whole, and where the first
# order fits such a file only just, its fixes seldom do. Legacy files of 60 and 70
# components: 50,826 and 80,593 nodes depth-first, 381 and 553 by host.
LARGE_WHOLE = DEFAULT_NODE_BUDGET // 2


def _whole_after_apart(s: Structure, forced_down: frozenset[int], budget: int) -> NodeBdds:
    """The whole diagram of ``s``, whose entrypoints outgrew the budget compiled apart
    after its whole diagram in FORCE's order passed ``FORCE_WORK``: FORCE's order again,
    up to ``FORCE_MORE_WORK`` (deep chains of 600 and 800 components: their parts
    outgrow the budget, their whole diagrams hold 170,380 and 258,825 nodes); not the
    depth-first order, which outgrew the budget before FORCE's was tried."""
    return NodeBdds(
        s,
        forced_down=forced_down,
        node_budget=budget,
        force_work=FORCE_MORE_WORK,
        force_only=True,
    )


def _beyond_reach(variables: int, budget: int) -> None:
    """Refuse a diagram of more ``variables`` than ``budget`` nodes: the system's
    function has a node for each variable it depends on, and with nothing forced down
    it depends on every variable of the nodes the entrypoints need, unless some can
    never matter (a fallback that needs what it backs up), which are counted all the
    same. Built, such a diagram would fail the budget only once most of its nodes are
    compiled: at 100,000 components of the layered shape, 7 s of declaring 228,065
    variables and compiling 46,263 nodes before one outgrew it."""
    if variables > budget:
        raise BudgetExceeded(f"more than {budget} diagram nodes: {variables} variables")


class System(Protocol):
    """The availability of a compiled structure and its derivatives, at the variables'
    probabilities (by level); ``nodes``: the size of its diagram, parts together."""

    nodes: int

    def system(self, probs: Sequence[float]) -> float: ...

    def entrypoints(self, probs: Sequence[float]) -> list[float]: ...

    def gradient(self, probs: Sequence[float]) -> tuple[float, list[float]]: ...

    def conditioned_changes(
        self, probs: Sequence[float], groups: list[list[int]]
    ) -> list[tuple[float, float]]: ...

    def parts(self) -> Parts: ...


class WholeSystem:
    """A structure compiled whole: the system's diagram, flattened once."""

    def __init__(self, s: Structure, diagram: NodeBdds) -> None:
        system_bdd = diagram.all_of(s.entrypoints)
        self.function = flatten(system_bdd)
        self.nodes = int(self.function.levels.size)
        # one entrypoint (the usual case) is the system itself: no second flattening
        self._entries = [
            None if diagram.up[e] == system_bdd else flatten(diagram.up[e]) for e in s.entrypoints
        ]

    def system(self, probs: Sequence[float]) -> float:
        """The system's availability."""
        return probability(self.function, probs)

    def entrypoints(self, probs: Sequence[float]) -> list[float]:
        """Each entrypoint's availability."""
        system = self.system(probs)
        return [system if f is None else probability(f, probs) for f in self._entries]

    def gradient(self, probs: Sequence[float]) -> tuple[float, list[float]]:
        """The system's availability and its derivative by each level's probability."""
        return self.system(probs), gradient(self.function, probs)

    def conditioned_changes(
        self, probs: Sequence[float], groups: list[list[int]]
    ) -> list[tuple[float, float]]:
        """For each group of levels, how much the system's availability changes with
        all of them true, and with all of them false."""
        return changes(self.function, probs, groups)

    def parts(self) -> Parts:
        """The one diagram, the top."""
        return Parts([self.function], [-1], [])
