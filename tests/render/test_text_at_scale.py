"""The text report of a file with hundreds of SPOFs and chains: a terminal gets those
that cost the most, and a count of the rest, which the JSON report lists."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from conftest import ROOT

from spofscan import pipeline
from spofscan.render.check.text import SHOWN_CHAINS, SHOWN_SPOFS, render_check
from spofscan.render.terminal import Terminal

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml


def test_a_terminal_gets_the_costliest_spofs_and_a_count_of_the_others(tmp_path: Path) -> None:
    path = tmp_path / "legacy.yaml"
    path.write_text(to_yaml(generate(400, seed=0, shape="legacy")))
    report = pipeline.check(path)
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
