"""``spofscan drift``: a kept architecture against what is deployed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import in_process
from compose_helpers import write
from conftest import ROOT
from jsonschema import Draft4Validator

from spofscan.analysis.drift import drift
from spofscan.importers.imported import Edge, Imported, ImportedComponent
from spofscan.loading import load_architecture_text

COMPOSE = """\
services:
  web: {image: nginx, ports: ['80:80'], depends_on: [api]}
  api:
    image: api
    deploy: {replicas: 2}
    environment: {DATABASE_URL: "postgres://db:5432/app"}
  db: {image: postgres}
"""

KEPT = """\
spofscan: 1
name: shop
components:
  web: {kind: load_balancer, depends_on: [api], runs_on: vm}
  api: {replicas: 1, runs_on: vm}
  db: {kind: database, runs_on: vm}
  search: {runs_on: vm}
  vm: {kind: vm}
  payments: {kind: external}
"""


def kinds(model: str, imported: Imported) -> list[tuple[str, str]]:
    arch = load_architecture_text(model, "arch.yaml")
    return [(item.kind, item.component) for item in drift(arch, imported, "deploy").items]


def test_no_drift_when_they_agree() -> None:
    imported = Imported("x", "", (ImportedComponent("api", replicas=2),))
    assert kinds("spofscan: 1\nname: a\ncomponents: {api: {replicas: 2}}\n", imported) == []


def test_each_kind_of_drift() -> None:
    imported = Imported(
        "x",
        "",
        (
            ImportedComponent("api", replicas=3, depends_on=(Edge("db", ("env DB",)),)),
            ImportedComponent("db", "database"),
            ImportedComponent("cache", "cache"),
            ImportedComponent("docker-host", "host", assumed=True),
        ),
    )
    model = "spofscan: 1\nname: a\ncomponents:\n  api: {}\n  db: {}\n  old: {}\n  vm: {kind: vm}\n"
    assert kinds(model, imported) == [
        ("dependency", "api"),
        ("replicas", "api"),
        ("only-deployed", "cache"),
        ("only-modelled", "old"),
    ]


def test_a_dependency_held_in_any_form_is_no_drift() -> None:
    edge = Edge("reviews", ("env R",), any_of=("reviews-v1", "reviews-v2"))
    imported = Imported(
        "x",
        "",
        (
            ImportedComponent("page", depends_on=(edge, Edge("log", ("env L",), soft=True))),
            ImportedComponent("reviews-v1"),
            ImportedComponent("reviews-v2"),
            ImportedComponent("log"),
        ),
    )
    model = """\
spofscan: 1
name: a
components:
  page: {depends_on: [{at_least: 1, of: [reviews-v2, reviews-v1]}], soft_depends_on: [log]}
  reviews-v1: {}
  reviews-v2: {}
  log: {}
"""
    assert kinds(model, imported) == []


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path, {"compose.yml": COMPOSE, "arch.yaml": KEPT})
    return tmp_path


def test_drift_exits_1_and_locates_each_difference(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("drift", "arch.yaml", "--compose", "compose.yml")
    run = in_process(monkeypatch, capsys, *args, cwd=project)
    assert run.code == 1
    assert run.stdout.splitlines() == [
        "arch.yaml:5:3: drift: api depends on db in compose.yml (env DATABASE_URL), not in "
        "the architecture (dependency)",
        "arch.yaml:5:9: drift: api runs 2 replicas in compose.yml, the architecture says 1 "
        "(replicas)",
        "arch.yaml:7:3: drift: search (service) is in the architecture, but compose.yml does "
        "not run it (only-modelled)",
        "arch.yaml has drifted from compose.yml: 3 differences",
    ]
    document = json.loads(in_process(monkeypatch, capsys, *args, "-f", "json", cwd=project).stdout)
    assert document["drifted"] is True and document["compared"] == 3
    assert [(i["kind"], i["component"], i["line"]) for i in document["items"]] == [
        ("dependency", "api", 5), ("replicas", "api", 5), ("only-modelled", "search", 7),
    ]  # fmt: skip


def test_drift_exits_0_on_a_fresh_import(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("import", "compose", "compose.yml", "-o", "fresh.yaml")
    assert in_process(monkeypatch, capsys, *args, cwd=project).code == 0
    run = in_process(monkeypatch, capsys, "drift", "fresh.yaml", "--compose", "compose.yml",
                     cwd=project)  # fmt: skip
    assert run.code == 0
    assert run.stdout == "fresh.yaml matches compose.yml (3 components compared)\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("drift", "arch.yaml"), "drift compares with --compose FILE... or with --k8s PATH"),
        (("drift", "missing.yaml", "--compose", "compose.yml"), "missing.yaml:1:1: error: no such"),
        (("drift", "arch.yaml", "--compose", "nope.yml"), "nope.yml:1:1: error: no such file"),
    ],
)
def test_drift_exits_2_on_bad_input(
    args: tuple[str, ...], message: str, project: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    run = in_process(monkeypatch, capsys, *args, cwd=project)
    assert run.code == 2 and message in run.stderr


def test_drift_sarif_is_valid(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = json.loads((ROOT / "tests/fixtures/sarif/sarif-schema-2.1.0.json").read_text())
    run = in_process(monkeypatch, capsys, "drift", "arch.yaml", "--compose", "compose.yml",
                     "-f", "sarif", cwd=project)  # fmt: skip
    log = json.loads(run.stdout)
    assert list(Draft4Validator(schema).iter_errors(log)) == []
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [
        "DRIFT-DEPENDENCY", "DRIFT-REPLICAS", "DRIFT-ONLY-MODELLED",
    ]  # fmt: skip
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "arch.yaml"
    )
