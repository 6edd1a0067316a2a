"""The text and Markdown reports of a file with hundreds of SPOFs and chains: a terminal
or a pull request gets those that cost the most, and a count of the rest, which the JSON
report lists."""

from __future__ import annotations

import re
import sys

import pytest
from conftest import ROOT

from spofscan import pipeline
from spofscan.render.check import markdown
from spofscan.render.check.markdown import render_markdown
from spofscan.render.check.text import SHOWN_CHAINS, SHOWN_SPOFS, render_check
from spofscan.render.terminal import Terminal
from spofscan.report.check import CheckReport

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> CheckReport:
    path = tmp_path_factory.mktemp("scale") / "legacy.yaml"
    path.write_text(to_yaml(generate(400, seed=0, shape="legacy")))
    return pipeline.check(path)


def test_a_terminal_gets_the_costliest_spofs_and_a_count_of_the_others(
    report: CheckReport,
) -> None:
    analysis = report.analysis
    names = [spof.component for spof in analysis.spofs]
    chains = [c for entry in analysis.chains.values() for c in entry if len(c) > 1]
    assert len(names) > SHOWN_SPOFS and len(chains) > SHOWN_CHAINS
    text = render_check(report, Terminal(width=200, color=False))
    head = text.partition("Single points of failure")[2].partition("Unredundant chains")[0]
    shown = set(re.findall(r"^│ (\S+) ", head, flags=re.M)) - {"component"}
    share = {i.component: i.criticality or 0.0 for i in analysis.importance}
    assert len(shown) == SHOWN_SPOFS
    assert min(share.get(n, 0.0) for n in shown) >= max(
        share.get(n, 0.0) for n in set(names) - shown
    )
    assert head.startswith(f" ({len(names)}), the {SHOWN_SPOFS} that cost the most")
    assert f"and {len(names) - SHOWN_SPOFS:,} more: the JSON report lists every one" in head
    chain_lines = [line for line in text.splitlines() if " -> " in line]
    assert len(chain_lines) == SHOWN_CHAINS
    assert f"and {len(chains) - SHOWN_CHAINS:,} more: the JSON report lists every one" in text
    # every SPOF is still a finding of the report
    assert {f.component for f in report.findings if f.rule in ("SPOF", "EXTERNAL-SPOF")} >= set(
        names
    ) - {s.component for s in analysis.spofs if all(e.endswith("[*]") for e in s.events)}


def test_a_pull_request_gets_the_costliest_spofs_and_a_count_of_the_others(
    report: CheckReport,
) -> None:
    spofs = report.analysis.spofs
    summary = render_markdown(report)
    rows = re.findall(r"^\| `([^`]+)` \| [a-z_]+ \| `", summary, flags=re.M)
    expected = report.analysis.costliest([s.component for s in spofs], SHOWN_SPOFS)
    assert len(rows) == SHOWN_SPOFS and set(rows) == expected
    assert f"…and {len(spofs) - SHOWN_SPOFS} more, each among the findings" in summary


def test_a_summary_too_long_for_a_comment_leaves_out_the_diagram_then_rows(
    report: CheckReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = render_markdown(report)
    assert "```mermaid" in whole and len(report.findings) > SHOWN_SPOFS
    monkeypatch.setattr(markdown, "COMMENT_CHARACTERS", len(whole) - 1)
    shorter = render_markdown(report)
    assert "```mermaid" not in shorter and markdown.LEFT_OUT in shorter
    assert shorter.replace(markdown.LEFT_OUT, "") == whole.partition("### Diagram")[0] + "\n"
    assert _rows(shorter) == _rows(whole)  # every table as it was
    limit = len(shorter) - 1  # as long as it is, less a character: fewer rows
    monkeypatch.setattr(markdown, "COMMENT_CHARACTERS", limit)
    fewest = render_markdown(report)
    assert len(fewest) <= limit
    spofs = re.findall(r"^\| `([^`]+)` \| [a-z_]+ \| `", fewest, flags=re.M)
    assert len(spofs) == markdown.FEWER_ROWS[0] < SHOWN_SPOFS  # the first step that fits
    assert _rows(fewest) < _rows(shorter)
    assert f"…and {len(report.analysis.spofs) - len(spofs)} more, each among" in fewest


def _rows(summary: str) -> int:
    """The rows of a summary's tables, their headers aside."""
    lines = [line for line in summary.splitlines() if line.startswith("| ")]
    separators = sum(line.startswith("| --- |") for line in lines)
    return len(lines) - 2 * separators
