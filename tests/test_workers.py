"""Work on several processes gives what it gives one after another: fixed files measured
by workers, and work done beside this process."""

from __future__ import annotations

import datetime
import functools
import multiprocessing
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from spofscan import workers
from spofscan.analysis.analyse import analyse
from spofscan.loading import load_architecture_text
from spofscan.pipeline import check_text
from spofscan.remediation import plan
from spofscan.remediation.candidates import candidates
from spofscan.remediation.snippets import parse_document
from spofscan.render.check.json import render_check
from spofscan.workers import (
    LARGE_FILE,
    MIN_PARALLEL_JOBS,
    WORTH_FORKING,
    available_workers,
    beside,
    busy_beside,
    run_all,
)

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml

FORKS = available_workers(MIN_PARALLEL_JOBS) > 1


def square(n: int) -> int:
    return n * n


def test_results_come_back_in_the_order_of_the_jobs() -> None:
    jobs = list(range(20))
    assert run_all(square, jobs, workers=2) == [n * n for n in jobs]
    assert run_all(square, jobs, workers=1) == [n * n for n in jobs]


def test_few_jobs_are_not_worth_a_worker() -> None:
    assert available_workers(MIN_PARALLEL_JOBS - 1) == 1
    assert available_workers(0) == 1
    assert available_workers(1, LARGE_FILE) == 1


@pytest.mark.skipif(not FORKS, reason="this system cannot fork workers, or has one core")
def test_two_fixes_of_a_large_file_are_worth_two_workers() -> None:
    assert available_workers(2, LARGE_FILE - 1) == 1
    assert available_workers(2, LARGE_FILE) == 2


@pytest.mark.skipif(not FORKS, reason="this system cannot fork workers, or has one core")
@pytest.mark.parametrize("example", ["single-vm", "two-zones", "microservices"])
def test_parallel_measurement_equals_the_sequential_one(example: str) -> None:
    path = ROOT / "examples" / f"{example}.yaml"
    text = path.read_text()
    arch = load_architecture_text(text, path.name)
    analysis = analyse(arch)
    document = parse_document(text, path.name)
    found = candidates(document, [s.component for s in analysis.spofs], analysis.shared_fate)
    assert len(found) >= 2
    jobs = list(range(len(found)))
    plan._FIXING, plan._BASE = (document, [c.entries for c in found]), arch
    try:
        assert run_all(plan._outcome, jobs, workers=2) == run_all(plan._outcome, jobs, workers=1)
    finally:
        plan._FIXING = plan._BASE = None


@pytest.mark.skipif(not FORKS, reason="this system cannot fork workers, or has one core")
def test_this_process_works_beside_the_workers() -> None:
    pids = run_all(_slow_pid, list(range(8)), workers=2)
    assert os.getpid() in pids  # the last jobs, which no worker had taken
    assert set(pids) - {os.getpid()}  # and a worker took the first
    assert pids[0] != os.getpid()


@pytest.mark.skipif(not FORKS, reason="this system cannot fork workers, or has one core")
def test_two_jobs_of_a_large_file_are_one_here_and_one_in_a_worker() -> None:
    """This process takes the last job before the worker is given more: given both, the
    one worker of two cores ran them one after the other while this process waited."""
    for _ in range(3):
        pids = run_all(_slow_pid, [0, 1], workers=2, components=LARGE_FILE)
        assert pids[1] == os.getpid()
        assert pids[0] != os.getpid()


def _slow_pid(_: int) -> int:
    time.sleep(0.05)
    return os.getpid()


def _pid(_: int) -> int:
    return os.getpid()


def test_quick_jobs_of_a_small_file_stay_here() -> None:
    assert run_all(_pid, list(range(8)), components=300) == [os.getpid()] * 8


@pytest.mark.skipif(not FORKS, reason="this system cannot fork workers, or has one core")
def test_slow_jobs_of_a_small_file_go_to_a_worker_after_the_timed_one() -> None:
    assert WORTH_FORKING <= 7 * 0.05  # seven jobs left at the timed one's pace
    pids = run_all(_slow_pid, list(range(8)), components=300)
    assert pids[-1] == os.getpid()  # the timed one
    assert pids[0] != os.getpid()


@pytest.mark.skipif(not FORKS, reason="this system cannot fork workers, or has one core")
def test_jobs_of_a_dying_worker_are_done_here() -> None:
    jobs = list(range(6))
    assert run_all(_square_unless_forked, jobs, workers=2) == [n * n for n in jobs]


@pytest.mark.skipif(not FORKS, reason="this system cannot fork workers, or has one core")
def test_a_pool_broken_early_leaves_every_job_here_and_nothing_on_stderr(
    capfd: pytest.CaptureFixture[str],
) -> None:
    # The worker dies on its first job, while jobs are still being handed out: handing
    # them all out at once raised BrokenProcessPool out of submit; a job taken back
    # (cancelled) then made the pool's thread print a traceback.
    for _ in range(5):
        jobs = list(range(2_000))
        assert run_all(_square_unless_forked, jobs, workers=2) == [n * n for n in jobs]
    assert capfd.readouterr().err == ""


