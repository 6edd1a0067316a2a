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
