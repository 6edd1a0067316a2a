"""The one place the architecture becomes a networkx graph.

Nodes are component and journey names; each edge points from a dependent to what it
needs and carries its ``kind``: ``depends_on`` (a plain name), ``any_of``, ``at_least``,
``soft`` or ``runs_on``. Two nodes may be joined by several kinds, hence a multigraph
keyed by kind.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from spofscan.model.architecture import Architecture

EDGE_KINDS: tuple[str, ...] = ("depends_on", "any_of", "at_least", "soft", "runs_on")
_GROUP_EDGE = {"all": "depends_on", "any": "any_of", "at_least": "at_least"}


def dependency_graph(arch: Architecture) -> nx.MultiDiGraph[str]:
    """Build the typed dependency graph of ``arch``.

    >>> from spofscan.model.examples import tiny_architecture
    >>> g = dependency_graph(tiny_architecture())
    >>> sorted((u, v, k) for u, v, k in g.edges(keys=True))
    [('api', 'db', 'depends_on'), ('api', 'vm', 'runs_on'), ('db', 'vm', 'runs_on')]
    """
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(name=arch.name)
    names = arch.node_names()
    graph.add_nodes_from((name, {"kind": arch.kind_of(name)}) for name in names)
    # (u, v, key, data): networkx's multigraph edge form, which its stubs do not list.
    edges: list[Any] = [
        (name, member, _GROUP_EDGE[group.kind], {"k": group.k})
        for name in names
        for group in arch.dependencies_of(name)
        for member in group.members
    ]
    edges += [
        (name, other, key, {})
        for name, comp in arch.components.items()
        for key, others in (("soft", comp.soft_depends_on), ("runs_on", comp.runs_on))
        for other in dict.fromkeys(others)
    ]
    graph.add_edges_from(edges)
    return graph


def relation_graph(arch: Architecture) -> nx.Graph[str]:
    """The undirected graph joining each component and journey to every name in its
    ``depends_on`` (all forms), ``soft_depends_on`` and ``runs_on``: the graph whose
    articulation points SPEC section 3 reports.

    >>> from spofscan.model.examples import tiny_architecture
    >>> sorted(sorted(edge) for edge in relation_graph(tiny_architecture()).edges())
    [['api', 'db'], ['api', 'vm'], ['db', 'vm']]
    """
    graph: nx.Graph[str] = nx.Graph()
    names = arch.node_names()
    graph.add_nodes_from(names)
    graph.add_edges_from(
        (name, member)
        for name in names
        for group in arch.dependencies_of(name)
        for member in group.members
        if member != name
    )
    graph.add_edges_from(
        (name, other)
        for name, comp in arch.components.items()
        for other in (*comp.soft_depends_on, *comp.runs_on)
        if other != name
    )
    return graph
