"""Every place a component or journey names another: the file's cross-references.

Used by the semantic checks (is each name known? allowed there?) and to find the
default entrypoints (the names nothing refers to).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from spofscan.loading.source_map import Path


class Reference(NamedTuple):
    """``owner`` (``("components", "api")``) names ``name`` in ``field`` at ``path``."""

    owner: Path
    field: str
    name: str
    path: Path


def references(document: dict[str, Any]) -> Iterator[Reference]:
    """Every name given in depends_on, soft_depends_on and runs_on, in file order."""
    for section in ("components", "journeys"):
        for name, body in document.get(section, {}).items():
            yield from references_of((section, name), body)


def named_by(body: dict[str, Any]) -> Iterator[str]:
    """The names one component or journey gives, as :func:`references` would, without
    building their paths: for the checks that look at every name of a large file."""
    for entry in body.get("depends_on", ()):
        if isinstance(entry, str):
            yield entry
        else:
            yield from entry["any_of"] if "any_of" in entry else entry["of"]
    yield from body.get("soft_depends_on", ())
    runs_on = body.get("runs_on", ())
    if isinstance(runs_on, str):
        yield runs_on
    else:
        yield from runs_on
    failover = body.get("failover")
    if isinstance(failover, dict):
        yield from failover.get("needs", ())


def references_of(owner: Path, body: dict[str, Any]) -> Iterator[Reference]:
    """Every name that the component or journey at ``owner`` gives, in file order."""
    for index, entry in enumerate(body.get("depends_on", [])):
        yield from dependency_names(owner, (*owner, "depends_on", index), entry)
    for index, name in enumerate(body.get("soft_depends_on", [])):
        yield Reference(owner, "soft_depends_on", name, (*owner, "soft_depends_on", index))
    runs_on = body.get("runs_on", [])
    if isinstance(runs_on, str):
        yield Reference(owner, "runs_on", runs_on, (*owner, "runs_on"))
    else:
        for index, name in enumerate(runs_on):
            yield Reference(owner, "runs_on", name, (*owner, "runs_on", index))
    failover = body.get("failover")
    if isinstance(failover, dict):
        for index, name in enumerate(failover.get("needs", ())):
            yield Reference(owner, "failover", name, (*owner, "failover", "needs", index))


def dependency_names(owner: Path, path: Path, entry: str | dict[str, Any]) -> Iterator[Reference]:
    """The names of one depends_on entry: a plain name, or a group's members."""
    if isinstance(entry, str):
        yield Reference(owner, "depends_on", entry, path)
        return
    key = "any_of" if "any_of" in entry else "of"
    for index, name in enumerate(entry[key]):
        yield Reference(owner, "depends_on", name, (*path, key, index))
