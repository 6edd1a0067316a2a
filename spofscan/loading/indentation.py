"""Keys of a component or journey written at the level of names: indented too little.

::

    components:
      api:
      kind: service

makes ``kind`` a component whose value is a string, and ``api`` a component with no
value. Both are type errors; the hints here say what probably happened instead. A name
counts as a misplaced key when it is one of the item's own keys (``kind``, ``replicas``,
``depends_on``, ...) and holds no mapping: a component may well be *named* ``owner``.
A document that no text was parsed from (a program made it) gets no such hint.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from spofscan.loading.source_map import Path, SourceMap
from spofscan.loading.wording import article


def indentation_hint(path: Path, value: Any, schema: dict[str, Any], smap: SourceMap) -> str | None:
    """A hint for the item at ``path`` (``("components", name)``), whose value is not the
    mapping ``schema`` describes, when it looks like an indentation mistake; else None."""
    keys, title = schema.get("properties", {}), str(schema.get("title", "item"))
    if len(path) != 2 or not isinstance(path[1], str) or not keys or isinstance(value, dict):
        return None
    if not smap.keys:  # a document without text has no indentation to get wrong
        return None
    if path[1] in keys:
        owner = _owner(path, keys, smap)
        under = f"'{owner[-1]}'" if owner is not None else f"the {title} it belongs to"
        a_title = f"{article(title)} {title}"
        return f"'{path[1]}' is a key of {a_title}, not {a_title}: indent it under {under}"
    following = smap.key_beside(path, 1)
    if value is None and following is not None and _misplaced(following, keys, smap):
        line = smap.key_at(following).line
        return (
            f"indent its keys under it: '{following[-1]}' on line {line} "
            f"is at the level of {title} names"
        )
    return None


def _owner(path: Path, keys: Collection[str], smap: SourceMap) -> Path | None:
    """The item written above the misplaced key at ``path``, past other misplaced keys."""
    above = smap.key_beside(path, -1)
    while above is not None and _misplaced(above, keys, smap):
        above = smap.key_beside(above, -1)
    return above


def _misplaced(path: Path, keys: Collection[str], smap: SourceMap) -> bool:
    return path[-1] in keys and not smap.has_keys(path)
