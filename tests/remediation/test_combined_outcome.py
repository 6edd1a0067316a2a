"""A plan's combined file that outgrows the kept diagram is compiled whole in FORCE's
order only (:func:`spofscan.remediation.snippets.combined_outcome`)."""

from __future__ import annotations

import pytest
from conftest import ROOT
from recorded_orders import recorded_orders

from spofscan.analysis import system_diagram
from spofscan.analysis.analyse import analyse
from spofscan.analysis.same_shape import KeptDiagram
from spofscan.loading import load_architecture_text
from spofscan.model import Architecture
from spofscan.remediation import remediate
from spofscan.remediation.plan import kept_diagram
from spofscan.remediation.snippets import (
    combined_outcome,
    exact_outcome,
    load_with_snippets,
    parse_document,
)


def _combined(example: str) -> tuple[Architecture, Architecture]:
    """The example, and its file with its first three fixes pasted in."""
    path = ROOT / "examples" / f"{example}.yaml"
    text = path.read_text()
    arch = load_architecture_text(text, path.name)
    fixes = remediate(text, arch, analyse(arch)).fixes
    assert len(fixes) >= 3
    document = parse_document(text, path.name)
    combined = load_with_snippets(document, arch, [fix.snippet for fix in fixes[:3]])
    assert combined is not None
    return arch, combined


@pytest.mark.parametrize("example", ["microservices", "gitlab-3k"])
def test_after_the_kept_diagram_the_whole_is_compiled_in_forces_order_only(
    example: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    arch, combined = _combined(example)
    want = exact_outcome(combined)
    assert want is not None
    kept = kept_diagram(arch)
    assert kept is not None
    orders = recorded_orders(monkeypatch, system_diagram)
    monkeypatch.setattr(KeptDiagram, "evaluate", lambda *_: None)  # outgrew it there
    got = combined_outcome(combined, kept, source=arch)
    assert orders == ["force only"]
    assert got is not None
    assert got.availability == pytest.approx(want.availability, abs=1e-15)
    assert got.objectives_met == want.objectives_met


def test_without_a_kept_diagram_both_orders_are_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    # one entrypoint: nothing to compile apart, so the depth-first order comes first
    _, combined = _combined("gitlab-3k")
    orders = recorded_orders(monkeypatch, system_diagram)
    assert combined_outcome(combined, None) is not None
    assert orders == ["depth-first, force"]
