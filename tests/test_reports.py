"""The JSON and text reports of every example, as a CI pipeline reads them.

Each example is checked once through ``python -m spofscan check --format json`` (cached),
and its report is held against schemas/report.schema.json and against the arithmetic of
SPEC sections 3 and 5. What-if reports are held against schemas/what-if.schema.json.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from conftest import EXAMPLES, ROOT, TODAY_TEXT
from jsonschema import Draft202012Validator

from spofscan import pipeline
from spofscan.analysis.analyse import analyse
from spofscan.analysis.availability import Settings
from spofscan.findings.catalog import SEVERITY_RANK
from spofscan.findings.detect import detect
from spofscan.loading import load_architecture, load_architecture_text
from spofscan.model import architecture as model
from spofscan.render.check import json as json_report
from spofscan.render.check import text
from spofscan.render.terminal import Terminal
from spofscan.render.what_if import json as what_if_json
from spofscan.report.check import CheckReport
from spofscan.report.options import FailOn

REPORT_SCHEMA: dict[str, Any] = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
WHAT_IF_SCHEMA: dict[str, Any] = json.loads((ROOT / "schemas" / "what-if.schema.json").read_text())

# SPEC section 5: the fields a report must carry, object by object.
SPEC_KEYS = {
    "report": {
        "format",
        "passed",
        "architecture",
        "availability",
        "entrypoints",
        "spofs",
        "cut_sets",
        "articulation_points",
        "findings",
        "components",
        "remediations",
        "remediation_plan",
    },
    "architecture": {"name", "file", "components"},
    "availability": {"value", "percent", "nines", "downtime_hours_per_year", "method", "ci95"},
    "entrypoint": {"name", "availability", "slo", "slo_met"},
    "spof": {"component", "kind", "entrypoints"},
    "cut_sets": {"order_1", "order_2"},
    "finding": {
        "rule",
        "severity",
        "component",
        "message",
        "remediation",
        "file",
        "line",
        "accepted",
    },
    "component": {"name", "kind", "availability", "spof", "birnbaum", "criticality"},
}
WHAT_IF_KEYS = {"failed", "down", "degraded", "entrypoints_down", "availability_after"}


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def spofscan(*args: str, hash_seed: str = "0") -> Run:
    """Run ``python -m spofscan`` from the repository root, its output through a pipe."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-m", "spofscan", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@functools.cache
def json_run(example: str) -> Run:
    return spofscan("check", f"examples/{example}.yaml", "--format", "json", "--today", TODAY_TEXT)


def report_of(example: str) -> dict[str, Any]:
    run = json_run(example)
    assert run.stderr == ""
    document: dict[str, Any] = json.loads(run.stdout)
    return document


def schema_errors(schema: dict[str, Any], document: Any) -> list[str]:
    """Every violation, each with the path of the value at fault."""
    validator = Draft202012Validator(schema)
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    ]


def closed(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``schema`` where no object may carry a key the schema does not describe.

    The published schemas stay open (SPEC: "add others freely"); the closed copy proves
    that they document every field the renderers emit.
    """
    strict = copy.deepcopy(schema)
    for node in _subschemas(strict):
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
    return strict


def definition(name: str) -> dict[str, Any]:
    """A schema of one of the report schema's definitions."""
    return {"$defs": REPORT_SCHEMA["$defs"], "$ref": f"#/$defs/{name}"}


def _subschemas(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _subschemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from _subschemas(value)


def estimates(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], float]]:
    """The system's availability and each entrypoint's, with the fraction they state."""
    yield "system", document["availability"], document["availability"]["value"]
    for entry in document["entrypoints"]:
        yield entry["name"], entry, entry["availability"]


# --- the schemas themselves ---------------------------------------------------------


