"""A fast yes/no check of a document against the schema, compiled into closures.

jsonschema explains errors well but walks a 10,000-component file slowly. Valid files
are the common case, so the loader first asks this compiled check, and runs jsonschema
(for its detailed errors) only when the answer is no. It supports exactly the keywords
the schema uses (:mod:`spofscan.loading.fast_keywords`) and refuses to compile any
other, so the two cannot silently disagree; a test holds it to jsonschema's verdict on
every test case and on random documents.

>>> check = compile_schema({"type": "object", "required": ["a"]})
>>> check({"a": 1}), check({}), check([])
(True, False, False)
"""

from __future__ import annotations

from typing import Any

from spofscan.loading.fast_keywords import KEYWORDS, Check

_ANNOTATIONS = {
    "$schema",
    "$id",
    "$defs",
    "$comment",
    "title",
    "description",
    "examples",
    "default",
}


def compile_schema(root: dict[str, Any]) -> Check:
    """A function telling whether a value is valid under ``root``."""
    return _Compiler(root).compile(root)


class _Compiler:
    """Compiles subschemas; ``$ref`` targets are compiled once and looked up lazily."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}
        self.compiling: set[str] = set()

    def compile(self, schema: Any) -> Check:
        """The check of one subschema: every keyword's check must pass."""
        if isinstance(schema, bool):
            return lambda value: schema
        checks = [self._keyword(key, arg, schema) for key, arg in schema.items()]
        active = [check for check in checks if check is not None]
        if len(active) == 1:
            return active[0]

        def check_all(value: Any) -> bool:
            for check in active:  # noqa: SIM110 - a plain loop beats all() on a generator
                if not check(value):
                    return False
            return True

        return check_all

    def _keyword(self, key: str, arg: Any, schema: dict[str, Any]) -> Check | None:
        if key in _ANNOTATIONS or key in ("then", "else"):
            return None
        make = KEYWORDS.get(key)
        if make is None:
            raise ValueError(f"the fast schema check does not support {key!r}")
        return make(self, arg, schema)

    def ref(self, target: str) -> Check:
        """The check of a ``#/$defs/...`` target, compiled once."""
        if not target.startswith("#/$defs/"):
            raise ValueError(f"the fast schema check supports only local $defs, not {target}")
        if target in self.compiling:
            refs = self.refs
            return lambda value: refs[target](value)  # a cycle: look it up when called
        if target not in self.refs:
            self.compiling.add(target)
            self.refs[target] = self.compile(self.root["$defs"][target.removeprefix("#/$defs/")])
            self.compiling.discard(target)
        return self.refs[target]
