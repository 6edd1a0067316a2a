"""Images drawn by the real Graphviz ``dot``, and what happens when it is missing."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, TODAY

from spofscan import cli, pipeline
from spofscan.errors import UsageError

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing")


@pytest.fixture(autouse=True)
def _at_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def render(example: str, fmt: str, **view: object) -> bytes:
    return pipeline.render(f"examples/{example}.yaml", fmt, today=TODAY, **view)  # type: ignore[arg-type]


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
