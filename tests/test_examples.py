"""What each example is meant to teach, asserted exactly.

The single points of failure, the double faults and the verdicts below are derived by
hand from each file and SPEC section 3, not copied from the engine; the availabilities
are computed here from the model's own numbers (the loader's, so that percents, MTBF
and MTTR are read the one way the file means them).
"""

from __future__ import annotations

import datetime as dt
import functools
from itertools import product
from typing import Any

import pytest
import yaml
from conftest import ROOT, TODAY

from spofscan import pipeline
from spofscan.model import Architecture
from spofscan.render.check import json as json_report
from spofscan.report.check import CheckReport

EXPECTED_SPOFS = {
    "single-vm": ["api", "model", "sqlite", "vm", "zone_a"],
    "three-containers-one-vm": ["nginx", "vm", "zone_a"],
    "two-zones": ["lb", "region_1"],
    "multi-region": ["dns"],
    "gitlab-3k": [
        "external-lb",
        "internal-lb",
        "praefect-postgresql",
        "region",
        "zone-a",
        "zone-b",
        "zone-c",
    ],
    "wordpress-aws": ["alb", "cloudfront", "efs", "rds", "region", "wordpress"],
    "microservices": [
        "catalog_db",
        "cloud_lb",
        "node_a",
        "node_b",
        "payment_provider",
        "redis_cart",
        "shipping_service",
        "us_central1",
        "zone_a",
        "zone_b",
    ],
}


@functools.cache
def report(example: str) -> CheckReport:
    return pipeline.check(ROOT / "examples" / f"{example}.yaml", today=TODAY)


def document(example: str) -> dict[str, Any]:
    return json_report.check_document(report(example))


def availability_of(arch: Architecture, name: str) -> float:
    """One instance's availability, as the loader read it from the file."""
    return arch.components[name].availability


def pairs(document: dict[str, Any]) -> set[tuple[str, str]]:
    return {(a, b) for a, b in document["cut_sets"]["order_2"]}


def test_every_example_is_covered() -> None:
    assert sorted(p.stem for p in (ROOT / "examples").glob("*.yaml")) == sorted(EXPECTED_SPOFS)


@pytest.mark.parametrize("example", sorted(EXPECTED_SPOFS))
def test_spofs(example: str) -> None:
    found = [spof["component"] for spof in document(example)["spofs"]]
    assert found == EXPECTED_SPOFS[example]
    events = [c[0] for c in document(example)["cut_sets"]["order_1"]]
    assert [e.removesuffix("[*]") for e in events] == EXPECTED_SPOFS[example]
    flagged = {c["name"] for c in document(example)["components"] if c["spof"]}
    assert flagged == set(EXPECTED_SPOFS[example])


# --- single-vm: nothing redundant ---------------------------------------------------


def test_single_vm() -> None:
    doc, arch = document("single-vm"), report("single-vm").architecture
    assert arch.entrypoints == ("api",)
    assert doc["cut_sets"]["order_2"] == []
    assert not doc["passed"]
    assert {f["component"] for f in doc["findings"] if f["rule"] == "SPOF"} == set(
        EXPECTED_SPOFS["single-vm"]
    )
    # Every component is in series with every other: the availability is their product.
    expected = 1.0
    for name in ("api", "sqlite", "model", "vm", "zone_a"):
        expected *= availability_of(arch, name)
    assert availability_of(arch, "api") == pytest.approx(720 / (720 + 2 / 60))
    assert doc["availability"]["value"] == pytest.approx(expected, rel=1e-12)
    assert doc["entrypoints"][0]["slo_met"] is False


# --- three-containers-one-vm: shared fate -------------------------------------------


def test_three_containers_one_vm() -> None:
    doc, arch = document("three-containers-one-vm"), report("three-containers-one-vm").architecture
    assert "api" not in EXPECTED_SPOFS["three-containers-one-vm"]
    assert doc["cut_sets"]["order_2"] == [], "three replicas: it takes three failures"
    a = {name: availability_of(arch, name) for name in ("nginx", "api", "vm", "zone_a")}
    assert a["api"] == pytest.approx(240 / (240 + 5 / 60))
    expected = a["nginx"] * a["vm"] * a["zone_a"] * (1 - (1 - a["api"]) ** 3)
    assert doc["availability"]["value"] == pytest.approx(expected, rel=1e-12)
    shared = [f for f in doc["findings"] if f["rule"] == "SHARED-FATE"]
    assert [f["component"] for f in shared] == ["api"]


# --- two-zones: redundant inside one region -----------------------------------------


