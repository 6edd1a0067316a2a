"""Rewrite jsonschema's validation errors into plain, located problems.

Each keyword has its own wording: ``unknown key 'runs_onn' in component 'api'`` (at the
key, with a close match as hint), ``'servce' is not a kind; expected one of ...``,
``'2 hours' is not a duration (examples: 90s, 45m, 2h30m, 10d)``, and so on. The words
come from the schema itself: a subschema's ``title`` names what it is and its
``examples`` show how to write one. For ``anyOf``, the branch that fits the value's shape
explains the failure, not "is not valid under any of the given schemas".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from spofscan.errors import Problem
from spofscan.loading.indentation import indentation_hint
from spofscan.loading.source_map import Path, SourceMap
from spofscan.loading.value_messages import (
    BOUND_KEYWORDS,
    bound_problems,
    const_problems,
    empty_problems,
    enum_problems,
    examples_of,
    format_problems,
    pattern_problems,
    rule_of,
    schema_of,
    unique_problems,
    value_of,
)
from spofscan.loading.wording import (
    article,
    describe,
    kind_of_value,
    one_of,
    type_name,
)
from spofscan.suggest import did_you_mean

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

Explainer = Callable[["ValidationError", Path, SourceMap], list[Problem]]
_GROUP_HINT = "a group is either 'any_of: [...]' or 'at_least: k' with 'of: [...]'"
_VERSION_HINT = "start the file with 'spofscan: 1'"


def explain(error: ValidationError, smap: SourceMap) -> list[Problem]:
    """The problems that one jsonschema ``error`` stands for."""
    path = tuple(error.absolute_path)
    explainer = _EXPLAINERS.get(str(error.validator), _fallback)
    return explainer(error, path, smap)


def _branches(error: ValidationError, path: Path, smap: SourceMap) -> list[Problem]:
    """anyOf / oneOf: explain the branch that fits the value's shape, if any."""
    branches: dict[Any, list[ValidationError]] = defaultdict(list)
    for sub in error.context or ():
        branches[sub.relative_schema_path[0]].append(sub)
    fitting = [errs for errs in branches.values() if not any(map(_is_shape_error, errs))]
    if fitting:
        return [p for sub in min(fitting, key=len) for p in explain(sub, smap)]
    expected = _expected(error.schema) or one_of(
        _expected(sub.schema) or _types(rule_of(sub)) for sub in error.context or ()
    )
    return [_type_problem(expected, value_of(error), path, smap)]


def _is_shape_error(error: ValidationError) -> bool:
    return error.validator == "type" and not error.relative_path


def _type(error: ValidationError, path: Path, smap: SourceMap) -> list[Problem]:
    expected = _expected(schema_of(error)) or _types(rule_of(error))
    indentation = indentation_hint(path, value_of(error), schema_of(error), smap)
    problem = _type_problem(expected, value_of(error), path, smap, indentation)
    if rule_of(error) == "array" and isinstance(value_of(error), str):
        problem = Problem(problem.location, problem.message, f"write a list: [{value_of(error)}]")
    return [problem]


def _type_problem(
    expected: str, instance: Any, path: Path, smap: SourceMap, indentation: str | None = None
) -> Problem:
    message = f"{describe(path)}: expected {expected}, got {kind_of_value(instance)}"
    if indentation is not None:
        return Problem(smap.key_at(path), message, indentation)
    if instance is None:
        hint = "give it a value, or write {} for an empty mapping and [] for an empty list"
        return Problem(smap.key_at(path), message, hint)
    return Problem(smap.at(path), message)


def _expected(schema: Any) -> str:
    """``a duration (examples: 90s, 45m)`` from a titled subschema, else ``""``."""
    if not isinstance(schema, dict) or "title" not in schema:
        return ""
    return f"{article(schema['title'])} {schema['title']}{examples_of(schema)}"


def _types(types: Any) -> str:
    return one_of(type_name(t) for t in ([types] if isinstance(types, str) else types))


def _unknown_keys(error: ValidationError, path: Path, smap: SourceMap) -> list[Problem]:
    known = list(schema_of(error).get("properties", {}))
    where = "top-level key" if not path else "key"
    place = "" if not path else f" in {describe(path)}"
    return [
        Problem(
            smap.key_at((*path, key)), f"unknown {where} '{key}'{place}", did_you_mean(key, known)
        )
        for key in value_of(error)
        if key not in known
    ]


def _required(error: ValidationError, path: Path, smap: SourceMap) -> list[Problem]:
    group = str(schema_of(error).get("title", "")).endswith("group")
    missing = [key for key in rule_of(error) if key not in value_of(error)]
    return [
        Problem(
            smap.key_at(path),
            f"{describe(path)} is missing required key '{key}'",
            _GROUP_HINT if group else _VERSION_HINT if key == "spofscan" else None,
        )
        for key in missing
    ]


def _fallback(error: ValidationError, path: Path, smap: SourceMap) -> list[Problem]:
    return [Problem(smap.at(path), f"{describe(path)}: {error.message}")]


_EXPLAINERS: dict[str, Explainer] = {
    "anyOf": _branches,
    "oneOf": _branches,
    "type": _type,
    "additionalProperties": _unknown_keys,
    "required": _required,
    "enum": enum_problems,
    "pattern": pattern_problems,
    "format": format_problems,
    "minLength": empty_problems,
    "minItems": empty_problems,
    "minProperties": empty_problems,
    "uniqueItems": unique_problems,
    "const": const_problems,
    **dict.fromkeys(BOUND_KEYWORDS, bound_problems),
}
