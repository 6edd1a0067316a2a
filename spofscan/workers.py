"""Independent work on several cores, where the system can fork.

:func:`run_all` measures many fixed files at once, one per core: each fix is measured
on its own fixed file, independent work dominated by building that file's diagram.
:func:`beside` runs one piece of work in a second process while this one does another
(the analyses a report needs beside the availability). On Linux with several cores the
work goes to forked processes (which inherit the loaded code and data, so nothing is
imported or pickled twice but the jobs and their results); elsewhere, with one core or
little work, it runs here in turn. Results are the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Generic, TypeVar, cast

MIN_PARALLEL_JOBS = 4  # fewer are not worth starting workers for (:func:`worth_a_worker`)
LARGE_FILE = 10_000  # components from which each job takes seconds: two are worth it
WORTH_FORKING = 0.15  # seconds of jobs left, below a large file, to fork a pool for

J = TypeVar("J")
R = TypeVar("R")
T = TypeVar("T")


def run_all(
    work: Callable[[J], R], jobs: Sequence[J], workers: int | None = None, components: int = 0
) -> list[R]:
    """``work`` of every job, in order; on ``workers`` processes, this one among them
    (default: one per available core, when forking is possible and there are enough jobs
    for a file of ``components`` components: :func:`worth_a_worker`).

    This process works too, from the last job back, on each job no forked worker has
    been given (it would otherwise only wait, and a worker costs memory: each copies,
    page by page, the parts of this process's objects it touches, reference counts being
    written, a gigabyte on a file of 100,000 components). It takes the last job before
    any worker is given a second: else the one worker of two cores was given both fixes
    of a file of 100,000 components and ran them one after the other while this process
    waited (its fixes 12 -> 19 s). The workers are given the jobs from the first on, one
    more than they run at a time, or on a file of ``LARGE_FILE`` components or more one
    at a time (:class:`_Feeder`). On a file smaller than ``LARGE_FILE``, the last job is
    done first and timed, and the others go to workers only when worth it
    (:func:`_probed`). A worker that dies (killed, out of memory) leaves its job and
    every job not yet given to be done here."""
    count = available_workers(len(jobs), components) if workers is None else workers
    if count < 2:
        return [work(job) for job in jobs]
    done_here: dict[int, R] = {}
    if workers is None and components < LARGE_FILE:
        done_here, count = _probed(work, jobs, components)
        if count < 2:
            return _rest_here(work, jobs, done_here)
    try:
        pool = ProcessPoolExecutor(count - 1, mp_context=multiprocessing.get_context("fork"))
    except OSError:  # no processes to be had: do it here
        return _rest_here(work, jobs, done_here)
    # A large file's jobs take seconds: a worker is given one at a time, not one more
    # waiting, which this process could have taken once its own were done
    window = count - 1 if components >= LARGE_FILE else count
    with pool:
        feeder = _Feeder(pool, work, jobs, len(jobs) - len(done_here), window)
        try:
            i = feeder.take_last()  # before the thread gives more: one job is this one's
            feeder.start()
            while i is not None:
                done_here[i] = work(jobs[i])
                i = feeder.take_last()
        finally:
            feeder.stop()
        return [
            done_here[i] if i in done_here else _result(feeder.futures[i], work, jobs[i])
            for i in range(len(jobs))
        ]


class _Feeder(Generic[J, R]):
    """Gives a pool the first ``end`` jobs in order, ``window`` at most given and not
    done at a time, from a thread of this process, while this process takes the last
    ones not given (:meth:`take_last`).

    No job is handed out and then taken back: a future cancelled in a pool that then
    breaks (a worker killed) made CPython 3.11's pool thread fail setting its error
    (InvalidStateError, a traceback on stderr; CPython gh-107219), and handing every
    job out at once made a pool that broke meanwhile refuse the rest
    (BrokenProcessPool out of ``submit``). The first job is given here, before the
    thread starts: the pool forks its workers then, and forking with that thread
    running could copy a lock it holds. The thread starts when told (:meth:`start`),
    once this process has taken its first job."""

    def __init__(
        self,
        pool: ProcessPoolExecutor,
        work: Callable[[J], R],
        jobs: Sequence[J],
        end: int,
        window: int,
    ) -> None:
        self._pool, self._work, self._jobs, self._window = pool, work, jobs, window
        self._lock = threading.Lock()
        self._next, self._end = 0, end  # jobs [next, end) are neither given nor taken
        self.futures: dict[int, Future[R]] = {}
        self._busy: set[Future[R]] = set()  # given and not known to be done
        self._give(1)
        self._thread = threading.Thread(target=self._run, name="spofscan-feeder", daemon=True)

    def start(self) -> None:
        """Give the rest from the thread, from now on."""
        self._thread.start()

    def take_last(self) -> int | None:
        """The last job neither given nor taken yet, now taken; None when none is left."""
        with self._lock:
            if self._next >= self._end:
                return None
            self._end -= 1
            return self._end

    def stop(self) -> None:
        """Give no more jobs, and wait for the thread."""
        with self._lock:
            self._end = self._next
        if self._thread.ident is not None:  # started
            self._thread.join()

    def _run(self) -> None:
        while self._give(self._window):
            wait(list(self._busy), return_when=FIRST_COMPLETED)

    def _give(self, window: int) -> bool:
        """Give jobs until ``window`` of them are given and not done; False when none
        is left to give or the pool is broken."""
        with self._lock:
            self._busy = {f for f in self._busy if not f.done()}
            while len(self._busy) < window and self._next < self._end:
                try:
                    future = self._pool.submit(self._work, self._jobs[self._next])
                except (BrokenProcessPool, OSError):  # a worker died, or none could be
                    return False  # had: the rest is taken here
                self.futures[self._next] = future
                self._busy.add(future)
                self._next += 1
            return self._next < self._end


def _probed(work: Callable[[J], R], jobs: Sequence[J], components: int) -> tuple[dict[int, R], int]:
    """The last job done here, timed, and how many processes the others are worth.

    Forking a pool costs this process tens of milliseconds (the fork, the workers'
    first writes to its pages, their shutdown), which a file of a few hundred components
    does not win back when its jobs take milliseconds: a round of six fixes of
    ``stacks:300`` took 0.02 s here and 0.04 s with a worker. The others are forked out
    only when, at the last one's pace, they would take ``WORTH_FORKING`` seconds here."""
    last = len(jobs) - 1
    start = time.perf_counter()
    done = {last: work(jobs[last])}
    if (time.perf_counter() - start) * last < WORTH_FORKING:
        return done, 1
    return done, available_workers(last, components)


