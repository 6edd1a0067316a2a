"""The options of ``check`` as CI uses them: the command line merged over the project's
configuration, the baseline read or written, the reports written, the gate applied.

The command line wins over the configuration: a format given there takes its output
path with it, rules turned off add up, and a report path given for a format replaces
the configuration's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from spofscan import pipeline
from spofscan.atomic_write import write_atomically
from spofscan.config import Config
from spofscan.errors import Location, UsageError, input_error
from spofscan.findings.baseline import Baseline, baseline_text, parse_baseline, read_baseline
from spofscan.findings.catalog import find_rule
from spofscan.gc_pause import keep_to_the_end
from spofscan.render.check import render
from spofscan.render.terminal import Terminal
from spofscan.report.check import CheckReport
from spofscan.report.options import FILE_FORMATS, FailOn, ReportFormat


@dataclass(frozen=True)
class CommandLine:
    """What the command line said; ``None`` where it said nothing."""

    report_format: ReportFormat | None = None
    output: Path | None = None
    reports: Mapping[ReportFormat, Path | None] = field(default_factory=dict)
    fail_on: FailOn | None = None
    exit_zero: bool | None = None
    baseline: Path | None = None
    update_baseline: bool = False
    disable: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckOptions:
    """The options in force once the command line and the configuration are merged."""

    report_format: ReportFormat = ReportFormat.text
    output: str | None = None
    reports: tuple[tuple[ReportFormat, str], ...] = ()
    fail_on: FailOn = FailOn.error
    exit_zero: bool = False
    baseline: str | None = None
    update_baseline: bool = False
    disable: tuple[str, ...] = ()


def resolve(cli: CommandLine, config: Config) -> CheckOptions:
    """Merge the command line over the configuration."""
    report_format = cli.report_format or ReportFormat(config.format or "text")
    # a --format on the command line takes its --output (or stdout) with it
    output = _str(cli.output) or (None if cli.report_format else config.paths.get("output"))
    reports = {f: config.paths[f.value] for f in FILE_FORMATS if f.value in config.paths}
    reports.update({f: str(p) for f, p in cli.reports.items() if p is not None})
    baseline = _str(cli.baseline) or config.paths.get("baseline")
    if cli.update_baseline and baseline is None:
        raise UsageError("--update-baseline needs a baseline file: --baseline FILE")
    disabled = {find_rule(rule).id for rule in cli.disable} | set(config.disable)
    return CheckOptions(
        report_format=report_format,
        output=output,
        reports=tuple(sorted(reports.items(), key=lambda item: item[0].value)),
        fail_on=cli.fail_on or FailOn(config.fail_on or FailOn.error),
        exit_zero=cli.exit_zero if cli.exit_zero is not None else bool(config.exit_zero),
        baseline=baseline,
        update_baseline=cli.update_baseline,
        disable=tuple(sorted(disabled)),
    )


def run_check(file: Path, options: CheckOptions, today: dt.date | None, seed: int) -> CheckReport:
    """Check ``file`` against the baseline; with ``--update-baseline``, write it first."""
    baseline = None if options.update_baseline else _baseline(options.baseline)
    report = pipeline.check(
        file,
        fail_on=options.fail_on,
        today=today,
        seed=seed,
        baseline=baseline,
        disable=options.disable,
    )
    keep_to_the_end(len(report.architecture.components))  # written, and the process ends
    if options.update_baseline and options.baseline is not None:
        report = dataclasses.replace(report, baseline=_write_baseline(report, options.baseline))
    return report


def _baseline(path: str | None) -> Baseline | None:
    if path is None:
        return None
    if not os.path.exists(path):
        hint = "write it with --update-baseline"
        raise input_error(Location(path), "no such baseline file", hint)
    return read_baseline(path)


def _write_baseline(report: CheckReport, path: str) -> Baseline:
    content = baseline_text(report.findings)
    write_atomically(path, content, make_parents=True)
    noun = "finding" if len(report.findings) == 1 else "findings"
    print(f"spofscan: wrote {len(report.findings)} {noun} to {path}", file=sys.stderr)
    return parse_baseline(content, path)


def emit(report: CheckReport, options: CheckOptions, terminal: Terminal) -> None:
    """Write the main report (stdout, or ``--output``) and every extra report file."""
    for report_format, path in options.reports:
        write_atomically(path, render(report_format, report), make_parents=True)
    if options.output is not None and options.output != "-":  # "-" is stdout, as for render
        write_atomically(options.output, render(options.report_format, report), make_parents=True)
    else:
        sys.stdout.write(render(options.report_format, report, terminal))


def passes(report: CheckReport, options: CheckOptions) -> bool:
    """Whether ``check`` exits 0: the report passed, or ``--exit-zero`` asked for it."""
    return report.passed or options.exit_zero


def _str(path: Path | None) -> str | None:
    return None if path is None else str(path)
