"""Plain words for schema errors about one value: enums, patterns, bounds, sizes.

Also the accessors that give jsonschema's loosely typed error fields a type, and the
``examples`` of a subschema, shared with :mod:`spofscan.loading.schema_messages`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from spofscan.errors import Problem
from spofscan.loading.source_map import Path, SourceMap
from spofscan.loading.values import UNIT_ORDER, reordered
from spofscan.loading.wording import article, describe, one_of, show
from spofscan.suggest import did_you_mean

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

NAME_HINT = "names cannot contain spaces, '[' or ']'"
_BOUNDS = {
    "minimum": "at least",
    "exclusiveMinimum": "more than",
    "maximum": "at most",
    "exclusiveMaximum": "less than",
}


def schema_of(error: ValidationError) -> dict[str, Any]:
    """The subschema that failed, as a dict."""
    return dict(error.schema) if isinstance(error.schema, Mapping) else {}


def value_of(error: ValidationError) -> Any:
    """The value that failed."""
    return error.instance


def rule_of(error: ValidationError) -> Any:
    """The value of the schema keyword that failed (``minimum``'s number, ...)."""
    return error.validator_value


def examples_of(schema: dict[str, Any]) -> str:
    """`` (examples: 90s, 45m)`` from a subschema's scalar ``examples``, else ``""``."""
    examples = schema.get("examples", [])
    if not examples or any(isinstance(e, dict | list) for e in examples):
        return ""
    return f" (example{'s' if len(examples) > 1 else ''}: {', '.join(map(str, examples))})"


def enum_problems(error: ValidationError, path: Path, smap: SourceMap) -> list[Problem]:
    title, value = schema_of(error).get("title", "allowed value"), value_of(error)
    choices = [v for v in rule_of(error) if isinstance(v, str)]
    message = f"{show(value)} is not {article(title)} {title}; expected one of {one_of(choices)}"
    hint = did_you_mean(value, choices) if isinstance(value, str) else None
    return [Problem(smap.at(path), message, hint)]


def pattern_problems(error: ValidationError, path: Path, smap: SourceMap) -> list[Problem]:
    if "propertyNames" in error.absolute_schema_path:
        owner = str(path[-1]).rstrip("s") if path else "key"
        message = f"{show(value_of(error))} is not a valid {owner} name"
        return [Problem(smap.key_at((*path, value_of(error))), message, NAME_HINT)]
    title = schema_of(error).get("title", "valid value")
    if title == "duration" and isinstance(value_of(error), str):
        meant = reordered(value_of(error))
        if meant is not None:
            message = f"{show(value_of(error))} is not a duration: {UNIT_ORDER}"
            return [Problem(smap.at(path), message, f"did you mean {meant}?")]
    message = (
        f"{show(value_of(error))} is not {article(title)} {title}{examples_of(schema_of(error))}"
    )
    hint = NAME_HINT if title == "name" else None
    return [Problem(smap.at(path), message, hint)]


def format_problems(error: ValidationError, path: Path, smap: SourceMap) -> list[Problem]:
    message = f"{show(value_of(error))} is not a {rule_of(error)}{examples_of(schema_of(error))}"
    return [Problem(smap.at(path), message, "write dates as YYYY-MM-DD")]


def bound_problems(error: ValidationError, path: Path, smap: SourceMap) -> list[Problem]:
    bound = f"{_BOUNDS[str(error.validator)]} {_number(rule_of(error))}"
    message = f"{describe(path)} must be {bound}, got {_number(value_of(error))}"
    return [Problem(smap.at(path), message)]


def _number(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def empty_problems(error: ValidationError, path: Path, smap: SourceMap) -> list[Problem]:
    if rule_of(error) == 1:
        message = f"{describe(path)} must not be empty"
    else:
        message = f"{describe(path)} needs at least {rule_of(error)} entries"
    return [Problem(smap.at(path), message)]


def unique_problems(error: ValidationError, path: Path, smap: SourceMap) -> list[Problem]:
    items = list(value_of(error))
    index = next((i for i, item in enumerate(items) if item in items[:i]), 0)
    what = show(items[index]) if isinstance(items[index], str) else "the same entry"
    message = f"{describe(path)} lists {what} more than once"
    return [Problem(smap.at((*path, index)), message, "remove the repeated entry")]


def const_problems(error: ValidationError, path: Path, smap: SourceMap) -> list[Problem]:
    message = f"{describe(path)} must be {show(rule_of(error))}, got {show(value_of(error))}"
    return [Problem(smap.at(path), message)]


BOUND_KEYWORDS = tuple(_BOUNDS)
