"""What high-availability designs rely on, held to closed forms: majority quorums,
failover time, failover-only dependencies, common causes; and what each does to
what-if, findings and fixes.

Each architecture is written in the file format and loaded as a user's would be; the
expected values are formulas written here, never the engine's or the brute force's.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
import yaml

from spofscan.analysis.analyse import analyse
from spofscan.analysis.availability import Settings, availability
from spofscan.analysis.compiled_structure import compile_structure
from spofscan.analysis.what_if import what_if
from spofscan.errors import InputError
from spofscan.loading.load import load_architecture_text
from spofscan.model import Architecture
from spofscan.pipeline import check_text, with_fix

from . import brute_force as bf

TOL = 1e-9
TODAY = dt.date(2026, 12, 2)
ESTIMATE = Settings(node_budget=0, samples=256_000, seed=3)


def load(components: str, head: str = "") -> Architecture:
    text = f"spofscan: 1\nname: ha\n{head}components:\n{components}"
    return load_architecture_text(text, "ha.yaml")


def exact(arch: Architecture) -> float:
    result = analyse(arch)
    assert result.system.method == "exact"
    return result.system.value


def test_majority_quorum_of_three_is_two_of_three() -> None:
    arch = load("  consul: {replicas: 3, min_healthy: majority, availability: 90}\n")
    p = 0.9
    assert arch.components["consul"].min_healthy == 2
    assert exact(arch) == pytest.approx(3 * p**2 - 2 * p**3, abs=TOL)


@pytest.mark.parametrize(("n", "k"), [(1, 1), (2, 2), (4, 3), (5, 3), (6, 4)])
def test_majority_is_floor_half_plus_one(n: int, k: int) -> None:
    arch = load(f"  etcd: {{replicas: {n}, min_healthy: majority, availability: 99}}\n")
    assert arch.components["etcd"].min_healthy == k


def test_at_least_majority_in_a_group() -> None:
    members = ", ".join(f"z{i}" for i in range(5))
    zones = "".join(f"  z{i}: {{kind: zone, availability: 80}}\n" for i in range(5))
    group = f"      - at_least: majority\n        of: [{members}]\n"
    arch = load(f"  app:\n    depends_on:\n{group}{zones}")
    assert arch.components["app"].depends_on[0].k == 3
    p = 0.8
    three_of_five = sum(math.comb(5, j) * p**j * (1 - p) ** (5 - j) for j in range(3, 6))
    assert exact(arch) == pytest.approx(0.999 * three_of_five, abs=TOL)


def test_failover_time_is_paid_per_failure_of_the_active_instance() -> None:
    arch = load("  db: {replicas: 2, mtbf: 1000h, mttr: 10h, failover_time: 36s}\n")
    a = 1000 / 1010
    failovers_per_hour = 1 / 1010
    q_failover = failovers_per_hour * 0.01  # 36 s is 0.01 h
    expected = (1 - (1 - a) ** 2) * (1 - q_failover)
    assert exact(arch) == pytest.approx(expected, abs=TOL)
    comp = arch.components["db"]
    assert comp.failovers_per_year == pytest.approx(8760 / 1010)


def test_failover_rate_defaults_by_kind_without_an_mtbf() -> None:
    arch = load("  db: {kind: database, replicas: 2, availability: 99.9, failover_time: 1m}\n")
    comp = arch.components["db"]
    assert comp.mtbf_or_default == (2190.0, True)
    q_failover = 0.999 / 2190 * (1 / 60)
    assert exact(arch) == pytest.approx((1 - 0.001**2) * (1 - q_failover), abs=TOL)


def test_manual_failover_pays_the_restore_time() -> None:
    body = "{replicas: 2, mtbf: 500h, mttr: 5h, data: {failover: manual, restore_time: 30m}}"
    arch = load(f"  db: {body}\n")
    a = 500 / 505
    expected = (1 - (1 - a) ** 2) * (1 - 0.5 / 505)
    assert exact(arch) == pytest.approx(expected, abs=TOL)


def test_a_failover_is_no_single_point_of_failure() -> None:
    arch = load("  db: {replicas: 2, availability: 99, failover_time: 45s}\n")
    result = analyse(arch)
    assert result.spofs == ()
    assert result.cut_sets.order_1 == ()
    answer = what_if(arch, ["db[0]"])
    assert answer.down == () and answer.failed_over == ("db",)
    assert what_if(arch, ["db[1]"]).failed_over == ()


SENTINEL = """\
  app: {depends_on: [redis]}
  redis:
    kind: cache
    replicas: 2
    availability: 99
    failover: {mode: automatic, needs: [sentinel]}
  sentinel: {replicas: 3, min_healthy: majority, availability: 95}
