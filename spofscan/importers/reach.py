"""What no entrypoint reaches: components no finding can be about.

>>> from spofscan.importers.imported import Edge, ImportedComponent
>>> web = ImportedComponent("web", depends_on=(Edge("db", ("depends_on",)),), runs_on=("h",))
>>> parts = [web, ImportedComponent("db"), ImportedComponent("worker"), ImportedComponent("h")]
>>> unreached(parts, ["web"])
['worker']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spofscan.importers.imported import ImportedComponent


def unreached(components: Sequence[ImportedComponent], entrypoints: Iterable[str]) -> list[str]:
    """The components that no chain of dependencies or placements joins to an
    entrypoint, sorted."""
    by_name = {c.name: c for c in components}
    seen: set[str] = set()
    todo = [name for name in entrypoints if name in by_name]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        component = by_name[name]
        todo += [m for e in component.depends_on for m in e.members if m in by_name]
        todo += [host for host in component.runs_on if host in by_name]
    return sorted(by_name.keys() - seen)
