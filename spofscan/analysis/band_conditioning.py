"""How one diagram's probability changes when each of many groups of variables is set
all true, and all false: computed over the band of levels each group spans.

Importance conditions every replicated component's variables at once, a group each
(:func:`~spofscan.analysis.availability.exact_importance`). Evaluating the whole
diagram again for each group, even many groups a pass, costs one NumPy step per level
of the diagram and pass: a chain's top diagram of 47,550 nodes over 7,697 heights, with
3,767 groups, took 22 passes and 5.9 s.

A group changes only the nodes of the levels from its topmost ``a`` to its deepest
``b``. Above ``a`` nothing depends on it: the diagram's probability is an affine
function of the values of the nodes that its levels above ``a`` lead to,

    P = k + Σ c(n) V(n),   over the nodes n at level a or deeper reached by an edge
                           from above a (or the root, at a or below),

whose coefficients ``c(n)`` are those of the derivative pass (the adjoint) taken down
to just before level ``a``. Below ``b`` no value changes. So

    P(group set) - P = Σ c(n) D(n),   over the nodes of levels a to b,

where ``D(n) = V'(n) - V(n)`` is evaluated over those levels alone, as a change:
``D(n) = q'·D(high) + (1 - q')·D(low) + (q' - q)·(V(high) - V(low))`` with ``q`` the
level's probability and ``q'`` its conditioned one, ``D`` zero below ``b``. Being
computed as a change, not as the difference of two probabilities near each other, a
small change keeps its digits (a criticality of 1e-13 is not rounding noise).

Groups are taken in order of their topmost level, many a pass; one pass of the adjoint
down the diagram gives every group's ``c``. Passes over the whole diagram (from the
root, the adjoint not needed) are taken instead when they cost less: when the groups'
variables are spread out, or the diagram is small. The cost is one pass for the values
``V`` plus the levels the passes cover: where a group's variables sit near each other in
the order, about three passes in all for any number of groups.

>>> from dd import cudd
>>> from spofscan.analysis.bdd_arrays import flatten
>>> manager = cudd.BDD()
>>> manager.declare("a", "b", "c")
>>> a, b, c = (manager.var(v) for v in "abc")
>>> f = flatten((a & b) | c)  # P = 0.86 at the probabilities below
>>> [(round(u, 6), round(d, 6)) for u, d in changes(f, [0.9, 0.8, 0.5], [[0, 1], [2]])]
[(0.14, -0.36), (0.14, -0.14)]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from spofscan.analysis.bdd_arrays import Flat, node_values, push

Floats = NDArray[np.float64]
_COLUMNS = 256  # groups conditioned in one pass (two columns each)
_PASS_FLOATS = 2**24  # at most 128 MiB of node values in one pass


def changes(
    flat: Flat, probs: Sequence[float] | Floats, groups: Sequence[Sequence[int]]
) -> list[tuple[float, float]]:
    """For each group of levels, how much ``flat``'s probability rises with all of
    them true, and how much with all of them false (a fall: negative), when the
    variable at level L is true with probability ``probs[L]`` (module doc)."""
    found = [(0.0, 0.0)] * len(groups)
    if flat.root[0] == flat.size:  # a constant
        return found
    span_of = {level: i for i, (level, _, _) in enumerate(flat.spans)}  # deepest first
    bands = []
    for g, levels in enumerate(groups):
        spans = sorted({span_of[level] for level in levels if level in span_of})
        if spans:
            bands.append(_Band(spans[-1], spans[0], g, spans))
    if bands:
        bands.sort(key=lambda band: (-band.top, band.group))  # topmost level first
        p = np.asarray(probs, dtype=np.float64)
        _sweep(flat, p, node_values(flat, p), _batches(flat, bands), found)
    return found


class _Band(NamedTuple):
    """A group's spans (their indices in ``Flat.spans``), the topmost and deepest."""

    top: int
    deepest: int
    group: int
    spans: list[int]


class _Batch(NamedTuple):
    """Groups conditioned in one pass over the spans ``deepest`` to ``top``."""

    top: int
    deepest: int
    bands: list[_Band]


def _sweep(
    flat: Flat, p: Floats, values: Floats, batches: list[_Batch], found: list[tuple[float, float]]
) -> None:
    """Set each of ``batches``' groups' changes in ``found``, each batch from the
    adjoint taken down to its topmost level (module doc)."""
    root, negated = flat.root
    adjoint = np.zeros(flat.size + 1)
    adjoint[root] = -1.0 if negated else 1.0
    left = iter(batches)
    batch = next(left, None)
    for index in range(len(flat.spans) - 1, -1, -1):  # parents before children
        while batch is not None and batch.top == index:
            lo, hi = flat.spans[batch.deepest][1], flat.spans[batch.top][2]
            change = adjoint[lo:hi] @ _band_changes(flat, p, values, batch)
            for j, band in enumerate(batch.bands):
                found[band.group] = (float(change[2 * j]), float(change[2 * j + 1]))
            batch = next(left, None)
        if batch is None:
            return
        level, start, end = flat.spans[index]
        weight = adjoint[start:end]
        push(adjoint, flat.high[start:end], flat.high_negated[start:end], weight * p[level])
        push(adjoint, flat.low[start:end], flat.low_negated[start:end], weight * (1 - p[level]))