def test_two_zones_double_faults() -> None:
    doc = document("two-zones")
    found = pairs(doc)
    assert {("app[0]", "app[1]"), ("db[0]", "db[1]"), ("zone_a", "zone_b")} <= found
    # The app tier fails when each side loses its app instance, its VM or its zone; the
    # database tier likewise; both tiers count the pair of zones once: 9 + 9 - 1.
    side_a, side_b = ("app[0]", "vm_a", "zone_a"), ("app[1]", "vm_b", "zone_b")
    db_a, db_b = ("db[0]", "db_vm_a", "zone_a"), ("db[1]", "db_vm_b", "zone_b")
    expected = {tuple(sorted(p)) for p in [*product(side_a, side_b), *product(db_a, db_b)]}
    assert found == expected
    assert len(found) == 17


def test_two_zones_availability_counts_each_zone_once() -> None:
    doc, arch = document("two-zones"), report("two-zones").architecture

    def a(name: str) -> float:
        return availability_of(arch, name)

    total = 0.0
    for zone_a_up, zone_b_up in product((True, False), repeat=2):
        weight = (a("zone_a") if zone_a_up else 1 - a("zone_a")) * (
            a("zone_b") if zone_b_up else 1 - a("zone_b")
        )
        app_a, app_b = zone_a_up * a("vm_a") * a("app"), zone_b_up * a("vm_b") * a("app")
        db_a, db_b = zone_a_up * a("db_vm_a") * a("db"), zone_b_up * a("db_vm_b") * a("db")
        app_up = 1 - (1 - app_a) * (1 - app_b)
        db_up = 1 - (1 - db_a) * (1 - db_b)
        total += weight * app_up * db_up
    expected = a("lb") * a("region_1") * total
    assert doc["availability"]["value"] == pytest.approx(expected, rel=1e-12)
    assert doc["passed"] is False  # lb and region_1 are unaccepted SPOFs...
    assert doc["entrypoints"][0]["slo_met"] is True  # ...though the objective is met


# --- multi-region: only DNS, and that risk is accepted ------------------------------


def test_multi_region() -> None:
    doc = document("multi-region")
    assert doc["passed"] is True
    spof_findings = [f for f in doc["findings"] if f["rule"] == "SPOF"]
    assert [(f["component"], f["accepted"]) for f in spof_findings] == [("dns", True)]
    # A region's stack falls with its load balancer, its database or the region itself;
    # the system falls when both stacks do.
    eu, us = ("lb_eu", "db_eu", "region_eu"), ("lb_us", "db_us", "region_us")
    assert pairs(doc) == {tuple(sorted(p)) for p in product(eu, us)}
    assert len(pairs(doc)) == 9


def test_multi_region_availability() -> None:
    doc, arch = document("multi-region"), report("multi-region").architecture

    def stack(region: str) -> float:
        def a(name: str) -> float:
            return availability_of(arch, name.format(region))

        app_a = a("zone_{}_a") * a("vm_{}_a") * a("app_{}")
        app_b = a("zone_{}_b") * a("vm_{}_b") * a("app_{}")
        return a("region_{}") * a("lb_{}") * a("db_{}") * (1 - (1 - app_a) * (1 - app_b))

    expected = availability_of(arch, "dns") * (1 - (1 - stack("eu")) * (1 - stack("us")))
    assert doc["availability"]["value"] == pytest.approx(expected, rel=1e-12)


def test_multi_region_after_the_waiver_expires() -> None:
    expired = pipeline.check(ROOT / "examples" / "multi-region.yaml", today=dt.date(2027, 7, 1))
    assert not expired.passed
    rules = {(f.rule, f.component, f.severity, f.accepted) for f in expired.findings}
    assert ("EXPIRED-RISK", "dns", "error", False) in rules
    assert ("SPOF", "dns", "error", False) in rules
    last_day = pipeline.check(ROOT / "examples" / "multi-region.yaml", today=dt.date(2027, 6, 30))
    assert last_day.passed, "an accepted risk holds through its expiry date"


# --- microservices: journeys with different needs -----------------------------------

CHECKOUT_ONLY = {"node_b", "zone_b", "shipping_service", "payment_provider"}


def test_microservices_what_each_spof_takes_down() -> None:
    doc = document("microservices")
    assert [e["name"] for e in doc["entrypoints"]] == ["browse", "checkout"]
    for spof in doc["spofs"]:
        expected = ["checkout"] if spof["component"] in CHECKOUT_ONLY else ["browse", "checkout"]
        assert spof["entrypoints"] == expected, spof["component"]


def test_microservices_verdict() -> None:
    doc = document("microservices")
    accepted = [(f["rule"], f["component"]) for f in doc["findings"] if f["accepted"]]
    assert accepted == [("EXTERNAL-SPOF", "payment_provider")]  # one problem, one waiver
    slo = {e["name"]: e["slo_met"] for e in doc["entrypoints"]}
    assert slo == {"browse": False, "checkout": True}
    assert not doc["passed"]
    # Everything browse needs, checkout needs too: the system is up exactly when checkout is.
    checkout = next(e for e in doc["entrypoints"] if e["name"] == "checkout")
    assert doc["availability"]["value"] == pytest.approx(checkout["availability"], rel=1e-12)
    # DNS is modelled at 100%: never a SPOF, never in a cut set.
    events = {e for cut in doc["cut_sets"]["order_2"] for e in cut}
    assert "dns" not in events and "dns" not in EXPECTED_SPOFS["microservices"]


