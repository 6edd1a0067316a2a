"""Whole files drawn at random, through every stage a user reaches: check (with its
fixes and plan), what-if, and every view of the diagram. The analysis itself is held to
brute force in tests/analysis; here the point is that no valid file, however odd
(placement in a cycle, a database on a load balancer, a journey over everything), makes
a later stage crash or contradict the analysis.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from conftest import TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spofscan import pipeline
from spofscan.analysis.what_if import what_if
from spofscan.model.architecture import KINDS
from spofscan.render.diagram.build import View, build_diagram
from spofscan.render.diagram.dot import draw_dot
from spofscan.render.diagram.mermaid import draw_mermaid

DURATIONS = ["30s", "5m", "1h", "24h", "7d"]


def _group(draw: st.DrawFn, others: list[str]) -> Any:
    members = draw(st.lists(st.sampled_from(others), min_size=1, max_size=3, unique=True))
    shape = draw(st.sampled_from(["plain", "any_of", "at_least"]))
    if shape == "plain" or len(members) == 1:
        return members[0]
    if shape == "any_of":
        return {"any_of": members}
    return {"at_least": draw(st.integers(1, len(members))), "of": members}


def _data(draw: st.DrawFn) -> dict[str, Any]:
    backup = st.fixed_dictionaries(
        {
            "every": st.sampled_from(DURATIONS),
            "location": st.sampled_from(["same-host", "same-zone", "other-region", "offsite"]),
            "medium": st.sampled_from(["disk", "object-storage", "tape"]),
        }
    )
    return draw(
        st.fixed_dictionaries(
            {},
            optional={
                "backups": st.lists(backup, max_size=2),
                "replication": st.sampled_from(["none", "async", "sync"]),
                "failover": st.sampled_from(["automatic", "manual"]),
                "restore_time": st.sampled_from(DURATIONS),
            },
        )
    )


def _component(draw: st.DrawFn, name: str, names: list[str]) -> dict[str, Any]:
    others = [n for n in names if n != name]
    body: dict[str, Any] = {"kind": draw(st.sampled_from(KINDS))}
    replicas = draw(st.sampled_from([1, 1, 2, 3]))
    if replicas > 1:
        body["replicas"] = replicas
        body["min_healthy"] = draw(st.integers(1, replicas))
    if draw(st.booleans()):
        body["availability"] = draw(st.sampled_from([90, 99, 99.9, 99.95, 100]))
    elif draw(st.booleans()):
        body["mtbf"], body["mttr"] = draw(st.sampled_from([("30d", "1h"), ("1y", "4h")]))
    if others:
        if draw(st.booleans()):  # placement may run in a cycle
            hosts = st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True)
            body["runs_on"] = draw(hosts)
        groups = [_group(draw, others) for _ in range(draw(st.integers(0, 2)))]
        body["depends_on"] = list({repr(g): g for g in groups}.values())  # no repeats
        if draw(st.integers(0, 3)) == 0:
            body["soft_depends_on"] = [draw(st.sampled_from(others))]
    if draw(st.booleans()):
        body["health_check"] = draw(st.booleans())
        body["restart"] = draw(st.sampled_from(["no", "always", "on-failure"]))
    if body["kind"] in ("database", "storage", "queue") and draw(st.booleans()):
        body["data"] = _data(draw)
    return body


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    names = [f"c{i}" for i in range(draw(st.integers(1, 6)))]
    doc: dict[str, Any] = {"spofscan": 1, "name": "drawn"}
    if draw(st.booleans()):
        doc["slo"] = draw(st.sampled_from([99, 99.9, 99.99]))
    doc["components"] = {n: _component(draw, n, names) for n in names}
    if draw(st.integers(0, 3)) == 0:
        doc["journeys"] = {"j0": {"depends_on": [_group(draw, names)]}}
    if draw(st.integers(0, 2)) == 0 or ("journeys" not in doc and not _unnamed(doc)):
        doc["entrypoints"] = draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
    return doc


def _unnamed(doc: dict[str, Any]) -> set[str]:
    """The components nothing names: the entrypoints when the file declares none."""
    text = repr(
        [
            [b.get(k) for k in ("depends_on", "soft_depends_on", "runs_on")]
            for b in doc["components"].values()
        ]
    )
    return {n for n in doc["components"] if f"'{n}'" not in text}


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.data())
def test_every_stage_answers_on_any_valid_file(doc: dict[str, Any], data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "drawn.yaml"
        path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
        report = pipeline.check(path, today=TODAY)
    arch, system = report.architecture, report.analysis.system.value
    assert 0.0 <= system <= 1.0
    for fix in report.remediation.fixes:  # a fix never costs availability
        assert system - 1e-12 <= fix.availability_after <= 1.0
    plan = report.remediation.plan
    assert plan is not None and system - 1e-12 <= plan.availability_after <= 1.0
    names = data.draw(st.lists(st.sampled_from(sorted(arch.node_names())), min_size=1))
    result = what_if(arch, names)
    assert set(names) <= set(result.down)
    views = [View(), View(collapse=True), View(result)]
    views += [View(journey=j) for j in arch.journeys]
    for view in views:
        diagram = build_diagram(report, view)
        if view.journey is None and not view.collapse:  # every name is a box or a cluster
            drawn = {n.id for n in diagram.nodes} | diagram.cluster_ids()
            assert set(arch.node_names()) <= drawn, set(arch.node_names()) - drawn
        assert draw_dot(diagram).startswith("digraph")
        assert draw_mermaid(diagram).startswith("---")
