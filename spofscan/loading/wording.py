"""Plain words for values, types and places in an architecture file, used in messages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from spofscan.loading.source_map import PathItem

_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def show(value: Any) -> str:
    """A value as a user would write it in YAML.

    >>> show("api"), show(True), show(None), show(2.5)
    ("'api'", 'true', 'null', '2.5')
    """
    if isinstance(value, str):
        return repr(value) if "'" not in value else f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def type_name(schema_type: str) -> str:
    """``"object"`` -> ``"a mapping"``, and so on."""
    return _TYPE_NAMES.get(schema_type, schema_type)


def kind_of_value(value: Any) -> str:
    """What a value is, with the value itself when short: ``a string ('two')``.

    >>> kind_of_value("two"), kind_of_value(3), kind_of_value([1])
    ("a string ('two')", 'an integer (3)', 'a list')
    """
    if isinstance(value, bool):
        return f"a boolean ({show(value)})"
    if value is None:
        return "null (no value)"
    kinds = ((str, "string"), (int, "integer"), (float, "number"), (dict, "object"))
    name = next((kind for cls, kind in kinds if isinstance(value, cls)), "array")
    text = show(value)
    if name in ("object", "array") or len(text) > 40:
        return type_name(name)
    return f"{type_name(name)} ({text})"


def describe(path: Sequence[PathItem]) -> str:
    """A place in the file, as a user would say it.

    >>> describe(("components", "api")), describe(("components", "db", "data", "backups", 0))
    ("component 'api'", "'data.backups[0]' of component 'db'")
    >>> describe(()), describe(("accepted_risks", 1, "rule"))
    ('the file', "'accepted_risks[1].rule'")
    """
    if not path:
        return "the file"
    if len(path) >= 2 and path[0] in ("components", "journeys"):
        owner = f"{str(path[0])[:-1]} '{path[1]}'"
        return f"'{dotted(path[2:])}' of {owner}" if len(path) > 2 else owner
    return f"'{dotted(path)}'"


def dotted(path: Sequence[PathItem]) -> str:
    """``("data", "backups", 0, "every")`` -> ``data.backups[0].every``."""
    text = ""
    for item in path:
        text += f"[{item}]" if isinstance(item, int) else f".{item}"
    return text.removeprefix(".")


def one_of(values: Iterable[Any]) -> str:
    """``a, b or c``."""
    shown = [str(v) for v in values if not isinstance(v, bool)]
    return ", ".join(shown[:-1]) + f" or {shown[-1]}" if len(shown) > 1 else "".join(shown)


def article(noun: str) -> str:
    """``a`` or ``an``, by the noun's first letter."""
    return "an" if noun[:1].lower() in "aeiou" else "a"