@pytest.mark.parametrize("schema", [REPORT_SCHEMA, WHAT_IF_SCHEMA], ids=["report", "what-if"])
def test_schema_is_valid_and_described(schema: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"] and schema["description"]
    undescribed = [
        name
        for node in _subschemas(schema)
        for name, sub in node.get("properties", {}).items()
        if not sub.get("description")
    ]
    assert undescribed == []
    assert all(definition.get("description") for definition in schema["$defs"].values())


def test_schemas_require_exactly_the_spec_fields() -> None:
    defs = REPORT_SCHEMA["$defs"]
    props = REPORT_SCHEMA["properties"]
    assert set(REPORT_SCHEMA["required"]) == SPEC_KEYS["report"]
    assert set(props["architecture"]["required"]) == SPEC_KEYS["architecture"]
    assert set(defs["estimate"]["required"]) == SPEC_KEYS["availability"]
    assert set(props["cut_sets"]["required"]) == SPEC_KEYS["cut_sets"]
    for name in ("entrypoint", "spof", "finding", "component"):
        assert set(defs[name]["required"]) == SPEC_KEYS[name], name
    assert set(WHAT_IF_SCHEMA["required"]) == WHAT_IF_KEYS


def test_schemas_agree_with_the_model_and_each_other() -> None:
    assert tuple(REPORT_SCHEMA["$defs"]["kind"]["enum"]) == model.KINDS
    assert tuple(REPORT_SCHEMA["$defs"]["finding"]["properties"]["severity"]["enum"]) == tuple(
        sorted(SEVERITY_RANK, key=lambda s: -SEVERITY_RANK[s])
    )
    shared = set(WHAT_IF_SCHEMA["$defs"]) & set(REPORT_SCHEMA["$defs"])
    assert shared >= {"estimate", "fraction", "ci95", "nines", "name", "event"}
    for name in shared:
        assert WHAT_IF_SCHEMA["$defs"][name] == REPORT_SCHEMA["$defs"][name], name


def test_schema_rejects_what_it_should() -> None:
    document = report_of("single-vm")
    bad_cases = [
        ("availability", "value", 1.5),
        ("availability", "nines", -1),
        ("availability", "ci95", [0.9]),
        ("availability", "method", "guess"),
    ]
    for section, key, value in bad_cases:
        broken = copy.deepcopy(document)
        broken[section][key] = value
        assert schema_errors(REPORT_SCHEMA, broken), (section, key, value)
    broken = copy.deepcopy(document)
    broken["findings"][0]["severity"] = "fatal"
    assert schema_errors(REPORT_SCHEMA, broken)
    broken = copy.deepcopy(document)
    del broken["remediation_plan"]
    assert schema_errors(REPORT_SCHEMA, broken)


# --- every example's JSON report ----------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES)
def test_report_validates_against_the_schema(example: str) -> None:
    document = report_of(example)
    assert schema_errors(REPORT_SCHEMA, document) == []
    assert schema_errors(closed(REPORT_SCHEMA), document) == [], "a field is not in the schema"


@pytest.mark.parametrize("example", EXAMPLES)
def test_report_has_the_spec_fields(example: str) -> None:
    document = report_of(example)
    assert document["format"] == "spofscan-report/1"
    assert SPEC_KEYS["report"] <= set(document)
    assert SPEC_KEYS["architecture"] <= set(document["architecture"])
    assert SPEC_KEYS["availability"] <= set(document["availability"])
    assert SPEC_KEYS["cut_sets"] <= set(document["cut_sets"])
    sections = [("entrypoint", "entrypoints"), ("spof", "spofs")]
    sections += [("finding", "findings"), ("component", "components")]
    for name, key in sections:
        for item in document[key]:
            assert SPEC_KEYS[name] <= set(item), (key, item)
    assert document["remediations"] == [] or all("action" in r for r in document["remediations"])


@pytest.mark.parametrize("example", EXAMPLES)
def test_passed_agrees_with_the_exit_code(example: str) -> None:
    document = report_of(example)
    assert json_run(example).code == (0 if document["passed"] else 1)
    failing = [f for f in document["findings"] if f["severity"] == "error" and not f["accepted"]]
    assert document["passed"] == (not failing)
    if any(e["slo_met"] is False for e in document["entrypoints"]):
        assert not document["passed"]


@pytest.mark.parametrize("example", EXAMPLES)
def test_fractions_and_units(example: str) -> None:
    document = report_of(example)
    for where, estimate, value in estimates(document):
        assert 0.0 <= value <= 1.0, where
        assert estimate.get("percent", value * 100) == pytest.approx(value * 100, rel=1e-12)
        if value < 1.0:
            assert estimate["nines"] == pytest.approx(-math.log10(1 - value), rel=1e-9), where
        else:
            assert estimate["nines"] is None, where
        expected_downtime = (1 - value) * 8760
        assert estimate["downtime_hours_per_year"] == pytest.approx(expected_downtime, abs=1e-9)
        assert estimate["method"] == "exact"
        assert estimate["ci95"] is None
    for entry in document["entrypoints"]:
        if entry["slo"] is not None:
            assert 0.0 < entry["slo"] <= 1.0
            assert entry["slo_met"] == (entry["availability"] >= entry["slo"])
    for component in document["components"]:
        for key in ("availability", "birnbaum", "criticality"):
            assert 0.0 <= component[key] <= 1.0, (component["name"], key)


@pytest.mark.parametrize("example", EXAMPLES)
def test_system_is_no_more_available_than_any_entrypoint(example: str) -> None:
    document = report_of(example)
    system = document["availability"]["value"]
    assert all(system <= e["availability"] + 1e-12 for e in document["entrypoints"])


@pytest.mark.parametrize("example", EXAMPLES)
def test_entrypoints_in_file_order(example: str) -> None:
    document = report_of(example)
    arch = load_architecture(ROOT / "examples" / f"{example}.yaml")
    names = [e["name"] for e in document["entrypoints"]]
    assert names == list(arch.entrypoints)
    if not arch.entrypoints_declared:
        lines = [arch.location_of(name).line for name in names]
        assert lines == sorted(lines)


@pytest.mark.parametrize("example", EXAMPLES)
def test_lists_are_sorted(example: str) -> None:
    document = report_of(example)

    def order(finding: dict[str, Any]) -> tuple[Any, ...]:
        place = (finding["file"], finding["line"], finding["column"])
        return (*place, -SEVERITY_RANK[finding["severity"]], finding["rule"], finding["component"])

    assert document["findings"] == sorted(document["findings"], key=order)
    assert [s["component"] for s in document["spofs"]] == sorted(
        s["component"] for s in document["spofs"]
    )
    assert [c["name"] for c in document["components"]] == sorted(
        c["name"] for c in document["components"]
    )
    for order_n in ("order_1", "order_2"):
        cut_sets = document["cut_sets"][order_n]
        assert cut_sets == sorted(cut_sets)
        assert all(list(c) == sorted(c) for c in cut_sets)
    assert document["cut_sets"]["order_1"] == sorted(
        [event] for spof in document["spofs"] for event in spof["events"]
    )


@pytest.mark.parametrize("example", EXAMPLES)
def test_findings_point_into_the_file(example: str) -> None:
    document = report_of(example)
    lines = (ROOT / "examples" / f"{example}.yaml").read_text().splitlines()
    for finding in document["findings"]:
        assert finding["file"] == f"examples/{example}.yaml"
        assert 1 <= finding["line"] <= len(lines)
        assert finding["component"] in lines[finding["line"] - 1] or finding["rule"] != "SPOF"


@pytest.mark.parametrize("example", EXAMPLES)
def test_output_is_deterministic(example: str) -> None:
    """Another process, another hash seed: the same bytes."""
    args = ("check", f"examples/{example}.yaml", "--format", "json", "--today", TODAY_TEXT)
    again = spofscan(*args, hash_seed="4242")
    assert again.stdout == json_run(example).stdout
    assert again.code == json_run(example).code


@pytest.mark.parametrize("example", EXAMPLES)
def test_text_report_through_a_pipe(example: str) -> None:
    run = spofscan("check", f"examples/{example}.yaml", "--today", TODAY_TEXT)
    document = report_of(example)
    assert run.code == json_run(example).code
    assert run.stderr == ""
    assert "\x1b" not in run.stdout, "ANSI escapes in output that is not a terminal"
    assert spof_table(run.stdout) == [(s["component"], s["kind"]) for s in document["spofs"]]
    assert ("PASSED" in run.stdout) == document["passed"]


def spof_table(text: str) -> list[tuple[str, str]]:
    """The component and kind of each row of the text report's SPOF table, in order."""
    lines = text.splitlines()
    heading = [i for i, line in enumerate(lines) if line.startswith("Single points of failure (")]
    if not heading:
        assert "No single point of failure." in lines
        return []
    rows = []
    for line in lines[heading[0] + 4 :]:  # past the heading, the column names and the rules
        if line.startswith("└"):
            break
        cells = [cell.strip() for cell in line.strip("│").split("│")]
        rows.append((cells[0], cells[1]))
    count = int(lines[heading[0]].split("(")[1].rstrip(")"))
    assert len(rows) == count
    return rows


# --- reports the examples do not reach ----------------------------------------------


NEVER_FAILS = """\
spofscan: 1
name: nothing can fail
components:
  web: {availability: 100, depends_on: [a]}
  a: {availability: 100, depends_on: [b]}
  b: {availability: 100, depends_on: [a]}
"""


def report_document(text: str, file: str) -> dict[str, Any]:
    """The JSON report of ``text``, analysed and judged today, without measured fixes."""
    arch = load_architecture_text(text, file)
    analysis = analyse(arch)
    findings = tuple(detect(arch, analysis, dt.date.today()))
    report = CheckReport(arch, analysis, findings, FailOn.error, dt.date.today())
    return json_report.check_document(report)


def test_report_when_nothing_can_fail() -> None:
    document = report_document(NEVER_FAILS, "never.yaml")
    assert schema_errors(closed(REPORT_SCHEMA), document) == []
    assert document["availability"]["value"] == 1.0
    assert document["availability"]["nines"] is None
    assert document["spofs"] == [] and document["cut_sets"]["order_1"] == []


def monte_carlo_report(example: str) -> dict[str, Any]:
    """The report of an example whose exact computation is made to run out of budget."""
    arch = load_architecture(ROOT / "examples" / f"{example}.yaml")
    analysis = analyse(arch, settings=Settings(node_budget=5, samples=20_000, seed=1))
    today = dt.date(2026, 11, 25)
    findings = tuple(detect(arch, analysis, today))
    report = CheckReport(arch, analysis, findings, FailOn.error, today)
    return json_report.check_document(report)


def test_monte_carlo_estimate_matches_its_schema() -> None:
    document = monte_carlo_report("two-zones")
    availability = document["availability"]
    assert availability["method"] == "monte-carlo"
    low, high = availability["ci95"]
    assert low <= availability["value"] <= high
    assert schema_errors(definition("estimate"), availability) == []
    for entry in document["entrypoints"]:
        assert entry["method"] == "monte-carlo"
        assert schema_errors(definition("entrypoint"), entry) == []


def test_monte_carlo_report_validates_against_the_schema() -> None:
    assert schema_errors(REPORT_SCHEMA, monte_carlo_report("two-zones")) == []


def test_monte_carlo_report_leaves_mtbf_out_and_says_why() -> None:
    document = monte_carlo_report("microservices")
    mtbf = document["availability"]["mtbf"]
    assert mtbf["failures_per_year"] is None and mtbf["coverage"] is None
    assert "Monte Carlo" in mtbf["reason"]
    assert schema_errors(closed(REPORT_SCHEMA), document) == []


WITH_MTBF = """\
spofscan: 1
name: every component with MTBF and MTTR
slo: 99.5
components:
  api: {kind: container, restart: always, mtbf: 100h, mttr: 1h, depends_on: [db]}
  db: {kind: database, mtbf: 1000h, mttr: 2h, data: {replication: async}}
"""


def test_report_with_mtbf_and_a_tier_matches_the_closed_schema() -> None:
    document = report_document(WITH_MTBF, "mtbf.yaml")
    assert schema_errors(closed(REPORT_SCHEMA), document) == []
    mtbf = document["availability"]["mtbf"]
    assert mtbf["complete"] is True and mtbf["missing"] == [] and mtbf["reason"] is None
    a = document["availability"]["value"]
    assert mtbf["mtbf_hours"] / (mtbf["mtbf_hours"] + mtbf["mttr_hours"]) == pytest.approx(a)
    assert document["tier"]["name"] == "recovery"
    assert {f["severity"] for f in document["findings"] if f["rule"] == "SPOF"} == {"warning"}


# --- what-if ------------------------------------------------------------------------

WHAT_IFS = [
    ("single-vm", ("vm",)),
    ("three-containers-one-vm", ("api[1]",)),
    ("three-containers-one-vm", ("api[0]", "api[1]", "api[2]")),
    ("two-zones", ("zone_a",)),
    ("two-zones", ("zone_a", "zone_b")),
    ("multi-region", ("region_eu",)),
    ("multi-region", ("stack_us", "lb_eu")),
    ("microservices", ("node_b",)),
    ("microservices", ("checkout",)),
    ("microservices", ("ad_service", "recommendation_service")),
]


def what_if_document(example: str, names: tuple[str, ...]) -> dict[str, Any]:
    arch, result = pipeline.fail(ROOT / "examples" / f"{example}.yaml", names)
    document: dict[str, Any] = json.loads(what_if_json.render_what_if(arch, result))
    return document


@pytest.mark.parametrize(("example", "names"), WHAT_IFS)
def test_what_if_validates_against_its_schema(example: str, names: tuple[str, ...]) -> None:
    document = what_if_document(example, names)
    assert schema_errors(WHAT_IF_SCHEMA, document) == []
    assert schema_errors(closed(WHAT_IF_SCHEMA), document) == [], "a field is not in the schema"
    assert document["failed"] == sorted(set(names))
    components = {n for n in names if "[" not in n}
    assert components <= set(document["down"])
    assert set(document["entrypoints_down"]) <= set(document["down"])
    assert not set(document["degraded"]) & set(document["down"])
    if document["entrypoints_down"]:
        assert document["availability_after"] == 0.0
    assert set(document["why"]) == set(document["entrypoints_down"])
    for entry, path in document["why"].items():
        assert path[0] == entry and set(path) <= set(document["down"])


def test_what_if_soft_dependencies_degrade() -> None:
    document = what_if_document("microservices", ("ad_service", "recommendation_service"))
    assert document["down"] == ["ad_service", "recommendation_service"]
    assert document["degraded"] == ["frontend"]
    assert document["entrypoints_down"] == []
    assert 0.0 < document["availability_after"] <= 1.0


def test_what_if_why_follows_the_needs_that_broke() -> None:
    document = what_if_document("microservices", ("node_b",))
    broken_needs = ["checkout", "checkout_service", "shipping_service", "node_b"]
    assert document["why"]["checkout"] == broken_needs


def test_text_renderer_has_no_escapes_without_colour() -> None:
    report = pipeline.check(ROOT / "examples" / "single-vm.yaml", today=dt.date(2026, 11, 25))
    plain = text.render_check(report, Terminal(width=100, color=False))
    coloured = text.render_check(report, Terminal(width=100, color=True))
    assert "\x1b" not in plain and "\x1b[" in coloured