@pytest.mark.skipif(not FORKS, reason="this system cannot fork workers, or has one core")
@pytest.mark.parametrize("dies_at", [None, 7, 40])
def test_every_job_runs_once_whatever_its_length(dies_at: int | None, tmp_path: Path) -> None:
    # Jobs of random lengths, each writing down each of its runs: a job run twice (by a
    # worker and here, its second result never read) or never would show.
    jobs = [(tmp_path, n, dies_at, random.Random(n).uniform(0, 0.01)) for n in range(60)]
    assert run_all(_once, jobs, workers=2) == [n * n for n in range(60)]
    runs = {int(p.name): p.read_text().count("ran") for p in tmp_path.iterdir()}
    assert runs == dict.fromkeys(range(60), 1)


def _once(job: tuple[Path, int, int | None, float]) -> int:
    folder, n, dies_at, seconds = job
    if n == dies_at and os.getpid() != PARENT:
        os._exit(9)  # as if killed, out of memory, before doing anything
    time.sleep(seconds)
    with (folder / str(n)).open("a") as runs:  # each run of the job, wherever it ran
        runs.write("ran\n")
    return n * n


@pytest.mark.parametrize("failing", [0, 19])  # a worker's first job, this process's
def test_an_error_of_a_job_reaches_the_caller(failing: int) -> None:
    with pytest.raises(ValueError, match=f"job {failing}"):
        run_all(functools.partial(_square_unless, failing), list(range(20)), workers=2)


def _square_unless(failing: int, n: int) -> int:
    if n == failing:
        raise ValueError(f"job {n}")
    return n * n


@pytest.mark.skipif(not FORKS, reason="this system cannot fork workers, or has one core")
def test_a_check_whose_workers_die_reports_as_one_whose_workers_live(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    path = ROOT / "layered-100.yaml"  # not read: its text is given
    text = to_yaml(generate(100, shape="layered"))
    check = datetime.date(2026, 1, 1)
    alive = render_check(check_text(text, str(path), today=check))
    monkeypatch.setattr(plan, "_outcome", _measured_unless_forked)
    forked: list[int] = []
    monkeypatch.setattr(workers, "_probed", _forks_all(workers._probed, forked))
    assert render_check(check_text(text, str(path), today=check)) == alive
    assert forked  # workers were forked, and died
    assert capfd.readouterr().err == ""


_MEASURE = plan._outcome


def _measured_unless_forked(index: int) -> object:
    if os.getpid() != PARENT:
        os._exit(9)  # as if killed, out of memory
    return _MEASURE(index)


def _forks_all(probed: Any, forked: list[int]) -> Any:
    """``workers._probed`` that records how many processes it gave the jobs."""

    def recorded(*args: Any) -> Any:
        done, count = probed(*args)
        if count > 1:
            forked.append(count)
        return done, count

    return recorded


PARENT = os.getpid()


def _square_unless_forked(n: int) -> int:
    if os.getpid() != PARENT:
        os._exit(9)  # as if killed, out of memory
    return n * n


def test_work_beside_gives_what_it_gives_one_after_the_other() -> None:
    there, here = beside(lambda: [square(n) for n in range(5)], lambda: "here")
    assert (there, here) == ([0, 1, 4, 9, 16], "here")
    assert beside(lambda: square(3), lambda: 4, worth_it=False) == (9, 4)


@pytest.mark.skipif(not FORKS, reason="this system cannot fork workers, or has one core")
def test_work_beside_runs_in_another_process_when_worth_it() -> None:
    assert beside(os.getpid, os.getpid)[0] != os.getpid()
    assert beside(os.getpid, os.getpid, worth_it=False)[0] == os.getpid()


def test_an_error_beside_reaches_the_caller() -> None:
    def fails() -> int:
        raise ValueError("no such node")

    with pytest.raises(ValueError, match="no such node"):
        beside(fails, lambda: 1)


@pytest.mark.skipif(not FORKS, reason="this system cannot fork workers, or has one core")
def test_work_whose_process_dies_is_done_here() -> None:
    parent = os.getpid()

    def dies_unless_here() -> int:
        if os.getpid() != parent:
            os._exit(9)  # as if killed, out of memory
        return 7

    assert beside(dies_unless_here, lambda: 1) == (7, 1)


@pytest.mark.skipif(not FORKS, reason="this system cannot fork workers, or has one core")
def test_the_process_beside_is_let_go_once_its_work_is_done(tmp_path: Path) -> None:
    go = tmp_path / "go"

    def there() -> int:
        while not go.exists():
            time.sleep(0.01)
        return os.getpid()

    def here() -> tuple[bool, bool, int]:
        before = busy_beside()  # there waits for the file: busy
        go.touch()
        deadline = time.monotonic() + 60
        while busy_beside() and time.monotonic() < deadline:
            time.sleep(0.01)
        return before, busy_beside(), len(multiprocessing.active_children())

    pid, (before, after, children) = beside(there, here)
    assert pid != os.getpid()
    assert before and not after
    assert children == 0  # its process is gone, before this one's work is done
    assert not busy_beside()
