"""Each rule of the engine stage fires where it should, at the right line, and only there."""

from __future__ import annotations

import dataclasses
import datetime as dt

from conftest import TODAY

from spofscan.analysis.analyse import analyse
from spofscan.errors import Location
from spofscan.findings.catalog import RULES
from spofscan.findings.detect import detect
from spofscan.findings.finding import Finding, fails, finding_order
from spofscan.findings.fingerprint import fingerprint
from spofscan.findings.rule_ids import RULE_IDS
from spofscan.loading import load_architecture_text

PACKED = """\
spofscan: 1
name: packed
slo: 99.9
components:
  nginx:
    kind: load_balancer
    availability: 99.99
    health_check: true
    runs_on: vm
    depends_on: [api]
  api:
    kind: container
    availability: 99.5
    replicas: 3
    runs_on: vm
  vm: {kind: vm, availability: 99.5}
"""


def findings_of(text: str, today: dt.date = TODAY) -> list[Finding]:
    arch = load_architecture_text(text, "arch.yaml")
    return detect(arch, analyse(arch), today)


def by_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def test_every_catalog_rule_is_a_known_rule_id() -> None:
    assert set(RULES) <= set(RULE_IDS)
    for rule in RULES.values():
        assert rule.title and rule.why and rule.remediation["default"]


def test_spof_findings_point_at_each_component() -> None:
    spofs = by_rule(findings_of(PACKED), "SPOF")
    assert [(f.component, f.location.line) for f in spofs] == [("nginx", 5), ("vm", 16)]
    assert all(f.severity == "error" for f in spofs)
    # The remediation speaks to the component's kind.
    assert spofs[0].remediation == RULES["SPOF"].remediation_for("load_balancer")
    assert spofs[1].remediation == RULES["SPOF"].remediation_for("vm")
    assert spofs[0].remediation != spofs[1].remediation


def test_shared_fate_names_the_vm_and_points_at_runs_on() -> None:
    (fate,) = by_rule(findings_of(PACKED), "SHARED-FATE")
    assert fate.component == "api" and fate.severity == "warning"
    assert "vm failing" in fate.message
    assert fate.location.line == 15  # the runs_on key of api


def test_slo_miss_is_an_error_on_the_entrypoint() -> None:
    (slo,) = by_rule(findings_of(PACKED), "SLO")
    assert slo.component == "nginx" and "below its objective 99.9%" in slo.message


def test_sharing_a_region_is_reported_only_for_high_objectives() -> None:
    text = """\
spofscan: 1
name: zones
slo: {slo}
components:
  api: {{availability: 99.9, replicas: 2, runs_on: [zone-a, zone-b]}}
  zone-a: {{kind: zone, availability: 99.99, runs_on: region}}
  zone-b: {{kind: zone, availability: 99.99, runs_on: region}}
  region: {{kind: region, availability: 99.995}}
"""
    assert by_rule(findings_of(text.format(slo=99.9)), "SHARED-FATE") == []
    (fate,) = by_rule(findings_of(text.format(slo=99.99)), "SHARED-FATE")
    assert "region failing" in fate.message


def test_cycle_and_unreachable() -> None:
    text = """\
spofscan: 1
name: loop
entrypoints: [front]
components:
  front: {depends_on: [auth]}
  auth: {depends_on: [sessions]}
  sessions: {depends_on: [auth]}
  orphan: {}
"""
    found = findings_of(text)
    (cycle,) = by_rule(found, "CYCLE")
    assert cycle.component == "auth" and "sessions" in cycle.message
    (orphan,) = by_rule(found, "UNREACHABLE")
    assert orphan.component == "orphan" and orphan.severity == "info"
    swapped = text.replace("  auth: {depends_on: [sessions]}\n", "").replace(
        "  orphan", "  auth: {depends_on: [sessions]}\n  orphan"
    )
    assert swapped != text
    (moved,) = by_rule(findings_of(swapped), "CYCLE")  # moving lines keeps its fingerprint
    assert fingerprint(moved) == fingerprint(cycle) and moved.location != cycle.location


def test_accepted_risk_marks_and_expired_risk_fails() -> None:
    text = (
        PACKED
        + """\
accepted_risks:
  - {component: vm, rule: SPOF, reason: second VM ordered, expires: 2026-12-31}
"""
    )
    found = findings_of(text)
    vm = next(f for f in by_rule(found, "SPOF") if f.component == "vm")
    assert vm.accepted and not fails(vm, "error")
    assert by_rule(found, "EXPIRED-RISK") == []
    later = findings_of(text, today=dt.date(2027, 1, 1))
    vm_later = next(f for f in by_rule(later, "SPOF") if f.component == "vm")
    assert not vm_later.accepted and fails(vm_later, "error")
    (expired,) = by_rule(later, "EXPIRED-RISK")
    assert expired.location.line == 18 and "2026-12-31" in expired.message


def test_fail_on_thresholds() -> None:
    found = findings_of(PACKED)
    warning = by_rule(found, "SHARED-FATE")[0]
    assert not fails(warning, "error") and fails(warning, "warning")
    assert not any(fails(f, "never") for f in found)


def test_findings_are_sorted_by_place() -> None:
    found = findings_of(PACKED)
    assert [f.location for f in found] == sorted(f.location for f in found)


def test_findings_sort_by_place_as_locations_do() -> None:
    """The sort key spells a place out as its fields: it must order findings exactly as
    comparing their locations would (a field added to ``Location`` fails this)."""
    assert [f.name for f in dataclasses.fields(Location)] == ["file", "line", "column"]
    places = [Location("b.yaml", 3, 1), Location("a.yaml", 10, 2), Location("a.yaml", 9, 7)]
    findings = [
        Finding(rule, "error", name, "m", "r", place)
        for place in places
        for rule, name in (("SPOF", "x"), ("NO-BACKUP", "y"))
    ]
    by_key = sorted(findings, key=finding_order)
    by_location = sorted(findings, key=lambda f: (f.location, f.rule, f.component))
    assert by_key == by_location
    assert [f.location for f in by_key][::2] == sorted(places)
