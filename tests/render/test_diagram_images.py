"""Images drawn by the real Graphviz ``dot``, and what happens when it is missing."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from cli_runner import in_process
from conftest import EXAMPLES, ROOT, TODAY
from graphviz import quoting

from spofscan import cli, pipeline
from spofscan.errors import SpofscanError, UsageError
from spofscan.render.diagram import images
from spofscan.render.diagram.build import build_diagram
from spofscan.render.diagram.dot import draw_dot
from spofscan.render.diagram.model import Diagram
from spofscan.report.options import DiagramFormat

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing")


@pytest.fixture(autouse=True)
def _at_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def render(example: str, fmt: str, **view: object) -> bytes:
    return pipeline.render(f"examples/{example}.yaml", fmt, today=TODAY, **view).data  # type: ignore[arg-type]


@needs_dot
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_renders_to_svg_and_png(example: str) -> None:
    svg = render(example, "svg").decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and svg.rstrip().endswith("</svg>")
    png = render(example, "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000


@needs_dot
def test_svg_ids_are_component_names_and_tooltips_carry_findings_and_fixes() -> None:
    svg = render("three-containers-one-vm", "svg").decode("utf-8")
    for name in ("nginx", "api", "vm", "zone_a"):
        assert re.search(rf'<g id="{name}" class="(node|cluster)"', svg), name
    nginx = svg[svg.index('<g id="nginx"') :]
    tooltip = re.search(r'xlink:title="([^"]*)"', nginx)
    assert tooltip is not None
    assert "SPOF" in tooltip.group(1) and "fix:" in tooltip.group(1)
    assert "measured fix: Run 2 replicas of nginx" in tooltip.group(1)


@needs_dot
@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_the_same_input_gives_byte_identical_images(fmt: str) -> None:
    first = render("microservices", fmt, what_if_names=["node_a"])
    assert first == render("microservices", fmt, what_if_names=["node_a"])
    if fmt == "svg":
        assert str(ROOT) not in first.decode("utf-8")


@needs_dot
def test_a_pdf_holds_no_time_of_the_run() -> None:
    pdf = render("single-vm", "pdf")
    assert pdf.startswith(b"%PDF") and b"/CreationDate (D:19700101000000Z)" in pdf


@pytest.fixture
def no_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A PATH without Graphviz: only the Python running the tests."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    monkeypatch.setenv("PATH", str(bin_dir))
    assert shutil.which("dot") is None


@pytest.mark.usefixtures("no_dot")
@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_images_without_dot_say_how_to_install_graphviz(fmt: str) -> None:
    with pytest.raises(UsageError, match=r"install Graphviz.*apt-get install graphviz"):
        render("single-vm", fmt)


@pytest.mark.usefixtures("no_dot")
@pytest.mark.parametrize("fmt", ["dot", "mermaid"])
def test_text_formats_need_no_dot(fmt: str) -> None:
    assert b"single" in render("single-vm", fmt) or b"api" in render("single-vm", fmt)


@pytest.mark.usefixtures("no_dot")
def test_the_command_exits_2_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "shop.png"
    monkeypatch.setattr(
        sys, "argv", ["spofscan", "render", "examples/single-vm.yaml", "-o", str(out)]
    )
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "install Graphviz" in err and "Traceback" not in err
    assert not out.exists()


def _checked(example: str) -> Diagram:
    return build_diagram(pipeline.check(f"examples/{example}.yaml", today=TODAY))


def test_a_drawing_graphviz_cannot_rank_is_laid_out_without_its_arranging_edges(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Graphviz 2.43 fails with ``trouble in init_rank`` on some large drawings (the full
    view of a 1,000-component legacy estate); the layout is tried again without the
    invisible edges that only arrange boxes, and every box and need is still drawn."""
    diagram = _checked("microservices")
    arranging = [e for e in diagram.edges if e.style == "placement"]
    assert arranging
    sources: list[str] = []

    def dot_that_cannot_rank(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        source = kwargs["input"].decode("utf-8")
        sources.append(source)
        if "[style=invis]" in source:
            trouble = b"Error: trouble in init_rank\n" + b"\t%0 1\n" * 500
            return subprocess.CompletedProcess(args, 1, b"", trouble)
        return subprocess.CompletedProcess(args, 0, source.encode("utf-8"), b"")

    monkeypatch.setattr(subprocess, "run", dot_that_cannot_rank)
    drawn = images.draw_image(diagram, DiagramFormat.svg).decode("utf-8")
    assert len(sources) == 2 and drawn == sources[1]
    kept = tuple(e for e in diagram.edges if e not in arranging)
    assert drawn == draw_dot(replace(diagram, edges=kept))
    for node in diagram.nodes:
        assert f"id={quoting.quote(node.id)}" in drawn or f'id="{node.id}"' in drawn


@needs_dot
def test_the_full_view_of_a_large_legacy_estate_is_drawn(tmp_path: Path) -> None:
    """The drawing Debian's Graphviz cannot rank with its arranging edges."""
    path = tmp_path / "legacy.yaml"
    path.write_text(to_yaml(generate(1000, seed=0, shape="legacy")))
    svg = pipeline.render(path, DiagramFormat.svg, collapse=False).data.decode("utf-8")
    assert svg.rstrip().endswith("</svg>") and '<g id="gw_00" class="node">' in svg


def test_graphvizs_complaint_is_quoted_in_its_first_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_dot(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        lines = "".join(f"Warning: line {i}\n" for i in range(100))
        return subprocess.CompletedProcess(args, 1, b"", lines.encode("utf-8"))

    monkeypatch.setattr(subprocess, "run", failing_dot)
    with pytest.raises(SpofscanError) as failed:
        images.draw_image(_checked("single-vm"), DiagramFormat.png)
    message = str(failed.value)
    assert message.startswith("Graphviz's dot failed to draw the diagram: Warning: line 0\n")
    assert "Warning: line 4\n... and 95 more lines" in message and "line 5" not in message


@needs_dot
def test_a_layout_that_takes_too_long_is_stopped_with_what_to_do(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(images, "LAYOUT_SECONDS", 0.001)
    out = tmp_path / "shop.svg"
    run = in_process(monkeypatch, capsys, "render", "examples/microservices.yaml", "-o", str(out))
    assert run.code == 2 and not out.exists()
    boxes = len(_checked("microservices").nodes)
    assert f"Graphviz's dot did not lay out {boxes:,} boxes and " in run.stderr
    assert "within 0.001 s: draw fewer (--collapse, --journey NAME)" in run.stderr
