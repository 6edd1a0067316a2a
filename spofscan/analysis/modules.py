"""Modules of the failure structure: parts that share no variable with the rest.

A *module* is a node ``v`` whose requirements, followed down, are entered only through
``v``: no node outside that set needs a node inside it other than ``v``. Its function
then depends on variables that nothing else reads, so the diagram of the rest can hold
it as one variable whose probability is the module's availability, and the module is
compiled alone (:class:`spofscan.analysis.bdd.NodeBdds` with a :class:`Split`).

Shared infrastructure on top (a region under every stack) would make the whole system
one module. The series variables (:mod:`spofscan.analysis.series_events`) are fixed
true first, their probabilities multiplied back in; nodes whose every variable is then
true, and whose requirements are such nodes too, are constant and their edges drop, as
do those of nodes forced down: the stacks under a region fall apart into modules.

Detection is Dutuit and Rauzy's linear-time algorithm (1996): one depth-first search
from a virtual root over every entrypoint stamps each node at its first visit, at the
end of that visit, and at its last visit; ``v`` is a module when every node below it is
first visited after ``v`` and last visited before ``v``'s visit ends. Cycles are
grouped into their strongly connected components: only the first node visited of a
cycle can be a module, and the stamps below it count the whole cycle.

>>> from spofscan.analysis.compiled_structure import compile_structure
>>> from spofscan.model.examples import tiny_architecture
>>> s = compile_structure(tiny_architecture())
>>> split_structure(s).largest  # every variable is series: nothing is left to compile
0
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.evaluation_order import order_within, reach_order
from spofscan.analysis.series_events import SeriesVariables, series_variables, variable_keys

_TOP = -1  # the owner of the nodes in no module


@dataclass(frozen=True)
class Split:
    """How a structure is compiled in parts.

    ``series``: the variables fixed true and multiplied back in; ``nodes``: the nodes
    whose functions are compiled (the others are constant, or needed only by constant
    ones); ``roots``: the module roots; ``owned[r]``: the nodes module ``r`` compiles
    besides ``r`` (not those of the modules inside it); ``largest``: the variables of
    the largest part (the top or a module), against ``total``, all the variables.
    """

    series: SeriesVariables
    nodes: frozenset[int]
    roots: frozenset[int]
    owned: dict[int, tuple[int, ...]]
    largest: int
    total: int


def split_structure(
    s: Structure,
    forced_down: frozenset[int] = frozenset(),
    series: SeriesVariables | None = None,
    *,
    modules: bool = True,
) -> Split:
    """The series variables and modules of ``s`` with ``forced_down`` nodes down;
    ``series``: the variables to fix true, when not :func:`series_variables`'s (the
    system's alone: :mod:`spofscan.analysis.entrypoints_apart`); without ``modules``,
    the series variables only (one part, the top)."""
    if series is None:
        series = series_variables(s)
    # The nodes the entrypoints need, requirements first: nothing else can be in a part
    # (an entrypoint compiled alone needs a few hundred of the 4,000 nodes of a chain)
    order = order_within(s, set(reach_order(s)))
    constant = _constant_nodes(s, order, series.keys, forced_down)
    graph = _Graph(s, order, constant)
    # leaves stay inline
    roots = {r for r in graph.module_roots() if graph.needs(r)} if modules else set()
    owner = graph.owners(roots)
    owned_count: dict[int, int] = dict.fromkeys(roots, 0)
    for node, o in owner.items():
        if o != node and o != _TOP:
            owned_count[o] += 1
    kept = {r for r, count in owned_count.items() if count}  # so do roots of roots only
    if kept != roots:  # else the owners are those found
        roots, owner = kept, graph.owners(kept)
    owned: dict[int, list[int]] = {r: [] for r in roots}
    sizes: dict[int, int] = {}
    counts = [len(s.instance_events[n]) + len(s.node_events[n]) for n in range(len(s.nodes))]
    total = sum(counts)
    for node, _ in series.keys:  # a node's variables are keyed by the node itself
        counts[node] -= 1
    for node in sorted(owner):
        o = owner[node]
        if o != node and o != _TOP:
            owned[o].append(node)
        sizes[o] = sizes.get(o, 0) + counts[node]
    return Split(
        series,
        frozenset(owner),
        frozenset(roots),
        {r: tuple(nodes) for r, nodes in owned.items()},
        max(sizes.values(), default=0),
        total,
    )


def _constant_nodes(
    s: Structure,
    order: list[list[int]],
    series: frozenset[tuple[int, int]],
    forced: frozenset[int],
) -> set[int]:
    """Nodes down by evidence, and nodes of ``order`` certainly up once the series
    variables are true (cycles are left out: a sound, simple rule)."""
    up: set[int] = set()
    for component in order:
        if len(component) > 1:
            continue
        node = component[0]
        if node in forced or any(k not in series for k in variable_keys(s, node)):
            continue
        if any(h >= 0 and h not in up for h in s.hosts[node]):
            continue
        if all(sum(m in up for m in g.members) >= g.k for g in s.groups[node]):
            up.add(node)
    return up | set(forced)


class _Graph:
    """The requirement graph without constant nodes, under a virtual root that needs
    every entrypoint, with Dutuit and Rauzy's visit stamps (taken when its modules are
    asked for); ``order``: the nodes the entrypoints need, in evaluation order."""

    def __init__(self, s: Structure, order: list[list[int]], constant: set[int]) -> None:
        self.s = s
        self.order = order
        self.constant = constant

    def needs(self, node: int) -> list[int]:
        """The requirements of ``node`` (of the virtual root: the entrypoints) that are
        not constant."""
        found = self.s.entrypoints if node == _TOP else self.s.requirements(node)
        return [m for m in found if m not in self.constant]

    @cached_property
    def _stamps(self) -> tuple[list[int], list[int], list[int]]:
        """By node: the clock at its first visit (0: never visited), at its last visit,
        and at the end of its first visit; taken once, when the modules are asked for."""
        size = len(self.s.nodes)
        first, last, done = [0] * size, [0] * size, [0] * size
        clock = 0
        stack = [(_TOP, iter(self.needs(_TOP)))]
        while stack:
            node, needs = stack[-1]
            for need in needs:
                clock += 1
                last[need] = clock
                if not first[need]:
                    first[need] = clock
                    stack.append((need, iter(self.needs(need))))
                    break
            else:
                stack.pop()
                clock += 1
                if node != _TOP:
                    done[node] = clock
        return first, last, done

    def module_roots(self) -> set[int]:
        """Every node that roots a module, by the stamps (module doc). Each component
        is read requirements first, and carries the earliest first visit and the latest
        last visit below it, its own included; by node, in lists (a pass over 100,000
        nodes of dictionaries took a second)."""
        first, last, done = self._stamps
        requirements = self.s.requirements
        lowest = [math.inf] * len(first)  # by node: its component's, once read
        highest = [-math.inf] * len(first)
        roots: set[int] = set()
        for component in self.order:
            if len(component) > 1:
                self._cycle_roots(component, (lowest, highest), roots)
                continue
            node = component[0]
            low, high = math.inf, -math.inf
            for need in requirements(node):  # itself, on a self-loop: not read yet
                if lowest[need] < low:
                    low = lowest[need]
                if highest[need] > high:
                    high = highest[need]
            visited = first[node]
            if visited:
                if low > visited and high < done[node]:
                    roots.add(node)
                low = min(low, visited)
                high = max(high, last[node])
            lowest[node], highest[node] = low, high
        return roots

    def _cycle_roots(
        self, component: list[int], below: tuple[list[float], list[float]], roots: set[int]
    ) -> None:
        """:meth:`module_roots` for a cycle (only its first node visited can root one),
        ``below``: its lists of the earliest and latest visits below each node."""
        first, last, done = self._stamps
        lowest, highest = below
        inside = set(component)
        low, high = math.inf, -math.inf
        for node in component:
            for need in self.s.requirements(node):
                if need not in inside:
                    low, high = min(low, lowest[need]), max(high, highest[need])
        members = [n for n in component if first[n]]
        if members:
            entry = min(members, key=first.__getitem__)
            rest = [n for n in members if n != entry]
            earliest = min([low, *(first[n] for n in rest)])
            latest = max([high, *(last[n] for n in rest)])
            if earliest > first[entry] and latest < done[entry]:
                roots.add(entry)
            low = min(low, first[entry])
            high = max([high, *(last[n] for n in members)])
        for node in component:
            lowest[node], highest[node] = low, high

    def owners(self, roots: set[int]) -> dict[int, int]:
        """For each node visited, the innermost module root whose part it is (itself for
        a root, ``_TOP`` for the nodes of no module)."""
        owner: dict[int, int] = {}
        stack = [(_TOP, _TOP)]
        while stack:
            node, inherited = stack.pop()
            for need in self.needs(node):
                if need not in owner:
                    owner[need] = need if need in roots else inherited
                    stack.append((need, owner[need]))
        return owner