"""


def test_failover_only_dependency() -> None:
    arch = load(SENTINEL)
    r, p = 0.99, 0.95
    s = 3 * p**2 - 2 * p**3
    redis = r + (1 - r) * r * s  # the active one up, or the standby and a quorum
    assert exact(arch) == pytest.approx(0.999 * redis, abs=TOL)
    assert what_if(arch, ["sentinel"]).entrypoints_down == ()
    assert what_if(arch, ["sentinel[1]", "sentinel[2]"]).down == ("sentinel",)
    both = what_if(arch, ["sentinel", "redis[0]"])
    assert both.entrypoints_down == ("app",)
    assert both.why["app"] == ("app", "redis")  # redis[0] failed, its failover needs sentinel
    assert what_if(arch, ["sentinel", "redis[1]"]).entrypoints_down == ()


def test_failover_only_dependency_pairs() -> None:
    arch = load(SENTINEL.replace("replicas: 3, min_healthy: majority, ", ""))
    _, pairs = bf.cut_sets(arch)
    names = {e.name for e in compile_structure(arch).events}
    found = analyse(arch).cut_sets.order_2
    assert ("redis[0]", "sentinel") in pairs and "redis[0]" in names
    assert sorted(tuple(p) for p in found) == pairs


def test_beta_factor_pair() -> None:
    arch = load("  api: {replicas: 2, availability: 99, common_cause: 10%}\n")
    q, beta = 0.01, 0.1
    u = beta * q + (1 - beta * q) * ((1 - beta) * q) ** 2
    assert exact(arch) == pytest.approx(1 - u, abs=TOL)
    assert u == pytest.approx(beta * q + ((1 - beta) * q) ** 2, rel=1e-3)  # first order
    result = analyse(arch)
    assert [spof.events for spof in result.spofs] == [("api[*]",)]
    answer = what_if(arch, ["api[*]"])
    assert answer.entrypoints_down == ("api",)


def test_common_cause_with_its_own_rate_and_file_default() -> None:
    arch = load(
        "  api: {replicas: 3, availability: 99}\n  one: {availability: 99}\n",
        head="defaults: {common_cause: {mtbf: 30d, mttr: 36m}}\n",
    )
    assert arch.components["one"].common_cause is None  # a single instance has none
    q_cause = 0.6 / (720 + 0.6)
    expected = (1 - 0.01**3) * (1 - q_cause) * 0.99
    assert exact(arch) == pytest.approx(expected, abs=TOL)


@pytest.mark.parametrize(
    "components",
    [
        SENTINEL,
        "  api: {replicas: 3, availability: 97, common_cause: 20%, failover_time: 2h}\n",
        "  q: {replicas: 4, min_healthy: majority, availability: 90, common_cause: 5%}\n",
    ],
)
def test_brute_force_and_monte_carlo_agree(components: str) -> None:
    arch = load(components)
    truth = bf.availability(arch)
    assert exact(arch) == pytest.approx(truth, abs=TOL)
    estimate = availability(compile_structure(arch), settings=ESTIMATE).system
    assert estimate.method == "monte-carlo" and estimate.ci95 is not None
    assert estimate.ci95[0] <= truth <= estimate.ci95[1]


def test_capacity_sets_min_healthy_and_no_spare_is_found() -> None:
    body = "{kind: service, restart: always, replicas: 3, capacity: 1000, peak_load: 3000}"
    text = f"spofscan: 1\nname: ha\ncomponents:\n  rails: {body}\n"
    report = check_text(text, "ha.yaml", today=TODAY)
    assert report.architecture.components["rails"].min_healthy == 3
    rules = {f.rule for f in report.findings if f.component == "rails"}
    assert "NO-SPARE-CAPACITY" in rules and "SPOF" not in rules
    fix = next(f for f in report.fixes if f.component == "rails")
    assert yaml.safe_load(fix.snippet)["rails"]["replicas"] == 4
    spare = check_text(text.replace("replicas: 3", "replicas: 4"), "ha.yaml", today=TODAY)
    assert not [f for f in spare.findings if f.rule == "NO-SPARE-CAPACITY"]


def test_managed_service_is_one_event_with_the_providers_sla() -> None:
    text = (
        "spofscan: 1\nname: ha\ncomponents:\n"
        "  web: {kind: container, restart: always, replicas: 2, depends_on: [s3]}\n"
        "  s3: {kind: storage, managed: true, availability: 99.99}\n"
    )
    report = check_text(text, "ha.yaml", today=TODAY)
    rules = {f.rule for f in report.findings if f.component == "s3"}
    assert "EXTERNAL-SPOF" in rules and "SPOF" not in rules
    for fix in report.fixes:
        entries = yaml.safe_load(fix.snippet)
        assert entries.get("s3", {}).get("replicas", 1) == 1


def test_a_quorum_fix_keeps_its_majority() -> None:
    text = (
        "spofscan: 1\nname: ha\ncomponents:\n"
        "  consul: {replicas: 3, min_healthy: majority, runs_on: vm, restart: always}\n"
        "  vm: {kind: vm, availability: 99.5}\n"
    )
    report = check_text(text, "ha.yaml", today=TODAY)
    fix = next(f for f in report.fixes if f.component in ("vm", "consul"))
    entries = yaml.safe_load(fix.snippet)
    consul = entries["consul"]
    assert consul["min_healthy"] == "majority"
    assert consul["replicas"] % 2 == 1
    fixed = load_architecture_text(with_fix(text, "x.yaml", fix.snippet), "x.yaml")
    assert fixed.components["consul"].quorum
    assert fixed.components["consul"].min_healthy == consul["replicas"] // 2 + 1
    assert len(set(fixed.components["consul"].hosts)) == 3


@pytest.mark.parametrize(
    ("components", "message"),
    [
        ("  a: {failover_time: 30s}\n", "needs 2 or more replicas"),
        ("  a: {replicas: 2, managed: true}\n", "managed"),
        ("  a: {replicas: 2, capacity: 10, peak_load: 25}\n", "needs 3 instances"),
        ("  a: {capacity: 10}\n", "they go together"),
        ("  a: {replicas: 2, failover: {needs: [b]}}\n", "unknown component 'b'"),
        ("  a: {replicas: 2, min_healthy: most}\n", "min_healthy"),
    ],
)
def test_bad_ha_keys_are_located_errors(components: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        load(components)
    assert message in str(raised.value)


def test_a_failovers_lost_need_leaves_its_component_unreduced() -> None:
    """``reduced`` is an instance or a group member lost: failing what a failover needs
    takes neither from the component that fails over (found by the property tests)."""
    arch = load_architecture_text(
        "spofscan: 1\nname: x\nentrypoints: [api, cache]\ncomponents:\n"
        "  witness: {kind: service, availability: 99.9}\n"
        "  api: {kind: service, availability: 99.9, depends_on: [witness]}\n"
        "  cache:\n    kind: cache\n    availability: 99.9\n    replicas: 2\n"
        "    failover: {mode: automatic, needs: [witness]}\n",
        "x.yaml",
    )
    result = what_if(arch, ["witness"])
    assert result.down == ("api", "witness")
    assert result.reduced == ()
    assert what_if(arch, ["cache[0]"]).reduced == ("cache",)
