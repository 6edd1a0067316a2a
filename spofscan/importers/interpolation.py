"""Variable interpolation in compose files, as the Compose Specification defines it.

``$VAR`` and ``${VAR}`` take the variable's value (empty, with a note, when it is not
set); ``${VAR:-default}`` the default when VAR is unset or empty, ``${VAR-default}`` only
when unset; ``${VAR:?message}`` and ``${VAR?message}`` make a missing value an error;
``${VAR:+other}`` and ``${VAR+other}`` give ``other`` when VAR is set; ``$$`` is a
literal ``$``. Defaults may hold further variables (``${A:-${B}}``).

>>> env = {"USER": "ann", "EMPTY": ""}
>>> interpolate("${USER}@${HOST:-localhost}:$$5 ${EMPTY:-x}${EMPTY-y}", env, set())
'ann@localhost:$5 x'
>>> interpolate("${TOKEN?must be set}", env, set())
Traceback (most recent call last):
...
spofscan.importers.interpolation.MissingVariable: required variable TOKEN is not set: must be set
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = (":-", ":?", ":+", "-", "?", "+")


class MissingVariable(ValueError):
    """A ``${VAR?message}`` whose variable is not set (or empty, with ``:?``)."""


class BadInterpolation(ValueError):
    """A ``$`` the Compose Specification gives no meaning (``${}``, an unclosed ``${``)."""


def interpolate(text: str, env: Mapping[str, str], unset: set[str]) -> str:
    """``text`` with its variables replaced; adds to ``unset`` each variable it read as
    empty because it is not set."""
    out: list[str] = []
    i = 0
    while i < len(text):
        dollar = text.find("$", i)
        if dollar < 0:
            out.append(text[i:])
            break
        out.append(text[i:dollar])
        value, i = _substitution(text, dollar + 1, env, unset)
        out.append(value)
    return "".join(out)


def _substitution(text: str, i: int, env: Mapping[str, str], unset: set[str]) -> tuple[str, int]:
    """The value of the reference after the ``$`` at ``i - 1``, and where the text resumes."""
    if text.startswith("$", i):
        return "$", i + 1
    if not text.startswith("{", i):
        name = _NAME.match(text, i)
        if name is None:
            return "$", i
        return _value(name[0], env, unset), name.end()
    name = _NAME.match(text, i + 1)
    if name is None:
        raise BadInterpolation(f"invalid interpolation format in '{text}'")
    end = name.end()
    operator = next((op for op in _OPERATORS if text.startswith(op, end)), None)
    if operator is None:
        if not text.startswith("}", end):
            raise BadInterpolation(f"invalid interpolation format in '{text}'")
        return _value(name[0], env, unset), end + 1
    close = _closing_brace(text, end + len(operator))
    argument = text[end + len(operator) : close]
    return _operator(name[0], operator, argument, env, unset), close + 1


def _closing_brace(text: str, start: int) -> int:
    depth = 1
    for i in range(start, len(text)):
        if text[i] == "{" and text[i - 1] == "$":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise BadInterpolation(f"an interpolation '${{' is never closed in '{text}'")


def _operator(
    name: str, operator: str, argument: str, env: Mapping[str, str], unset: set[str]
) -> str:
    value = env.get(name)
    missing = value is None or (operator.startswith(":") and value == "")
    if operator.endswith("-"):
        return interpolate(argument, env, unset) if missing else str(value)
    if operator.endswith("+"):
        return "" if missing else interpolate(argument, env, unset)
    if missing:
        message = interpolate(argument, env, unset)
        detail = "is not set" if value is None else "is empty"
        raise MissingVariable(f"required variable {name} {detail}: {message}".rstrip(": "))
    return str(value)


def _value(name: str, env: Mapping[str, str], unset: set[str]) -> str:
    value = env.get(name)
    if value is None:
        unset.add(name)
        return ""
    return value
