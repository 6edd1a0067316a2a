"""What the diagram model says: verdicts, placement, views, and the command line."""

from __future__ import annotations

import itertools
import sys
import textwrap
from pathlib import Path
from typing import get_args

import pytest
from cli_runner import in_process
from conftest import ROOT, TODAY
from hypothesis import given
from hypothesis import strategies as st

from spofscan import cli, pipeline
from spofscan.analysis.what_if import what_if
from spofscan.errors import UsageError
from spofscan.model.architecture import KINDS
from spofscan.render.diagram import collapse, format_for
from spofscan.render.diagram.build import View, build_diagram
from spofscan.render.diagram.collapse import STACKED_CLUSTERS, STACKING_PAIRS, stacking
from spofscan.render.diagram.dot import draw_dot
from spofscan.render.diagram.mermaid import draw_mermaid, mermaid_ids, render_mermaid
from spofscan.render.diagram.model import Cluster, Diagram, EdgeStyle, Node, Status
from spofscan.render.diagram.palette import (
    DOT_SHAPES,
    EDGE_MEANING,
    FAILED_MARK,
    MERMAID_SHAPES,
    PAINT,
)
from spofscan.render.diagram.scene import make_scene
from spofscan.report.check import CheckReport


@pytest.fixture(autouse=True)
def _at_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def report(example: str) -> CheckReport:
    return pipeline.check(f"examples/{example}.yaml", today=TODAY)


def statuses(diagram: Diagram) -> dict[str, str]:
    found: dict[str, str] = {n.id: n.status for n in diagram.nodes}
    stack = list(diagram.clusters)
    while stack:
        cluster = stack.pop()
        found[cluster.id] = cluster.status
        stack.extend(cluster.clusters)
    return found


def test_spofs_are_red_packed_replicas_orange_and_placement_nests() -> None:
    diagram = build_diagram(report("three-containers-one-vm"))
    assert statuses(diagram) == {
        "[users]": "plain",
        "nginx": "spof",
        "api": "shared_fate",
        "vm": "spof",
        "zone_a": "spof",
    }
    (zone,) = diagram.clusters
    assert (zone.id, zone.clusters[0].id, zone.clusters[0].nodes) == (
        "zone_a",
        "vm",
        ("api", "nginx"),
    )


def test_a_placement_cycle_is_cut_so_every_place_is_drawn() -> None:
    path = ROOT / "tests" / "cases" / "valid" / "placement-cycle.yaml"
    diagram = build_diagram(pipeline.check(path, today=TODAY))
    assert set(statuses(diagram)) == {"[users]", "api", "api[0]", "api[1]", "vm-3", "zone-1"}
    (top,) = diagram.clusters
    assert (top.id, [c.id for c in top.clusters]) == ("vm-3", ["zone-1"])


def test_a_place_only_an_unused_runs_on_entry_names_is_drawn_unused(tmp_path: Path) -> None:
    path = tmp_path / "unused.yaml"
    path.write_text(
        "spofscan: 1\nname: u\ncomponents:\n"
        "  api: {replicas: 1, runs_on: [vm1, vm2]}\n  vm1: {kind: vm}\n  vm2: {kind: vm}\n"
    )
    checked = pipeline.check(path, today=TODAY)
    assert [f.component for f in checked.findings if f.rule == "UNREACHABLE"] == ["vm2"]
    assert statuses(build_diagram(checked))["vm2"] == "unused"


def test_real_redundancy_is_green_and_spread_replicas_sit_where_they_run() -> None:
    diagram = build_diagram(report("two-zones"))
    found = statuses(diagram)
    assert found["app"] == found["db"] == found["vm_a"] == found["zone_b"] == "redundant"
    assert found["lb"] == found["region_1"] == "spof"
    vm_a = next(c for c in diagram.clusters[0].clusters[0].clusters if c.id == "vm_a")
    assert vm_a.nodes == ("app[0]",)


def test_groups_get_a_junction_labelled_with_what_they_need() -> None:
    diagram = build_diagram(report("microservices"))
    junction = next(n for n in diagram.nodes if n.role == "junction")
    assert junction.lines == ("2 of 3",)
    targets = {e.target for e in diagram.edges if e.source == junction.id}
    assert targets == {"kafka_0", "kafka_1", "kafka_2"}
    assert {e.style for e in diagram.edges if e.source == junction.id} == {"at_least"}
    soft = {(e.source, e.target) for e in diagram.edges if e.style == "soft"}
    assert ("frontend", "ad_service") in soft


