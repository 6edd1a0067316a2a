"""The command line: parse options, call the pipeline, pick a renderer, return an exit code.

Exit codes: 0 pass, 1 policy failed, 2 bad input or usage.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from spofscan import __version__, pipeline
from spofscan.errors import InputError, SpofscanError, UsageError
from spofscan.findings import catalog, rule_docs
from spofscan.loading import load_architecture, schema_text
from spofscan.render import json_report, text

app = typer.Typer(
    name="spofscan",
    help="Find the single points of failure in a system architecture before they find you.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

EXIT_PASS, EXIT_POLICY, EXIT_INPUT = 0, 1, 2


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


FileArg = Annotated[Path, typer.Argument(help="The architecture file (YAML).", show_default=False)]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"spofscan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """spofscan: single points of failure, double faults and availability, exactly."""


@app.command()
def validate(file: FileArg) -> None:
    """Only validate FILE: a one-line summary (exit 0), or located errors (exit 2)."""
    arch = load_architecture(file)
    groups = sum(len(arch.dependencies_of(n)) for n in arch.node_names())
    typer.echo(
        f"{arch.file}: valid: {text.plural(len(arch.components), 'component')}, "
        f"{text.plural(groups, 'dependency')}, "
        f"{text.plural(len(arch.entrypoints), 'entrypoint')} ({', '.join(arch.entrypoints)})"
    )


@app.command()
def schema() -> None:
    """Print the JSON Schema of the architecture file format."""
    sys.stdout.write(schema_text())


@app.command()
def explain(
    rule: Annotated[
        str, typer.Argument(help="A rule id, e.g. SPOF or NO-BACKUP.", show_default=False)
    ],
) -> None:
    """Explain a rule: what it finds, why it matters, how to fix it, with examples."""
    typer.echo(rule_docs.explain_text(catalog.find_rule(rule)), nl=False)


@app.command()
def check(
    file: FileArg,
    output_format: FormatOpt = OutputFormat.text,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that fails the run.")
    ] = FailOn.error,
    today: Annotated[
        str | None,
        typer.Option(help="Date to judge accepted risks' expiry by (YYYY-MM-DD); default today."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of any Monte Carlo estimate.")] = 0,
) -> None:
    """Validate and analyse FILE; exit 0 pass, 1 policy failed, 2 bad input."""
    report = pipeline.check(file, fail_on=fail_on.value, today=_date(today), seed=seed)
    if output_format is OutputFormat.json:
        sys.stdout.write(json_report.render_check(report))
    else:
        sys.stdout.write(text.render_check(report, _terminal()))
    raise typer.Exit(EXIT_PASS if report.passed else EXIT_POLICY)


@app.command("what-if")
def what_if(
    file: FileArg,
    names: Annotated[
        list[str],
        typer.Argument(
            help="Components, journeys or instances (api[1]) to fail.", show_default=False
        ),
    ],
    output_format: FormatOpt = OutputFormat.text,
) -> None:
    """Fail components (all instances), journeys or instances and show what goes down."""
    arch, result = pipeline.fail(file, names)
    if output_format is OutputFormat.json:
        sys.stdout.write(json_report.render_what_if(arch, result))
    else:
        sys.stdout.write(text.render_what_if(arch, result, _terminal()))


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--today: '{value}' is not a date (YYYY-MM-DD)") from None


def _terminal() -> text.Terminal:
    if not sys.stdout.isatty():
        return text.Terminal()
    width = max(60, shutil.get_terminal_size((100, 24)).columns)
    return text.Terminal(width=width, color="NO_COLOR" not in os.environ)


def main() -> None:
    """Console-script entry point: translate spofscan's errors into messages and exit 2."""
    try:
        app()  # standalone: usage errors exit 2 by themselves
    except InputError as error:
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        sys.exit(EXIT_INPUT)
    except SpofscanError as error:
        typer.echo(f"spofscan: error: {error}", err=True)
        sys.exit(EXIT_INPUT)
