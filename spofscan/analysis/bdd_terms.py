"""Functions of functions: declaring variables, "at least k of", joins in three orders.

Each takes CUDD functions (``dd.cudd``) and returns one; none keeps state. The order of
a join does not change the function it makes (a diagram is canonical), only the work
CUDD spends on the way: these are the orders that measured fastest for the functions of
a structure's nodes (:mod:`spofscan.analysis.node_functions`).

>>> from dd import cudd
>>> manager = cudd.BDD()
>>> a, b, c = declare(manager, 3)
>>> at_least(manager, 2, [a, b, c]) == (a & b) | (a & c) | (b & c)
True
>>> smallest_first([a, b, c], manager.true, limit=10) == a & b & c
True
"""

from __future__ import annotations

import functools
import heapq
import operator
from collections.abc import Callable, Sequence
from typing import Any

FOLD_UP_TO = 64  # functions that conjunction joins one by one; more, pairwise


def declare(manager: Any, count: int) -> list[Any]:
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
    for term in terms if ordered else sorted(terms, key=top_level, reverse=True):
        for c in range(k, 0, -1):
            row[c] = row[c] | (row[c - 1] & term)
    return row[k]


def top_level(term: Any) -> int:
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


def smallest_first(terms: Sequence[Any], true: Any, limit: int) -> Any | None:
    """The conjunction of ``terms`` (a node's instances, its needs, its events), the two
    smallest joined first, again and again; None as soon as a join passes ``limit``
    nodes, or a term does where their sizes are read (more than two terms). Joined
    pairwise in the order they came in, the same functions cost CUDD more work: checks
    of the layered files of 100 and 150 components spend a third to a half less
    measuring fixes (1.40 -> 0.64 s at 100, 3.82 -> 2.35 s at 150, on one core), their
    analyses a third less (0.82 -> 0.52 s at 200), and every answer the same. A diagram
    that outgrows the budget gives up as fast on the whole (33 generated files of 200 to
    3,000 components, 25.6 -> 24.3 s in all), though not on each file: the last join is
    now of the two largest, which can be the slow one (legacy:1000, 0.46 -> 1.03 s).

    The term of a node's instances is built on the way to its function, as the joins
    are, and held to the same limit: on the layered file of 200 components, three fixes
    each built one of 243,267 to 278,089 nodes, and joining it ran into CUDD's memory
    cap after 0.4 to 0.5 s of a failed measurement of 0.6 to 0.7 s. ``true``: the
    conjunction of no terms."""
    if not terms:
        return true
    # one join at most: no order to choose, no sizes to read
    sizes = [int(t.dag_size) for t in terms] if len(terms) > 2 else [0] * len(terms)
    if max(sizes) > limit:
        return None
    heap = list(zip(sizes, range(len(terms)), terms, strict=True))
    heapq.heapify(heap)
    made = len(heap)  # ties broken by age: functions do not compare
    while len(heap) > 1:
        _, _, a = heapq.heappop(heap)
        _, _, b = heapq.heappop(heap)
        both = a & b
        size = int(both.dag_size)
        if size > limit:
            return None
        heapq.heappush(heap, (size, made, both))
        made += 1
    return heap[0][2]


def conjunction(terms: Sequence[Any], true: Any, check: Callable[[Any], None]) -> Any:
    """The conjunction of ``terms``, each join passed to ``check`` (which may raise).

    Up to ``FOLD_UP_TO`` of them (a system's entrypoints, mostly) are joined one by
    one, the topmost first, each into the conjunction so far; more, pairwise
    (:func:`balanced`). The entrypoints of deep chains that share VMs have functions
    spread over the whole order, and some pairs of them join into far more nodes than
    all of them do: at 2,000 components, pairwise, a join of 24,453 and 65,325 nodes
    took 4 s (17 s with the memory cap near) for a system of 7,115 nodes; one by one,
    each step stays within 16,132 nodes, 0.15 s in all. One by one, each join walks
    the conjunction so far: that many joins stay cheap."""

    def joined(a: Any, b: Any) -> Any:
        both = a & b
        check(both)
        return both

    ordered = sorted(terms, key=top_level)
    join = balanced if len(ordered) > FOLD_UP_TO else folded
    return join(joined, ordered, true)
