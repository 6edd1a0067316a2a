"""Running spofscan's command line from tests: in a real process, or in this one.

A real process (``python -m spofscan``, output through pipes) checks exit codes and
the split between stdout and stderr as users meet them; the in-process run (the
console-script entry point under a patched ``sys.argv``) is quicker for the rest.
Neither may ever print a traceback.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT

from spofscan import cli


@dataclass(frozen=True)
class Run:
    """What a run of spofscan gave back."""

    code: int
    stdout: str
    stderr: str


def spofscan(*args: str, cwd: Path = ROOT, input: str | None = None) -> Run:
    """``python -m spofscan ARGS`` in a real process, run in ``cwd``; ``input`` on its
    standard input (else it inherits this one)."""
    done = subprocess.run(
        [sys.executable, "-m", "spofscan", *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return Run(done.returncode, done.stdout, done.stderr)


def in_process(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *args: str,
    cwd: Path = ROOT,
) -> Run:
    """``spofscan ARGS`` through the console-script entry point, run in ``cwd``."""
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "argv", ["spofscan", *args])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    code = exited.value.code
    return Run(code if isinstance(code, int) else 0 if code is None else 1, out, err)
