"""The settings a configuration file may hold, checked, with every problem located.

Keys use snake_case or kebab-case (``fail_on`` or ``fail-on``), named after the options
of ``check``. Paths are relative to the configuration file's directory.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spofscan.config.discover import find_config
from spofscan.config.sources import Source, read_source
from spofscan.errors import InputError, Problem
from spofscan.findings.catalog import RULES
from spofscan.report.options import FILE_FORMATS, FailOn, ReportFormat
from spofscan.suggest import did_you_mean

PATH_KEYS = ("output", "baseline", *(f.value for f in FILE_FORMATS))
KEYS = ("fail_on", "exit_zero", "format", "disable", *PATH_KEYS)


@dataclass(frozen=True)
class Config:
    """Defaults for ``check``; ``None`` where the file says nothing."""

    file: str | None = None
    fail_on: str | None = None
    exit_zero: bool | None = None
    format: str | None = None
    disable: tuple[str, ...] = ()
    paths: Mapping[str, str] = field(default_factory=dict)


def load_config(path: str | None = None, start: Path | None = None) -> Config:
    """The configuration at ``path``, else the one found from ``start`` (the current
    directory) upwards, else an empty one."""
    if path is None:
        found = find_config(start or Path.cwd())
        if found is None:
            return Config()
        path = os.path.relpath(found)
    return parse_config(read_source(path))


def parse_config(source: Source) -> Config:
    """Check every setting of ``source``; an input error lists every problem at once."""
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for raw, value in source.values.items():
        key = str(raw).replace("-", "_")
        checker = _CHECKS.get(key)
        message = _unknown(str(raw)) if checker is None else checker(value)
        if message:
            hint = did_you_mean(key, KEYS) if checker is None else _hint(key, value)
            problems.append(Problem(source.locate(str(raw)), message, hint))
        values[key] = value
    if problems:
        raise InputError(problems)
    return _config(source.file, values)


def _config(file: str, values: dict[str, Any]) -> Config:
    base = os.path.dirname(file)
    paths = {k: os.path.normpath(os.path.join(base, values[k])) for k in PATH_KEYS if k in values}
    return Config(
        file=file,
        fail_on=values.get("fail_on"),
        exit_zero=values.get("exit_zero"),
        format=values.get("format"),
        disable=tuple(sorted({str(r).upper() for r in values.get("disable", [])})),
        paths=paths,
    )


def _unknown(key: str) -> str:
    return f"unknown setting '{key}' in the configuration (settings: {', '.join(KEYS)})"


def _choice(name: str, choices: tuple[str, ...]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, str) and value in choices:
            return None
        return f"{name} must be one of {', '.join(choices)}, not {value!r}"

    return check


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"exit_zero must be true or false, not {value!r}"


def _path(value: Any) -> str | None:
    if isinstance(value, str) and value and "\0" not in value:
        return None
    return f"expected a file path, not {value!r}"


def _rules(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
        return f"disable must be a list of rule ids, not {value!r}"
    unknown = [r for r in value if r.upper() not in RULES]
    return f"disable: no rule {', '.join(map(repr, unknown))}" if unknown else None


def _hint(key: str, value: Any) -> str | None:
    if key == "disable" and isinstance(value, list):
        unknown = [str(r).upper() for r in value if str(r).upper() not in RULES]
        return did_you_mean(unknown[0], RULES) if unknown else None
    return None


_CHECKS: dict[str, Callable[[Any], str | None]] = {
    "fail_on": _choice("fail_on", tuple(f.value for f in FailOn)),
    "exit_zero": _flag,
    "format": _choice("format", tuple(f.value for f in ReportFormat)),
    "disable": _rules,
    **dict.fromkeys(PATH_KEYS, _path),
}
