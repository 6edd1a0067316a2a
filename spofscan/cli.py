"""The command line: parse options, call the pipeline, pick a renderer, return an exit code.

Exit codes: 0 pass, 1 policy failed, 2 bad input or usage, or an internal error.

Each command imports what it needs when it runs: the analysis brings networkx, numpy
and dd, which ``spofscan --version``, ``schema`` and ``explain`` have no use for and
should not wait for (``benchmarks/bench_startup.py``; a test holds ``import
spofscan.cli`` free of them).
"""

from __future__ import annotations

import errno
import io
import os
import shlex
import shutil
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spofscan import __version__, cli_params
from spofscan.allocator import keep_freed_memory
from spofscan.errors import InputError, SpofscanError, UsageError
from spofscan.gc_pause import frozen_at_exit, one_shot
from spofscan.report.options import (
    DiagramFormat,
    DiffFormat,
    DriftFormat,
    FailOn,
    ReportFormat,
    WhatIfFormat,
)
from spofscan.words import plural

if TYPE_CHECKING:
    from spofscan.config import Config
    from spofscan.render.terminal import Terminal

app = typer.Typer(
    name="spofscan",
    help="Find the single points of failure in a system architecture before they find you.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    cls=cli_params.Group,
)

import_app = typer.Typer(
    name="import",
    help="Write an architecture file from what is deployed: docker-compose or Kubernetes.",
    no_args_is_help=True,
    cls=cli_params.Group,
)
app.add_typer(import_app)

EXIT_PASS, EXIT_POLICY, EXIT_INPUT = 0, 1, 2
EXIT_INTERNAL = EXIT_INPUT  # a bug: 2 as for ruff, so that CI never takes it for a verdict


@dataclass
class _Session:
    """What one run of ``main`` was asked for beyond its command."""

    debug: bool = False


_session = _Session()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"spofscan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="On an internal error, print the traceback (or SPOFSCAN_DEBUG=1)."
        ),
    ] = False,
) -> None:
    """spofscan: single points of failure, double faults and availability, exactly."""
    if debug:
        _session.debug = True


@app.command(cls=cli_params.Command)
def validate(file: cli_params.FileArg) -> None:
    """Only validate FILE: a one-line summary (exit 0), or located errors (exit 2)."""
    from spofscan.loading.load import load_architecture
    from spofscan.words import joined

    arch = load_architecture(file)
    groups = sum(len(arch.dependencies_of(n)) for n in arch.node_names())
    typer.echo(
        f"{arch.file}: valid: {plural(len(arch.components), 'component')}, "
        f"{plural(groups, 'dependency')}, "
        f"{plural(len(arch.entrypoints), 'entrypoint')} ({joined(arch.entrypoints)})"
    )


@app.command(cls=cli_params.Command)
def schema() -> None:
    """Print the JSON Schema of the architecture file format."""
    from spofscan.loading.schema import schema_text

    sys.stdout.write(schema_text())


