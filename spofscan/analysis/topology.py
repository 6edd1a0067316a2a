"""The shape of the dependency graph: articulation points, cycles, components no
entrypoint needs, unredundant chains.

These are structural views, reported beside the single points of failure, not instead
of them: a node can be an articulation point (a chokepoint of the drawing) and be
perfectly redundant.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.evaluation_order import evaluation_order, is_cyclic
from spofscan.analysis.reachability import reachable_from
from spofscan.model.architecture import Architecture
from spofscan.model.graph import relation_edges

MAX_CHAINS_PER_ENTRYPOINT = 20


IGRAPH_FROM = 3_000  # nodes of the relation graph from which igraph finds its points


def articulation_points(arch: Architecture) -> tuple[str, ...]:
    """Articulation points of the undirected graph of every relation (SPEC section 3),
    by Hopcroft and Tarjan's depth-first search: networkx's on a graph of fewer than
    ``IGRAPH_FROM`` nodes, igraph's (in C) on a larger one. On a file of 100,000
    components networkx took 1 to 4 s, most of it building its graph of names, where
    igraph takes 0.2 s on the numbered edges (:func:`relation_edges`, 0.4 s); importing
    igraph costs 60 ms, where networkx is loaded already (CUDD's binding needs it) and
    finds a small graph's points in milliseconds. The tests hold the two to one answer.

    >>> from spofscan.model.examples import tiny_architecture
    >>> articulation_points(tiny_architecture())
    ()
    """
    names, edges = relation_edges(arch)
    find = points_by_igraph if len(names) >= IGRAPH_FROM else points_by_networkx
    return tuple(sorted(names[i] for i in find(len(names), edges)))


def points_by_igraph(nodes: int, edges: list[tuple[int, int]]) -> list[int]:
    """The articulation points of the undirected graph of ``nodes`` nodes and ``edges``,
    by igraph."""
    import igraph  # only for a large graph: 60 ms to import

    found: list[int] = igraph.Graph(n=nodes, edges=edges).articulation_points()
    return found


def points_by_networkx(nodes: int, edges: list[tuple[int, int]]) -> list[int]:
    """The articulation points of the undirected graph of ``nodes`` nodes and ``edges``,
    by networkx."""
    graph: nx.Graph[int] = nx.Graph()
    graph.add_nodes_from(range(nodes))
    graph.add_edges_from(edges)
    return list(nx.articulation_points(graph))


def cycles(s: Structure) -> tuple[tuple[str, ...], ...]:
    """Each group of nodes that require one another in a loop, as sorted names."""
    return tuple(
        tuple(sorted(s.nodes[n] for n in component))
        for component in evaluation_order(s)
        if is_cyclic(s, component)
    )


def unreachable(s: Structure) -> tuple[str, ...]:
    """Components that no entrypoint needs, by any relation (hard, soft or placement).

    Placement is where instances run: a ``runs_on`` entry that no instance runs on (a
    list longer than ``replicas``) places nothing, and is no need.
    """
    needed = reachable_from(s.entrypoints, lambda node: (*s.requirements(node), *s.soft[node]))
    return tuple(sorted(s.nodes[n] for n in range(len(s.nodes)) if n not in needed))


def unredundant_chains(
    s: Structure, spof_nodes_of: Mapping[int, Iterable[int]]
) -> dict[str, tuple[tuple[str, ...], ...]]:
    """For each entrypoint, the maximal paths of consecutive single points of failure.

    ``spof_nodes_of[e]`` are the component nodes whose failure alone takes entrypoint
    ``e`` down. A chain follows direct requirements (hosts, dependencies) through those
    nodes, starting at the entrypoint itself or at a single point nothing above it leads
    to; at most ``MAX_CHAINS_PER_ENTRYPOINT`` chains each.
    """
    chains = {}
    for entry in s.entrypoints:
        keep = {entry, *spof_nodes_of.get(entry, ())}
        # One set of what the kept nodes lead to, and successors only where the walk
        # goes: the 785 entrypoints of a compose project of 10,000 services on one host
        # have 3.3 million SPOFs between them, and a networkx graph of each entrypoint's
        # took 10 s to build (a set of successors for each node, 9 s).
        led_to = {need for n in keep for need in s.requirements(n) if need in keep}
        starts = sorted(n for n in keep if n == entry or n not in led_to)
        paths: list[tuple[int, ...]] = []
        for start in starts:
            _walk(s, keep, [start], paths)
        named = [tuple(s.nodes[n] for n in p) for p in paths if len(p) > 1 or p[0] != entry]
        chains[s.nodes[entry]] = tuple(sorted(named)[:MAX_CHAINS_PER_ENTRYPOINT])
    return chains


def _walk(s: Structure, keep: set[int], start: list[int], out: list[tuple[int, ...]]) -> None:
    """The maximal simple paths from ``start`` along the requirements among ``keep``,
    depth first (a stack, not recursion: a chain may be thousands long)."""
    stack = [start]
    while stack and len(out) < MAX_CHAINS_PER_ENTRYPOINT * 4:
        path = stack.pop()
        ahead = {n for n in s.requirements(path[-1]) if n in keep}
        nexts = sorted(n for n in ahead if n not in path)
        if not nexts:
            out.append(tuple(path))
        stack.extend([*path, n] for n in reversed(nexts))
