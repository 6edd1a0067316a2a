"""The branches of the rules beyond the engine's: data protection, recovery objectives,
regions, dependency nines, health checks and restarts."""

from __future__ import annotations

import math

import pytest
from conftest import TODAY

from spofscan.analysis.analyse import analyse
from spofscan.findings.data_rules import domain_of, is_stateful, unprotected
from spofscan.findings.detect import detect
from spofscan.findings.finding import Finding
from spofscan.findings.objective_rules import asked_nines, own_availability
from spofscan.loading import load_architecture_text
from spofscan.model.architecture import Architecture


def load(components: str, top: str = "") -> Architecture:
    text = f"spofscan: 1\nname: t\n{top}components:\n{components}"
    return load_architecture_text(text, "t.yaml")


def found(rule: str, components: str, top: str = "") -> list[Finding]:
    arch = load(components, top)
    return [f for f in detect(arch, analyse(arch), TODAY) if f.rule == rule]


# --- data protection ----------------------------------------------------------------

DB = "  db:\n    kind: database\n    replicas: 2\n    data: {data}\n"


def db(data: str, extra: str = "") -> str:
    return DB.format(data=data) + extra


def test_a_cache_is_stateful_only_with_data() -> None:
    arch = load("  c1: {kind: cache}\n  c2: {kind: cache, data: {replication: none}}\n")
    assert not is_stateful(arch.components["c1"])
    assert is_stateful(arch.components["c2"]) and unprotected(arch.components["c2"])


def test_replicas_without_declared_replication_are_not_protection() -> None:
    assert found("NO-BACKUP", "  db: {kind: database, replicas: 3}\n")
    assert not found("NO-BACKUP", db("{replication: async}"))


def test_replication_without_backups_is_one_copy_for_3_2_1() -> None:
    (finding,) = found("BACKUP-3-2-1", db("{replication: sync}"))
    assert "1 copy counting the original" in finding.message
    assert "only one medium (disk)" in finding.message


def test_3_2_1_names_only_what_is_missing() -> None:
    backups = (
        "{backups: [{every: 1h, location: other-region, medium: disk},"
        " {every: 1d, location: other-zone, medium: disk}]}"
    )
    (finding,) = found("BACKUP-3-2-1", db(backups))
    assert finding.message.endswith("3-2-1 rule: only one medium (disk)")


def test_no_backup_is_not_doubled_by_3_2_1_or_rpo() -> None:
    arch = load("  db: {kind: database}\n", "objectives: {rpo: 1h}\n")
    rules = {f.rule for f in detect(arch, analyse(arch), TODAY)}
    assert "NO-BACKUP" in rules and not rules & {"BACKUP-3-2-1", "RPO", "BACKUP-SHARED-FATE"}


def test_domain_of_walks_the_placement() -> None:
    arch = load(
        "  db: {kind: database, runs_on: vm}\n  vm: {kind: vm, runs_on: z}\n  z: {kind: zone}\n"
    )
    assert domain_of(arch, arch.components["db"], frozenset({"zone"})) == "z"
    assert domain_of(arch, arch.components["z"], frozenset({"zone"})) is None


@pytest.mark.parametrize(
    ("data", "extra", "says"),
    [
        (
            "{replication: async, failover: manual, restore_time: 45m}",
            "",
            "45 min (from its restore_time)",
        ),
        (
            "{replication: async, failover: manual}",
            "    mtbf: 876h\n    mttr: 30m\n",
            "10.0 failovers a year",
        ),
        ("{replication: async, failover: manual}", "", "as long as paging someone"),
    ],
)
def test_manual_failover_estimates_the_outage(data: str, extra: str, says: str) -> None:
    (finding,) = found("MANUAL-FAILOVER", db(data, extra))
    assert says in finding.message and finding.severity == "warning"


def test_manual_failover_needs_replicas() -> None:
    assert not found("MANUAL-FAILOVER", "  db: {kind: database, data: {failover: manual}}\n")


# --- recovery objectives ------------------------------------------------------------


@pytest.mark.parametrize(
    ("rpo", "data", "fires"),
    [
        ("1m", "{replication: async}", False),
        ("59s", "{replication: async}", True),
        ("0s", "{replication: sync}", False),
        (
            "2h",
            "{backups: [{every: 1h, location: offsite, medium: tape},"
            " {every: 1d, location: offsite, medium: tape}]}",
            False,
        ),
        ("30m", "{backups: [{every: 1h, location: offsite, medium: tape}]}", True),
    ],
)
def test_rpo(rpo: str, data: str, fires: bool) -> None:
    assert bool(found("RPO", db(data), f"objectives: {{rpo: {rpo}}}\n")) is fires


def test_recovery_rules_need_objectives() -> None:
    data = "{restore_time: 9h, backups: [{every: 1d, location: offsite, medium: tape}]}"
    assert not found("RPO", db(data)) and not found("RTO", db(data))
    assert found("RTO", db(data), "objectives: {rto: 1h}\n")


def test_rto_is_not_judged_without_a_recovery_time() -> None:
    assert not found("RTO", db("{replication: sync}"), "objectives: {rto: 1m}\n")


# --- regions and nines --------------------------------------------------------------

REGIONS = """\
  web: {{restart: always, replicas: 2, runs_on: [za, zb]}}
  za: {{kind: zone, runs_on: {a}}}
  zb: {{kind: zone, runs_on: {b}}}
  r1: {{kind: region, availability: 99.999}}
  r2: {{kind: region, availability: 99.999}}
"""


@pytest.mark.parametrize(
    ("slo", "a", "b", "regions"),
    [
        ("99.99", "r1", "r1", ["r1"]),
        ("99.9", "r1", "r1", []),
        ("99.99", "r1", "r2", []),
    ],
)
def test_single_region(slo: str, a: str, b: str, regions: list[str]) -> None:
    components = REGIONS.format(a=a, b=b)
    findings = found("SINGLE-REGION", components, f"slo: {slo}\nentrypoints: [web]\n")
    assert [f.component for f in findings] == regions


def test_single_region_needs_every_entrypoint_in_the_region() -> None:
    components = REGIONS.format(a="r1", b="r1") + "  other: {restart: always, replicas: 2}\n"
    assert not found("SINGLE-REGION", components, "slo: 99.99\nentrypoints: [web, other]\n")


def test_asked_nines_and_own_availability() -> None:
    assert math.isinf(asked_nines(1.0)) and asked_nines(0.99) == pytest.approx(3)
    arch = load("  api: {availability: 99, replicas: 2, min_healthy: 2}\n")
    assert own_availability(arch.components["api"]) == pytest.approx(0.99**2)


def test_an_entrypoint_is_not_its_own_dependency() -> None:
    assert not found(
        "DEPENDENCY-NINES", "  api: {restart: always, availability: 99}\n", "slo: 99.9\n"
    )


# --- health checks and restarts -----------------------------------------------------


def test_a_journey_balancing_is_not_reported() -> None:
    top = "journeys:\n  buy: {depends_on: [{any_of: [a, b]}]}\n"
    components = "  a: {restart: always}\n  b: {restart: always}\n"
    assert not found("NO-HEALTH-CHECK", components, top)


def test_no_restart_ignores_other_kinds() -> None:
    assert not found(
        "NO-RESTART", "  vm: {kind: vm}\n  db: {kind: database, data: {replication: sync}}\n"
    )