def test_what_if_marks_failed_down_reduced_and_up() -> None:
    checked = report("microservices")
    result = what_if(checked.architecture, ["node_b"])
    found = statuses(build_diagram(checked, View(what_if=result)))
    assert found["node_b"] == "failed"
    assert found["shipping_service"] == found["checkout"] == "down"
    assert found["frontend"] == "reduced" and found["browse"] == "up"
    assert found["frontend[1]"] == "down" and found["frontend[0]"] == "up"


def test_replicas_of_a_component_down_through_a_need_are_drawn_down() -> None:
    checked = report("two-zones")
    result = what_if(checked.architecture, ["db"])  # app needs db: its hosts are all up
    assert "app" in result.down and not {"vm_a", "vm_b"} & set(result.down)
    found = statuses(build_diagram(checked, View(what_if=result)))
    assert found["app[0]"] == found["app[1]"] == "down"


def test_a_journey_shows_only_what_it_needs() -> None:
    diagram = build_diagram(report("microservices"), View(journey="browse"))
    names = set(statuses(diagram))
    assert "browse" in names and "product_catalog_service" in names
    assert not names & {"checkout", "checkout_service", "kafka_0", "payment_provider"}
    assert diagram.title[1].startswith("journey browse: ") and "MISSED" in diagram.title[1]


def test_an_unknown_journey_is_a_usage_error_with_a_hint() -> None:
    with pytest.raises(UsageError, match=r"'brwose'.*browse"):
        build_diagram(report("microservices"), View(journey="brwose"))


def test_collapse_counts_the_unremarkable_and_keeps_the_spofs() -> None:
    checked = report("microservices")
    diagram = build_diagram(checked, View(collapse=True))
    own = {n.id for n in diagram.nodes if n.role in ("component", "journey")}
    assert {"redis_cart", "shipping_service", "cloud_lb", "node_a", "browse"} <= own
    assert "frontend" not in own and "node_c" not in own
    summaries = [n for n in diagram.nodes if n.role == "summary"]
    assert all(int(n.lines[0].split()[0]) > 1 for n in summaries)
    counted = sum(int(n.lines[0].split()[0]) for n in summaries)
    everything = len(checked.architecture.node_names())
    assert counted + len(own) + len(diagram.cluster_ids()) == everything


