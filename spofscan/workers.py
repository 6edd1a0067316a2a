"""Measure many fixed files at once, one per core, where the system can fork.

Each fix is measured on its own fixed file: independent work, dominated by building
that file's diagram. On Linux with several cores the jobs go to forked worker
processes (which inherit the loaded code and data, so nothing is imported or pickled
twice but the jobs and their small results); elsewhere, with one core or few jobs,
they run here in turn. Results come back in the order of the jobs, so the output is
the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

MIN_PARALLEL_JOBS = 4  # fewer are not worth starting workers for (:func:`worth_a_worker`)
LARGE_FILE = 10_000  # components from which each job takes seconds: two are worth it

J = TypeVar("J")
R = TypeVar("R")


def run_all(
    work: Callable[[J], R], jobs: Sequence[J], workers: int | None = None, components: int = 0
) -> list[R]:
    """``work`` of every job, in order; on ``workers`` processes (default: one per
    available core, when forking is possible and there are enough jobs for a file of
    ``components`` components: :func:`worth_a_worker`)."""
    count = available_workers(len(jobs), components) if workers is None else workers
    if count < 2:
        return [work(job) for job in jobs]
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(count, mp_context=context) as pool:
            return list(pool.map(work, jobs))
    except (OSError, BrokenProcessPool):  # no processes to be had: do it here
        return [work(job) for job in jobs]


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
    if jobs < worth_a_worker(components) or not hasattr(os, "sched_getaffinity"):
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(len(os.sched_getaffinity(0)), jobs)
