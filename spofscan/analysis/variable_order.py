"""The order of the decision diagram's variables: FORCE over the requirement graph.

A node's function reads its own variables and the functions of what it needs; the
diagram stays small when the variables each function reads sit close together. FORCE
(Aloul, Markov and Sakallah, "FORCE: a fast and easy-to-implement variable-ordering
heuristic", GLSVLSI 2003) treats each node and what it needs as one hyperedge, and
moves every node to the mean of the centres of gravity of its hyperedges, then ranks
them again; it stops when the hyperedges' total span no longer shrinks. It starts from
the depth-first order of :func:`spofscan.analysis.evaluation_order.reach_order`, which it refines.

Nodes are ordered, not single variables: a node's instances and events stay together.
On deep dependency chains the depth-first order spreads a link's requirements far apart
(a 300-link chain outgrew the 100,000-node budget); this order keeps it at 433 nodes.

>>> from spofscan.analysis.compiled_structure import compile_structure
>>> from spofscan.model.examples import tiny_architecture
>>> s = compile_structure(tiny_architecture())
>>> sorted(s.nodes[n] for n in force_order(s, [0, 1, 2])) == sorted(s.nodes[:3])
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from spofscan.analysis.compiled_structure import Structure

MAX_ROUNDS = 40  # FORCE converges in a few dozen rounds; each is linear in the edges

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


def force_order(s: Structure, start: Sequence[int]) -> list[int]:
    """The nodes of ``start`` (a starting order), reordered by FORCE."""
    index = {node: i for i, node in enumerate(start)}
    edges = []
    for node in start:
        needs = [index[m] for m in s.requirements(node) if m in index]
        if needs:
            edges.append([index[node], *needs])
    return [start[i] for i in force_positions(len(start), edges)]


def force_positions(count: int, edges: Sequence[Sequence[int]]) -> list[int]:
    """Items ``0`` to ``count - 1``, in their order then, reordered by FORCE over the
    hyperedges ``edges`` (each a list of items)."""
    if not edges:
        return list(range(count))
    edge_of = np.repeat(np.arange(len(edges), dtype=np.int64), [len(e) for e in edges])
    member = np.fromiter((m for e in edges for m in e), dtype=np.int64, count=edge_of.size)
    incidence = (edge_of, member)
    position = np.arange(count, dtype=np.float64)
    best = _span(position, incidence, len(edges))
    for _ in range(MAX_ROUNDS):
        moved = _ranks(_moved(position, incidence, len(edges)), position)
        span = _span(moved, incidence, len(edges))
        if span >= best:
            break
        best, position = span, moved
    ranked: list[int] = np.argsort(position, kind="stable").tolist()
    return ranked


def _moved(position: Floats, incidence: tuple[Ints, Ints], edges: int) -> Floats:
    """Each node at the mean centre of gravity of its hyperedges (or where it was)."""
    edge_of, member = incidence
    size = np.bincount(edge_of, minlength=edges)
    centre = np.bincount(edge_of, weights=position[member], minlength=edges) / size
    degree = np.bincount(member, minlength=position.size)
    pulled = np.bincount(member, weights=centre[edge_of], minlength=position.size)
    moved: Floats = np.where(degree > 0, pulled / np.maximum(degree, 1), position)
    return moved


def _ranks(target: Floats, position: Floats) -> Floats:
    """Positions 0, 1, ... in the order of ``target`` (ties in their present order)."""
    ranks = np.empty(target.size, dtype=np.float64)
    ranks[np.lexsort((position, target))] = np.arange(target.size, dtype=np.float64)
    return ranks


def _span(position: Floats, incidence: tuple[Ints, Ints], edges: int) -> float:
    """The hyperedges' total span: the sum over them of last minus first position."""
    edge_of, member = incidence
    high = np.full(edges, -np.inf)
    low = np.full(edges, np.inf)
    np.maximum.at(high, edge_of, position[member])
    np.minimum.at(low, edge_of, position[member])
    return float((high - low).sum())