@app.command(cls=cli_params.Command)
def explain(
    rule: Annotated[
        str | None,
        typer.Argument(
            metavar="RULE",
            help="A rule id, e.g. SPOF or NO-BACKUP; without one, list the rules.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Explain a rule: what it finds, why it matters, how to fix it, with examples."""
    from spofscan.findings import catalog, rule_docs

    if rule is None:
        typer.echo(rule_docs.rule_list_text(), nl=False)
    else:
        typer.echo(rule_docs.explain_text(catalog.find_rule(rule)), nl=False)


@app.command(cls=cli_params.Command)
def check(
    file: cli_params.FileArg,
    report_format: Annotated[
        ReportFormat | None,
        cli_params.format_option(ReportFormat, "Output format (default: text)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the report to FILE, not stdout."
        ),
    ] = None,
    json_file: Annotated[Path | None, cli_params.report_option("json")] = None,
    sarif_file: Annotated[Path | None, cli_params.report_option("sarif")] = None,
    junit_file: Annotated[Path | None, cli_params.report_option("junit")] = None,
    gitlab_file: Annotated[Path | None, cli_params.report_option("gitlab")] = None,
    markdown_file: Annotated[Path | None, cli_params.report_option("markdown")] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            parser=cli_params.choice(FailOn, "--fail-on"),
            help="Lowest severity that fails the run (default: error).",
            show_default=False,
        ),
    ] = None,
    exit_zero: Annotated[
        bool | None,
        typer.Option("--exit-zero/--no-exit-zero", help="Exit 0 even when the policy fails."),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Fail only on findings this baseline does not hold."),
    ] = None,
    update_baseline: Annotated[
        bool, typer.Option("--update-baseline", help="Write every finding to the baseline.")
    ] = False,
    disable: Annotated[
        list[str] | None,
        typer.Option(metavar="RULE", help="Turn a rule off (repeatable).", show_default=False),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Configuration file (default: found upwards)."),
    ] = None,
    today: cli_params.TodayOpt = None,
    seed: cli_params.SeedOpt = 0,
) -> None:
    """Validate and analyse FILE; exit 0 pass, 1 policy failed, 2 bad input."""
    from spofscan import check_options

    reports = {
        ReportFormat.json: json_file,
        ReportFormat.sarif: sarif_file,
        ReportFormat.junit: junit_file,
        ReportFormat.gitlab: gitlab_file,
        ReportFormat.markdown: markdown_file,
    }
    command_line = check_options.CommandLine(
        report_format, output, reports, fail_on, exit_zero, baseline,
        update_baseline, tuple(disable or ()),
    )  # fmt: skip
    options = check_options.resolve(command_line, _config(config))
    report = check_options.run_check(file, options, today, seed)
    check_options.emit(report, options, _terminal())
    raise typer.Exit(EXIT_PASS if check_options.passes(report, options) else EXIT_POLICY)


@app.command("what-if", cls=cli_params.Command)
def what_if(
    file: cli_params.FileArg,
    names: Annotated[list[str], cli_params.names_argument()],
    output_format: Annotated[
        WhatIfFormat,
        cli_params.format_option(WhatIfFormat, "Output format (default: text)."),
    ] = WhatIfFormat.text,
) -> None:
    """Fail components (all instances), journeys or instances and show what goes down."""
    from spofscan import pipeline
    from spofscan.render.what_if import render as render_what_if

    def answer() -> str:
        return render_what_if(output_format, *pipeline.fail(file, names), _terminal())

    sys.stdout.write(one_shot(answer))


@app.command(cls=cli_params.Command)
def explore(
    file: cli_params.FileArg,
    script: Annotated[
        str | None,
        typer.Option(
            metavar="FILE",
            help="Run the commands of FILE ('-': standard input) and exit; 2 at a bad one.",
        ),
    ] = None,
    echo: Annotated[
        bool, typer.Option("--echo", help="Scripted: print each command after the prompt.")
    ] = False,
) -> None:
    """Explore FILE interactively: fail, restore, why, spofs, pairs, fixes, apply, ..."""
    from spofscan.explore.run import explore as run_explorer

    raise typer.Exit(run_explorer(file, script, echo=echo, terminal=_terminal()))


@app.command(cls=cli_params.Command)
def render(
    file: cli_params.FileArg,
    output: Annotated[
        Path,
        cli_params.output_option("File to write; '-' for stdout."),
    ],
    names: Annotated[
        list[str] | None, cli_params.names_argument(" and draw what goes down")
    ] = None,
    diagram_format: Annotated[
        DiagramFormat | None,
        cli_params.format_option(DiagramFormat, "Format; by default from OUT's suffix."),
    ] = None,
    what_if: Annotated[
        list[str] | None,
        typer.Option(
            "--what-if",
            metavar="NAME",
            help="Fail NAME, as the NAME arguments do (repeatable; or a,b).",
            show_default=False,
        ),
    ] = None,
    journey: Annotated[
        str | None, typer.Option(metavar="NAME", help="Draw only what this journey needs.")
    ] = None,
    collapse: Annotated[
        bool | None,
        typer.Option(
            "--collapse/--no-collapse",
            help="Group replicas and summarise zones (default: from 1,000 components).",
            show_default=False,
        ),
    ] = None,
    today: cli_params.TodayOpt = None,
    seed: cli_params.SeedOpt = 0,
) -> None:
    """Draw FILE as an annotated diagram: svg, png, pdf, dot or mermaid (by OUT's suffix)."""
    from spofscan import pipeline
    from spofscan.atomic_write import write_atomically
    from spofscan.render.diagram import format_for

    to_stdout = str(output) == "-"
    if to_stdout and diagram_format is None:
        raise UsageError("--format is needed to write the diagram to stdout ('-o -')")
    fmt = format_for(output, diagram_format and diagram_format.value)
    drawing = one_shot(lambda: pipeline.render(
        file, fmt, what_if_names=[*(names or ()), *(what_if or ())], journey=journey,
        collapse=collapse,
        today=today, seed=seed,
    ))  # fmt: skip
    if drawing.collapsed_for is not None:
        typer.echo(
            f"spofscan: drew the collapsed view of {drawing.collapsed_for:,} components; "
            "--no-collapse draws each one",
            err=True,
        )
    if to_stdout:
        sys.stdout.buffer.write(drawing.data)
        return
    write_atomically(output, drawing.data)


@app.command(cls=cli_params.Command)
def report(
    file: cli_params.FileArg,
    output: Annotated[
        Path,
        cli_params.output_option("HTML file to write; '-' for stdout."),
    ],
    collapse: Annotated[
        bool | None,
        typer.Option(
            "--collapse/--no-collapse",
            help="Draw the collapsed view (default: from 1,000 components).",
            show_default=False,
        ),
    ] = None,
    today: cli_params.TodayOpt = None,
    seed: cli_params.SeedOpt = 0,
) -> None:
    """Write a self-contained HTML review page: diagram, verdict, fixes, and a what-if
    you drive by clicking."""
    from spofscan import pipeline
    from spofscan.atomic_write import write_atomically
    from spofscan.render.review import render as render_review
    from spofscan.report.options import ReviewFormat

    def page() -> bytes:
        review = pipeline.review(file, collapse=collapse, today=today, seed=seed)
        return render_review(ReviewFormat.html, review).encode("utf-8")

    data = one_shot(page)
    if str(output) == "-":
        sys.stdout.buffer.write(data)
        return
    write_atomically(output, data)


@app.command(cls=cli_params.Command)
def diff(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="BASE and HEAD architecture files, or one file with --base-ref.",
            metavar="[BASE] HEAD",
            show_default=False,
        ),
    ],
    base_ref: Annotated[
        str | None,
        typer.Option(help="Git revision to read the base version of the one FILE from."),
    ] = None,
    output_format: Annotated[
        DiffFormat,
        cli_params.format_option(DiffFormat, "Output format (default: text)."),
    ] = DiffFormat.text,
    tolerance: Annotated[
        str,
        typer.Option(
            help="How far availability may fall without failing: a fraction (0.0001) "
            "or percentage points (0.01%)."
        ),
    ] = "0",
    config: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Configuration file, for its rules turned off."),
    ] = None,
    today: cli_params.TodayOpt = None,
    seed: cli_params.SeedOpt = 0,
) -> None:
    """Compare two versions of an architecture; exit 1 on a new SPOF or lower availability."""
    from spofscan import pipeline
    from spofscan.render.diff import render as render_diff
    from spofscan.report.comparison import parse_tolerance

    base, head = _diff_files(files, base_ref)
    limit = parse_tolerance(tolerance)
    disable = _config(config).disable
    comparison = one_shot(lambda: pipeline.diff(
        head, base, base_ref=base_ref, tolerance=limit, today=today, seed=seed, disable=disable
    ))  # fmt: skip
    sys.stdout.write(render_diff(output_format, comparison, _terminal()))
    raise typer.Exit(EXIT_PASS if comparison.passed else EXIT_POLICY)


