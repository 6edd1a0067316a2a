"""System failure frequency, MTBF and MTTR against hand computation and brute force."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import pytest

from spofscan import pipeline
from spofscan.analysis.analyse import analyse
from spofscan.analysis.availability import Settings
from spofscan.analysis.results import FailureFrequency
from spofscan.loading import load_architecture_text
from spofscan.model.architecture import Architecture
from spofscan.render.check import json as json_report
from spofscan.render.check import text

from . import brute_force as bf

YEAR = 8760.0


def load(components: str, top: str = "") -> Architecture:
    text = f"spofscan: 1\nname: t\n{top}components:\n{components}"
    return load_architecture_text(text, "t.yaml")


def frequency_of(arch: Architecture) -> FailureFrequency:
    rate = analyse(arch).frequency
    assert rate is not None
    return rate


def brute_force_per_hour(arch: Architecture) -> float:
    """Rate of transitions from up states to down states: in each up state, each event
    that is up fails at 1 / MTBF and may take the system down."""
    events = bf.basic_events(arch)
    up = bf.system_up(arch)
    total = 0.0
    for fails in itertools.product((False, True), repeat=len(events)):
        down = frozenset((e.component, e.instance) for e, f in zip(events, fails, strict=True) if f)
        if not up(bf.up_nodes(arch, down)):
            continue
        p = math.prod(
            (1 - e.availability) if f else e.availability
            for e, f in zip(events, fails, strict=True)
        )
        for e, failed in zip(events, fails, strict=True):
            if failed or up(bf.up_nodes(arch, down | {(e.component, e.instance)})):
                continue
            mtbf = arch.components[e.component].mtbf_hours
            assert mtbf is not None
            total += p / mtbf
    return total


def test_one_component_keeps_its_own_mtbf_and_mttr() -> None:
    rate = frequency_of(load("  api: {mtbf: 100h, mttr: 1h}\n"))
    assert rate.failures_per_year == pytest.approx(YEAR / 101)
    assert rate.mtbf_hours == pytest.approx(100)
    assert rate.mttr_hours == pytest.approx(1)
    assert rate.coverage == pytest.approx(1) and rate.missing == () and rate.reason is None


def test_series_of_two() -> None:
    arch = load("  api: {mtbf: 100h, mttr: 1h, depends_on: [db]}\n  db: {mtbf: 400h, mttr: 4h}\n")
    a1, a2 = 100 / 101, 400 / 404
    omega = a2 / 101 + a1 / 404
    rate = frequency_of(arch)
    assert rate.failures_per_year == pytest.approx(omega * YEAR)
    assert rate.mtbf_hours == pytest.approx(a1 * a2 / omega)
    assert rate.mttr_hours == pytest.approx((1 - a1 * a2) / omega)


def test_parallel_of_two() -> None:
    arch = load(
        "  front: {kind: logical, availability: 100, depends_on: [{any_of: [a, b]}]}\n"
        "  a: {mtbf: 100h, mttr: 10h}\n  b: {mtbf: 50h, mttr: 5h}\n"
    )
    a1, a2 = 100 / 110, 50 / 55
    omega = a1 * (1 / 100) * (1 - a2) + a2 * (1 / 50) * (1 - a1)
    system = 1 - (1 - a1) * (1 - a2)
    rate = frequency_of(arch)
    assert rate.failures_per_year == pytest.approx(omega * YEAR)
    assert rate.mtbf_hours == pytest.approx(system / omega)
    # Both must be down: the outage ends when the first of the two comes back.
    assert rate.mttr_hours == pytest.approx(1 / (1 / 10 + 1 / 5))


SHAPES = {
    "shared vm": (
        "  front: {kind: logical, availability: 100, depends_on: [{any_of: [a, b]}]}\n"
        "  a: {mtbf: 100h, mttr: 10h, runs_on: vm, depends_on: [db]}\n"
        "  b: {mtbf: 50h, mttr: 5h, runs_on: vm}\n"
        "  db: {kind: database, mtbf: 300h, mttr: 3h, runs_on: vm}\n"
        "  vm: {kind: vm, mtbf: 1000h, mttr: 8h}\n"
    ),
    "replicas, 2 of 3": (
        "  api: {mtbf: 60h, mttr: 2h, replicas: 3, min_healthy: 2, runs_on: [h1, h2]}\n"
        "  h1: {kind: host, mtbf: 900h, mttr: 6h}\n  h2: {kind: host, mtbf: 700h, mttr: 9h}\n"
    ),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_frequency_matches_the_transition_rate_of_brute_force(shape: str) -> None:
    arch = load(SHAPES[shape])
    omega = brute_force_per_hour(arch)
    system = bf.availability(arch)
    rate = frequency_of(arch)
    assert rate.failures_per_year == pytest.approx(omega * YEAR, rel=1e-9)
    assert rate.mtbf_hours == pytest.approx(system / omega, rel=1e-9)
    assert rate.mttr_hours == pytest.approx((1 - system) / omega, rel=1e-9)


def test_without_every_mtbf_nothing_is_computed_and_the_share_is_named() -> None:
    arch = load("  api: {mtbf: 100h, mttr: 1h, depends_on: [db]}\n  db: {availability: 99}\n")
    rate = frequency_of(arch)
    assert (rate.failures_per_year, rate.mtbf_hours, rate.mttr_hours) == (None, None, None)
    assert rate.missing == ("db",) and rate.reason == "db gives no MTBF and MTTR"
    # db alone would leave 1% of unavailability out of 1 - 0.99 * 100/101.
    assert rate.coverage == pytest.approx(1 - 0.01 / (1 - 0.99 * 100 / 101))


def test_an_event_that_does_not_matter_needs_no_mtbf() -> None:
    arch = load(
        "  api: {mtbf: 100h, mttr: 1h, soft_depends_on: [recs]}\n  recs: {availability: 90}\n",
        "entrypoints: [api]\n",
    )
    rate = frequency_of(arch)
    assert rate.mtbf_hours == pytest.approx(100) and rate.missing == ()


def test_nothing_can_fail() -> None:
    rate = frequency_of(load("  api: {availability: 100}\n"))
    assert rate.failures_per_year == 0.0 and rate.mtbf_hours is None
    assert rate.reason == "no failure is possible"


def test_monte_carlo_leaves_it_out_and_says_why() -> None:
    arch = load("  api: {mtbf: 100h, mttr: 1h}\n")
    rate = analyse(arch, settings=Settings(node_budget=1)).frequency
    assert rate is not None and rate.failures_per_year is None and rate.coverage is None
    assert rate.reason is not None and "Monte Carlo" in rate.reason


def test_the_reports_show_it_beside_the_availability(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("spofscan: 1\nname: t\ncomponents:\n  api: {mtbf: 100h, mttr: 1h}\n")
    checked = pipeline.check(path)
    document = json.loads(json_report.render_check(checked))["availability"]["mtbf"]
    assert document["mtbf_hours"] == pytest.approx(100) and document["complete"] is True
    assert document["failures_per_year"] == pytest.approx(YEAR / 101)
    shown = text.render_check(checked)
    assert "System MTBF: 4.2 days between failures (86.7 failures a year), MTTR 1.0 h" in shown


def test_the_text_names_what_is_missing_and_its_share(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "spofscan: 1\nname: t\ncomponents:\n  api: {mtbf: 100h, mttr: 1h, depends_on: [db]}\n"
        "  db: {availability: 99}\n"
    )
    shown = text.render_check(pipeline.check(path))
    assert "System MTBF: not computed: db gives no MTBF and MTTR (" in shown
    assert "% of the downtime comes from components without them)" in shown


def test_the_text_is_silent_when_no_component_gives_an_mtbf(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("spofscan: 1\nname: t\ncomponents:\n  api: {availability: 99}\n")
    assert "MTBF" not in text.render_check(pipeline.check(path))
