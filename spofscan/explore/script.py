"""Scripted use: the commands of a file or of standard input, run one after the other,
printing what the prompt would print, so that a session can be replayed (in the docs,
in tests). The first bad command ends the run with exit code 2.

>>> from spofscan.explore.commands import Interpreter
>>> from spofscan.explore.session import Session
>>> explorer = Interpreter(Session.open("examples/single-vm.yaml"))
>>> run_script(explorer, ["pairs vm  # a comment"], sys.stdout)
Double faults with vm: 0
  vm is a single point of failure on its own (see: spofs)
0
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TextIO

from spofscan.explore.commands import Interpreter

PROMPT = "explore> "
EXIT_DONE, EXIT_BAD_COMMAND = 0, 2


def run_script(
    interpreter: Interpreter,
    lines: Iterable[str],
    out: TextIO,
    *,
    echo: bool = False,
    err: TextIO | None = None,
) -> int:
    """Run each line; with ``echo``, print it after the prompt first, as a transcript.
    0 at the end of the script or at ``quit``; 2 at the first bad command, whose error
    goes to ``err`` (standard error by default)."""
    for line in lines:
        command = line.rstrip("\n")
        if echo:
            out.write(f"{PROMPT}{command}\n")
        reply = interpreter.execute(command)
        out.write(reply.text)
        if reply.error:
            out.flush()
            (err or sys.stderr).write(f"spofscan: error: {reply.error}\n")
            return EXIT_BAD_COMMAND
        if reply.done:
            break
    return EXIT_DONE
