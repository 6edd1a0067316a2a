"""What the CI-format tests share: every example checked once, from the repository root."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import cli_runner
import pytest
from cli_runner import Run
from conftest import ROOT, TODAY

from spofscan import pipeline
from spofscan.report.check import CheckReport


@functools.cache
def example_report(example: str) -> CheckReport:
    """``check`` of one example, as run from the repository's root."""
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return pipeline.check(f"examples/{example}.yaml", today=TODAY)
    finally:
        os.chdir(cwd)


def in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cwd: Path, *args: str
) -> Run:
    """``spofscan ARGS`` through the console-script entry point, run in ``cwd``."""
    return cli_runner.in_process(monkeypatch, capsys, *args, cwd=cwd)


def repository(tmp_path: Path, files: dict[str, str]) -> Path:
    """A repository (a ``.git`` folder) holding ``files``."""
    (tmp_path / ".git").mkdir(parents=True)
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    return tmp_path
