"""A fixed file of a file compiled apart, measured in parts.

A file whose entrypoints' diagrams are compiled apart (deep chains that share VMs:
:mod:`spofscan.analysis.entrypoints_apart`) has fixed files of its shape: compiled
whole, each would fail the budget as the original did (seconds each), and compiled in
parts its system takes a fraction of that. Only the system's value is compiled; an
entrypoint's own value, which only its objective's verdict reads, is bounded first: an
entrypoint is down whenever one of its series variables is, so its availability is at
most the product of their probabilities, and a file of deep chains has hundreds of
them. An entrypoint is compiled alone only when that bound cannot decide.
"""

from __future__ import annotations

from spofscan.analysis.availability import instance_probabilities
from spofscan.analysis.bdd import FORCE_UP_TO, BudgetExceeded, NodeBdds
from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.entrypoints_apart import alone, apart_split
from spofscan.analysis.evaluation_order import reach_order
from spofscan.analysis.modular import ModularSystem
from spofscan.analysis.modules import Split, split_structure


def in_parts(s: Structure, budget: int) -> PartsValues:
    """The system's availability of ``s`` from its diagrams in parts over every
    entrypoint's series variables (apart when some entrypoint reads another's, else
    together), without a try of the whole diagram; each entrypoint's own value on
    demand (:meth:`PartsValues.entrypoint`). Raises :class:`BudgetExceeded` when a part
    outgrows ``budget``. What a fixed file of a file compiled apart is measured by
    (:mod:`spofscan.remediation.snippets`)."""
    if len(reach_order(s)) > FORCE_UP_TO:  # no FORCE order: depth-first, its parts outgrow
        raise BudgetExceeded(f"more than {FORCE_UP_TO} nodes to compile in parts")
    split = apart_split(s, frozenset(), where_it_pays=False) or split_structure(s)
    diagram = NodeBdds(s, node_budget=budget, split=split, force_first=True)
    probs = instance_probabilities(s, diagram)
    system = ModularSystem(s, diagram, split, entrypoints=False).system(probs)
    return PartsValues(s, split, budget, system, diagram, probs)


class PartsValues:
    """The system's availability from :func:`in_parts`, and each entrypoint's: bounded
    from above by the product of its series variables' probabilities (it is down
    whenever one of them is), or compiled alone."""

    def __init__(
        self,
        s: Structure,
        split: Split,
        budget: int,
        system: float,
        diagram: NodeBdds,
        probs: list[float],
    ) -> None:
        self._s, self._split, self._budget = s, split, budget
        self.system = system
        self._p = {key: probs[level] for key, level in diagram.var_of.items()}

    def at_most(self, index: int) -> float:
        """An upper bound of the ``index``-th entrypoint's availability."""
        bound = 1.0
        for key in self._split.series.of_entrypoint[index]:
            bound *= self._p[key]
        return bound

    def entrypoint(self, index: int) -> float:
        """The ``index``-th entrypoint's availability, exactly: compiled alone."""
        keys = self._split.series.of_entrypoint[index]
        own, part = alone(self._s, index, keys, frozenset(), self._budget)
        local = own.level_probabilities({})
        for key, level in own.var_of.items():
            local[level] = self._p[key]
        return part.system(local)
