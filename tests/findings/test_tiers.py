"""Availability tiers: the severity of SPOF and SINGLE-REGION follows the objectives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import TODAY

from spofscan import pipeline
from spofscan.analysis.analyse import analyse
from spofscan.findings.detect import detect
from spofscan.findings.finding import Finding
from spofscan.findings.tiers import TIERS, has_recovery, strictest, tier_of
from spofscan.loading import load_architecture_text
from spofscan.model.architecture import Architecture
from spofscan.render.check import json as json_report
from spofscan.render.check import text
from spofscan.report.check import CheckReport


def load(components: str, top: str = "") -> Architecture:
    text = f"spofscan: 1\nname: t\n{top}components:\n{components}"
    return load_architecture_text(text, "t.yaml")


def severities(rule: str, components: str, top: str = "") -> dict[str, str]:
    arch = load(components, top)
    found: list[Finding] = detect(arch, analyse(arch), TODAY)
    return {f.component: f.severity for f in found if f.rule == rule}


API = "  api: {{kind: container{extra}}}\n"


@pytest.mark.parametrize(
    ("slo", "extra", "severity"),
    [
        ("slo: 99.5\n", ", restart: always", "warning"),
        ("slo: 99.5\n", ", restart: on-failure", "warning"),
        ("slo: 99.5\n", "", "error"),
        ("slo: 99.5\n", ", restart: 'no'", "error"),
        ("slo: 99.9\n", ", restart: always", "error"),
        ("slo: 99.99\n", ", restart: always", "error"),
        ("", ", restart: always", "error"),  # no objective: the redundancy tier
    ],
)
def test_the_same_spof_under_each_tier(slo: str, extra: str, severity: str) -> None:
    assert severities("SPOF", API.format(extra=extra), slo) == {"api": severity}


@pytest.mark.parametrize(
    ("data", "recovers"),
    [
        ("{backups: [{every: 1h, location: other-zone, medium: disk}], restore_time: 1h}", True),
        ("{backups: [{every: 1h, location: other-zone, medium: disk}]}", False),
        ("{replication: async}", True),
        ("{replication: none}", False),
    ],
)
def test_backups_with_a_restore_time_or_replication_are_recovery(data: str, recovers: bool) -> None:
    arch = load(f"  db: {{kind: database, data: {data}}}\n", "slo: 99.5\n")
    assert has_recovery(arch.components["db"]) is recovers
    expected = "warning" if recovers else "error"
    assert severities("SPOF", f"  db: {{kind: database, data: {data}}}\n", "slo: 99.5\n") == {
        "db": expected
    }


JOURNEYS = """\
journeys:
  browse: {{slo: {browse}, depends_on: [web]}}
  pay: {{slo: 99.5, depends_on: [api]}}
"""
SHARED = (
    "  web: {kind: container, restart: always, depends_on: [db]}\n"
    "  api: {kind: container, restart: always, depends_on: [db]}\n"
    "  db: {kind: database, data: {replication: async}}\n"
)


def test_a_spof_follows_the_strictest_tier_among_the_entrypoints_it_takes_down() -> None:
    found = severities("SPOF", SHARED, JOURNEYS.format(browse=99.9))
    assert found == {"web": "error", "api": "warning", "db": "error"}
    laxer = severities("SPOF", SHARED, JOURNEYS.format(browse=99.0))
    assert laxer == {"web": "warning", "api": "warning", "db": "warning"}


def test_the_recovery_tier_says_why_in_the_message() -> None:
    arch = load(API.format(extra=", restart: always"), "slo: 99.5\n")
    (spof,) = [f for f in detect(arch, analyse(arch), TODAY) if f.rule == "SPOF"]
    assert spof.message.endswith("it recovers by itself, which is enough below a 99.9% objective")


REGION = (
    "  api: {kind: container, restart: always, replicas: 2, runs_on: [za, zb]}\n"
    "  za: {kind: zone, runs_on: r1}\n  zb: {kind: zone, runs_on: r1}\n"
    "  r1: {kind: region, availability: 99.999}\n"
)


def test_single_region_is_an_error_from_four_nines_and_silent_below() -> None:
    assert severities("SINGLE-REGION", REGION, "slo: 99.99\n") == {"r1": "error"}
    assert severities("SINGLE-REGION", REGION, "slo: 99.9\n") == {}


def test_tier_boundaries() -> None:
    assert [tier_of(x).name for x in (0.5, 0.9989, 0.999, 0.99989, 0.9999, 1.0)] == [
        "recovery",
        "recovery",
        "redundancy",
        "redundancy",
        "multi-zone/region",
        "multi-zone/region",
    ]
    assert strictest([]) == TIERS[1] and strictest([0.99, 0.99999]) == TIERS[2]


def report(tmp_path: Path, body: str) -> CheckReport:
    path = tmp_path / "t.yaml"
    path.write_text(f"spofscan: 1\nname: t\n{body}", encoding="utf-8")
    return pipeline.check(path, today=TODAY)


def test_the_reports_name_the_tier_and_what_it_asks(tmp_path: Path) -> None:
    checked = report(tmp_path, "slo: 99.5\ncomponents:\n  api: {restart: always}\n")
    document = json.loads(json_report.render_check(checked))
    assert document["tier"]["name"] == "recovery" and document["tier"]["threshold"] == 0.0
    assert document["tier"]["objective"] == 0.995 and "quick recovery" in document["tier"]["asks"]
    assert document["entrypoints"][0]["tier"] == "recovery"
    assert "Tier: recovery (< 99.9%): quick recovery suffices" in text.render_check(checked)


def test_without_an_objective_the_report_says_the_default_tier(tmp_path: Path) -> None:
    checked = report(tmp_path, "components:\n  api: {restart: always}\n")
    assert "Tier: redundancy (99.9%+), the default without an objective" in text.render_check(
        checked
    )
    assert json.loads(json_report.render_check(checked))["tier"]["objective"] is None