def _rest_here(work: Callable[[J], R], jobs: Sequence[J], done: dict[int, R]) -> list[R]:
    """``work`` of every job, in order, here: those ``done`` already are not done again."""
    return [done[i] if i in done else work(job) for i, job in enumerate(jobs)]


def _result(future: Future[R], work: Callable[[J], R], job: J) -> R:
    """The result of ``future``, ``work`` of ``job``; done here if its worker died."""
    try:
        return future.result()
    except BrokenProcessPool:  # killed, out of memory
        return work(job)


def worth_a_worker(components: int) -> int:
    """The fewest jobs worth starting workers for, on a file of ``components``.

    >>> [worth_a_worker(n) for n in (100, 10_000)]
    [4, 2]
    """
    return 2 if components >= LARGE_FILE else MIN_PARALLEL_JOBS


def available_workers(jobs: int, components: int = 0) -> int:
    """How many processes ``jobs`` jobs on a file of ``components`` get: the cores this
    process may use, on a system that forks (Linux), at most one per job; 1 when
    parallel is not worth it."""
    if jobs < worth_a_worker(components):
        return 1
    return min(_forkable_cores(), jobs)


def _forkable_cores() -> int:
    """The cores this process may use, on a system that forks (Linux); else 1."""
    if not hasattr(os, "sched_getaffinity"):
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return len(os.sched_getaffinity(0))


def beside(there: Callable[[], R], here: Callable[[], T], *, worth_it: bool = True) -> tuple[R, T]:
    """``there()`` and ``here()``, the first in a forked process while this one runs
    the second, when ``worth_it`` and two cores and forking are to be had; else one
    after the other, here. ``there`` is inherited by the fork, not pickled (a closure
    will do); its result comes back pickled, and so does an exception it raises. A
    process that cannot be had, or dies, leaves ``there`` to run here."""
    if not worth_it or _forkable_cores() < 2:
        return there(), here()
    global _THERE
    _THERE = there
    try:
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        future = pool.submit(_run_there)  # forks now, with ``there`` set
    except OSError:  # no process to be had
        return there(), here()
    finally:
        _THERE = None
    global _BESIDE
    with pool:
        _BESIDE = (pool, future)
        try:
            done_here = here()
        finally:
            _BESIDE = None
        try:
            return cast(R, future.result()), done_here
        except BrokenProcessPool:  # it died (killed, out of memory): do it here
            return there(), done_here


# The work :func:`beside` gives its forked process, set just before it forks.
_THERE: Callable[[], object] | None = None
# That process's pool and future, while this one does its own work beside it.
_BESIDE: tuple[ProcessPoolExecutor, Future[object]] | None = None


def busy_beside() -> bool:
    """Whether a process forked by :func:`beside` is still at work while this one does
    its part: a worker forked now would share the cores with it, and hold memory of its
    own beside both (a third process at once: 4.3 GB on a file of 100,000 components,
    where two were 3.6 GB). Once its work is done, it is let go here and now (its result
    is kept), not when this one's is."""
    if _BESIDE is None:
        return False
    pool, future = _BESIDE
    if not future.done():
        return True
    pool.shutdown(wait=True)
    return False


def _run_there() -> object:
    assert _THERE is not None, "set by beside() before the process forked"
    return _THERE()
