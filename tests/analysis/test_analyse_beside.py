"""The structural analyses run in a second process beside the availability on large
files: the analysis is the same as when everything runs here, one after the other."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from conftest import ROOT

from spofscan.analysis import analyse as analyse_module
from spofscan.analysis.analyse import analyse
from spofscan.analysis.availability import Settings
from spofscan.loading import load_architecture, load_architecture_text
from spofscan.model.architecture import Architecture

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml


def both_ways(
    monkeypatch: pytest.MonkeyPatch, arch: Architecture, settings: Settings | None = None
) -> None:
    monkeypatch.setattr(analyse_module, "BESIDE_FROM", 10**9)
    alone = analyse(arch, settings=settings)
    monkeypatch.setattr(analyse_module, "BESIDE_FROM", 0)
    beside = analyse(arch, settings=settings)
    assert beside == alone
    assert len(beside.sample_ups) == len(alone.sample_ups)
    for ours, theirs in zip(beside.sample_ups, alone.sample_ups, strict=True):
        assert np.array_equal(ours, theirs)


@pytest.mark.parametrize("example", ["two-zones", "microservices", "multi-region"])
def test_an_example_is_analysed_the_same_beside(
    monkeypatch: pytest.MonkeyPatch, example: str
) -> None:
    both_ways(monkeypatch, load_architecture(ROOT / "examples" / f"{example}.yaml"))


@pytest.mark.parametrize("shape", ["legacy", "chain", "stacks"])
def test_a_generated_file_is_analysed_the_same_beside(
    monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    arch = load_architecture_text(to_yaml(generate(300, seed=1, shape=shape)), "gen.yaml")
    both_ways(monkeypatch, arch)


def test_an_estimated_file_is_analysed_the_same_beside(monkeypatch: pytest.MonkeyPatch) -> None:
    arch = load_architecture_text(to_yaml(generate(200, seed=2, shape="layered")), "gen.yaml")
    both_ways(monkeypatch, arch, Settings(node_budget=1, samples=20_000))