@import_app.command("compose", cls=cli_params.Command)
def import_compose(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE",
            help="Compose files, merged in order (later ones override).",
            show_default=False,
        ),
    ],
    output: Annotated[Path | None, cli_params.import_output_option()] = None,
    force: Annotated[bool, cli_params.force_option()] = False,
    profile: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME",
            help="Enable a profile (repeatable); default: COMPOSE_PROFILES, else none.",
            show_default=False,
        ),
    ] = None,
    env_file: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Variables to read (default: .env beside FILE)."),
    ] = None,
) -> None:
    """Write the architecture of a docker-compose project, to check and then keep."""
    from spofscan.importers.run import compose_architecture

    text = compose_architecture(
        [str(f) for f in files], environ=os.environ, profiles=profile or (),
        env_file=None if env_file is None else str(env_file),
    )  # fmt: skip
    _write_import(text, output, force)


@import_app.command("k8s", cls=cli_params.Command)
def import_k8s(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Manifests: files, folders, or '-' for standard input (helm template ... |).",
            show_default=False,
        ),
    ],
    output: Annotated[Path | None, cli_params.import_output_option()] = None,
    force: Annotated[bool, cli_params.force_option()] = False,
    nodes: Annotated[
        int,
        typer.Option(
            metavar="N", parser=cli_params.whole_number("--nodes"), help="Nodes of the cluster."
        ),
    ] = 3,
    zones: Annotated[
        str, typer.Option(metavar="A,B,...", help="Zones of the cluster, the nodes in turn.")
    ] = "a",
) -> None:
    """Write the architecture of Kubernetes manifests (kubectl, helm template, kustomize)."""
    from spofscan.importers.run import kubernetes_architecture

    names = _zones(nodes, zones)
    text = kubernetes_architecture(paths, nodes=nodes, zones=names, stdin=sys.stdin.buffer)
    _write_import(text, output, force)


def _write_import(text: str, output: Path | None, force: bool) -> None:
    """Print the imported architecture, or write it to ``output``, which must not
    exist unless ``force``: a kept model is someone's work."""
    from spofscan.atomic_write import write_atomically, write_new

    if output is None or str(output) == "-":
        sys.stdout.write(text)
    elif force:
        write_atomically(output, text)
    else:
        write_new(output, text)


