"""The one place the architecture becomes a graph.

Nodes are component and journey names; an edge joins each one to every name in its
``depends_on`` (all forms), ``soft_depends_on`` and ``runs_on``, whatever the kind of
relation: the undirected graph of SPEC section 3, whose articulation points are the
structural chokepoints. :func:`relation_edges` gives it as numbered edges (what
:func:`spofscan.analysis.topology.articulation_points` hands to igraph),
:func:`relation_graph` as a networkx graph. (The analyses themselves work on the
compiled structure of :mod:`spofscan.analysis.compiled_structure`.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spofscan.model.architecture import Architecture

if TYPE_CHECKING:
    import networkx as nx


def relation_edges(arch: Architecture) -> tuple[tuple[str, ...], list[tuple[int, int]]]:
    """The names of the relation graph's nodes, and its edges as pairs of their
    positions in that list: each component and journey joined to every name in its
    ``depends_on`` (all forms), ``soft_depends_on`` and ``runs_on``, never to itself. A
    pair may appear twice (a name both needed and run on); the graph is the same.

    >>> from spofscan.model.examples import tiny_architecture
    >>> names, edges = relation_edges(tiny_architecture())
    >>> sorted(sorted((names[a], names[b])) for a, b in set(edges))
    [['api', 'db'], ['api', 'vm'], ['db', 'vm']]
    """
    names = arch.node_names()
    index = {name: i for i, name in enumerate(names)}
    edges = [
        (index[name], index[member])
        for name in names
        for group in arch.dependencies_of(name)
        for member in group.members
        if member != name
    ]
    edges.extend(
        (index[name], index[other])
        for name, comp in arch.components.items()
        for other in (*comp.soft_depends_on, *comp.runs_on)
        if other != name
    )
    return names, edges


def relation_graph(arch: Architecture) -> nx.Graph[str]:
    """The relation graph (:func:`relation_edges`) as an undirected networkx graph.

    >>> from spofscan.model.examples import tiny_architecture
    >>> sorted(sorted(edge) for edge in relation_graph(tiny_architecture()).edges())
    [['api', 'db'], ['api', 'vm'], ['db', 'vm']]
    """
    import networkx as nx  # only callers of this one need networkx

    names, edges = relation_edges(arch)
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(names)
    graph.add_edges_from((names[a], names[b]) for a, b in edges)
    return graph
