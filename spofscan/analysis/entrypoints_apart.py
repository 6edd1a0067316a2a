"""The system in parts over every entrypoint's series variables, each entrypoint alone.

A variable whose failure takes one entrypoint down takes the system down (every
entrypoint up), so the system's function is ``x ∧ F|x=1`` for each series variable of
any entrypoint. :mod:`spofscan.analysis.modules` fixes only those that the diagrams of
every entrypoint may hold true: when an entrypoint reads a variable that is series for
another only, fixing it would change that entrypoint's function, and the split falls
back to the variables series for all of them at once.

Deep chains that share VMs are that case: a VM that runs a single link of one chain is
series for that chain, not for another that runs a replicated link on it, so only the
region and the zones are series for all. Their functions, compiled whole, outgrow the
budget from about 3,000 components (a link's function holds every VM state that a
later link of its chain may still need). With the series variables of all entrypoints
fixed true instead, most VMs drop out and the system splits into modules: 3,000
components compile in 0.6 s to 10,173 nodes, the value the peer (SCRAM) computes.

Each entrypoint's own availability is then compiled apart: the structure with that one
entrypoint and its own series variables fixed
(:func:`~spofscan.analysis.modules.split_structure` without modules: in depth-first
order a module's variables sit together, so its modules would save no nodes, and cost
a diagram, a flattening and an evaluation each, some 80 per chain). The system's value,
derivatives and conditioned values (importance) come from the parts over all series
variables.

This is a second try, made by :func:`~spofscan.analysis.system_diagram.compile_system`
after the whole diagram outgrew its budget (FORCE's order then gives up past
:data:`~spofscan.analysis.bdd.FORCE_WORK` nodes), for a structure of at most ``FORCE_UP_TO``
nodes with at most ``APART_UP_TO`` entrypoints, at least one of which reads another's
series variable, whose largest part then holds at most two thirds of the variables; a
diagram past the budget raises :class:`~spofscan.analysis.bdd.BudgetExceeded`, and
the whole is compiled again in FORCE's order, up to
:data:`~spofscan.analysis.bdd.FORCE_MORE_WORK` nodes. The last condition keeps the try
to where it pays: deep chains' largest part holds 54 to 63% of their variables, and
compiles; the legacy estates' 79 to 82%, and layered services with journeys 91 to 94%,
and those outgrow the budget again (tried, 0.6 to 1.7 s more before the estimate).

>>> from spofscan.analysis.compiled_structure import compile_structure
>>> from spofscan.model.examples import tiny_architecture
>>> s = compile_structure(tiny_architecture())
>>> apart_split(s, frozenset()) is None  # one entrypoint: it reads only its own
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import NamedTuple

from spofscan.analysis.bdd import FORCE_UP_TO, NodeBdds
from spofscan.analysis.bdd_arrays import Parts
from spofscan.analysis.compiled_structure import DerivedViews, Structure
from spofscan.analysis.evaluation_order import reach_order
from spofscan.analysis.modular import ModularSystem
from spofscan.analysis.modules import Split, split_structure
from spofscan.analysis.series_events import (
    Key,
    SeriesVariables,
    series_of_targets,
    series_variables,
)

APART_UP_TO = 64  # entrypoints compiled one by one, at most


def apart_split(
    s: Structure, forced_down: frozenset[int], *, where_it_pays: bool = True
) -> Split | None:
    """The split of ``s`` over every entrypoint's series variables, when some entrypoint
    reads another's series variable (``where_it_pays``: and the try is worth it, module
    doc); else None."""
    if where_it_pays and not 2 <= len(s.entrypoints) <= APART_UP_TO:
        return None
    if where_it_pays and len(reach_order(s)) > FORCE_UP_TO:
        return None
    keys, each = series_of_targets(s)
    if series_variables(s).keys == keys:  # no entrypoint reads another's series
        return None
    split = split_structure(s, forced_down, SeriesVariables(keys, tuple(map(tuple, each))))
    if where_it_pays and 3 * split.largest > 2 * split.total:
        return None
    return split


def entrypoints_apart(
    s: Structure, forced_down: frozenset[int], budget: int, split: Split
) -> tuple[NodeBdds, ApartSystem]:
    """The system's diagrams in ``split``'s parts (:func:`apart_split`), and each
    entrypoint's compiled alone (module doc); raises :class:`BudgetExceeded` when a
    diagram outgrows ``budget``."""
    # FORCE's order first: where the whole diagram outgrew the budget in depth-first
    # order, so did the parts' on every chain measured (2,000 to 5,000 components: 0.5
    # to 4.6 s before FORCE's order, which fitted)
    diagram = NodeBdds(
        s, forced_down=forced_down, node_budget=budget, split=split, force_first=True
    )
    system = ModularSystem(s, diagram, split, entrypoints=False)
    each = split.series.of_entrypoint
    own = [_kept(diagram, *alone(s, j, keys, forced_down, budget)) for j, keys in enumerate(each)]
    return diagram, ApartSystem(system, own)


class OwnDiagram(NamedTuple):
    """An entrypoint's own diagram as :class:`ApartSystem` evaluates it: the
    probability of each of its levels before any is set, the system diagram's level of
    each of its variables' levels, and its parts."""

    unset: list[float]
    system_levels: dict[int, int]
    part: ModularSystem


