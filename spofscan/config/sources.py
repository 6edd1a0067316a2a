"""Read a configuration file into a plain mapping and a way to locate each key in it.

YAML keys are located by the YAML loader's source map; TOML keys by their line within
the ``[tool.spofscan]`` table (tomllib keeps no positions).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spofscan.errors import Location, input_error
from spofscan.loading.yaml_source import parse_yaml, read_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

Locate = Callable[[str], Location]
_TOML_ERROR_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_TABLE = re.compile(r"^\s*\[\s*tool\s*\.\s*spofscan\s*\]")
_ANY_TABLE = re.compile(r"^\s*\[")


@dataclass(frozen=True)
class Source:
    """The settings a file holds, and where each key is."""

    file: str
    values: dict[str, Any]
    locate: Locate


def read_source(path: str) -> Source:
    """Read ``path``: TOML by its ``.toml`` suffix, YAML otherwise."""
    if os.path.isdir(path):
        raise input_error(Location(path), "is a directory, not a configuration file")
    text = read_text(path, path)
    if path.endswith(".toml"):
        return _toml_source(text, path)
    return _yaml_source(text, path)


def _yaml_source(text: str, file: str) -> Source:
    value, smap = parse_yaml(text, file)
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise input_error(smap.at(()), "the configuration must be a mapping of settings")
    return Source(file, value, lambda key: smap.key_at((key,)))


def _toml_source(text: str, file: str) -> Source:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise input_error(_toml_error_location(str(err), file), f"invalid TOML: {err}") from None
    tool = document.get("tool")
    table = tool.get("spofscan") if isinstance(tool, dict) else None
    if table is None:
        table = {} if file.endswith("pyproject.toml") else document
    lines = text.splitlines()
    if not isinstance(table, dict):
        where = Location(file, _toml_key_line(lines, "spofscan"))
        raise input_error(where, "tool.spofscan must be a table of settings, [tool.spofscan]")
    return Source(file, table, lambda key: Location(file, _toml_key_line(lines, key)))


def _toml_error_location(message: str, file: str) -> Location:
    match = _TOML_ERROR_AT.search(message)
    return Location(file, int(match[1]), int(match[2])) if match else Location(file)


def _toml_key_line(lines: list[str], key: str) -> int:
    """The line of ``key`` in the ``[tool.spofscan]`` table (else the table's, else 1)."""
    header = next((n for n, line in enumerate(lines, 1) if _TOML_TABLE.match(line)), 0)
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for number in range(header + 1, len(lines) + 1):
        line = lines[number - 1]
        if pattern.match(line):
            return number
        if header and _ANY_TABLE.match(line):
            break
    return max(header, 1)
