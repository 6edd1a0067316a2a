"""Many diagrams evaluated at once, height by height.

A system of thousands of modules has thousands of small diagrams; evaluating each one
level by level (:mod:`spofscan.analysis.bdd_arrays`) costs a NumPy step per variable of
the whole system. Put together, with every node at its *height* (1 + the larger height
of its children, the terminal 0), all nodes of one height depend only on lower ones,
across diagrams: one vectorised step per height, a few dozen for a system of stacks.

The diagrams are :class:`~spofscan.analysis.bdd_arrays.Flat` forms, children before
parents, over system-wide levels; a forest reads only the levels its diagrams test,
numbered apart (``levels``), so that many probability vectors (columns) cost memory
in proportion to those alone.

>>> from dd import cudd
>>> from spofscan.analysis.bdd_arrays import flatten
>>> manager = cudd.BDD()
>>> manager.declare("a", "b", "c")
>>> a, b, c = (manager.var(v) for v in "abc")
>>> forest = Forest([flatten(a & b), flatten(~c | a)])
>>> [round(v, 6) for v in forest.values(forest.local([0.9, 0.5, 0.2])).tolist()]
[0.45, 0.98]
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from spofscan.analysis.bdd_arrays import Flat

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


class Forest:
    """Diagrams as one set of arrays, nodes by height (module doc)."""

    def __init__(self, flats: Sequence[Flat]) -> None:
        sizes = [f.size for f in flats]
        n = sum(sizes)
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
        variables = np.concatenate([f.levels for f in flats] or [np.zeros(0, np.int64)])
        self.levels: Ints = np.unique(variables).astype(np.int64)

        def merged(attribute: str) -> Ints:
            parts = [
                np.where(getattr(f, attribute) == f.size, n, getattr(f, attribute) + start)
                for f, start in zip(flats, starts, strict=True)
            ]
            return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, np.int64)

        high, low = merged("high"), merged("low")
        flags = [
            np.concatenate([getattr(f, a) for f in flats] or [np.zeros(0, bool)])
            for a in ("high_negated", "low_negated")
        ]
        order, self.spans = _by_height(high, low, n)
        renumber = np.empty(n + 1, dtype=np.int64)
        renumber[order] = np.arange(n)
        renumber[n] = n
        self.size = n
        self.var = np.searchsorted(self.levels, variables[order]).astype(np.int64)
        self.high, self.low = renumber[high[order]], renumber[low[order]]
        self.high_negated, self.low_negated = flags[0][order], flags[1][order]
        self.roots = np.asarray(
            [
                renumber[n if f.root[0] == f.size else f.root[0] + s]
                for f, s in zip(flats, starts, strict=True)
            ],
            dtype=np.int64,
        )
        self.roots_negated = np.asarray([f.root[1] for f in flats], dtype=np.bool_)

    def local(self, p: Sequence[float] | Floats) -> Floats:
        """The probabilities (rows of them: columns) of the levels this forest reads."""
        values: Floats = np.asarray(p, dtype=np.float64)[self.levels]
        return values

    def values(self, p: Floats) -> Floats:
        """Each diagram's probability (a row of them per column of ``p``), where ``p``
        holds the probabilities of ``levels`` (:meth:`local`)."""
        nodes = self._node_values(p)
        found = nodes[self.roots]
        across = (-1, *([1] * (p.ndim - 1)))
        result: Floats = np.where(self.roots_negated.reshape(across), 1.0 - found, found)
        return result

    def changes(self, p: Floats, columns: Floats) -> Floats:
        """How much each diagram's probability at ``p`` (one vector, :meth:`local`)
        changes with its levels' probabilities those of each column of ``columns`` (a row
        per diagram, a column per column), computed as a change node by node:
        ``D = q'·D(high) + (1 - q')·D(low) + (q' - q)·(V(high) - V(low))``, so that a
        small change keeps its digits (:mod:`~spofscan.analysis.band_conditioning`)."""
        values = self._node_values(p)
        change = np.zeros((self.size + 1, columns.shape[1]))  # the terminal's: none
        for start, end in self.spans:
            variables = self.var[start:end]
            q = columns[variables]
            spread = np.subtract(*self._children(values, start, end))
            high_change, low_change = self._changes_below(change, start, end)
            change[start:end] = (
                q * high_change
                + (1.0 - q) * low_change
                + (q - p[variables, None]) * spread[:, None]
            )
        found = change[self.roots]
        result: Floats = np.where(self.roots_negated[:, None], -found, found)
        return result

    def _changes_below(self, change: Floats, start: int, end: int) -> tuple[Floats, Floats]:
        """The changes of the high and low children of nodes ``start``..``end``,
        complements applied (a complement's change is the negated change)."""
        high, low = change[self.high[start:end]], change[self.low[start:end]]
        return (
            np.where(self.high_negated[start:end, None], -high, high),
            np.where(self.low_negated[start:end, None], -low, low),
        )

    def backward(self, p: Floats, seeds: Floats) -> Floats:
        """The sum over the diagrams of ``seeds[i]`` times the derivatives of diagram
        ``i``'s probability with respect to each of ``levels`` (one vector ``p``)."""
        nodes = self._node_values(p)
        adjoint = np.zeros(self.size + 1)
        np.add.at(adjoint, self.roots, np.where(self.roots_negated, -seeds, seeds))
        grad = np.zeros(len(self.levels))
        for start, end in reversed(self.spans):  # parents before children
            weight = adjoint[start:end]
            q = p[self.var[start:end]]
            high, low = self._children(nodes, start, end)
            np.add.at(grad, self.var[start:end], weight * (high - low))
            _push(adjoint, self.high[start:end], self.high_negated[start:end], weight * q)
            _push(adjoint, self.low[start:end], self.low_negated[start:end], weight * (1 - q))
        return grad

    def _node_values(self, p: Floats) -> Floats:
        nodes = np.ones((self.size + 1, *p.shape[1:]))
        for start, end in self.spans:
            q = p[self.var[start:end]]
            high, low = self._children(nodes, start, end)
            nodes[start:end] = q * high + (1.0 - q) * low
        return nodes

    def _children(self, nodes: Floats, start: int, end: int) -> tuple[Floats, Floats]:
        high, low = nodes[self.high[start:end]], nodes[self.low[start:end]]
        across = (-1, *([1] * (nodes.ndim - 1)))
        return (
            np.where(self.high_negated[start:end].reshape(across), 1.0 - high, high),
            np.where(self.low_negated[start:end].reshape(across), 1.0 - low, low),
        )


def _by_height(high: Ints, low: Ints, n: int) -> tuple[Ints, tuple[tuple[int, int], ...]]:
    """Nodes in order of height (children come before parents in each diagram, and the
    terminal is ``n``), and the runs of each height."""
    height = [0] * (n + 1)
    for i, (h, lo) in enumerate(zip(high.tolist(), low.tolist(), strict=True)):
        height[i] = 1 + max(height[h], height[lo])
    heights = np.asarray(height[:n], dtype=np.int64)
    order = np.argsort(heights, kind="stable").astype(np.int64)
    ordered = heights[order]
    bounds = [0, *(np.flatnonzero(np.diff(ordered)) + 1).tolist(), n]
    return order, tuple((a, b) for a, b in itertools.pairwise(bounds) if b > a)


def _push(adjoint: Floats, to: Ints, negated: NDArray[np.bool_], amount: Floats) -> None:
    np.add.at(adjoint, to, np.where(negated, -amount, amount))
