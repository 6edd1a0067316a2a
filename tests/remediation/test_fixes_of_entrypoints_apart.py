"""Fixes of a file whose diagram outgrew the budget compiled whole, and whose analysis
compiled its entrypoints apart (:mod:`spofscan.analysis.entrypoints_apart`): no fixed
file is compiled whole again (each would outgrow it as the file did); they are
measured on paired samples."""

from __future__ import annotations

import pytest
from apart_files import CHAINS, whole_outgrows

from spofscan.analysis.analyse import analyse
from spofscan.analysis.compiled_structure import compiled
from spofscan.loading import load_architecture_text
from spofscan.remediation import remediate, snippets


def test_fixes_are_estimated_in_pairs_not_compiled_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    whole_outgrows(monkeypatch)
    arch = load_architecture_text(CHAINS, "chains.yaml")
    analysis = analyse(arch)
    assert analysis.system.method == "exact"
    assert compiled(arch).cache.whole_too_large is not None

    def whole(*_: object) -> None:
        raise AssertionError("a fixed file compiled whole")

    monkeypatch.setattr(snippets, "exact_availability", whole)
    found = remediate(CHAINS, arch, analysis)
    assert found.fixes
    assert {fix.method for fix in found.fixes} == {"monte-carlo"}
    for fix in found.fixes:
        assert fix.availability_after >= analysis.system.value - 1e-9
