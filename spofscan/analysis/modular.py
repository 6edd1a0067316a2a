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

Each part's diagram is evaluated over its own variables only (its levels renumbered),
so thousands of small modules cost thousands of small passes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from spofscan.analysis.bdd import NodeBdds
from spofscan.analysis.bdd_arrays import Flat, flatten, gradient, probabilities, probability
from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.modules import Split

Floats = NDArray[np.float64]
_PASS_FLOATS = 2**24  # at most 128 MiB of node values in one pass


@dataclass(frozen=True)
class _Part:
    """A diagram over its own variables: ``levels[i]`` is the system-wide level of its
    local variable ``i``; ``level``, the variable that stands for it (-1: the top)."""

    flat: Flat
    levels: NDArray[np.int64]
    level: int

    def value(self, p: Floats) -> float:
        return probability(self.flat, p[self.levels])


def _part(function: Any, level: int) -> _Part:
    flat = flatten(function)
    levels = np.unique(flat.levels)
    local = np.searchsorted(levels, flat.levels).astype(np.int64)
    spans = tuple((int(np.searchsorted(levels, lvl)), a, b) for lvl, a, b in flat.spans)
    return _Part(replace(flat, levels=local, spans=spans), levels, level)


class ModularSystem:
    """A structure compiled in parts (a :class:`NodeBdds` given a :class:`Split`)."""

    def __init__(self, s: Structure, diagram: NodeBdds, split: Split) -> None:
        self.modules = [_part(m.function, m.level) for m in diagram.modules]
        system_bdd = diagram.all_of(s.entrypoints)
        self.top = _part(system_bdd, -1)
        self.series = np.asarray(
            sorted(diagram.var_of[k] for k in split.series.keys if k in diagram.var_of),
            dtype=np.int64,
        )
        self.part_of: dict[int, int] = {}  # level -> index of its part (top: len(modules))
        for index, part in enumerate([*self.modules, self.top]):
            for level in part.levels.tolist():
                self.part_of[level] = index
        self._entries = [
            _entry(diagram, split, e, j, system_bdd) for j, e in enumerate(s.entrypoints)
        ]
        self._last: tuple[Sequence[float], Floats, float] | None = None

    @property
    def parts(self) -> list[_Part]:
        """The modules, inner ones first, then the top."""
        return [*self.modules, self.top]

    def evaluate(self, probs: Sequence[float]) -> tuple[Floats, float]:
        """The probabilities with each module's variable set to its availability, and
        the top's value ``P(G)`` (kept for the same list of probabilities: the system,
        the entrypoints and the importance all start from it)."""
        if self._last is not None and self._last[0] is probs:
            return self._last[1], self._last[2]
        p = np.asarray(probs, dtype=np.float64).copy()
        for part in self.modules:
            p[part.level] = part.value(p)
        top = self.top.value(p)
        self._last = (probs, p, top)
        return p, top

    def system(self, probs: Sequence[float]) -> float:
        """The system's availability."""
        p, top = self.evaluate(probs)
        return float(np.prod(p[self.series])) * top

    def entrypoints(self, probs: Sequence[float]) -> list[float]:
        """Each entrypoint's availability."""
        p, top = self.evaluate(probs)
        return [entry.value(p, top) for entry in self._entries]

    def gradient(self, probs: Sequence[float]) -> tuple[float, list[float]]:
        """The system's availability and its derivative with respect to each level's
        probability (zero for the modules' own variables)."""
        p, top = self.evaluate(probs)
        series = p[self.series]
        factor = float(np.prod(series))
        grad = np.zeros(len(p))
        weight = self._weights(p)
        for index, part in enumerate(self.parts):
            local = np.asarray(gradient(part.flat, p[part.levels]), dtype=np.float64)
            grad[part.levels] = factor * weight[index] * local
        grad[self.series] = _products_without_each(series) * top
        for part in self.modules:
            grad[part.level] = 0.0
        return factor * top, grad.tolist()

    def _weights(self, p: Floats) -> list[float]:
        """``D`` of each part: the derivative of ``P(G)`` with respect to its value."""
        weight = [0.0] * len(self.modules) + [1.0]
        grads: dict[int, Floats] = {}
        for index in range(len(self.modules) - 1, -1, -1):  # outer modules first
            part = self.modules[index]
            parent = self.part_of.get(part.level)
            if parent is None:  # read by no diagram above
                continue
            if parent not in grads:
                above = self.parts[parent]
                grads[parent] = np.asarray(gradient(above.flat, p[above.levels]), dtype=np.float64)
            local = int(np.searchsorted(self.parts[parent].levels, part.level))
            weight[index] = weight[parent] * float(grads[parent][local])
        return weight

    def all_up_and_down(
        self, probs: Sequence[float], groups: list[list[int]]
    ) -> list[tuple[float, float]]:
        """For each group of levels (a component's variables), the system's availability
        with all of them true, and with all of them false."""
        p, top = self.evaluate(probs)
        weight = self._weights(p)
        series_set = set(self.series.tolist())
        by_part: dict[int, list[int]] = defaultdict(list)
        for g, levels in enumerate(groups):
            inside = [lvl for lvl in levels if lvl not in series_set and lvl in self.part_of]
            if inside:
                by_part[self.part_of[inside[0]]].append(g)
        change: dict[int, tuple[float, float]] = {}
        for index, members in by_part.items():
            part = self.parts[index]
            values = _up_and_down(part, p, [groups[g] for g in members])
            base = part.value(p) if index < len(self.modules) else top
            for g, (up, down) in zip(members, values, strict=True):
                change[g] = (weight[index] * (up - base), weight[index] * (down - base))
        factor = float(np.prod(p[self.series]))
        found = []
        for g, levels in enumerate(groups):
            up_delta, down_delta = change.get(g, (0.0, 0.0))
            fixed = [lvl for lvl in levels if lvl in series_set]
            if not fixed:
                found.append((factor * (top + up_delta), factor * (top + down_delta)))
                continue
            perfect = p[self.series].copy()
            perfect[np.searchsorted(self.series, fixed)] = 1.0
            found.append((float(np.prod(perfect)) * (top + up_delta), 0.0))
        return found


