"""The model built from a valid file: fractions, hours, groups, entrypoints, locations."""

from __future__ import annotations

import pytest

from spofscan.errors import Location
from spofscan.loading import load_architecture_text
from spofscan.model import Architecture, DependencyGroup

HEAD = "spofscan: 1\nname: x\n"


def _load(body: str) -> Architecture:
    return load_architecture_text(HEAD + body, "f.yaml")


def test_availability_sources() -> None:
    arch = _load(
        "defaults: {availability: 99}\ncomponents:\n"
        "  a: {availability: 99.5}\n  b: {mtbf: 99h, mttr: 1h}\n  c: {}\n  top: {}\n"
    )
    got = {n: (c.availability, c.availability_source) for n, c in arch.components.items()}
    assert got["a"] == (0.995, "availability")
    assert got["b"][0] == pytest.approx(0.99) and got["b"][1] == "mtbf"
    assert got["c"] == (0.99, "default")
    assert arch.default_availability == 0.99


def test_the_default_availability_is_99_9() -> None:
    arch = _load("components:\n  a: {}\n")
    assert arch.components["a"].availability == 0.999 and arch.default_availability == 0.999


def test_dependency_groups() -> None:
    arch = _load(
        "components:\n  a:\n    depends_on:\n      - b\n      - any_of: [b, c]\n"
        "      - {at_least: 2, of: [b, c, d]}\n  b: {}\n  c: {}\n  d: {}\n"
    )
    here = Location("f.yaml", 7, 9)
    assert arch.components["a"].depends_on == (
        DependencyGroup("all", ("b",), 1, Location("f.yaml", 6, 9)),
        DependencyGroup("any", ("b", "c"), 1, here),
        DependencyGroup("at_least", ("b", "c", "d"), 2, Location("f.yaml", 8, 9)),
    )


def test_entrypoints_default_to_what_nothing_names_then_every_journey() -> None:
    arch = _load(
        "components:\n  web: {depends_on: [api], runs_on: vm}\n  api: {soft_depends_on: [ml]}\n"
        "  ml: {}\n  vm: {}\n  cron: {depends_on: [api]}\n"
        "journeys:\n  shop: {depends_on: [web]}\n  pay: {depends_on: [shop]}\n"
    )
    assert arch.entrypoints == ("cron", "pay", "shop")
    assert not arch.entrypoints_declared


def test_declared_entrypoints_come_first_then_the_journeys() -> None:
    arch = _load(
        "entrypoints: [b, j2]\ncomponents:\n  a: {}\n  b: {depends_on: [a]}\n"
        "journeys:\n  j1: {depends_on: [a]}\n  j2: {depends_on: [b]}\n"
    )
    assert arch.entrypoints == ("b", "j2", "j1") and arch.entrypoints_declared


def test_journeys_and_locations() -> None:
    arch = _load(
        "slo: 99.9\ncomponents:\n  api:\n    kind: vm\n    replicas: 3\n    runs_on: [h1, h2]\n"
        "  h1: {}\n  h2: {}\njourneys:\n  buy:\n    slo: '99.5%'\n    depends_on: [api]\n"
    )
    api = arch.components["api"]
    assert api.location == Location("f.yaml", 5, 3)
    assert api.where("replicas") == Location("f.yaml", 7, 5)
    assert set(api.field_locations) == {"kind", "replicas", "runs_on"}
    assert api.instance_names() == ("api[0]", "api[1]", "api[2]")
    assert arch.journeys["buy"].slo == 0.995 and arch.journeys["buy"].location.line == 12
    assert arch.slo == 0.999 and arch.location == Location("f.yaml", 1, 1)


def test_a_single_runs_on_name_is_a_one_element_tuple() -> None:
    arch = _load("components:\n  a: {runs_on: h}\n  h: {}\n")
    assert arch.components["a"].runs_on == ("h",)


def test_objectives_cost_and_risks() -> None:
    arch = _load(
        "downtime_cost_per_hour: 1000\nobjectives: {rpo: 15m, rto: 4h}\ncomponents:\n  a: {}\n"
        "accepted_risks:\n  - {component: a, rule: SPOF, reason: ok}\n"
    )
    assert arch.downtime_cost_per_hour == 1000.0
    assert (arch.objectives.rpo_hours, arch.objectives.rto_hours) == (0.25, 4.0)
    [risk] = arch.accepted_risks
    assert (risk.rule, risk.expires, risk.location) == ("SPOF", None, Location("f.yaml", 8, 5))
