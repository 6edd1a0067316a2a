"""Priced fixes: what each adds a month, its net value, and the cheapest plan found,
each held to numbers worked out by hand."""

from __future__ import annotations

import math

import pytest
from conftest import TODAY

from spofscan.pipeline import check_text
from spofscan.render.check import json as json_report
from spofscan.render.check.text import render_check

PRICED = """\
spofscan: 1
name: priced
slo: 99.9
downtime_cost_per_hour: 1000
defaults:
  cost_per_month: {vm: 70, load_balancer: 20}
components:
  lb: {kind: load_balancer, availability: 99.95, depends_on: [api], runs_on: vm-lb}
  api:
    kind: service
    restart: always
    replicas: 2
    availability: 99
    runs_on: [vm-a, vm-b]
    depends_on: [db]
  db:
    kind: database
    availability: 99.9
    runs_on: vm-db
    cost_per_month: 300
    data:
      restore_time: 1h
      backups: [{every: 24h, location: other-region, medium: object-storage}]
  vm-lb: {kind: vm, availability: 99.9}
  vm-a: {kind: vm, availability: 99.9}
  vm-b: {kind: vm, availability: 99.9}
  vm-db: {kind: vm, availability: 99.9}
"""


def test_each_fix_is_priced_from_what_it_adds() -> None:
    report = check_text(PRICED, "priced.yaml", today=TODAY)
    by_component = {fix.component: fix for fix in report.fixes}
    assert by_component["lb"].cost_per_month == 20 + 70  # a second lb, on a new VM
    assert by_component["db"].cost_per_month == 300 + 70  # a second db, on a new VM
    for fix in report.fixes:
        assert fix.net_value_per_year == pytest.approx(
            fix.downtime_saved_hours_per_year * 1000 - 12 * (fix.cost_per_month or 0.0)
        )
    values = [fix.net_value_per_year or 0.0 for fix in report.fixes]
    assert values == sorted(values, reverse=True)


def test_the_plan_has_a_price_and_the_price_of_a_nine() -> None:
    report = check_text(PRICED, "priced.yaml", today=TODAY)
    plan = report.remediation.plan
    assert plan is not None and plan.meets_slo
    assert [fix.component for fix in plan.fixes] == ["lb", "db"]
    assert plan.cost_per_month == 460
    before, after = report.analysis.system.value, plan.availability_after
    nines = -math.log10(1 - after) + math.log10(1 - before)
    assert plan.nine_cost_per_month == pytest.approx(460 / nines)
    document = json_report.check_document(report)["remediation_plan"]
    assert document["cost_per_month"] == 460
    assert "It costs 460 a month; one more nine costs about" in render_check(report)


PRUNED = """\
spofscan: 1
name: a cheap step the dear one makes useless
slo: 99.4
defaults:
  cost_per_month: {cache: 0}
components:
  app: {kind: service, restart: always, depends_on: [x, y], availability: 100}
  x: {kind: cache, availability: 99.5, cost_per_month: 1, restart: always}
  y: {kind: cache, availability: 99, cost_per_month: 100, restart: always}
"""


def test_the_plan_drops_a_step_the_objective_holds_without() -> None:
    report = check_text(PRUNED, "pruned.yaml", today=TODAY)
    # x first (0.5% for 1 a month), then y (1% for 100): met; without x, y alone holds
    # 0.995 * (1 - 0.01**2) = 99.49% >= 99.4%, so x is dropped
    plan = report.remediation.plan
    assert plan is not None and plan.meets_slo
    assert [fix.component for fix in plan.fixes] == ["y"]
    assert plan.cost_per_month == 100
    assert plan.availability_after == pytest.approx(0.995 * (1 - 0.01**2), abs=1e-12)


def test_without_costs_nothing_is_priced() -> None:
    text = PRICED.replace("defaults:\n  cost_per_month: {vm: 70, load_balancer: 20}\n", "")
    text = text.replace("    cost_per_month: 300\n", "")
    report = check_text(text, "free.yaml", today=TODAY)
    assert all(fix.cost_per_month is None for fix in report.fixes)
    assert report.remediation.plan is not None
    assert report.remediation.plan.cost_per_month is None
    assert report.remediation.plan.method == "greedy"
    priced = check_text(PRICED, "p.yaml", today=TODAY).remediation.plan
    assert priced is not None and priced.method == "greedy-priced"


def test_a_stronger_offering_is_measured_and_priced_at_the_difference() -> None:
    text = (
        "spofscan: 1\nname: offer\nslo: 99.9\ndefaults: {cost_per_month: {service: 0}}\n"
        "components:\n"
        "  app: {restart: always, depends_on: [db], availability: 100}\n"
        "  db:\n    kind: database\n    managed: true\n    availability: 99.5\n"
        "    cost_per_month: 200\n"
        "    stronger_offering: {availability: 99.95, cost_per_month: 450, description: Multi-AZ}\n"
    )
    report = check_text(text, "offer.yaml", today=TODAY)
    (fix,) = [f for f in report.fixes if f.component == "db"]
    assert fix.action == "Move db to Multi-AZ: 99.5% -> 99.95%."
    assert fix.availability_after == pytest.approx(0.9995, abs=1e-12)
    assert fix.cost_per_month == 250
    assert report.remediation.plan is not None
    assert [f.component for f in report.remediation.plan.fixes] == ["db"]
