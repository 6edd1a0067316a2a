"""The system's availability from its parts: series variables, modules and the top.

With the series variables ``S`` fixed true (:mod:`spofscan.analysis.series_events`),
the system's function is ``∧S ∧ G``, where ``G``, the top diagram, reads each module
``M`` through one variable ``y_M`` (:mod:`spofscan.analysis.modules`). The variables of
the parts are disjoint, so

    A = ∏ p_S * P(G),   with p(y_M) = P(M), each module's diagram evaluated first.

Derivatives follow the chain rule: ``P(G)`` is multilinear in every ``y_M``, so its
derivative with respect to a variable ``x`` of module ``M`` is ``D_M * ∂P(M)/∂p_x``,
where ``D_M = ∂P(G)/∂y_M`` is the product of the derivatives along the modules that
enclose ``M``. A component whose variables all sit in ``M`` changes ``P(G)`` by
``D_M * ΔP(M)`` when they are all set up or down: the importance of a replicated
component costs one pass over its module's diagram, not over the system's.

The parts at each depth of nesting are evaluated together, height by height
(:mod:`spofscan.analysis.forest`): thousands of small modules cost a few dozen
vectorised steps, not one per variable of the system.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from spofscan.analysis.band_conditioning import changes
from spofscan.analysis.bdd import NodeBdds
from spofscan.analysis.bdd_arrays import Flat, Parts, flatten
from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.forest import Forest
from spofscan.analysis.modules import Split

Floats = NDArray[np.float64]
_PASS_FLOATS = 2**24  # at most 128 MiB of node values in one pass


class ModularSystem:
    """A structure compiled in parts (a :class:`NodeBdds` given a :class:`Split`).

    Parts at the same depth of nesting are evaluated together (:class:`Forest`): the
    modules deepest first, each setting its variable, then the top; derivatives go the
    other way, the top first.
    """

    def __init__(
        self, s: Structure, diagram: NodeBdds, split: Split, *, entrypoints: bool = True
    ) -> None:
        system_bdd = diagram.all_of(s.entrypoints)
        flats = [m.function for m in diagram.modules] + [flatten(system_bdd)]
        self._flats = flats
        self.nodes = sum(int(flat.levels.size) for flat in flats)
        self.module_levels = [m.level for m in diagram.modules]
        part_of = {}  # level -> the part whose diagram reads it
        for index, flat in enumerate(flats):
            for level in np.unique(flat.levels).tolist():
                part_of[level] = index
        depth = [0] * len(flats)
        for index in range(len(diagram.modules) - 1, -1, -1):  # outer modules first
            parent = part_of.get(self.module_levels[index])
            depth[index] = 1 + depth[parent] if parent is not None else 1
        self.layers: list[tuple[Forest, list[int]]] = []  # deepest first; the top last
        for d in range(max(depth), -1, -1):
            members = [i for i in range(len(flats)) if depth[i] == d]
            if members:
                self.layers.append((Forest([flats[i] for i in members]), members))
        self.part_of = part_of
        self.series = np.asarray(
            sorted(diagram.var_of[k] for k in split.series.keys if k in diagram.var_of),
            dtype=np.int64,
        )
        # Without ``entrypoints``, each entrypoint is evaluated elsewhere: its diagram
        # here may read variables fixed true that are not series for it
        # (:mod:`spofscan.analysis.entrypoints_apart`).
        self._entries = _Entries(s, diagram, split, system_bdd) if entrypoints else None
        self._last: tuple[Sequence[float], Floats, float] | None = None

    def evaluate(self, probs: Sequence[float]) -> tuple[Floats, float]:
        """The probabilities with each module's variable set to its availability, and
        the top's value ``P(G)`` (kept for the same list of probabilities: the system,
        the entrypoints and the importance all start from it)."""
        if self._last is not None and self._last[0] is probs:
            return self._last[1], self._last[2]
        p = np.asarray(probs, dtype=np.float64).copy()
        top = 1.0
        for forest, members in self.layers:
            values = forest.values(forest.local(p))
            for index, value in zip(members, values.tolist(), strict=True):
                if index < len(self.module_levels):
                    p[self.module_levels[index]] = value
                else:
                    top = value
        self._last = (probs, p, top)
        return p, top

    def system(self, probs: Sequence[float]) -> float:
        """The system's availability."""
        p, top = self.evaluate(probs)
        return float(np.prod(p[self.series])) * top

    def entrypoints(self, probs: Sequence[float]) -> list[float]:
        """Each entrypoint's availability."""
        assert self._entries is not None, "compiled for the system alone"
        p, top = self.evaluate(probs)
        return self._entries.values(p, top)

    def parts(self) -> Parts:
        """The modules' diagrams, inner ones first, then the top's."""
        return Parts(self._flats, [*self.module_levels, -1], self.series.tolist())

    def _derivatives(self, p: Floats) -> Floats:
        """The derivative of ``P(G)`` with respect to every level, the modules' own
        variables included (``D`` of each module), the top's pass first."""
        grad = np.zeros(len(p))
        for forest, members in reversed(self.layers):
            seeds = np.asarray(
                [
                    grad[self.module_levels[i]] if i < len(self.module_levels) else 1.0
                    for i in members
                ]
            )
            grad[forest.levels] += forest.backward(forest.local(p), seeds)
        return grad

    def gradient(self, probs: Sequence[float]) -> tuple[float, list[float]]:
        """The system's availability and its derivative with respect to each level's
        probability (zero for the modules' own variables)."""
        p, top = self.evaluate(probs)
        series = p[self.series]
        factor = float(np.prod(series))
        grad = factor * self._derivatives(p)
        grad[self.series] = _products_without_each(series) * top
        grad[self.module_levels] = 0.0
        return factor * top, grad.tolist()

    def conditioned_changes(
        self, probs: Sequence[float], groups: list[list[int]]
    ) -> list[tuple[float, float]]:
        """For each group of levels (a component's variables), how much the system's
        availability changes with all of them true, and with all of them false."""
        p, top = self.evaluate(probs)
        derivative = self._derivatives(p)
        series_set = set(self.series.tolist())
        by_part: dict[int, list[int]] = defaultdict(list)
        for g, levels in enumerate(groups):
            inside = [lvl for lvl in levels if lvl not in series_set and lvl in self.part_of]
            if inside:
                by_part[self.part_of[inside[0]]].append(g)
        change: dict[int, tuple[float, float]] = {}
        for forest, members in self.layers:
            own = [[groups[g] for g in by_part[i]] for i in members]
            if len(members) == 1:  # the top, or a module alone at its depth: its bands
                found = [changes(self._flats[members[0]], p, own[0])]
            else:
                found = _up_and_down(forest, p, own)
            for index, values in zip(members, found, strict=True):
                is_module = index < len(self.module_levels)
                weight = derivative[self.module_levels[index]] if is_module else 1.0
                for g, (up, down) in zip(by_part[index], values, strict=True):
                    change[g] = (weight * up, weight * down)
        factor = float(np.prod(p[self.series]))
        result = []
        for g, levels in enumerate(groups):
            up_delta, down_delta = change.get(g, (0.0, 0.0))
            fixed = [lvl for lvl in levels if lvl in series_set]
            if not fixed:
                result.append((factor * up_delta, factor * down_delta))
                continue
            # a series variable down takes the system down; all up, the product gains
            # what those variables lacked
            perfect = p[self.series].copy()
            perfect[np.searchsorted(self.series, fixed)] = 1.0
            without = float(np.prod(perfect))
            gained = without * (1.0 - float(np.prod(p[fixed]))) * top + without * up_delta
            result.append((gained, -factor * top))
        return result


