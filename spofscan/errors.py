"""Errors raised in the core and translated once, at the edge, into messages and exit codes.

Every input error carries the file, line and column it is about (1-based), so that the
command line can print ``FILE:LINE:COL: message`` the way compilers and linters do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; ``line`` and ``column`` are 1-based."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, at one place, with an optional hint."""

    location: Location
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.location}: error: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class SpofscanError(Exception):
    """Base of every error spofscan raises on purpose."""


class InputError(SpofscanError):
    """The input is unusable; carries every problem found, sorted by location."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(set(problems), key=_problem_key))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(SpofscanError):
    """The command line asked for something that cannot be done (exit 2)."""


def _problem_key(problem: Problem) -> tuple[Location, str]:
    return (problem.location, problem.message)


def input_error(location: Location, message: str, hint: str | None = None) -> InputError:
    """Shorthand for an :class:`InputError` with a single problem."""
    return InputError([Problem(location, message, hint)])
