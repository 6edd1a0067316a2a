"""The cycle collector out of the way: paused while a model is built, and a model the
process keeps until it exits taken out of its sight (frozen) once checked."""

from __future__ import annotations

import atexit
import gc
import subprocess
import sys
from collections.abc import Iterator

import pytest
from cli_runner import in_process
from conftest import ROOT

from spofscan import gc_pause
from spofscan.gc_pause import FREEZE_FROM, FREEZE_OBJECTS, collector_paused, keep_to_the_end


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """Objects this test freezes go back to the collector afterwards."""
    gc.unfreeze()
    try:
        yield
    finally:
        gc.unfreeze()


def test_the_collector_is_paused_inside_and_back_after() -> None:
    @collector_paused
    def inside() -> bool:
        return gc.isenabled()

    assert gc.isenabled()
    assert inside() is False
    assert gc.isenabled()


def test_a_large_model_is_frozen_a_small_one_left_alone(unfrozen: None) -> None:
    keep_to_the_end(FREEZE_FROM - 1)
    assert gc.get_freeze_count() == 0
    keep_to_the_end(FREEZE_FROM)
    assert gc.get_freeze_count() > 0


def test_check_freezes_the_model_it_keeps_to_the_end(
    unfrozen: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(gc_pause, "FREEZE_FROM", 1)  # the example counts as large
    run = in_process(monkeypatch, capsys, "check", str(ROOT / "examples" / "single-vm.yaml"))
    assert run.code == 1  # its SPOFs fail it; the report was written all the same
    assert "FAILED" in run.stdout
    assert gc.get_freeze_count() > 0


def test_a_one_shot_freezes_what_it_made_when_that_is_a_large_model(unfrozen: None) -> None:
    def made(count: int) -> list[list[object]]:
        return [[] for _ in range(count)]  # ``count`` objects the collector tracks, kept

    small = gc_pause.one_shot(lambda: made(FREEZE_OBJECTS // 10))
    assert gc.isenabled() and gc.get_freeze_count() == 0
    large = gc_pause.one_shot(lambda: made(FREEZE_OBJECTS))
    assert gc.isenabled() and gc.get_freeze_count() >= FREEZE_OBJECTS
    assert len(small) == FREEZE_OBJECTS // 10 and len(large) == FREEZE_OBJECTS


def test_a_one_shot_that_fails_leaves_the_collector_running(unfrozen: None) -> None:
    def failing() -> None:
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        gc_pause.one_shot(failing)
    assert gc.isenabled() and gc.get_freeze_count() == 0


@pytest.mark.parametrize(
    "command",
    [
        ["render", "{file}", "-o", "-", "--format", "dot"],
        ["report", "{file}", "-o", "-"],
        ["what-if", "{file}", "vm"],
        ["diff", "{file}", "{file}"],
    ],
    ids=lambda c: c[0],
)
def test_the_one_shot_commands_freeze_the_model_they_keep(
    command: list[str],
    unfrozen: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(gc_pause, "FREEZE_OBJECTS", 1)  # the example counts as large
    file = str(ROOT / "examples" / "single-vm.yaml")
    run = in_process(monkeypatch, capsys, *(part.format(file=file) for part in command))
    assert run.code == 0, run.stderr
    assert run.stdout
    assert gc.get_freeze_count() > 0
    assert gc.isenabled()


def test_the_command_line_freezes_everything_at_exit() -> None:
    """A command leaves nothing for the collector's passes at exit: an exit handler
    registered before it (so run after its own) finds every object frozen, and nothing
    is frozen before the exit, however many commands the process ran."""
    script = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('at exit', gc.get_freeze_count() > 0))\n"
        "from spofscan import cli\n"
        "sys.argv = ['spofscan', '--version']\n"
        "for _ in range(3):\n"
        "    try:\n        cli.main()\n    except SystemExit:\n        pass\n"
        "print('before', gc.get_freeze_count())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.splitlines()[-2:] == ["before 0", "at exit True"]


def test_the_freeze_at_exit_is_registered_once(monkeypatch: pytest.MonkeyPatch) -> None:
    registered: list[object] = []

    def unregister(handler: object) -> None:
        registered[:] = [h for h in registered if h is not handler]

    monkeypatch.setattr(atexit, "register", registered.append)
    monkeypatch.setattr(atexit, "unregister", unregister)
    for _ in range(3):
        gc_pause.frozen_at_exit()
    assert registered == [gc.freeze]
