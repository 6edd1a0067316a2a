"""A changed file's structure from its original's: only the changed components compiled.

A fix replaces a few component entries of a file and adds a few: every other component
of the fixed file is the original's very object (the loader keeps it, see
:func:`spofscan.loading.load.load_changed_document`), and its node compiles to the
same row, but for the indices in it. Nodes are indexed in name order and events in
node order, so a new name shifts the indices of the nodes after it and a changed number
of events shifts those of the events after it: such a row is renumbered, not compiled
again. At 10,000 components a fixed file's structure took 0.16 s compiled whole, most
of each measured fix of a Monte Carlo estimate.

>>> from dataclasses import replace
>>> from spofscan.model.examples import tiny_architecture
>>> from spofscan.analysis.compiled_structure import compile_structure
>>> before = tiny_architecture()
>>> after = replace(before, components={**before.components,
...     "db": replace(before.components["db"], replicas=2)})
>>> changed_structure(compile_structure(before), before, after) == compile_structure(after)
True
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from spofscan.analysis.compiled_structure import (
    Columns,
    Group,
    NodeRow,
    Structure,
    compile_node,
    compile_structure,
    requirements_of,
)
from spofscan.model.architecture import Architecture


def edited_nodes(before: Architecture, after: Architecture) -> frozenset[str]:
    """The nodes of ``after`` that ``before`` defines otherwise or not at all: its
    components that are not ``before``'s very objects (a fixed file loaded from its
    original keeps the original's components where the fix did not touch them), and
    its journeys that differ."""
    components = {n for n, c in after.components.items() if before.components.get(n) is not c}
    journeys = {n for n, j in after.journeys.items() if before.journeys.get(n) != j}
    return frozenset(components | journeys)


def changed_structure(base: Structure, before: Architecture, after: Architecture) -> Structure:
    """``compile_structure(after)``, where ``base`` is ``before``'s structure: the nodes
    ``after`` defines as ``before`` does (:func:`edited_nodes`) are taken from ``base``,
    renumbered, with their requirements (the table every analysis of a fix walks first).
    When ``after`` lacks a node of ``before`` it is compiled whole."""
    if not (
        before.components.keys() <= after.components.keys()
        and before.journeys.keys() <= after.journeys.keys()
    ):
        return compile_structure(after)
    edited = edited_nodes(before, after)
    new = [name for name in edited if name not in base.index]
    nodes = tuple(sorted([*base.nodes, *new])) if new else base.nodes
    index = {name: i for i, name in enumerate(nodes)} if new else base.index
    moved = [index[name] for name in base.nodes] if new else []
    rows = _Rows(base, moved, bisect_left(base.nodes, min(new)) if new else len(base.nodes))
    done = 0  # the nodes of ``nodes`` before this one have their rows
    for spot in sorted(index[name] for name in edited):
        if spot > done:
            rows.renumbered(base.index[nodes[done]], spot - done)
        rows.add(compile_node(after, nodes[spot], index, rows.events), spot)
        done = spot + 1
    if done < len(nodes):
        rows.renumbered(base.index[nodes[done]], len(nodes) - done)
    s = rows.structure(after, nodes, index)
    s.cache.requirements = rows.requirements  # what the analyses of a fix walk first
    if base.cache.evaluation_order is not None:  # and the order to walk it in, if asked
        s.cache.changed_from = (base, moved, frozenset(index[n] for n in edited))
    return s


class _Rows(Columns):
    """A changed file's columns as its nodes' rows come in order, with their
    requirements: runs of ``base``'s rows, every node index ``i`` in them now
    ``moved[i]`` (the same below ``first``) and their events numbered on from the rows
    before, or rows compiled afresh."""

    def __init__(self, base: Structure, moved: list[int], first: int) -> None:
        super().__init__()
        self.base, self.first = base, first
        self.node = [*moved, -1].__getitem__  # -1 (no host) stays -1
        self.requirements: list[tuple[int, ...]] = []  # each node's, as Structure has them

    def add(self, row: NodeRow, node: int) -> None:
        super().add(row, node)
        self.requirements.append(requirements_of(row.hosts, row.groups, row.failover_needs))

    def renumbered(self, start: int, count: int) -> None:
        """The rows of ``base``'s nodes ``start`` to ``start + count - 1``."""
        base, stop = self.base, start + count
        low = bisect_left(base.event_node, start)
        high = bisect_left(base.event_node, stop, lo=low)
        shift = len(self.events) - low
        self.events.extend(base.events[low:high])
        self.event_node.extend(
            map(self.node, base.event_node[low:high]) if self.moves else base.event_node[low:high]
        )
        self.min_healthy.extend(base.min_healthy[start:stop])
        if shift:  # a row without -1 (no event) moves whole, in C
            add = shift.__add__
            self.instance_events.extend(
                [
                    tuple(map(add, row)) if -1 not in row else _shifted(row, shift)
                    for row in base.instance_events[start:stop]
                ]
            )
            self.node_events.extend(
                [tuple(map(add, row)) if row else row for row in base.node_events[start:stop]]
            )
        else:
            self.instance_events.extend(base.instance_events[start:stop])
            self.node_events.extend(base.node_events[start:stop])
        needs = base.requirements
        if not self.moves:
            self.requirements.extend(map(needs, range(start, stop)))
            self.hosts.extend(base.hosts[start:stop])
            self.groups.extend(base.groups[start:stop])
            self.failover_needs.extend(base.failover_needs[start:stop])
            self.soft.extend(base.soft[start:stop])
            return
        first, node = self.first, self.node
        rows = range(start, stop)
        need = list(map(needs, rows))
        # whether each row names a node that moved (requirements are in order)
        moved = [bool(n) and n[-1] >= first for n in need]
        self.requirements.extend(
            [tuple(map(node, n)) if m else n for n, m in zip(need, moved, strict=True)]
        )
        for column, found in ((base.hosts, self.hosts), (base.failover_needs, self.failover_needs)):
            rows_of = column[start:stop]
            found.extend(
                [tuple(map(node, r)) if m else r for r, m in zip(rows_of, moved, strict=True)]
            )
        self.groups.extend(
            [
                tuple(_renumbered(g, node, first) for g in r) if m and r else r
                for r, m in zip(base.groups[start:stop], moved, strict=True)
            ]
        )
        self.soft.extend(
            [tuple(map(node, r)) if r and max(r) >= first else r for r in base.soft[start:stop]]
        )

    @property
    def moves(self) -> bool:
        """Whether some node of ``base`` has another index now."""
        return self.first < len(self.base.nodes)


def _shifted(row: tuple[int, ...], shift: int) -> tuple[int, ...]:
    """Event ids moved by ``shift`` (-1, no event, stays)."""
    return tuple(e + shift if e >= 0 else -1 for e in row)


def _renumbered(group: Group, node: Callable[[int], int], first: int) -> Group:
    """``group`` with its members renumbered by ``node``; itself when none moved (all
    below ``first``)."""
    if not group.members or max(group.members) < first:
        return group
    return Group(group.k, tuple(map(node, group.members)))
