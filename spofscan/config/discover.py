"""Where the configuration is: the nearest ``.spofscan.yaml`` or pyproject.toml with a
``[tool.spofscan]`` table, from a directory upwards, stopping at the repository's root."""

from __future__ import annotations

import re
from pathlib import Path

from spofscan.paths import is_repository_root

YAML_NAMES = (".spofscan.yaml", ".spofscan.yml")
PYPROJECT = "pyproject.toml"
_TABLE = re.compile(r"^\s*\[\s*tool\s*\.\s*spofscan\s*\]", re.MULTILINE)


def find_config(start: Path) -> Path | None:
    """The configuration file that applies in ``start``, if any."""
    for directory in (start, *start.parents):
        found = _config_in(directory)
        if found is not None:
            return found
        if is_repository_root(directory):
            return None
    return None


def _config_in(directory: Path) -> Path | None:
    for name in YAML_NAMES:
        if (directory / name).is_file():
            return directory / name
    pyproject = directory / PYPROJECT
    if pyproject.is_file() and has_spofscan_table(pyproject):
        return pyproject
    return None


def has_spofscan_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml has a ``[tool.spofscan]`` table (a quick textual test)."""
    try:
        return _TABLE.search(pyproject.read_text("utf-8", errors="replace")) is not None
    except OSError:
        return False
