"""What a set of roots reaches by following a relation: the entrypoints' needs, for
instance, through hosts and dependencies.

The relation is the caller's (the compiled requirements of a structure, or the names an
architecture lists); the walk is this one, depth first without recursion, in time
proportional to the nodes and edges reached.

>>> needs = {"web": ["api"], "api": ["db", "cache"], "cache": ["db"], "db": [], "batch": ["db"]}
>>> sorted(reachable_from(["web"], needs.__getitem__))
['api', 'cache', 'db', 'web']
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from spofscan.model.architecture import Architecture

Node = TypeVar("Node", bound=Hashable)


def reachable_from(
    roots: Iterable[Node], successors: Callable[[Node], Iterable[Node]]
) -> set[Node]:
    """``roots`` and every node reachable from them through ``successors``."""
    reached = set(roots)
    stack = list(reached)
    while stack:
        node = stack.pop()
        for other in successors(node):
            if other not in reached:
                reached.add(other)
                stack.append(other)
    return reached


def needs_of(arch: Architecture, name: str) -> tuple[str, ...]:
    """What ``name`` cannot be up without (some of), by name: its dependencies' members,
    the hosts its instances run on, and what its failover needs."""
    members = [m for group in arch.dependencies_of(name) for m in group.members]
    comp = arch.components.get(name)
    if comp is None:
        return tuple(members)
    takeover = comp.failover.needs if comp.failover is not None else ()
    return (*members, *comp.hosts, *takeover)


def needed_by(arch: Architecture, roots: Iterable[str], *, soft: bool = False) -> set[str]:
    """``roots`` and every name they need, transitively (soft needs too if ``soft``): by
    names, what :func:`spofscan.analysis.topology.unreachable` calls needed. A ``runs_on``
    entry no instance runs on is no need."""

    def needs(name: str) -> tuple[str, ...]:
        comp = arch.components.get(name)
        return (*needs_of(arch, name), *(comp.soft_depends_on if soft and comp else ()))

    return reachable_from(roots, needs)