@app.command(cls=cli_params.Command)
def drift(
    file: cli_params.FileArg,
    compose: Annotated[
        list[str] | None,
        typer.Option(
            metavar="FILE",
            help="A compose file of the deployment (repeatable, in order).",
            show_default=False,
        ),
    ] = None,
    k8s: Annotated[
        list[str] | None,
        typer.Option(
            metavar="PATH",
            help="Kubernetes manifests (repeatable; '-': standard input).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        DriftFormat,
        cli_params.format_option(DriftFormat, "Output format (default: text)."),
    ] = DriftFormat.text,
    profile: Annotated[
        list[str] | None,
        typer.Option(metavar="NAME", help="A compose profile to enable.", show_default=False),
    ] = None,
    nodes: Annotated[
        int, typer.Option(metavar="N", parser=cli_params.whole_number("--nodes"), help="Nodes.")
    ] = 3,
    zones: Annotated[str, typer.Option(metavar="A,B,...", help="Zones.")] = "a",
) -> None:
    """Compare an architecture with what is deployed; exit 1 when they disagree."""
    from spofscan import pipeline
    from spofscan.render.drift import render as render_drift

    found = one_shot(lambda: pipeline.drift(
        file, compose=compose or (), k8s=k8s or (), environ=os.environ,
        profiles=profile or (), nodes=nodes, zones=_zones(nodes, zones), stdin=sys.stdin.buffer,
    ))  # fmt: skip
    sys.stdout.write(render_drift(output_format, found, _terminal()))
    raise typer.Exit(EXIT_POLICY if found.drifted else EXIT_PASS)


def _zones(nodes: int, zones: str) -> list[str]:
    names = [zone.strip() for zone in zones.split(",") if zone.strip()]
    if nodes < 1 or not names:
        raise UsageError("--nodes must be at least 1, and --zones name at least one zone")
    return names


def _diff_files(files: list[Path], base_ref: str | None) -> tuple[Path | None, Path]:
    if base_ref is not None and len(files) == 1:
        return None, files[0]
    if base_ref is None and len(files) == 2:
        return files[0], files[1]
    wanted = "one FILE with --base-ref" if base_ref is not None else "BASE and HEAD"
    raise UsageError(f"diff: expected {wanted}, got {len(files)} file(s)")


def _config(path: Path | None) -> Config:
    from spofscan.config import load_config

    return load_config(None if path is None else str(path))


def _terminal() -> Terminal:
    from spofscan.render.terminal import Terminal

    if not sys.stdout.isatty():
        return Terminal()
    width = max(60, shutil.get_terminal_size((100, 24)).columns)
    return Terminal(width=width, color="NO_COLOR" not in os.environ)


def main() -> None:
    """Console-script entry point: every error is translated here, once, into a message
    and an exit code. A bug exits 2 as well, never 1, which CI would read as a verdict."""
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 stays printable
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    _session.debug = os.environ.get("SPOFSCAN_DEBUG", "") not in ("", "0")
    frozen_at_exit()
    keep_freed_memory()
    try:
        code = _run()
    except Exception as error:  # anything spofscan did not raise on purpose: a bug
        code = _internal_error(error)
    sys.exit(code)


def _run() -> str | int | None:
    """Run the command; its exit code, or that of the error it raised on purpose."""
    code: str | int | None = EXIT_INPUT
    try:
        try:
            app()  # standalone: usage errors exit 2 by themselves
            code = EXIT_PASS
        except SystemExit as done:
            code = done.code
        sys.stdout.flush()  # now, so that a failed write is reported, not ignored at exit
    except BrokenPipeError:  # the reader left (| head): nothing more to say to it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as error:
        if error.errno not in _WRITE_ERRORS:
            raise
        typer.echo(f"spofscan: error: cannot write the output: {error.strerror}", err=True)
        code = EXIT_INPUT
    except InputError as error:
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        code = EXIT_INPUT
    except SpofscanError as error:
        typer.echo(f"spofscan: error: {error}", err=True)
        code = EXIT_INPUT
    return code


def _internal_error(error: Exception) -> int:
    """Say in one line that spofscan failed, and how to report it; the traceback only
    with ``--debug`` or ``SPOFSCAN_DEBUG=1``."""
    if _session.debug:
        traceback.print_exception(type(error), error, error.__traceback__)
    message = " ".join(str(error).split())
    described = f"{type(error).__name__}: {message}" if message else type(error).__name__
    typer.echo(f"spofscan: internal error: {described}", err=True)
    if _session.debug:
        evidence = "the traceback above"
    else:
        evidence = "the output of: " + shlex.join(["spofscan", "--debug", *sys.argv[1:]])
    typer.echo(
        f"spofscan: please report this bug on spofscan's issue tracker, with {evidence}", err=True
    )
    return EXIT_INTERNAL


_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG})
