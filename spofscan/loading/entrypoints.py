"""Which components and journeys users reach: the entrypoints.

The declared ``entrypoints`` if the file gives them, else every component or journey
that nothing else names (in ``depends_on``, ``soft_depends_on`` or ``runs_on``), in file
order. Either way every journey is an entrypoint: journeys not already listed follow,
in file order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spofscan.errors import Problem
from spofscan.loading.references import named_by
from spofscan.loading.source_map import SourceMap


def entrypoints(document: dict[str, Any], smap: SourceMap) -> tuple[str, ...]:
    """The entrypoints of a schema-valid ``document``."""
    journeys = list(document.get("journeys", {}))
    declared = document.get("entrypoints")
    if declared is not None:
        chosen = list(declared)
    else:
        named = {
            other
            for section in ("components", "journeys")
            for name, body in document.get(section, {}).items()
            for other in named_by(body)
            if other != name
        }
        chosen = [name for name in _file_order(document, smap) if name not in named]
    return (*chosen, *(name for name in journeys if name not in chosen))


def _file_order(document: dict[str, Any], smap: SourceMap) -> list[str]:
    """Component and journey names in the order the file gives them."""
    places = [
        (section, name)
        for section in ("components", "journeys")
        for name in document.get(section, {})
    ]
    if smap.keys or smap.values:  # else a document a program made: its order is the file's
        places.sort(key=lambda place: smap.key_at(place))
    return [name for _, name in places]


def entrypoint_problems(
    document: dict[str, Any], smap: SourceMap, found: tuple[str, ...]
) -> Iterator[Problem]:
    """A file whose every component is named by another has no entrypoint (``found``:
    its :func:`entrypoints`): say so."""
    if found:
        return
    if "entrypoints" in document:
        where = smap.key_at(("entrypoints",))
        message = "no entrypoint: 'entrypoints' is empty and there are no journeys"
    else:
        where = smap.key_at(("components",))
        message = "no entrypoint: every component is named by another one (a dependency cycle?)"
    example = next(iter(document["components"]))
    yield Problem(where, message, f"list what users reach, e.g. 'entrypoints: [{example}]'")
