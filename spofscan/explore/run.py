"""Start an exploration: load the file, then read commands from a script, from standard
input when it is not a terminal, or at the prompt."""

from __future__ import annotations

import os
import sys

from spofscan.errors import UsageError
from spofscan.explore.commands import Interpreter
from spofscan.explore.script import run_script
from spofscan.explore.session import Session
from spofscan.gc_pause import keep_to_the_end
from spofscan.render.terminal import PLAIN, Terminal


def explore(
    path: str | os.PathLike[str],
    script: str | None = None,
    *,
    echo: bool = False,
    terminal: Terminal = PLAIN,
) -> int:
    """Explore the file at ``path``; the exit code (0, or 2 at a script's bad command).
    An invalid file raises its located errors, as every command does."""
    session = Session.open(path)
    keep_to_the_end()  # the model lives as long as the session
    if script is not None:
        return run_script(Interpreter(session), _lines(script), sys.stdout, echo=echo)
    if not sys.stdin.isatty():
        return run_script(Interpreter(session), sys.stdin, sys.stdout, echo=echo)
    from spofscan.explore.prompt import run_prompt  # prompt_toolkit: only at a terminal

    return run_prompt(Interpreter(session, terminal))


def _lines(script: str) -> list[str]:
    if script == "-":
        return sys.stdin.readlines()
    try:
        with open(script, encoding="utf-8") as stream:
            return stream.readlines()
    except OSError as error:
        raise UsageError(f"--script: cannot read {script}: {error.strerror or error}") from None
