"""The one place the architecture becomes a networkx graph.

Nodes are component and journey names; an edge joins each one to every name in its
``depends_on`` (all forms), ``soft_depends_on`` and ``runs_on``, whatever the kind of
relation: the undirected graph of SPEC section 3, whose articulation points are the
structural chokepoints. (The analyses themselves work on the compiled structure of
:mod:`spofscan.analysis.compiled_structure`.)
"""

from __future__ import annotations

import networkx as nx

from spofscan.model.architecture import Architecture


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
