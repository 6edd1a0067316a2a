"""Fixes beyond single points of failure, each held to a value computed by hand: one
more replica, an automatic restart, automatic failover; and the objective missed with no
SPOF that they meet."""

from __future__ import annotations

import pytest
import yaml
from conftest import TODAY

from spofscan.pipeline import check_text
from spofscan.remediation import Fix

TOL = 1e-9


def fixes_of(text: str, component: str) -> list[Fix]:
    report = check_text(text, "fixes.yaml", today=TODAY)
    return [fix for fix in report.fixes if fix.component == component]


AUTH = """\
spofscan: 1
name: an objective missed without a SPOF
slo: 99.9
components:
  api: {restart: always, replicas: 2, availability: 99.99, depends_on: [auth],
        runs_on: [vm-a, vm-b]}
  auth: {restart: always, replicas: 2, availability: 96, runs_on: [vm-a, vm-b]}
  vm-a: {kind: vm, availability: 100}
  vm-b: {kind: vm, availability: 100}
  vm-c: {kind: vm, availability: 100}
"""


def test_one_more_replica_meets_an_objective_no_spof_misses() -> None:
    report = check_text(AUTH, "auth.yaml", today=TODAY)
    assert report.analysis.spofs == ()
    api = 1 - 0.0001**2
    assert report.analysis.system.value == pytest.approx(api * (1 - 0.04**2), abs=TOL)
    (fix,) = [f for f in report.fixes if f.component == "auth" and "replicas" in f.action]
    assert fix.availability_after == pytest.approx(api * (1 - 0.04**3), abs=TOL)
    assert yaml.safe_load(fix.snippet)["auth"]["runs_on"] == ["vm-a", "vm-b", "vm-c"]
    assert report.remediation.plan is not None and report.remediation.plan.meets_slo


def test_a_quorum_gets_two_more_and_stays_a_majority() -> None:
    text = (
        "spofscan: 1\nname: q\nslo: 99.99\ncomponents:\n"
        "  etcd: {restart: always, replicas: 3, min_healthy: majority, availability: 95}\n"
    )
    (fix,) = [f for f in fixes_of(text, "etcd") if "replicas" in f.action]
    etcd = yaml.safe_load(fix.snippet)["etcd"]
    assert etcd["replicas"] == 5 and etcd["min_healthy"] == "majority"
    p = 0.95
    three_of_five = 10 * p**3 * (1 - p) ** 2 + 5 * p**4 * (1 - p) + p**5
    assert fix.availability_after == pytest.approx(three_of_five, abs=TOL)


def test_an_automatic_restart_where_repairs_take_hours() -> None:
    text = (
        "spofscan: 1\nname: r\nslo: 99.99\ncomponents:\n"
        "  worker: {kind: container, mtbf: 100h, mttr: 4h}\n"
    )
    (fix,) = [f for f in fixes_of(text, "worker") if "Restart" in f.action]
    assert "MTTR 4.0 h -> 5m" in fix.action
    assert fix.availability_after == pytest.approx(100 / (100 + 5 / 60), abs=TOL)


def test_automatic_failover_where_a_human_promotes() -> None:
    text = (
        "spofscan: 1\nname: f\nslo: 99.999\ncomponents:\n"
        "  db:\n    kind: database\n    replicas: 2\n    mtbf: 1000h\n    mttr: 10h\n"
        "    data: {replication: async, failover: manual, restore_time: 2h}\n"
    )
    (fix,) = [f for f in fixes_of(text, "db") if "automatically" in f.action]
    a = 1000 / 1010
    assert fix.availability_after == pytest.approx(
        (1 - (1 - a) ** 2) * (1 - (30 / 3600) / 1010), abs=TOL
    )
    before = check_text(text, "f.yaml", today=TODAY).analysis.system.value
    assert before == pytest.approx((1 - (1 - a) ** 2) * (1 - 2 / 1010), abs=TOL)