def test_collapse_keeps_boxes_for_the_worst_spofs_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past ``SPOF_BOXES`` SPOFs, those with the largest share of the downtime keep a
    box of their own; the others are counted into summaries like the rest."""
    checked = report("microservices")
    scene = make_scene(checked, View(collapse=True))
    entries = set(checked.architecture.entrypoints)
    spofs = {n for n in scene.names if scene.statuses[n] == "spof"} - entries
    share = {i.component: i.criticality or 0.0 for i in checked.analysis.importance}
    worst = set(sorted(spofs, key=lambda n: (-share[n], n))[:2])
    assert len(spofs) > 2 and collapse.kept(scene, set()) >= spofs
    monkeypatch.setattr(collapse, "SPOF_BOXES", 2)
    assert collapse.kept(scene, set()) & spofs == worst
    diagram = build_diagram(checked, View(collapse=True))
    summaries = [n for n in diagram.nodes if n.role == "summary"]
    counted = sum(int(n.lines[0].split()[0]) for n in summaries)
    own = [n for n in diagram.nodes if n.role in ("component", "journey")]
    everything = len(checked.architecture.node_names())
    assert counted + len(own) + len(diagram.cluster_ids()) == everything


def test_names_that_dot_and_mermaid_would_misread_are_quoted() -> None:
    ids = mermaid_ids(["a-b", "a_b", "end", "x:y"])
    assert len(set(ids.values())) == 4 and all(i.startswith("n_") for i in ids.values())
    diagram = build_diagram(report("single-vm"))
    renamed = Diagram(
        diagram.title,
        diagram.nodes,
        diagram.clusters,
        tuple(e.__class__('we"ird:name', e.target, e.style) for e in diagram.edges[:1]),
        (),
        diagram.statuses,
        diagram.edge_styles,
    )
    assert '"we\\"ird:name" -> ' in draw_dot(renamed)


def test_format_comes_from_the_suffix_or_the_option() -> None:
    assert format_for("a/b.PNG", None) == "png"
    assert format_for("b.gv", None) == "dot"
    assert format_for("b.whatever", "pdf") == "pdf"
    with pytest.raises(UsageError, match="give --format"):
        format_for("b.jpg", None)


def test_mermaid_keeps_the_signature_other_reports_use() -> None:
    text = render_mermaid(report("three-containers-one-vm"), collapse=False)
    assert text.startswith("---\ntitle: ") and "flowchart TB" in text and "```" not in text
    assert ":::spof" in text and ":::shared_fate" in text


def run(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["spofscan", "render", *args])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    return int(exit_info.value.code or 0)


def test_render_writes_the_file_and_what_if_accepts_lists(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "after.mmd"
    args = ["examples/two-zones.yaml", "-o", str(out), "--what-if", "vm_a,db_vm_a"]
    assert run(monkeypatch, *args, "--today", "2026-11-25") == 0
    assert "what if db_vm_a, vm_a fail?" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.jpg"], "cannot tell the format"),
        (["-o", "-"], "--format is needed"),
        (["-o", "x.dot", "--what-if", "nginz"], "did you mean 'nginx'"),
        (["-o", "/no/such/dir/x.dot"], "cannot write"),
        (["-o", "x.dot", "--what-if", ""], "'' names nothing"),
        (["-o", "x.dot", "--what-if", "vm,,nginx"], "'vm,,nginx' names nothing"),
    ],
)
def test_bad_requests_exit_2_with_a_message(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    assert run(monkeypatch, "examples/three-containers-one-vm.yaml", *args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_the_title_weighs_availability_against_the_objective() -> None:
    checked = report("three-containers-one-vm")
    diagram = build_diagram(checked)
    assert diagram.title[1].endswith("vs objective 99.9%: MISSED")
    assert diagram.title_tones == ("plain", "bad", "bad")
    two_zones = report("two-zones")
    after = build_diagram(two_zones, View(what_if(two_zones.architecture, ["zone_a"])))
    assert after.title[2] == "entrypoints down: none" and after.title_tones[2] == "good"


def test_every_status_edge_style_and_kind_has_its_paint_and_shapes() -> None:
    assert set(PAINT) == set(get_args(Status))
    assert set(EDGE_MEANING) == set(get_args(EdgeStyle))
    drawn_kinds = {*KINDS, "journey", "users", "group", "summary"}
    assert set(DOT_SHAPES) == set(MERMAID_SHAPES) == drawn_kinds


def _what_if_diagram(example: str, names: list[str], *, collapse: bool = False) -> Diagram:
    checked = report(example)
    return build_diagram(checked, View(what_if(checked.architecture, names), collapse=collapse))


def test_a_failed_instance_is_drawn_failed_not_down_and_the_legend_says_so() -> None:
    diagram = _what_if_diagram("two-zones", ["app[1]"])
    found = statuses(diagram)
    assert found["app[1]"] == "failed" and found["app[0]"] == "up"
    assert found["app"] == "reduced" and "failed" in diagram.statuses
    replica = next(n for n in diagram.nodes if n.id == "app[1]")
    assert replica.badge is not None and FAILED_MARK in replica.badge
    assert "app[1]" in (next(n for n in diagram.nodes if n.id == "app").badge or "")
    assert PAINT["failed"].meaning in draw_dot(diagram)
    assert "legend_failed[" in draw_mermaid(diagram)


def test_replicas_lost_with_their_host_are_down_not_failed() -> None:
    found = statuses(_what_if_diagram("two-zones", ["vm_b"]))
    assert found["vm_b"] == "failed" and found["app[1]"] == "down"


@pytest.mark.parametrize("collapse", [False, True])
def test_a_failed_instance_without_a_box_of_its_own_is_named_on_its_component(
    collapse: bool,
) -> None:
    diagram = _what_if_diagram("three-containers-one-vm", ["api[1]"], collapse=collapse)
    api = next(n for n in diagram.nodes if n.id == "api")
    assert api.status == "reduced" and api.badge == f"REDUCED · {FAILED_MARK} api[1]"
    assert "failed" in diagram.statuses


def test_failed_looks_unlike_down_beyond_its_colour() -> None:
    diagram = _what_if_diagram("microservices", ["node_a", "email_service"])
    dot = draw_dot(diagram)
    failed = next(line for line in dot.splitlines() if line.lstrip().startswith("email_service "))
    down = next(line for line in dot.splitlines() if line.lstrip().startswith("cart_service "))
    assert "peripheries=2" in failed and "peripheries" not in down
    assert f"{FAILED_MARK} FAILED" in failed and f">{FAILED_MARK}<" in dot.split("[legend]")[1]
    mermaid = draw_mermaid(diagram)
    assert f'legend_failed["{FAILED_MARK} {PAINT["failed"].meaning}"]' in mermaid
    failed_class = next(line for line in mermaid.splitlines() if "classDef failed " in line)
    assert "stroke-width" in failed_class


@given(st.lists(st.text(alphabet=st.sampled_from(" ab\t\n·é"), max_size=30), max_size=4))
def test_tooltip_lines_wrap_as_textwrap_wraps_them(lines: list[str]) -> None:
    from spofscan.render.diagram.labels import _wrap

    want = []
    for line in lines:
        indent = " " * (len(line) - len(line.lstrip()) + 2)
        want.extend(textwrap.wrap(line, 12, subsequent_indent=indent) or [""])
    assert _wrap(lines, 12) == want


def _zone(name: str, size: int) -> Cluster:
    nodes = tuple(f"{name}-{i:03}" for i in range(size))
    return Cluster(name, "zone", "plain", (name,), None, "", nodes, ())


@pytest.mark.parametrize(("above", "below"), [(3, 4), (20, 20), (50, 50), (1_000, 1_000)])
def test_clusters_stack_in_a_column_with_edges_that_grow_with_their_boxes(
    above: int, below: int
) -> None:
    """Every box above leads to every box below: directly while there are few pairs,
    else through the cluster below (an edge from each box above to it, and from it to
    each box of it), so that the edges grow with the boxes, not with their pairs."""
    region = Cluster(
        "r", "region", "plain", ("r",), None, "", (), (_zone("a", above), _zone("b", below))
    )
    edges = {(e.source, e.target) for e in stacking([region])}
    assert all(e.style == "placement" for e in stacking([region]))
    upper, lower = set(region.clusters[0].nodes), set(region.clusters[1].nodes)
    reach = {a: {b for s, b in edges if s == a} for a in upper}
    for a in upper:  # every box below is led to from every box above, in one or two steps
        assert lower <= reach[a] | {b for s, b in edges if s in reach[a]}
    pairs = above * below
    if pairs <= STACKING_PAIRS:
        assert edges == {(a, b) for a in upper for b in lower}
    else:
        assert edges == {(a, "b") for a in upper} | {("b", b) for b in lower}
        assert len(edges) == above + below


@pytest.mark.parametrize("zones", [2, STACKED_CLUSTERS, STACKED_CLUSTERS + 1, 84])
def test_a_region_of_many_zones_leaves_them_side_by_side(zones: int) -> None:
    """A few zones stack in a column (each one's boxes under the one above); past
    ``STACKED_CLUSTERS`` they stand side by side, with no edges to hold them."""
    inner = tuple(_zone(f"z{i:03}", 3) for i in range(zones))
    region = Cluster("r", "region", "plain", ("r",), None, "", (), inner)
    edges = {(e.source, e.target) for e in stacking([region])}
    if zones <= STACKED_CLUSTERS:
        assert len(edges) == 9 * (zones - 1)
        for above, below in itertools.pairwise(inner):
            assert {(a, b) for a in above.nodes for b in below.nodes} <= edges
    else:
        assert edges == set()


def test_stacking_through_a_cluster_is_for_graphviz_only() -> None:
    """Past ``STACKING_PAIRS`` the stacking edges run through the lower zone itself:
    the dot source routes them to its invisible anchor, without clipping them at the
    cluster; Mermaid, which has no anchor, leaves them out."""
    upper, lower = _zone("a", 30), _zone("b", 30)
    region = Cluster("r", "region", "plain", ("r",), None, "", (), (upper, lower))
    nodes = tuple(
        Node(n, "component", "service", "plain", (n,), None, n)
        for n in (*upper.nodes, *lower.nodes)
    )
    edges = tuple(stacking([region]))
    diagram = Diagram(("t",), nodes, (region,), edges, (), ("plain",), ("placement",))
    dot = draw_dot(diagram)
    assert '"b[anchor]"' in dot and "lhead" not in dot and "ltail" not in dot
    assert f'"{upper.nodes[0]}" -> "b[anchor]"' in dot
    assert f'"b[anchor]" -> "{lower.nodes[0]}"' in dot
    mermaid = draw_mermaid(diagram)
    assert "~~~" not in mermaid


def test_render_draws_large_files_collapsed_unless_told_not_to(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the review page and the explorer do: the collapsed view from ``COLLAPSE_FROM``
    components in the picture (the whole file, or what the journey needs), said on
    stderr; ``--collapse`` and ``--no-collapse`` choose."""
    monkeypatch.setattr(pipeline, "COLLAPSE_FROM", 20)  # 25 components; browse needs 16
    shop = ("render", "examples/microservices.yaml", "-o", "-", "--format", "dot")

    def drawn(*args: str) -> tuple[str, str]:
        run = in_process(monkeypatch, capsys, *shop, *args)
        assert run.code == 0
        return run.stdout, run.stderr

    chosen, said = drawn()
    assert said == (
        "spofscan: drew the collapsed view of 25 components; --no-collapse draws each one\n"
    )
    assert (chosen, "") == drawn("--collapse")
    full, said = drawn("--no-collapse")
    assert said == "" and 'id="[zone_c:redundant]"' in chosen
    assert "[zone_c:redundant]" not in full and "id=node_c" in full
    assert drawn("--journey", "browse") == drawn("--journey", "browse", "--no-collapse")
    checkout, said = drawn("--journey", "checkout")
    assert "collapsed view of 23 components" in said
    assert checkout == drawn("--journey", "checkout", "--collapse")[0]


FIVE_DOORS = """\
spofscan: 1
name: five doors
components:
  zone_a: {kind: zone}
  vm1: {kind: vm, runs_on: zone_a}
  vm2: {kind: vm, runs_on: zone_a}
  db: {kind: database, replicas: 2, runs_on: [vm1, vm2]}
""" + "".join(
    f"  door{i}: {{kind: service, availability: {a}, replicas: 2, runs_on: [vm1, vm2], "
    "restart: always, depends_on: [db]}\n"
    for i, a in enumerate((99.5, 99.1, 99.9, 99.3, 99.2), start=1)
)


def test_collapse_keeps_boxes_for_the_least_available_entrypoints_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ``ENTRY_BOXES`` plain entrypoints, the least available keep a box of their
    own; the others are counted into summaries like the rest (the 750 entrypoints of
    3,001 compose services made a row 60,000 points wide)."""
    path = tmp_path / "doors.yaml"
    path.write_text(FIVE_DOORS)
    checked = pipeline.check(path, today=TODAY)
    entries = set(checked.architecture.entrypoints)
    assert entries == {f"door{i}" for i in range(1, 6)}
    scene = make_scene(checked, View(collapse=True))
    assert collapse.kept(scene, set()) >= entries
    value = {e.name: e.availability.value for e in checked.analysis.entrypoints}
    monkeypatch.setattr(collapse, "ENTRY_BOXES", 2)
    least = set(sorted(entries, key=lambda n: (value[n], n))[:2])
    assert least == {"door2", "door5"}
    assert collapse.kept(scene, set()) & entries == least
    diagram = build_diagram(checked, View(collapse=True))
    own = {n.id for n in diagram.nodes if n.role in ("component", "journey")}
    assert own & entries == least
    summaries = [n for n in diagram.nodes if n.role == "summary"]
    counted = sum(int(n.lines[0].split()[0]) for n in summaries)
    everything = len(checked.architecture.node_names())
    assert counted + len(own) + len(diagram.cluster_ids()) == everything
