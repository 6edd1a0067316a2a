"""The interactive explorer through a pseudo-terminal (pexpect): completion, history
across sessions, an error that keeps the session, and a reload when the file changes.

Each step waits for the text it expects (never for a time), so a slow machine only makes
the test slower."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from conftest import ROOT

PROMPT = "explore>"


@pytest.fixture
def state_home(tmp_path: Path) -> Path:
    return tmp_path / "state"


def start(file: Path | str, state_home: Path) -> pexpect.spawn[str]:
    env = {
        **os.environ,
        "XDG_STATE_HOME": str(state_home),
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # pexpect answers no cursor position request
    }
    child: pexpect.spawn[str] = pexpect.spawn(
        sys.executable,
        ["-m", "spofscan", "explore", str(file)],
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 120),
    )
    child.expect(PROMPT)
    return child


@pytest.fixture
def explorer(state_home: Path) -> Iterator[pexpect.spawn[str]]:
    child = start("examples/two-zones.yaml", state_home)
    yield child
    child.close(force=True)


def quit_session(child: pexpect.spawn[str]) -> None:
    child.sendline("quit")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_tab_completes_commands_and_names(explorer: pexpect.spawn[str]) -> None:
    # The terminal may be sent only what completion added ("il" after "fa" already on
    # screen): wait for that part, which the whole word contains too.
    explorer.send("fa\t")  # "fail ", with its space
    explorer.expect("il")
    explorer.send("regi\t")
    explorer.expect("on_1")
    explorer.send("\r")
    explorer.expect("Failed: region_1. Down: 10")
    explorer.expect(PROMPT)
    quit_session(explorer)


def test_an_error_keeps_the_session(explorer: pexpect.spawn[str]) -> None:
    explorer.sendline("fail zone_c")
    explorer.expect(r"error: 'zone_c' is not a component.*did you mean 'zone_\w'\?")
    explorer.expect(PROMPT)
    explorer.sendline("fail zone_a")
    explorer.expect("Failed: zone_a. Down: 3")
    explorer.expect(PROMPT)
    quit_session(explorer)


def test_history_is_kept_across_sessions(state_home: Path) -> None:
    first = start("examples/two-zones.yaml", state_home)
    first.sendline("fail db_vm_b")
    first.expect("Failed: db_vm_b.")
    first.expect(PROMPT)
    quit_session(first)
    assert (state_home / "spofscan" / "history").read_text().count("fail db_vm_b") == 1
    second = start("examples/two-zones.yaml", state_home)
    second.send("\x1b[A")  # up: the last line of the session before
    second.expect("quit")
    second.send("\x1b[A")  # and the one before it
    second.expect("db_vm_b")
    second.send("\r")
    second.expect("Failed: db_vm_b.")
    second.expect(PROMPT)
    quit_session(second)


def replace(file: Path, text: str) -> None:
    """Write the file as editors do, whole: the explorer never reads half of it."""
    part = file.with_suffix(".part")
    part.write_text(text)
    part.replace(file)


def test_a_changed_file_is_reloaded_and_a_broken_one_reported(
    tmp_path: Path, state_home: Path
) -> None:
    file = tmp_path / "arch.yaml"
    shutil.copy(ROOT / "examples" / "two-zones.yaml", file)
    child = start(file, state_home)
    child.sendline("fail zone_a")
    child.expect("Failed: zone_a.")
    child.expect(PROMPT)
    text = file.read_text()
    replace(file, text.replace("vm_a", "vm_c"))
    child.expect("changed on disk: reloading")  # without a keystroke
    child.expect(r"Reloaded .*arch.yaml: 10 components")
    child.expect("Failed: zone_a. Down: 3")
    replace(file, text.replace("kind: zone", "kind: zoen", 1))
    child.expect("keeping the last good model")
    child.expect(f"{file}:\\d+:\\d+: error: ")
    child.sendline("why vm_c")
    child.expect("vm_c is down: vm_c -> zone_a")
    child.expect(PROMPT)
    quit_session(child)


def test_end_of_input_ends_the_session(explorer: pexpect.spawn[str]) -> None:
    explorer.sendeof()
    explorer.expect(pexpect.EOF)
    explorer.close()
    assert explorer.exitstatus == 0