def test_microservices_kafka_survives_one_broker_not_two() -> None:
    found = pairs(document("microservices"))
    assert {("kafka_0", "kafka_1"), ("kafka_0", "kafka_2"), ("kafka_1", "kafka_2")} <= found


def test_microservices_what_if_node_b() -> None:
    _, result = pipeline.fail(ROOT / "examples" / "microservices.yaml", ["node_b"])
    assert result.entrypoints_down == ("checkout",)
    assert {"node_b", "shipping_service", "checkout_service", "checkout"} <= set(result.down)
    assert "browse" not in result.down and "frontend" not in result.down
    assert "frontend" in result.reduced
    assert result.availability_after.value == 0.0


# --- gitlab-3k: quorums, failover time, failover-only dependencies ------------------


def test_gitlab_quorums_fail_over_only_with_their_quorum() -> None:
    path = ROOT / "examples" / "gitlab-3k.yaml"
    for names in (["sentinel"], ["consul"], ["redis[0]"], ["postgresql[0]"], ["sentinel[0]"]):
        assert pipeline.fail(path, names)[1].entrypoints_down == (), names
    _, answer = pipeline.fail(path, ["redis[0]"])
    assert answer.failed_over == ("redis",)
    for names in (["sentinel", "redis[0]"], ["consul", "postgresql[0]"]):
        assert pipeline.fail(path, names)[1].entrypoints_down == ("external-lb",), names
    pairs_found = pairs(document("gitlab-3k"))
    assert not any("sentinel" in a or "sentinel" in b for a, b in pairs_found)


def test_gitlab_failover_time_is_in_the_nines() -> None:
    doc, arch = document("gitlab-3k"), report("gitlab-3k").architecture
    paid = {f["component"]: f for f in doc["failover"]}
    assert sorted(paid) == ["postgresql", "redis"]
    for name, entry in paid.items():
        comp = arch.components[name]
        rate = 8760 * comp.availability / 2190  # the default MTBF of a database or cache
        assert entry["failovers_per_year"] == pytest.approx(rate)
        assert entry["downtime_hours_per_year"] == pytest.approx(rate * 30 / 3600)
    assert arch.components["rails"].min_healthy == 2  # 60 RPS at 30 a node: N+1 with 3


def test_gitlab_fixes_keep_every_quorum() -> None:
    for fix in document("gitlab-3k")["remediations"]:
        entries = yaml.safe_load(fix["snippet"])
        for name in ("consul", "sentinel"):
            if name in entries:
                assert entries[name]["min_healthy"] == "majority"
                assert entries[name]["replicas"] % 2 == 1


# --- wordpress-aws: managed services, a common cause ---------------------------------


def test_wordpress_managed_services_are_the_providers_slas() -> None:
    doc, arch = document("wordpress-aws"), report("wordpress-aws").architecture
    managed = {n for n, c in arch.components.items() if c.managed}
    rules = {(f["component"], f["rule"]) for f in doc["findings"]}
    for name in ("alb", "cloudfront", "efs", "rds"):
        assert (name, "EXTERNAL-SPOF") in rules and (name, "SPOF") not in rules
    for fix in doc["remediations"]:
        entries = yaml.safe_load(fix["snippet"])
        for name in managed & set(entries):
            assert entries[name].get("replicas", 1) == 1
    assert ("wordpress", "COMMON-CAUSE") in rules and ("wordpress", "SPOF") not in rules
    assert ["wordpress[*]"] in doc["cut_sets"]["order_1"]
    assert doc["passed"]


def test_gitlab_plan_is_the_small_changes_not_a_second_region() -> None:
    """The priced plan takes the two single nodes whose replicas meet the objective,
    not the second region that would also meet it for twenty times the price; and a
    second HAProxy goes to another zone, not beside the first."""
    doc = document("gitlab-3k")
    plan = doc["remediation_plan"]
    assert [step["component"] for step in plan["steps"]] == ["praefect-postgresql", "internal-lb"]
    assert plan["meets_slo"] and plan["method"] == "greedy-priced"
    lb = next(f for f in doc["remediations"] if f["component"] == "external-lb")
    assert yaml.safe_load(lb["snippet"])["external-lb"]["runs_on"] == ["zone-a", "zone-b"]
    region = next(f for f in doc["remediations"] if f["component"] == "region")
    assert region["cost_per_month"] > 20 * plan["cost_per_month"]
