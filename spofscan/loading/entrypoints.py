"""Which components and journeys users reach: the entrypoints.

The declared ``entrypoints`` if the file gives them, else every component or journey
that nothing else names (in ``depends_on``, ``soft_depends_on`` or ``runs_on``), in file
order. Either way every journey is an entrypoint: journeys not already listed follow,
in file order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from spofscan.errors import Problem
from spofscan.loading.references import named_by
from spofscan.loading.source_map import SourceMap


def entrypoints(document: dict[str, Any], smap: SourceMap) -> tuple[str, ...]:
    """The entrypoints of a schema-valid ``document``."""
    declared = document.get("entrypoints")
    if declared is not None:
        return _with_journeys(document, list(declared))
    named = _named_counts(document)  # kept: the fixes of this file count from them
    return _with_journeys(document, [n for n in _file_order(document, smap) if not named[n]])


def changed_entrypoints(
    document: dict[str, Any],
    smap: SourceMap,
    base_document: Mapping[str, Any],
    changed: Collection[str],
) -> tuple[str, ...]:
    """:func:`entrypoints` of ``document``, which is the schema-valid ``base_document``
    with the component entries ``changed`` replaced or added and nothing else changed
    (a fix pasted in): the names each entry gives are counted once for the base
    document (the last one asked for is kept), and only the changed entries' are
    counted again. A fix of a file of 10,000 components otherwise reads every entry's
    names to find the entrypoints: three quarters of loading it."""
    if document.get("entrypoints") is not None:
        return entrypoints(document, smap)
    counts = _named_counts(base_document)
    before = base_document.get("components", {})
    after = document["components"]
    moved: Counter[str] = Counter()
    for name in changed:
        if name in before:
            moved.subtract(_given_by(name, before[name]))
        moved.update(_given_by(name, after[name]))
    order = _file_order(document, smap)
    return _with_journeys(document, [n for n in order if counts[n] + moved[n] <= 0])


def _with_journeys(document: Mapping[str, Any], chosen: list[str]) -> tuple[str, ...]:
    """The ``chosen`` entrypoints, then every journey not among them, in file order."""
    journeys = document.get("journeys", {})
    return (*chosen, *(name for name in journeys if name not in chosen))


def _names_given(document: Mapping[str, Any]) -> Iterator[str]:
    """Every name an entry of ``document`` gives another, once for each time it does."""
    for section in ("components", "journeys"):
        for name, body in document.get(section, {}).items():
            yield from _given_by(name, body)


def _given_by(name: str, body: dict[str, Any]) -> Iterator[str]:
    """The names the entry ``name`` gives, but its own."""
    return (other for other in named_by(body) if other != name)


def _named_counts(document: Mapping[str, Any]) -> Counter[str]:
    """How many times each name is given by another entry of ``document``
    (:func:`_names_given`), kept for the last document asked for: a check's fixes are
    all of the same file."""
    global _LAST_COUNTS
    last = _LAST_COUNTS  # read once: another thread may set it meanwhile
    if last is not None and last[0] is document:
        return last[1]
    counts = Counter(_names_given(document))
    _LAST_COUNTS = (document, counts)
    return counts


_LAST_COUNTS: tuple[Mapping[str, Any], Counter[str]] | None = None


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
