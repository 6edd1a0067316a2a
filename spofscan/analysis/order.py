"""Evaluation order of nodes: requirements before dependents, cycles grouped.

>>> from spofscan.analysis.structure import compile_structure
>>> from spofscan.model.examples import tiny_architecture
>>> s = compile_structure(tiny_architecture())
>>> [[s.nodes[n] for n in comp] for comp in evaluation_order(s)]
[['vm'], ['db'], ['api']]
"""

from __future__ import annotations

import networkx as nx

from spofscan.analysis.structure import Structure


def requirement_graph(s: Structure) -> nx.DiGraph[int]:
    """Directed graph from each node to every node it requires (hosts, group members).

    Computed once per structure: treat it as read-only (copy it to change it).
    """
    if "requirements" not in s.cache:
        s.cache["requirements"] = _requirement_graph(s)
    graph: nx.DiGraph[int] = s.cache["requirements"]
    return graph


def _requirement_graph(s: Structure) -> nx.DiGraph[int]:
    graph: nx.DiGraph[int] = nx.DiGraph()
    graph.add_nodes_from(range(len(s.nodes)))
    graph.add_edges_from(
        (node, need) for node in range(len(s.nodes)) for need in s.requirements(node)
    )
    return graph


def evaluation_order(s: Structure) -> list[list[int]]:
    """Strongly connected components, each sorted, requirements first.

    A node's state depends only on the components before it and on its own component;
    a component of more than one node, or with a self-loop, is a cycle that needs a
    fixed-point iteration. Computed once per structure.
    """
    if "order" not in s.cache:
        s.cache["order"] = _evaluation_order(s)
    order: list[list[int]] = s.cache["order"]
    return order


def _evaluation_order(s: Structure) -> list[list[int]]:
    graph = requirement_graph(s)
    condensed = nx.condensation(graph)
    order = list(
        nx.lexicographical_topological_sort(
            condensed, key=lambda c: min(condensed.nodes[c]["members"])
        )
    )
    return [sorted(condensed.nodes[c]["members"]) for c in reversed(order)]


def is_cyclic(s: Structure, component: list[int]) -> bool:
    """Whether an evaluation component is a cycle (several nodes, or a self-loop)."""
    if len(component) > 1:
        return True
    node = component[0]  # a self-loop: hosted on itself, or a member of its own group
    return node in s.hosts[node] or any(node in group.members for group in s.groups[node])
