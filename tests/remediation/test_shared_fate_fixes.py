"""Shared fates get measured fixes too: replicas spread over hosts that share a zone,
and ``any_of`` alternatives that share a dependency."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import TODAY

from spofscan import pipeline
from spofscan.analysis.analyse import analyse
from spofscan.loading import load_architecture_text
from spofscan.remediation.entries import other_zone
from spofscan.report.check import CheckReport

ONE_ZONE = """
spofscan: 1
name: two VMs, one zone
slo: 99.9
entrypoints: [lb]
components:
  lb: {kind: load_balancer, availability: 99.99, health_check: true, depends_on: [api],
       runs_on: region}
  api: {kind: service, availability: 99.5, replicas: 2, restart: always, runs_on: [vm1, vm2]}
  vm1: {kind: vm, availability: 99.9, runs_on: zone_a}
  vm2: {kind: vm, availability: 99.9, runs_on: zone_a}
  zone_a: {kind: zone, availability: 99.9, runs_on: region}
  zone_b: {kind: zone, availability: 99.9, runs_on: region}
  region: {kind: region, availability: 100}
"""

SHARED_CACHE = """
spofscan: 1
name: alternatives that share a cache
entrypoints: [front]
components:
  front:
    kind: load_balancer
    availability: 100
    health_check: true
    depends_on: [{any_of: [web1, web2]}]
  web1:
    kind: service
    availability: 99.9
    restart: always
    depends_on: [{any_of: [a, b]}]
  a: {kind: service, availability: 99, restart: always, depends_on: [cache]}
  b: {kind: service, availability: 99, restart: always, depends_on: [cache]}
  cache: {kind: cache, availability: 99}
  web2: {kind: service, availability: 99, restart: always}
"""


def check(tmp_path: Path, text: str) -> CheckReport:
    path = tmp_path / "architecture.yaml"
    path.write_text(text)
    return pipeline.check(path, today=TODAY)


def fresh_availability(text: str, snippet: str) -> float:
    """The availability of ``text`` with the snippet pasted, read without spofscan's help."""
    document: dict[str, Any] = yaml.safe_load(text)
    document["components"].update(yaml.safe_load(snippet))
    arch = load_architecture_text(yaml.safe_dump(document), "fixed.yaml")
    return analyse(arch).system.value


def shared_fate_fix(report: CheckReport, owner: str) -> Any:
    (fix,) = [
        f for f in report.remediation.fixes if f.rule == "SHARED-FATE" and f.component == owner
    ]
    return fix


def test_hosts_in_one_zone_are_moved_to_another_zone(tmp_path: Path) -> None:
    report = check(tmp_path, ONE_ZONE)
    assert any(f.rule == "SHARED-FATE" and f.component == "api" for f in report.findings)
    fix = shared_fate_fix(report, "api")
    assert yaml.safe_load(fix.snippet)["vm2"]["runs_on"] == "zone_b"
    assert "Move vm2 to zone zone_b" in fix.action
    assert fix.availability_after > report.analysis.system.value
    assert fix.availability_after == pytest.approx(
        fresh_availability(ONE_ZONE, fix.snippet), abs=1e-12
    )


def test_alternatives_sharing_a_dependency_get_it_replicated(tmp_path: Path) -> None:
    report = check(tmp_path, SHARED_CACHE)
    assert "cache" not in {s.component for s in report.analysis.spofs}
    fix = shared_fate_fix(report, "web1")
    entries = yaml.safe_load(fix.snippet)
    assert entries["cache"]["replicas"] == 2
    assert "so that cache alone no longer fails web1's alternatives" in fix.action
    assert fix.availability_after > report.analysis.system.value
    assert fix.availability_after == pytest.approx(
        fresh_availability(SHARED_CACHE, fix.snippet), abs=1e-12
    )


def test_another_zone_is_taken_from_the_same_region_first() -> None:
    components: dict[str, Any] = {
        "eu_a": {"kind": "zone", "runs_on": "eu"},
        "us_a": {"kind": "zone", "runs_on": "us"},
        "us_b": {"kind": "zone", "runs_on": "us"},
        "lone": {"kind": "zone"},
        "vm": {"kind": "vm"},
    }
    assert other_zone(components, "us_a") == "us_b"
    assert other_zone(components, "eu_a") == "us_a"  # none in its region: the first other
    assert other_zone(components, "vm") is None
