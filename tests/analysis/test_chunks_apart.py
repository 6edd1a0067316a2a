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
from spofscan.analysis import montecarlo
from spofscan.analysis.compiled_structure import compile_structure
from spofscan.loading import load_architecture_text

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml

FORKS = workers.available_workers(workers.MIN_PARALLEL_JOBS) > 1


@pytest.mark.parametrize(
    ("shape", "forked"),
    [
        ("layered", False),
        pytest.param(
            "layered",
            True,
            marks=pytest.mark.skipif(not FORKS, reason="this system cannot fork workers"),
        ),
        pytest.param(
            "legacy",
            True,
            marks=pytest.mark.skipif(not FORKS, reason="this system cannot fork workers"),
        ),
    ],
)
def test_chunks_shared_with_a_forked_process_tally_the_same(
    monkeypatch: pytest.MonkeyPatch, shape: str, forked: bool
) -> None:
    s = compile_structure(load_architecture_text(to_yaml(generate(200, seed=2, shape=shape)), "g"))
    targets = [list(s.entrypoints), *([e] for e in s.entrypoints)]
    here = montecarlo.run(s, targets, samples=20_000, seed=3, conditional=True, keep_ups=2)
    monkeypatch.setattr(montecarlo, "_STATE_BITS", 64)  # chunks of 16 words: 20 of them
    given: list[int] = []

    def shared(work: Callable[[int], Any], jobs: Sequence[int], components: int) -> list[Any]:
        given.append(len(jobs))
        return workers.run_all(work, jobs, workers=2 if forked else 1)

    monkeypatch.setattr(montecarlo, "run_all", shared)
    apart = montecarlo.run(
        s, targets, samples=20_000, seed=3, conditional=True, keep_ups=2, apart=True
    )
    assert given == [20]
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
    those left once it is done are shared (all of them but the last, at most)."""
    s = compile_structure(load_architecture_text(to_yaml(generate(100, seed=1)), "g"))
    monkeypatch.setattr(montecarlo, "_STATE_BITS", 64)
    busy = iter([True, True, True, False])
    monkeypatch.setattr(montecarlo, "busy_beside", lambda: next(busy))
    given: list[int] = []

    def shared(work: Callable[[int], Any], jobs: Sequence[int], components: int) -> list[Any]:
        given.append(len(jobs))
        return [work(job) for job in jobs]

    monkeypatch.setattr(montecarlo, "run_all", shared)
    targets = [list(s.entrypoints)]
    apart = montecarlo.run(s, targets, samples=64 * 16 * 5, seed=1, keep_ups=1, apart=True)
    assert given == [2]  # five chunks: three here while busy, two shared
    here = montecarlo.run(s, targets, samples=64 * 16 * 5, seed=1, keep_ups=1)
    assert apart.hits == here.hits
    assert np.array_equal(apart.ups[0], here.ups[0])  # the chunks in their order
    assert not np.all(here.ups[0] == here.ups[0][0])  # which tells them apart
