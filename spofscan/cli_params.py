"""The parameters several commands share, and how the command line reads and shows them:
in spofscan's words, not Typer's.

- A bad option value is a usage error in one plain line, as spofscan words its others:
  ``spofscan: error: --format: 'html' is not one of text, json, ...`` (Typer would box
  "Value error, 'html' is not one of 'text', ...", in pydantic's words). The option's
  parser (:func:`choice`, :func:`whole_number`, :func:`date`) raises it, so it reaches
  ``cli.main`` like any other.
- Help shows a flag as ``--collapse``, not ``--collapse <bool>``.
- ``--help`` gets the default ``False`` that Typer 0.29 leaves out: a parameter whose value
  is ``None`` goes through Typer's pydantic coercion, and importing pydantic for that
  alone doubled the start-up of ``spofscan schema`` (``benchmarks/bench_startup.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer.core

from spofscan.errors import UsageError
from spofscan.suggest import did_you_mean

E = TypeVar("E", bound=Enum)


def choice(kind: type[E], option: str) -> Callable[[str], E]:
    """A parser of ``option``'s value: a member of ``kind``, by its value."""
    values = [str(member.value) for member in kind]

    def parse(value: str) -> E:
        if value in values:
            return kind(value)
        hint = did_you_mean(value, values)
        message = f"{option}: '{value}' is not one of {', '.join(values)}"
        raise UsageError(f"{message} ({hint})" if hint else message)

    return parse


def whole_number(option: str) -> Callable[[str], int]:
    """A parser of ``option``'s value: an integer, such as a seed."""

    def parse(value: str) -> int:
        try:
            return int(value)
        except ValueError:
            raise UsageError(f"{option}: '{value}' is not a whole number") from None

    return parse


def date(option: str) -> Callable[[str], dt.date]:
    """A parser of ``option``'s value: a date, YYYY-MM-DD."""

    def parse(value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise UsageError(f"{option}: '{value}' is not a date (YYYY-MM-DD)") from None

    return parse


FileArg = Annotated[
    Path, typer.Argument(metavar="FILE", help="The architecture file (YAML).", show_default=False)
]
TodayOpt = Annotated[
    dt.date | None,
    typer.Option(
        metavar="DATE",
        parser=date("--today"),
        help="Date to judge accepted risks' expiry by (YYYY-MM-DD); default today.",
    ),
]
SeedOpt = Annotated[
    int,
    typer.Option(
        metavar="N", parser=whole_number("--seed"), help="Seed of any Monte Carlo estimate."
    ),
]


def names_argument(purpose: str = "") -> object:
    """NAME..., the same for what-if and render: what to fail, a name or a list a,b."""
    return typer.Argument(
        metavar="NAME",
        help=f"Components, journeys or instances (api[1]) to fail{purpose}; a,b for several.",
        show_default=False,
    )


def format_option(kind: type[Enum], help_text: str) -> object:
    """``--format`` / ``-f``: one member of ``kind``, refused in plain words otherwise."""
    return typer.Option(
        "--format",
        "-f",
        parser=choice(kind, "--format"),
        help=help_text,
        show_default=False,
    )


def output_option(help_text: str) -> object:
    """``--output`` / ``-o`` OUT, the file a command writes; ``-`` is stdout."""
    return typer.Option("--output", "-o", metavar="OUT", help=help_text, show_default=False)


def import_output_option() -> object:
    """``--output`` / ``-o`` OUT of an import: the architecture file to write."""
    return typer.Option(
        "--output",
        "-o",
        metavar="OUT",
        help="Architecture file to write (default: stdout); never replaced without --force.",
        show_default=False,
    )


def force_option() -> object:
    """``--force``: replace the file ``-o`` names if it exists."""
    return typer.Option("--force", help="Replace OUT if it exists.")


def report_option(report_format: str) -> object:
    """``--json FILE`` and its kind: also write that report to FILE."""
    return typer.Option(
        f"--{report_format}",
        metavar="FILE",
        help=f"Also write the {report_format} report to FILE.",
        show_default=False,
    )


class Group(typer.core.TyperGroup):
    """The ``spofscan`` group, with its flags shown plainly (see the module's docstring)."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_flags(super().get_params(ctx))


class Command(typer.core.TyperCommand):
    """A command, with its flags shown plainly (see the module's docstring)."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_flags(super().get_params(ctx))


def _plain_flags(params: list[Any]) -> list[Any]:
    for param in params:
        if isinstance(param, typer.core.TyperOption) and param.is_flag:
            param.metavar = ""  # what help shows for its type: nothing
            if param.default is None and not param.expose_value:  # --help
                param.default = False
    return params