def _batches(flat: Flat, bands: list[_Band]) -> list[_Batch]:
    """``bands`` (topmost first) in passes: each over the union of its bands (every
    level between), a band joining the pass before it when that costs less than a pass
    of its own; or passes over the whole diagram when those cost less."""
    batches: list[_Batch] = []
    for band in bands:
        if batches and len(batches[-1].bands) < _COLUMNS:
            run = batches[-1]
            deepest, count = min(run.deepest, band.deepest), len(run.bands) + 1
            together = _cost(flat, run.top, deepest, count)
            apart = _cost(flat, run.top, run.deepest, count - 1)
            apart += _cost(flat, band.top, band.deepest, 1)
            if together <= apart and _values(flat, run.top, deepest, count) <= _PASS_FLOATS:
                batches[-1] = _Batch(run.top, deepest, [*run.bands, band])
                continue
        batches.append(_Batch(band.top, band.deepest, [band]))
    top = len(flat.spans) - 1
    per_pass = max(1, min(_COLUMNS, _PASS_FLOATS // _values(flat, top, 0, 1)))
    whole = [_Batch(top, 0, bands[i : i + per_pass]) for i in range(0, len(bands), per_pass)]
    banded = sum(_cost(flat, b.top, b.deepest, len(b.bands)) for b in batches)
    swept = _STEP * (top - batches[-1].top)  # the adjoint's pass
    if sum(_cost(flat, b.top, b.deepest, len(b.bands)) for b in whole) <= banded + swept:
        return whole
    return batches


# A pass's cost, counted in node values computed: a level's step costs about as much as
# _STEP of them, and a pass's setting up as much as _PASS of them (measured on top
# diagrams of 400 to 47,550 nodes).
_STEP = 2_000
_PASS = 20_000


def _values(flat: Flat, top: int, deepest: int, groups: int) -> int:
    """The node values of a pass over spans ``deepest`` to ``top`` for ``groups``."""
    return (flat.spans[top][2] - flat.spans[deepest][1]) * 2 * groups


def _cost(flat: Flat, top: int, deepest: int, groups: int) -> int:
    """A pass's cost (in node values: above)."""
    return _values(flat, top, deepest, groups) + _STEP * (top - deepest + 1) + _PASS


def _band_changes(flat: Flat, p: Floats, values: Floats, batch: _Batch) -> Floats:
    """``D`` of the nodes of ``batch``'s spans, two columns per group: its levels all
    true, and all false (module doc); ``values``: every node's ``V``."""
    lo, hi = flat.spans[batch.deepest][1], flat.spans[batch.top][2]
    width = hi - lo
    high, low = flat.high[lo:hi], flat.low[lo:hi]
    high_negated, low_negated = flat.high_negated[lo:hi], flat.low_negated[lo:hi]
    spread = np.where(high_negated, 1.0 - values[high], values[high])
    spread -= np.where(low_negated, 1.0 - values[low], values[low])  # V(high) - V(low)
    # rows: the band's nodes, then a zero for every node below it and the terminal
    change = np.zeros((width + 1, 2 * len(batch.bands)))
    high = np.where((high >= lo) & (high < hi), high - lo, width)
    low = np.where((low >= lo) & (low < hi), low - lo, width)
    sign_high = np.where(high_negated, -1.0, 1.0)[:, None]
    sign_low = np.where(low_negated, -1.0, 1.0)[:, None]
    q = _columns(flat, p, batch)
    for row, (level, start, end) in enumerate(flat.spans[batch.deepest : batch.top + 1]):
        a, b = start - lo, end - lo
        conditioned = q[row]
        change[a:b] = (
            conditioned * (sign_high[a:b] * change[high[a:b]])
            + (1.0 - conditioned) * (sign_low[a:b] * change[low[a:b]])
            + (conditioned - p[level]) * spread[a:b, None]
        )
    found: Floats = change[:width]
    return found


def _columns(flat: Flat, p: Floats, batch: _Batch) -> Floats:
    """The probabilities of the levels of ``batch``'s spans (a row each), two columns
    per group: its levels all true, and all false."""
    levels = [level for level, _, _ in flat.spans[batch.deepest : batch.top + 1]]
    q = np.repeat(p[levels][:, None], 2 * len(batch.bands), axis=1)
    for j, band in enumerate(batch.bands):
        rows = np.asarray(band.spans, dtype=np.int64) - batch.deepest
        q[rows, 2 * j] = 1.0
        q[rows, 2 * j + 1] = 0.0
    return q
