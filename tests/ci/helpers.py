"""What the CI-format tests share: every example checked once, from the repository root."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import sys
from pathlib import Path

import pytest

from spofscan import cli, pipeline

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted(p.stem for p in (ROOT / "examples").glob("*.yaml"))
TODAY = dt.date(2026, 11, 25)


@functools.cache
def example_report(example: str) -> pipeline.CheckReport:
    """``check`` of one example, as run from the repository's root."""
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return pipeline.check(f"examples/{example}.yaml", today=TODAY)
    finally:
        os.chdir(cwd)


@dataclasses.dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cwd: Path, *args: str
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


def repository(tmp_path: Path, files: dict[str, str]) -> Path:
    """A repository (a ``.git`` folder) holding ``files``."""
    (tmp_path / ".git").mkdir(parents=True)
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    return tmp_path
