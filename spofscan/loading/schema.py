"""The JSON Schema of the architecture format, and validation against it.

The schema ships inside the package (``spofscan/schemas/architecture.schema.json``, a
byte-identical copy of the repository's ``schemas/`` file). Validation reports every
error at once, each rewritten by :mod:`spofscan.loading.schema_messages` into a plain
message at the offending place in the file.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import TYPE_CHECKING, Any

from spofscan.errors import Problem
from spofscan.loading.fast_check import compile_schema
from spofscan.loading.fast_keywords import Check
from spofscan.loading.schema_messages import explain
from spofscan.loading.source_map import SourceMap

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_RESOURCE = "schemas/architecture.schema.json"


@functools.cache
def schema_text() -> str:
    """The text of the shipped schema file, exactly."""
    return resources.files("spofscan").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")


def schema() -> dict[str, Any]:
    """The schema, parsed (a fresh copy each call)."""
    parsed: dict[str, Any] = json.loads(schema_text())
    return parsed


@functools.cache
def _validator() -> Draft202012Validator:
    """jsonschema's validator, imported only when the fast check finds a problem to
    explain: valid files, the common case, never pay for importing it."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


@functools.cache
def _fast_check() -> Check:
    return compile_schema(schema())


def schema_problems(document: Any, smap: SourceMap) -> list[Problem]:
    """Every way ``document`` breaks the schema, as located problems."""
    if _fast_check()(document):
        return []
    problems: list[Problem] = []
    for error in _relevant(_validator().iter_errors(document)):
        problems.extend(explain(error, smap))
    return problems


def _relevant(errors: Iterable[ValidationError]) -> Iterator[ValidationError]:
    """Where a value has the wrong type, say only that (its first type error)."""
    errors = list(errors)
    typed = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    told: set[tuple[Any, ...]] = set()
    for error in errors:
        path = tuple(error.absolute_path)
        if path in typed and (error.validator != "type" or path in told):
            continue
        told.add(path)
        yield error


def schema_properties(root: dict[str, Any] | None = None) -> Iterator[tuple[str, str]]:
    """Every property of the schema as ``(path, description)``, in schema order.

    Paths read like the file: ``components.<name>.depends_on[].any_of``. A shared
    ``$defs`` entry is walked once, at the first place that uses it.

    >>> paths = dict(schema_properties())
    >>> paths["components.<name>.data.backups[].every"].startswith("How often")
    True
    """
    root = schema() if root is None else root
    yield from _walk(root, root, "", set())


def _walk(
    node: Any, root: dict[str, Any], prefix: str, seen: set[str]
) -> Iterator[tuple[str, str]]:
    if not isinstance(node, dict):
        return
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/") and ref not in seen:
        seen.add(ref)
        yield from _walk(root["$defs"][ref.removeprefix("#/$defs/")], root, prefix, seen)
    for key, sub in node.get("properties", {}).items():
        path = f"{prefix}.{key}" if prefix else key
        yield path, str(sub.get("description", ""))
        yield from _walk(sub, root, path, seen)
    yield from _walk(node.get("additionalProperties"), root, prefix + ".<name>", seen)
    yield from _walk(node.get("items"), root, prefix + "[]", seen)
    for branch in [*node.get("anyOf", []), *node.get("oneOf", [])]:
        yield from _walk(branch, root, prefix, seen)
    for key in ("then", "else"):
        yield from _walk(node.get(key), root, prefix, seen)
