"""Read names and free text as written, even where YAML 1.1 sees a bool or a number.

YAML reads a plain ``no``, ``on`` or ``2024`` as false, true or an integer. Where the
format wants text (names, ``restart``, descriptions, tags, reasons), the loader puts the
text written back, so ``restart: no`` means the policy ``no`` and ``depends_on: [on]``
names the component ``on``.
"""

from __future__ import annotations

from typing import Any

from spofscan.loading.source_map import Path, SourceMap

_ANY = None
_MISSING = object()
_Pattern = tuple[str | None, ...]
_DEPENDENCIES: list[_Pattern] = [
    ("depends_on", _ANY),
    ("depends_on", _ANY, "any_of", _ANY),
    ("depends_on", _ANY, "of", _ANY),
]
_COMPONENT_FIELDS: list[_Pattern] = [
    ("description",),
    ("owner",),
    ("restart",),
    ("tags", _ANY),
    ("runs_on",),
    ("runs_on", _ANY),
    ("soft_depends_on", _ANY),
    *_DEPENDENCIES,
]
TEXT_PATTERNS: tuple[_Pattern, ...] = (
    ("name",),
    ("description",),
    ("entrypoints", _ANY),
    ("accepted_risks", _ANY, "component"),
    ("accepted_risks", _ANY, "reason"),
    *(("components", _ANY, *pattern) for pattern in _COMPONENT_FIELDS),
    *(("journeys", _ANY, *pattern) for pattern in [("description",), *_DEPENDENCIES]),
)


def _by_ending(patterns: tuple[_Pattern, ...]) -> dict[tuple[int, str | None], list[_Pattern]]:
    """Patterns by length and last item, so that most paths are dismissed at once."""
    index: dict[tuple[int, str | None], list[_Pattern]] = {}
    for pattern in patterns:
        index.setdefault((len(pattern), pattern[-1]), []).append(pattern)
    return index


_INDEX = _by_ending(TEXT_PATTERNS)


def restore_texts(document: Any, smap: SourceMap) -> None:
    """Replace, in place, non-string scalars at text places by the text written."""
    for path, text in smap.texts.items():
        last = path[-1] if path and isinstance(path[-1], str) else _ANY
        candidates = _INDEX.get((len(path), last), ())
        if text and any(_matches(path, pattern) for pattern in candidates):
            _replace(document, path, text)


def _matches(path: Path, pattern: _Pattern) -> bool:
    if len(path) != len(pattern):
        return False
    return all(want is _ANY or want == item for item, want in zip(path, pattern, strict=True))


def _replace(document: Any, path: Path, text: str) -> None:
    """Set the scalar at ``path`` to ``text``, if the path still leads to a scalar."""
    parent = document
    for item in path[:-1]:
        parent = _child(parent, item)
    current = _child(parent, path[-1])
    if current is not _MISSING and not isinstance(current, str | dict | list):
        parent[path[-1]] = text


def _child(container: Any, item: str | int) -> Any:
    if isinstance(container, dict) and isinstance(item, str):
        return container.get(item, _MISSING)
    if isinstance(container, list) and isinstance(item, int) and item < len(container):
        return container[item]
    return _MISSING
