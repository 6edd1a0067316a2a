"""The JSON Schema keywords the fast check supports, each compiled into a closure.

Each maker takes the compiler (to compile subschemas), the keyword's value and the
subschema holding it, and returns a check. Semantics follow draft 2020-12 as jsonschema
implements them: booleans are not numbers, ``1.0`` is an integer, ``pattern`` searches.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sized
from typing import Any, Protocol

Check = Callable[[Any], bool]


class Compiler(Protocol):
    """What a keyword maker needs from the compiler."""

    def compile(self, schema: Any) -> Check: ...

    def ref(self, target: str) -> Check: ...


def is_type(value: Any, name: str) -> bool:
    """JSON Schema's idea of ``value`` having type ``name`` (bools are no numbers)."""
    if isinstance(value, bool):
        return name == "boolean"
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    return isinstance(value, _PYTHON_TYPES[name])


_PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {
    "number": (int, float),
    "string": str,
    "object": dict,
    "array": list,
    "boolean": bool,
    "null": type(None),
}


def json_equal(one: Any, two: Any) -> bool:
    """Equality as JSON sees it: ``true`` is not ``1``."""
    if isinstance(one, bool) or isinstance(two, bool):
        return type(one) is type(two) and one == two
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(map(json_equal, one, two))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(json_equal(one[k], two[k]) for k in one)
    return bool(one == two)


def _unique(items: list[Any]) -> bool:
    if all(isinstance(item, str) for item in items):
        return len(set(items)) == len(items)
    return not any(json_equal(a, b) for i, a in enumerate(items) for b in items[:i])


_Maker = Callable[[Compiler, Any, dict[str, Any]], Check]


def _type(c: Compiler, arg: Any, schema: dict[str, Any]) -> Check:
    if arg in ("string", "object", "array"):
        python_type = _PYTHON_TYPES[arg]
        return lambda value: isinstance(value, python_type)
    names = [arg] if isinstance(arg, str) else list(arg)
    return lambda value: any(is_type(value, name) for name in names)


def _enum(c: Compiler, arg: Any, schema: dict[str, Any]) -> Check:
    if all(isinstance(choice, str) for choice in arg):
        choices = frozenset(arg)
        return lambda value: isinstance(value, str) and value in choices
    return lambda value: any(json_equal(value, choice) for choice in arg)


def _const(c: Compiler, arg: Any, schema: dict[str, Any]) -> Check:
    return lambda value: json_equal(value, arg)


def _pattern(c: Compiler, arg: Any, schema: dict[str, Any]) -> Check:
    search = re.compile(arg).search
    return lambda value: not isinstance(value, str) or search(value) is not None


def _format(c: Compiler, arg: Any, schema: dict[str, Any]) -> Check:
    if arg == "date":
        return is_date
    return lambda value: _format_checker().conforms(value, arg)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def is_date(value: Any) -> bool:
    """The ``date`` format as jsonschema's checker has it (RFC 3339's full-date: four,
    two and two ASCII digits, a day of the calendar), for the one format the schema uses
    (a waiver's ``expires``): a file with a waiver no longer imports jsonschema (30 ms)
    to read a date. Not a string: not this keyword's to judge."""
    if not isinstance(value, str):
        return True
    if _DATE.fullmatch(value) is None:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@functools.cache
def _format_checker() -> Any:
    """jsonschema's format checker, imported the first time a value has another format
    than ``date``: most runs never need it, and jsonschema takes a noticeable time to
    import."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator.FORMAT_CHECKER


def _number_bound(test: Callable[[Any, Any], bool]) -> _Maker:
    def make(c: Compiler, arg: Any, schema: dict[str, Any]) -> Check:
        return lambda value: not is_type(value, "number") or test(value, arg)

    return make


def _size(kind: type[Sized]) -> _Maker:
    def make(c: Compiler, arg: Any, schema: dict[str, Any]) -> Check:
        return lambda value: not isinstance(value, kind) or len(value) >= arg

    return make


def _unique_items(c: Compiler, arg: Any, schema: dict[str, Any]) -> Check:
    return lambda value: not arg or not isinstance(value, list) or _unique(value)


def _required(c: Compiler, arg: Any, schema: dict[str, Any]) -> Check:
    return lambda value: not isinstance(value, dict) or all(key in value for key in arg)


def _properties(c: Compiler, arg: Any, schema: dict[str, Any]) -> Check:
    checks = {key: c.compile(sub) for key, sub in arg.items()}

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        return all(checks[key](value[key]) for key in checks.keys() & value.keys())

    return check


def _additional(c: Compiler, arg: Any, schema: dict[str, Any]) -> Check:
    known, sub = set(schema.get("properties", {})), c.compile(arg)

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        return all(sub(item) for key, item in value.items() if key not in known)

    return check


def _property_names(c: Compiler, arg: Any, schema: dict[str, Any]) -> Check:
    sub = c.compile(arg)
    return lambda value: not isinstance(value, dict) or all(map(sub, value))


def _items(c: Compiler, arg: Any, schema: dict[str, Any]) -> Check:
    sub = c.compile(arg)
    return lambda value: not isinstance(value, list) or all(map(sub, value))


def _any_of(c: Compiler, arg: Any, schema: dict[str, Any]) -> Check:
    subs = [c.compile(sub) for sub in arg]
    return lambda value: any(sub(value) for sub in subs)


def _if(c: Compiler, arg: Any, schema: dict[str, Any]) -> Check:
    test = c.compile(arg)
    then = c.compile(schema.get("then", True))
    otherwise = c.compile(schema.get("else", True))
    return lambda value: then(value) if test(value) else otherwise(value)


def _ref(c: Compiler, arg: Any, schema: dict[str, Any]) -> Check:
    return c.ref(arg)


KEYWORDS: dict[str, _Maker] = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "pattern": _pattern,
    "format": _format,
    "minimum": _number_bound(lambda value, bound: value >= bound),
    "maximum": _number_bound(lambda value, bound: value <= bound),
    "exclusiveMinimum": _number_bound(lambda value, bound: value > bound),
    "exclusiveMaximum": _number_bound(lambda value, bound: value < bound),
    "minLength": _size(str),
    "minItems": _size(list),
    "minProperties": _size(dict),
    "uniqueItems": _unique_items,
    "required": _required,
    "properties": _properties,
    "additionalProperties": _additional,
    "propertyNames": _property_names,
    "items": _items,
    "anyOf": _any_of,
    "if": _if,
    "$ref": _ref,
}
