"""docs/explore.md shows a session recorded with ``--script``: this test replays it and
compares, so that the page cannot go stale (``SPOFSCAN_UPDATE_GOLDEN=1`` rewrites it)."""

from __future__ import annotations

import re
import shlex

import pytest
from cli_runner import in_process
from conftest import ROOT
from golden_files import UPDATE

PAGE = ROOT / "docs" / "explore.md"
BLOCK = re.compile(
    r"(<!-- explore-session: generated[^\n]*-->\n```console\n\$ (?P<command>[^\n]*)\n)"
    r"(?P<output>.*?)(```\n<!-- explore-session: end -->)",
    re.S,
)


def test_the_recorded_session_is_what_spofscan_prints(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = PAGE.read_text(encoding="utf-8")
    match = BLOCK.search(text)
    assert match is not None, "docs/explore.md has lost its recorded session"
    program, *args = shlex.split(match["command"])
    assert program == "spofscan"
    run = in_process(monkeypatch, capsys, *args)
    assert run.code == 0, run.stderr
    if UPDATE:
        start, end = match.span("output")
        PAGE.write_text(text[:start] + run.stdout + text[end:], encoding="utf-8")
        return
    assert match["output"] == run.stdout, "docs/explore.md is stale: SPOFSCAN_UPDATE_GOLDEN=1"


def test_the_script_it_replays_is_in_the_docs() -> None:
    assert (ROOT / "docs" / "explore-session.txt").exists()
    assert "[explore-session.txt](explore-session.txt)" in PAGE.read_text(encoding="utf-8")
