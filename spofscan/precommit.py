"""Run ``spofscan validate`` or ``spofscan check`` once per file, for pre-commit hooks.

pre-commit calls a hook's ``entry`` with the hook's ``args`` and then the names of the
files that changed, several at once::

    python -m spofscan.precommit check --fail-on warning infra/architecture.yaml b.yaml

``validate`` and ``check`` read one file each, so this runs the command once per file
with the same options, and exits with the worst code: 2 (bad input) over 1 (policy
failed) over 0. Options are told from file names by asking the command which of its
options take a value, so every option of the command works in ``args``.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence

import typer.core
import typer.main

from spofscan import cli

COMMANDS = ("validate", "check")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command on each file; the worst exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in COMMANDS:
        print(f"usage: python -m spofscan.precommit {{{','.join(COMMANDS)}}} [OPTIONS] FILE...")
        return cli.EXIT_INPUT
    options, files = split_arguments(_command(args[0]), args[1:])
    codes = [_run(args[0], options, file) for file in files]
    return max(codes, default=cli.EXIT_PASS)


def split_arguments(
    command: typer.core.TyperCommand, args: Sequence[str]
) -> tuple[list[str], list[str]]:
    """The options (with their values) and the file names in ``args``.

    >>> command = _command("check")
    >>> split_arguments(command, ["--fail-on", "warning", "a.yaml", "--exit-zero", "b.yaml"])
    (['--fail-on', 'warning', '--exit-zero'], ['a.yaml', 'b.yaml'])
    """
    takes_value = _options_with_values(command)
    options: list[str] = []
    files: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            files.extend(rest)
        elif arg.startswith("-") and arg != "-":
            options.append(arg)
            value = next(rest, None) if arg in takes_value else None
            if value is not None:
                options.append(value)
        else:
            files.append(arg)
    return options, files


def _options_with_values(command: typer.core.TyperCommand) -> frozenset[str]:
    """The option names of ``command`` that take a value (``--fail-on``, ``-f``)."""
    return frozenset(
        name
        for param in command.params
        if isinstance(param, typer.core.TyperOption) and not param.is_flag and not param.count
        for name in param.opts
    )


def _command(name: str) -> typer.core.TyperCommand:
    group = typer.main.get_command(cli.app)
    assert isinstance(group, typer.core.TyperGroup)
    command = group.commands[name]
    assert isinstance(command, typer.core.TyperCommand)
    return command


def _run(command: str, options: Sequence[str], file: str) -> int:
    done = subprocess.run([sys.executable, "-m", "spofscan", command, *options, file], check=False)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