class _Entry:
    """How one entrypoint's availability is read: its own series variables times its
    diagram, the top's when it is the system, or a module's variable."""

    def __init__(self, series: NDArray[np.int64], part: _Part | None, level: int | None) -> None:
        self.series, self.part, self.level = series, part, level

    def value(self, p: Floats, top: float) -> float:
        factor = float(np.prod(p[self.series]))
        if self.level is not None:
            return factor * float(p[self.level])
        return factor * (top if self.part is None else self.part.value(p))


def _entry(diagram: NodeBdds, split: Split, node: int, j: int, system_bdd: Any) -> _Entry:
    keys = split.series.of_entrypoint[j]
    series = np.asarray(sorted(diagram.var_of[k] for k in keys if k in diagram.var_of))
    function = diagram.up[node]
    if node in diagram.module_level:
        return _Entry(series.astype(np.int64), None, diagram.module_level[node])
    part = None if function == system_bdd else _part(function, -1)
    return _Entry(series.astype(np.int64), part, None)


def _up_and_down(part: _Part, p: Floats, groups: list[list[int]]) -> list[tuple[float, float]]:
    """A part's value with each group's levels all true, and all false (batched)."""
    base = p[part.levels]
    per_pass = max(1, min(256, _PASS_FLOATS // (2 * (part.flat.size + 1))))
    found: list[tuple[float, float]] = []
    for first in range(0, len(groups), per_pass):
        chunk = groups[first : first + per_pass]
        columns = np.repeat(base[:, None], 2 * len(chunk), axis=1)
        for j, levels in enumerate(chunk):
            local = _local(part, levels)
            columns[local, 2 * j] = 1.0
            columns[local, 2 * j + 1] = 0.0
        values = probabilities(part.flat, columns)
        found.extend(zip(values[0::2].tolist(), values[1::2].tolist(), strict=True))
    return found


def _local(part: _Part, levels: list[int]) -> NDArray[np.int64]:
    """The local indices of those of ``levels`` that ``part`` reads."""
    wanted = np.asarray(levels, dtype=np.int64)
    local = np.minimum(np.searchsorted(part.levels, wanted), len(part.levels) - 1)
    found: NDArray[np.int64] = local[part.levels[local] == wanted]
    return found


def _products_without_each(values: Floats) -> Floats:
    """For each i, the product of all ``values`` but the i-th (no division: a value
    may be 0)."""
    if len(values) == 0:
        return values
    before = np.concatenate(([1.0], np.cumprod(values[:-1])))
    after = np.concatenate((np.cumprod(values[::-1][:-1])[::-1], [1.0]))
    return before * after
