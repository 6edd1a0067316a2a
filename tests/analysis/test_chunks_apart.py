"""An estimate's chunks of samples shared with a forked process tally what they tally
one after another here: the same counts, the same samples up, the same conditional
counts."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest
from conftest import ROOT

from spofscan import workers
from spofscan.analysis import chunks_apart, montecarlo, sample_states
from spofscan.analysis.compiled_structure import compile_structure
from spofscan.loading import load_architecture_text
from spofscan.workers import run_all

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml

FORKS = workers.available_workers(workers.MIN_PARALLEL_JOBS) > 1


@pytest.mark.parametrize(
    ("shape", "processes", "jobs"),
    [
        ("layered", 1, 20),  # 313 words, one chunk's 16 words at most each
        pytest.param(
            "layered",
            2,
            10,  # two chunks' words each, as many for both processes
            marks=pytest.mark.skipif(not FORKS, reason="this system cannot fork workers"),
        ),
        pytest.param(
            "legacy",
            2,
            10,
            marks=pytest.mark.skipif(not FORKS, reason="this system cannot fork workers"),
        ),
    ],
)
def test_chunks_shared_with_a_forked_process_tally_the_same(
    monkeypatch: pytest.MonkeyPatch, shape: str, processes: int, jobs: int
) -> None:
    s = compile_structure(load_architecture_text(to_yaml(generate(200, seed=2, shape=shape)), "g"))
    targets = [list(s.entrypoints), *([e] for e in s.entrypoints)]
    here = montecarlo.run(s, targets, samples=20_000, seed=3, conditional=True, keep_ups=2)
    monkeypatch.setattr(sample_states, "STATE_BITS", 64)  # chunks of 16 words: 20 of them
    monkeypatch.setattr(chunks_apart, "available_workers", lambda jobs, components: processes)
    given: list[tuple[int, int]] = []

    def shared(
        work: Callable[[Any], Any], jobs: Sequence[Any], workers: int, components: int
    ) -> list[Any]:
        given.append((len(jobs), workers))
        return run_all(work, jobs, workers=workers)

    monkeypatch.setattr(chunks_apart, "run_all", shared)
    apart = montecarlo.run(
        s, targets, samples=20_000, seed=3, conditional=True, keep_ups=2, apart=True
    )
    assert given == [(jobs, processes)]
    assert apart.hits == here.hits
    assert apart.untouched == here.untouched
    assert apart.conditional == here.conditional
    assert len(apart.ups) == len(here.ups) == 2
    for ours, theirs in zip(apart.ups, here.ups, strict=True):
        assert np.array_equal(ours, theirs)
    assert 0 < here.hits[0] < here.samples  # the samples tell something


def test_chunks_wait_for_the_work_beside_before_a_worker_is_forked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While a process works beside this one, the chunks are evaluated here one by one;
    the words left once it is done are shared evenly, two chunks' words a job at most."""
    s = compile_structure(load_architecture_text(to_yaml(generate(100, seed=1)), "g"))
    monkeypatch.setattr(sample_states, "STATE_BITS", 64)
    busy = iter([True, True, False])
    monkeypatch.setattr(chunks_apart, "busy_beside", lambda: next(busy))
    monkeypatch.setattr(chunks_apart, "available_workers", lambda jobs, components: 2)
    given: list[Sequence[tuple[int, int]]] = []

    def shared(
        work: Callable[[Any], Any], jobs: Sequence[Any], workers: int, components: int
    ) -> list[Any]:
        given.append(jobs)
        return [work(job) for job in jobs]

    monkeypatch.setattr(chunks_apart, "run_all", shared)
    targets = [list(s.entrypoints)]
    samples = 64 * (16 * 5 + 3)  # five chunks of 16 words and 3 words
    apart = montecarlo.run(s, targets, samples=samples, seed=1, keep_ups=1, apart=True)
    # two chunks here while busy; 51 words left, in two jobs of at most 32 words
    assert given == [[(32, 26), (58, 25)]]
    here = montecarlo.run(s, targets, samples=samples, seed=1, keep_ups=1)
    assert apart.hits == here.hits
    assert np.array_equal(apart.ups[0], here.ups[0])  # the chunks in their order
    assert not np.all(here.ups[0] == here.ups[0][0])  # which tells them apart
