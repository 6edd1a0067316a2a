"""Evaluation order of nodes: requirements before dependents, cycles grouped.

>>> from spofscan.analysis.compiled_structure import compile_structure
>>> from spofscan.model.examples import tiny_architecture
>>> s = compile_structure(tiny_architecture())
>>> [[s.nodes[n] for n in comp] for comp in evaluation_order(s)]
[['vm'], ['db'], ['api']]
"""

from __future__ import annotations

import heapq
from collections.abc import Collection

from spofscan.analysis.compiled_structure import Structure


def evaluation_order(s: Structure) -> list[list[int]]:
    """Strongly connected components, each sorted, requirements first.

    A node's state depends only on the components before it and on its own component;
    a component of more than one node, or with a self-loop, is a cycle that needs a
    fixed-point iteration. Computed once per structure.
    """
    order = s.cache.evaluation_order
    if order is None:
        order = _evaluation_order(s)
        s.cache.evaluation_order = order
    return order


def order_within(s: Structure, nodes: Collection[int]) -> list[list[int]]:
    """:func:`evaluation_order` of the ``nodes`` alone (a set, for speed), reading only
    the requirements among them: the order to evaluate them in when the states of
    everything else they need are known. ``nodes`` must hold every cycle whole.

    Of most of the nodes, the whole order (kept per structure) with the others left
    out: as good an order (requirements first, the same cycles), at the cost of a
    filter (0.09 s at 10,000 nodes to order them again)."""
    if 2 * len(nodes) >= len(s.nodes):
        return [component for component in evaluation_order(s) if component[0] in nodes]
    return _evaluation_order(s, nodes)


def _evaluation_order(s: Structure, nodes: Collection[int] | None = None) -> list[list[int]]:
    """Tarjan's strongly connected components, then the components in reverse of the
    topological order that takes, among those ready, the one with the smallest node
    first (Kahn's algorithm with a heap): a fixed order for a fixed structure. With
    ``nodes``, of those alone."""
    component_of, components = _strongly_connected(s, nodes)
    needs: list[set[int]] = [set() for _ in components]
    for node in range(len(s.nodes)) if nodes is None else sorted(nodes):
        for need in _needs(s, node, nodes):
            if component_of[need] != component_of[node]:
                needs[component_of[node]].add(component_of[need])
    needed_by = [0] * len(components)
    for wanted in needs:
        for c in wanted:
            needed_by[c] += 1
    ready = [(components[c][0], c) for c, count in enumerate(needed_by) if not count]
    heapq.heapify(ready)
    order = []
    while ready:
        _, c = heapq.heappop(ready)
        order.append(components[c])
        for need in needs[c]:
            needed_by[need] -= 1
            if not needed_by[need]:
                heapq.heappush(ready, (components[need][0], need))
    return order[::-1]


def _needs(s: Structure, node: int, nodes: Collection[int] | None) -> tuple[int, ...]:
    needs = s.requirements(node)
    return needs if nodes is None else tuple(n for n in needs if n in nodes)


def _strongly_connected(
    s: Structure, nodes: Collection[int] | None = None
) -> tuple[list[int], list[list[int]]]:
    """Tarjan's algorithm over the requirement edges (among ``nodes``, when given),
    without recursion: each node's component, and the components' sorted members."""
    count = len(s.nodes)
    index, low, component_of = [-1] * count, [0] * count, [-1] * count
    on_stack = [False] * count
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in range(count) if nodes is None else sorted(nodes):
        if index[root] >= 0:
            continue
        work = [(root, iter(_needs(s, root, nodes)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            node, needs = work[-1]
            for need in needs:
                if index[need] < 0:
                    index[need] = low[need] = counter
                    counter += 1
                    stack.append(need)
                    on_stack[need] = True
                    work.append((need, iter(_needs(s, need, nodes))))
                    break
                if on_stack[need]:
                    low[node] = min(low[node], index[need])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    members = []
                    while True:
                        member = stack.pop()
                        on_stack[member] = False
                        component_of[member] = len(components)
                        members.append(member)
                        if member == node:
                            break
                    components.append(sorted(members))
    return component_of, components


def is_cyclic(s: Structure, component: list[int]) -> bool:
    """Whether an evaluation component is a cycle (several nodes, or a self-loop)."""
    if len(component) > 1:
        return True
    node = component[0]  # a self-loop: hosted on itself, or a member of its own group
    return node in s.hosts[node] or any(node in group.members for group in s.groups[node])