def _kept(diagram: NodeBdds, own: NodeBdds, part: ModularSystem) -> OwnDiagram:
    """What evaluating ``own`` (an entrypoint's diagram, compiled alone) needs, so that
    its manager can go: its parts are flat already, and with each manager held to the
    end the next one was made in fresh memory (11 to 17 ms each, 2.4 ms in what the
    last one left; chain:2000 compiles twelve entrypoints alone)."""
    levels = {level: diagram.var_of[key] for key, level in own.var_of.items()}
    return OwnDiagram(own.level_probabilities({}), levels, part)


class ApartSystem:
    """The system from its parts (:class:`ModularSystem`), each entrypoint from its
    own; probabilities by the levels of the system's diagram, as the other systems of
    :func:`~spofscan.analysis.system_diagram.compile_system` take them."""

    def __init__(self, system: ModularSystem, own: list[OwnDiagram]) -> None:
        self._system = system
        self._alone = own
        self.nodes = system.nodes + sum(one.part.nodes for one in own)

    def system(self, probs: Sequence[float]) -> float:
        """The system's availability."""
        return self._system.system(probs)

    def entrypoints(self, probs: Sequence[float]) -> list[float]:
        """Each entrypoint's availability, from its own diagram."""
        found = []
        for one in self._alone:
            local = list(one.unset)  # its modules' variables: set when evaluated
            for level, at in one.system_levels.items():
                local[level] = probs[at]
            found.append(one.part.system(local))
        return found

    def gradient(self, probs: Sequence[float]) -> tuple[float, list[float]]:
        """The system's availability and its derivative by each level's probability."""
        return self._system.gradient(probs)

    def conditioned_changes(
        self, probs: Sequence[float], groups: list[list[int]]
    ) -> list[tuple[float, float]]:
        """For each group of levels, how much the system's availability changes with
        all of them true, and with all of them false."""
        return self._system.conditioned_changes(probs, groups)

    def parts(self) -> Parts:
        """The system's parts (the entrypoints' own diagrams are not among them)."""
        return self._system.parts()


# The views of a structure that do not depend on its entrypoints: an entrypoint's own
# structure shares them (at 5,000 components, computing them again for each of 20
# entrypoints was 6 of the 12 s spent on them).
_SHARED_VIEWS = (
    "requirements",
    "dependents",
    "evaluation_order",
    "slacks",
    "hosted_by",
    "member_of",
    "fails_over_with",
    "settling",
)


def alone(
    s: Structure,
    index: int,
    series: tuple[Key, ...],
    forced_down: frozenset[int],
    budget: int,
) -> tuple[NodeBdds, ModularSystem]:
    """The diagram of the ``index``-th entrypoint alone, over ``series`` (its own series
    variables, which it alone reads, being the only entrypoint) fixed true, in one part."""
    views = DerivedViews(**{name: getattr(s.cache, name) for name in _SHARED_VIEWS})
    one = dataclasses.replace(s, entrypoints=(s.entrypoints[index],), cache=views)
    own = SeriesVariables(frozenset(series), (series,))
    split: Split = split_structure(one, forced_down, own, modules=False)
    diagram = NodeBdds(one, forced_down=forced_down, node_budget=budget, split=split)
    return diagram, ModularSystem(one, diagram, split, entrypoints=False)
