"""The failure draws of a Monte Carlo estimate: one record per event and word, sorted,
and each event failing as often as its probability says."""

from __future__ import annotations

import math

import numpy as np
import pytest

from spofscan.analysis import failure_draws
from spofscan.analysis.compiled_structure import Structure, compile_structure
from spofscan.analysis.failure_draws import Bits, Ints, draw_failures
from spofscan.loading import load_architecture_text

WORDS = 3_125  # 200,000 samples, as an estimate draws


def _structure(availabilities: list[float]) -> Structure:
    """Services with these availabilities (percent), each an event of its own."""
    lines = ["spofscan: 1", "name: draws", "components:"]
    for i, percent in enumerate(availabilities):
        lines += [f"  s{i:03d}:", "    kind: service", f"    availability: {percent}"]
    return compile_structure(load_architecture_text("\n".join(lines) + "\n", "draws.yaml"))


def _failed_samples(bits: Bits) -> Ints:
    """The failed samples each record holds (its bits set)."""
    counted: Ints = np.unpackbits(bits.view(np.uint8)).reshape(-1, 64).sum(axis=1)
    return counted


def test_records_are_sorted_once_per_word_and_each_event_fails_as_often_as_it_should() -> None:
    # 600,000 expected failures of the rare events: drawn in several blocks, written
    # into one set of records; two frequent events, drawn sample by sample, among them
    availabilities = [99.0] * 300 + [99.95] * 50 + [40.0, 10.0]
    s = _structure(availabilities)
    drawn = draw_failures(s, np.random.default_rng(3), WORDS, set())
    assert drawn.event.size == drawn.word.size == drawn.bits.size
    key = drawn.event * WORDS + drawn.word
    assert np.all(np.diff(key) > 0)  # by event, then word, each pair once
    assert np.all(drawn.bits != 0)
    failed = np.bincount(drawn.event, weights=_failed_samples(drawn.bits), minlength=len(s.events))
    size = 64 * WORDS
    for e, event in enumerate(s.events):
        q = 1.0 - event.availability
        spread = math.sqrt(size * q * (1.0 - q))
        assert abs(failed[e] - size * q) <= 6.0 * spread + 1.0, event.name


def test_events_that_fail_past_their_gaps_are_drawn_again_and_their_records_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # One gap per event: every event outruns it, is drawn again one by one, and the
    # records outgrow the room made for the gaps
    monkeypatch.setattr(failure_draws, "_drawn", lambda size, q: np.ones(q.size, np.int64))
    s = _structure([99.0] * 40 + [99.9] * 10)
    drawn = draw_failures(s, np.random.default_rng(2), WORDS, set())
    assert drawn.event.size > len(s.events)
    assert np.all(np.diff(drawn.event * WORDS + drawn.word) > 0)
    failed = np.bincount(drawn.event, weights=_failed_samples(drawn.bits), minlength=len(s.events))
    size = 64 * WORDS
    for e, event in enumerate(s.events):
        q = 1.0 - event.availability
        assert abs(failed[e] - size * q) <= 6.0 * math.sqrt(size * q * (1.0 - q)) + 1.0


def test_the_same_seed_draws_the_same_records() -> None:
    s = _structure([99.0, 99.9, 60.0])
    first = draw_failures(s, np.random.default_rng(11), WORDS, set())
    again = draw_failures(s, np.random.default_rng(11), WORDS, set())
    other = draw_failures(s, np.random.default_rng(12), WORDS, set())
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not np.array_equal(first.word, other.word)


def test_geometric_gaps_have_the_mean_of_their_probability_and_stop_past_the_samples() -> None:
    rng = np.random.default_rng(5)
    q = 0.2
    gaps = failure_draws._geometric(rng, np.full(100_000, math.log1p(-q)), 1_000)
    assert gaps.min() >= 1
    assert abs(gaps.mean() - 1.0 / q) < 0.05  # standard error about 0.014
    never = failure_draws._geometric(rng, np.full(1_000, math.log1p(-1e-16)), 1_000)
    assert np.all(never == 1_001)  # cut to one past the samples
