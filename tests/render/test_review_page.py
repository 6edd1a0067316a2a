"""The review page as a file (no browser): self-contained, deterministic, escaped, and
allowed by its Content-Security-Policy to run only its own script and style."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import shutil
from pathlib import Path

import pytest
from cli_runner import spofscan
from conftest import EXAMPLES, ROOT, TODAY, TODAY_TEXT

from spofscan import pipeline
from spofscan.render.review import render
from spofscan.report.options import ReviewFormat

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing")


def page(source: Path) -> str:
    return render(ReviewFormat.html, pipeline.review(source, today=TODAY))


def inline(tag: str, text: str) -> str:
    found = re.search(rf"<{tag}>(.*?)</{tag}>", text, re.DOTALL)
    assert found is not None
    return found[1]


def digest(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_gives_one_self_contained_deterministic_page(example: str) -> None:
    source = ROOT / "examples" / f"{example}.yaml"
    text = page(source)
    assert text == page(source)
    assert not re.search(r"\s(src|href|xlink:href|action)=", text)
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
        'xmlns:xlink="http://www.w3.org/1999/xlink"', ""
    )
    assert "https://" not in text
    assert "data-component=" in text


def test_the_policy_allows_only_the_inline_script_and_style() -> None:
    text = page(ROOT / "examples" / "two-zones.yaml")
    policy = html.unescape(re.search(r'Content-Security-Policy" content="([^"]*)"', text)[1])  # type: ignore[index]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == f"'{digest(inline('script', text))}'"
    assert directives["style-src"].startswith(f"'{digest(inline('style', text))}'")


def test_the_model_block_cannot_close_its_script_element(tmp_path: Path) -> None:
    source = tmp_path / "tags.yaml"
    source.write_text(
        "spofscan: 1\nname: <b>bold</b>\ncomponents:\n"
        "  '</script><script>alert(1)</script>':\n    availability: 99.9\n",
        encoding="utf-8",
    )
    text = page(source)
    assert "<script>alert(1)" not in text and "<b>bold" not in text
    block = re.search(r'id="spofscan-model">(.*?)</script>', text, re.DOTALL)
    assert block is not None
    assert json.loads(block[1])["nodes"] == ["</script><script>alert(1)</script>"]


def test_report_writes_the_page_or_prints_it(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    example = "examples/three-containers-one-vm.yaml"
    run = spofscan("report", example, "--today", TODAY_TEXT, "-o", str(out))
    assert run.code == 0, run.stderr
    printed = spofscan("report", example, "--today", TODAY_TEXT, "-o", "-")
    assert printed.stdout == out.read_text(encoding="utf-8")
    assert printed.stdout.startswith("<!DOCTYPE html>")


def test_collapse_draws_the_collapsed_view_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    example = "examples/microservices.yaml"
    run = spofscan("report", example, "--today", TODAY_TEXT, "--collapse", "-o", str(out))
    assert run.code == 0, run.stderr
    text = out.read_text(encoding="utf-8")
    assert "the diagram is collapsed" in text
    assert 'data-component="frontend[0]"' not in text  # no replica boxes: summaries
    assert "the diagram is collapsed" not in page(ROOT / example)


def test_many_entrypoints_keep_the_least_available_above_the_diagram_and_fold_the_rest(
    tmp_path: Path,
) -> None:
    components = {"host": {"kind": "vm", "availability": 99.9}}
    for i in range(60):  # sixty entrypoints, each a little less available than the last
        components[f"api-{i:02}"] = {"availability": 99.99 - i / 1000, "runs_on": "host"}
    source = tmp_path / "many.yaml"
    source.write_text(json.dumps({"spofscan": 1, "name": "many", "components": components}))
    text = page(source)
    headline = text.partition("<h2>Availability</h2>")[2].partition("</details>")[0]
    above, _, folded = headline.partition("<details>")
    names = re.findall(r"<code>(api-\d\d)</code>", above)
    assert names == [f"api-{i:02}" for i in range(10, 60)]  # the 50 least, in order
    assert "<code>(system)</code>" in above
    assert "<summary>The other 10 entrypoints</summary>" in folded
    assert re.findall(r"<code>(api-\d\d)</code>", folded) == [f"api-{i:02}" for i in range(10)]
    assert text.index("</details>") < text.index("<svg")


def test_long_tables_show_fifty_rows_and_fold_the_others(tmp_path: Path) -> None:
    needs = [f"svc-{i:02}" for i in range(60)]
    components: dict[str, object] = {"web": {"availability": 99.99, "depends_on": needs}}
    for i, name in enumerate(needs):  # sixty SPOFs, each a little less available
        components[name] = {"availability": 99.99 - i / 1000}
    source = tmp_path / "spofs.yaml"
    source.write_text(json.dumps({"spofscan": 1, "name": "spofs", "components": components}))
    text = page(source)
    spofs = [s.component for s in pipeline.check(source, today=TODAY).analysis.spofs]
    costliest = pipeline.check(source, today=TODAY).analysis.costliest(spofs, 50)
    title = f"<h2>Single points of failure ({len(spofs)})</h2>"
    section = text.partition(title)[2].partition("</details>")[0]
    above, _, below = section.partition("<details>")
    row = r"<tr><td><code>([a-z0-9-]+)</code></td>"
    assert re.findall(row, above) == [name for name in spofs if name in costliest]
    assert f"<summary>The other {len(spofs) - 50} single points of failure</summary>" in below
    assert re.findall(row, below) == [name for name in spofs if name not in costliest]
    findings = text.partition("<h2>Findings (")[2]
    count = int(findings.partition(")")[0])
    assert count > 50 and f"<summary>The other {count - 50} findings</summary>" in findings