class _Entries:
    """Each entrypoint's availability: its own series variables times its function,
    which is the system's (the top), a module's variable, or a diagram of its own
    (those evaluated together)."""

    def __init__(self, s: Structure, diagram: NodeBdds, split: Split, system_bdd: Any) -> None:
        self.series = [
            np.asarray(
                sorted(diagram.var_of[k] for k in keys if k in diagram.var_of), dtype=np.int64
            )
            for keys in split.series.of_entrypoint
        ]
        self.level: list[int | None] = []
        own: list[Flat] = []
        self.own: list[int | None] = []
        for e in s.entrypoints:
            function = diagram.up[e]
            self.level.append(diagram.module_level.get(e))
            if e in diagram.module_level or function == system_bdd:
                self.own.append(None)
            else:
                self.own.append(len(own))
                own.append(flatten(function))
        self.forest = Forest(own) if own else None

    def values(self, p: Floats, top: float) -> list[float]:
        own = self.forest.values(self.forest.local(p)).tolist() if self.forest else []
        found = []
        for series, level, index in zip(self.series, self.level, self.own, strict=True):
            factor = float(np.prod(p[series]))
            if level is not None:
                found.append(factor * float(p[level]))
            else:
                found.append(factor * (top if index is None else own[index]))
        return found


def _up_and_down(
    forest: Forest, p: Floats, groups: list[list[list[int]]]
) -> list[list[tuple[float, float]]]:
    """For each diagram of ``forest``, how much its value changes with each of its
    ``groups`` of levels all true, and all false. Column pair ``j`` conditions the
    ``j``-th group of every diagram at once: the diagrams read disjoint variables."""
    found: list[list[tuple[float, float]]] = [[] for _ in groups]
    most = max((len(g) for g in groups), default=0)
    base = forest.local(p)
    per_pass = max(1, min(256, _PASS_FLOATS // (2 * (forest.size + 1))))
    for first in range(0, most, per_pass):
        pairs = min(per_pass, most - first)
        columns = np.repeat(base[:, None], 2 * pairs, axis=1)
        for own in groups:
            for j, levels in enumerate(own[first : first + pairs]):
                local = _local(forest.levels, levels)
                columns[local, 2 * j] = 1.0
                columns[local, 2 * j + 1] = 0.0
        changed = forest.changes(base, columns)
        for diagram, own in enumerate(groups):
            count = len(own[first : first + pairs])
            row = changed[diagram]
            found[diagram].extend(
                zip(row[0 : 2 * count : 2].tolist(), row[1 : 2 * count : 2].tolist(), strict=True)
            )
    return found


def _local(levels: NDArray[np.int64], wanted_levels: list[int]) -> NDArray[np.int64]:
    """The local indices of those of ``wanted_levels`` that ``levels`` holds."""
    wanted = np.asarray(wanted_levels, dtype=np.int64)
    local = np.minimum(np.searchsorted(levels, wanted), len(levels) - 1)
    found: NDArray[np.int64] = local[levels[local] == wanted]
    return found


def _products_without_each(values: Floats) -> Floats:
    """For each i, the product of all ``values`` but the i-th (no division: a value
    may be 0)."""
    if len(values) == 0:
        return values
    before = np.concatenate(([1.0], np.cumprod(values[:-1])))
    after = np.concatenate((np.cumprod(values[::-1][:-1])[::-1], [1.0]))
    return before * after
