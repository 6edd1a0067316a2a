"""Indented JSON text, byte for byte as ``json.dumps(value, indent=2)`` writes it, fast.

With ``indent``, the standard library encodes in Python, a call per value: the JSON
report of 100,000 components (13 million values) took 5.8 s. Without it, its C encoder
does the work. Most of a report is lists of flat mappings (findings, components), and
a container that holds no container is written by the C encoder with the separator
``",\\n"`` plus the indentation of its items: only its brackets' lines are added here.
Containers that hold containers are walked here, one step per item.

>>> print(indented({"a": [1, 2], "b": {}, "c": {"d": None}}))
{
  "a": [
    1,
    2
  ],
  "b": {},
  "c": {
    "d": null
  }
}
"""

from __future__ import annotations

import functools
import json
from typing import Any

INDENT = "  "
_SCALAR = json.JSONEncoder()


def indented(value: Any) -> str:
    """``json.dumps(value, indent=2)``."""
    parts: list[str] = []
    _write(value, 0, parts)
    return "".join(parts)


@functools.cache
def _flat(depth: int) -> json.JSONEncoder:
    """The C encoder for a container of scalars at ``depth``: its items each on a line
    of their own, indented one step further (its brackets are written without their
    line breaks)."""
    return json.JSONEncoder(separators=(",\n" + INDENT * (depth + 1), ": "))


def _write(value: Any, depth: int, parts: list[str]) -> None:
    if isinstance(value, dict):
        items: Any = value.values()
        opening, closing = "{", "}"
    elif isinstance(value, list | tuple):
        items = value
        opening, closing = "[", "]"
    else:
        parts.append(_SCALAR.encode(value))
        return
    if not value:
        parts.append(opening + closing)
        return
    inner, outer = "\n" + INDENT * (depth + 1), "\n" + INDENT * depth
    if not any(isinstance(item, dict | list | tuple) for item in items):
        text = _flat(depth).encode(value)
        parts.append(opening + inner + text[1:-1] + outer + closing)
        return
    if opening == "[" and _rows(value):
        parts.append(_table(value, depth))
        return
    if isinstance(value, dict) and not all(isinstance(key, str) for key in value):
        # keys JSON turns into strings (numbers, true, null): rare, written by the library
        parts.append(json.dumps(value, indent=2).replace("\n", outer))
        return
    parts.append(opening)
    pairs = value.items() if isinstance(value, dict) else ((None, item) for item in value)
    for index, (key, item) in enumerate(pairs):
        parts.append(inner if index == 0 else "," + inner)
        if key is not None:
            parts.append(_SCALAR.encode(key) + ": ")
        _write(item, depth + 1, parts)
    parts.append(outer + closing)


def _rows(items: list[Any] | tuple[Any, ...]) -> bool:
    """Whether every item is a non-empty container of scalars, all mappings or all
    lists (the findings, the components, the pairs of double faults)."""
    first = items[0]
    kind: Any = dict if isinstance(first, dict) else list | tuple
    for item in items:
        if not isinstance(item, kind) or not item:
            return False
        inside = item.values() if isinstance(item, dict) else item
        if any(isinstance(x, dict | list | tuple) for x in inside):
            return False
    return True


def _table(rows: list[Any] | tuple[Any, ...], depth: int) -> str:
    """A list of rows (:func:`_rows`) at ``depth``, by one call of the C encoder.

    Encoded with the separator of the rows' items, ``",\n"`` and their indentation,
    a row's closing bracket is followed by that separator only where the next row
    opens: a JSON string holds no line break, and inside a row the separator is
    followed by a key or a scalar, never by an opening bracket. Those joints, the
    first opening and the last closing get their line breaks by replacing text."""
    opening, closing = ("{", "}") if isinstance(rows[0], dict) else ("[", "]")
    row_items = ",\n" + INDENT * (depth + 2)
    text = _flat(depth + 1).encode(rows)
    row = "\n" + INDENT * (depth + 1)
    joint = closing + row_items + opening
    text = text[2:-2].replace(joint, row + closing + "," + row + opening + row_items[1:])
    return f"[{row}{opening}{row_items[1:]}{text}{row}{closing}\n{INDENT * depth}]"
