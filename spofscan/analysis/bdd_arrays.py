"""A binary decision diagram as arrays: walked once, evaluated many times.

:func:`flatten` asks CUDD to write a diagram in its DDDMP text format (children before
parents) and reads it into NumPy arrays, nodes grouped by variable level, deepest level
first. :func:`probability` is then one vectorised step per level, O(nodes) in all, and
:func:`gradient`, the partial derivative of that probability with respect to every
variable (Birnbaum importance), one backward pass of the same cost.

Complemented edges: a reference may point to a node negated (CUDD's representation), in
which case it stands for 1 - P(node).

>>> from dd import cudd
>>> manager = cudd.BDD()
>>> manager.declare("a", "b", "c")
>>> a, b, c = (manager.var(v) for v in "abc")
>>> majority = (a & b) | (a & c) | (b & c)
>>> round(probability(majority, [0.9, 0.9, 0.9]), 6)  # 2-of-3: 3 p^2 (1 - p) + p^3
0.972
>>> [round(g, 6) for g in gradient(a & ~b, [0.5, 0.2, 0.7])]
[0.8, -0.5, 0.0]
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]


@dataclass(frozen=True)
class Flat:
    """A diagram as arrays, deepest level first.

    Node ``i`` tests the variable at ``levels[i]``; ``high[i]`` and ``low[i]`` index its
    children, with ``n`` (the number of nodes) standing for the terminal "true", and the
    ``*_negated`` flags mark complemented edges. ``spans`` gives, for each level present,
    the slice ``[start, end)`` of its nodes. ``root`` is the function's own reference.
    """

    levels: Ints
    high: Ints
    high_negated: Bools
    low: Ints
    low_negated: Bools
    spans: tuple[tuple[int, int, int], ...]  # (level, start, end)
    root: tuple[int, bool]

    @property
    def size(self) -> int:
        """The number of non-terminal nodes."""
        return len(self.levels)


class Parts(NamedTuple):
    """A compiled system's diagrams in the order they are evaluated: ``flats[i]``
    sets the variable at level ``sets[i]`` to its probability (a module, before every
    diagram that reads it), or is the top (``sets[i]`` -1). The system's availability
    is the product of the ``series`` levels' probabilities and the top's value."""

    flats: list[Flat]
    sets: list[int]
    series: list[int]


class Evaluation(NamedTuple):
    """A function evaluated at a point: its probability ``value`` when the variable at
    level L is true with probability ``probs[L]``, and its ``gradient`` there (the
    partial derivative with respect to each level's probability)."""

    value: float
    probs: list[float]
    gradient: list[float]


def flatten(function: Any) -> Flat:
    """The :class:`Flat` form of a CUDD function (returned as is when already flat)."""
    if isinstance(function, Flat):
        return function
    if function.var is None:  # a constant: only the terminal, perhaps negated
        empty = np.zeros(0, dtype=np.int64)
        no_edges = (empty, empty.astype(np.bool_))
        return _flat(empty, no_edges, no_edges, (-1, bool(function.negated)))
    if function.dag_size <= _WALK_LIMIT:
        return _walk(function)
    with tempfile.TemporaryDirectory(prefix="spofscan-") as folder:
        path = os.path.join(folder, "diagram.dddmp")
        function.bdd.dump(path, [function], filetype="dddmp")
        with open(path, encoding="ascii") as file:
            text = file.read()
    return _parse_dddmp(text, function.bdd.var_levels)


_WALK_LIMIT = 2_000  # diagrams up to this size are read node by node, not through a file


def _walk(function: Any) -> Flat:
    """Read a small diagram node by node (a module's, thousands of times: writing each
    to a file would cost more than evaluating it)."""
    position: dict[int, int] = {}
    levels: list[int] = []
    children: list[tuple[Any, Any]] = []
    stack = [function]
    while stack:
        node = stack.pop()
        key = int(node) & ~1  # the regular node: CUDD marks a complement in the low bit
        if node.var is None or key in position:
            continue
        position[key] = len(levels)
        levels.append(node.level)
        high, low = node.high, node.low
        children.append((high, low))
        stack.extend((high, low))

    def edges(side: int) -> tuple[Ints, Bools]:
        targets = [-1 if c[side].var is None else position[int(c[side]) & ~1] for c in children]
        flags = [bool(c[side].negated) for c in children]
        return np.asarray(targets, dtype=np.int64), np.asarray(flags, dtype=np.bool_)

    root = (position[int(function) & ~1], bool(function.negated))
    return _flat(np.asarray(levels, dtype=np.int64), edges(0), edges(1), root)


def _parse_dddmp(text: str, level_of: dict[str, int]) -> Flat:
    """After ``.nodes``, DDDMP has one line per node, ``id variable position then
    else``, children first, where a negative id is a complemented reference and the
    variable ``T`` marks the terminal "true"; each node's level is its variable's."""
    header, _, body = text.partition("\n.nodes\n")
    fields = {key: value for key, _, value in (line.partition(" ") for line in header.splitlines())}
    tokens = body.partition(".end")[0].split()
    ids = np.asarray(tokens[0::5], dtype=np.int64)
    terminal = np.asarray(tokens[1::5]) == "T"
    position = np.full(int(ids.max()) + 1, -1, dtype=np.int64)  # id -> node, -1 terminal
    position[ids[~terminal]] = np.arange(int((~terminal).sum()))

    def edges(column: int) -> tuple[Ints, Bools]:
        refs = np.asarray(tokens[column::5], dtype=np.int64)[~terminal]
        return position[np.abs(refs)], refs < 0

    root = int(fields[".rootids"].split()[0])
    # by name: the number beside it counts in the manager's order, which is the support's
    # only while no variable was inserted between others
    names, which = np.unique(np.asarray(tokens[1::5])[~terminal], return_inverse=True)
    levels = np.asarray([level_of[str(name)] for name in names], dtype=np.int64)[which]
    return _flat(levels, edges(3), edges(4), (int(position[abs(root)]), root < 0))


def _flat(
    levels: Ints,
    high: tuple[Ints, Bools],
    low: tuple[Ints, Bools],
    root: tuple[int, bool],
) -> Flat:
    """Sort nodes deepest level first and renumber their edges (-1, the terminal,
    becomes ``n``)."""
    n = len(levels)
    order = np.argsort(-levels, kind="stable")
    new_index = np.empty(n + 1, dtype=np.int64)
    new_index[order] = np.arange(n)
    new_index[n] = n

    def renumber(edges: tuple[Ints, Bools]) -> tuple[Ints, Bools]:
        targets, flags = edges
        return new_index[np.where(targets < 0, n, targets)][order], flags[order]

    sorted_levels = levels[order]
    root_index = n if root[0] < 0 else int(new_index[root[0]])
    return Flat(
        sorted_levels,
        *renumber(high),
        *renumber(low),
        _spans(sorted_levels),
        (root_index, root[1]),
    )


def _spans(levels: Ints) -> tuple[tuple[int, int, int], ...]:
    """Runs of equal level in ``levels``, as (level, start, end)."""
    if len(levels) == 0:
        return ()
    starts = np.flatnonzero(np.diff(levels)) + 1
    bounds = [0, *starts.tolist(), len(levels)]
    return tuple((int(levels[a]), a, b) for a, b in itertools.pairwise(bounds))


def probability(function: Any, probs: Sequence[float] | NDArray[np.float64]) -> float:
    """P(function) when the variable at level L is true with probability ``probs[L]``.

    ``function`` is a CUDD function or its :class:`Flat` form; flatten once to evaluate
    the same diagram under many probability vectors.
    """
    flat = flatten(function)
    values = node_values(flat, np.asarray(probs, dtype=np.float64))
    index, negated = flat.root
    return float(1.0 - values[index] if negated else values[index])


def shared_probability(
    function: Any,
    probs: Sequence[float],
    known: dict[int, float],
    found: dict[int, float],
) -> float:
    """P(function) as :func:`probability` gives it, node by node: a node in ``known``
    (by its regular reference) is not visited again, and every node evaluated here is
    added to ``found``. For a function that shares most of its nodes with another whose
    node values are ``known`` (a changed file's diagram, built in the original's
    manager): its cost is its new nodes, not its size.

    ``known`` must be of nodes that are still alive (CUDD reuses a freed node's
    reference) and at the same probabilities of their variables.

    The new nodes are listed first (:func:`_new_nodes`), then evaluated from their
    children's references alone, children first: each node's children are read once,
    where the walk read them again once they were evaluated (the fixes of the layered
    files of 100 and 150 components and the chain of 300, 0.15, 0.31 and 0.20 s ->
    0.12, 0.26 and 0.16 s in this function, the same values to the bit)."""
    terminal = int(function.bdd.true) & ~1
    for key, level, high, low in _new_nodes(function, terminal, known, found):
        p = probs[level]
        found[key] = p * _known(high, terminal, known, found) + (1.0 - p) * _known(
            low, terminal, known, found
        )
    return _known(int(function), terminal, known, found)


def _known(
    reference: int, terminal: int, known: dict[int, float], found: dict[int, float]
) -> float:
    """P(node) of a CUDD ``reference`` (complemented when its low bit is set), known or
    found already."""
    regular = reference & ~1
    if regular == terminal:
        got = 1.0
    else:
        value = known.get(regular)
        got = found[regular] if value is None else value
    return 1.0 - got if reference & 1 else got


def _new_nodes(
    function: Any, terminal: int, known: dict[int, float], found: dict[int, float]
) -> list[tuple[int, int, int, int]]:
    """The nodes of ``function`` in neither ``known`` nor ``found``, children before
    parents, each as its regular reference, its level and its children's references.
    Each node's children are read once (each read makes a wrapper of a CUDD node, the
    walk's main cost), depth first: a node met again is done by then, since only its
    own descendants were pushed after it."""
    order: list[tuple[int, int, int, int]] = []
    seen: set[int] = set()
    stack: list[Any] = [function]
    while stack:
        node = stack.pop()
        if type(node) is tuple:  # its children listed: it follows them
            order.append(node)
            continue
        key = int(node) & ~1
        if key == terminal or key in seen or key in known or key in found:
            continue
        seen.add(key)
        high, low = node.high, node.low
        stack.append((key, node.level, int(high), int(low)))
        stack.append(high)
        stack.append(low)
    return order


def gradient(function: Any, probs: Sequence[float] | NDArray[np.float64]) -> list[float]:
    """Partial derivatives of P(function) with respect to every variable's probability."""
    flat = flatten(function)
    p = np.asarray(probs, dtype=np.float64)
    values = node_values(flat, p)
    grad = np.zeros(len(p))
    root, negated = flat.root
    if root == flat.size:
        return grad.tolist()
    adjoint = np.zeros(flat.size + 1)
    adjoint[root] = -1.0 if negated else 1.0
    for level, start, end in reversed(flat.spans):  # parents before children
        weight = adjoint[start:end]
        high, low = _children(flat, values, start, end)
        grad[level] += float(weight @ (high - low))
        push(adjoint, flat.high[start:end], flat.high_negated[start:end], weight * p[level])
        push(adjoint, flat.low[start:end], flat.low_negated[start:end], weight * (1 - p[level]))
    return grad.tolist()


def push(adjoint: NDArray[np.float64], to: Ints, negated: Bools, amount: Any) -> None:
    """Add ``amount`` (negated where ``negated``) to ``adjoint`` at ``to``."""
    np.add.at(adjoint, to, np.where(negated, -amount, amount))


def node_values(flat: Flat, p: NDArray[np.float64]) -> NDArray[np.float64]:
    """P of every node, and 1.0 for the terminal at index ``n``; deepest level first.

    ``p`` has a probability per level, or a row of them per level (one column per
    probability vector); the values then have a column per vector too."""
    values = np.ones((flat.size + 1, *p.shape[1:]))
    for level, start, end in flat.spans:
        high, low = _children(flat, values, start, end)
        values[start:end] = p[level] * high + (1.0 - p[level]) * low
    return values


def _children(
    flat: Flat, values: NDArray[np.float64], start: int, end: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The values of the high and low edges of nodes ``start``..``end``, complements
    applied."""
    high = values[flat.high[start:end]]
    low = values[flat.low[start:end]]
    across = (-1, *([1] * (values.ndim - 1)))  # a node's flag holds for all its columns
    return (
        np.where(flat.high_negated[start:end].reshape(across), 1.0 - high, high),
        np.where(flat.low_negated[start:end].reshape(across), 1.0 - low, low),
    )
