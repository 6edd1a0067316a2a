"""Fixes of a file whose diagram outgrew the budget compiled whole, and whose analysis
compiled its entrypoints apart (:mod:`spofscan.analysis.entrypoints_apart`): no fixed
file is compiled whole again (each would outgrow it as the file did); each is measured
exactly, in parts (:mod:`spofscan.analysis.in_parts`)."""

from __future__ import annotations

import pytest
from apart_files import CHAINS, whole_outgrows

from spofscan.analysis.analyse import analyse
from spofscan.analysis.availability import exact_availability
from spofscan.analysis.compiled_structure import compile_structure, compiled
from spofscan.loading import load_architecture_text
from spofscan.remediation import remediate, snippets


def test_fixes_are_measured_in_parts_not_compiled_whole(monkeypatch: pytest.MonkeyPatch) -> None:
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
    assert {fix.method for fix in found.fixes} == {"exact"}
    monkeypatch.undo()  # each fixed file compiled whole, as the reference
    document = snippets.parse_document(CHAINS, arch.file)
    for fix in found.fixes:
        fixed = snippets.load_with_snippets(document, arch, [fix.snippet])
        assert fixed is not None
        reference = exact_availability(compile_structure(fixed))
        assert reference is not None
        assert fix.availability_after == pytest.approx(reference.system.value, abs=1e-12)


def test_a_plan_toward_an_objective_is_measured_in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    whole_outgrows(monkeypatch)
    text = CHAINS.replace("name: two chains over shared VMs\n", "name: two chains\nslo: 99.99\n")
    arch = load_architecture_text(text, "chains.yaml")
    analysis = analyse(arch)
    assert compiled(arch).cache.whole_too_large is not None
    found = remediate(text, arch, analysis)
    plan = found.plan
    assert plan is not None and len(plan.fixes) >= 2
    assert {fix.method for fix in (*found.fixes, *plan.fixes)} == {"exact"}
    monkeypatch.undo()
    document = snippets.parse_document(text, arch.file)
    combined = snippets.load_with_snippets(document, arch, [fix.snippet for fix in plan.fixes])
    assert combined is not None
    whole = exact_availability(compile_structure(combined))
    assert whole is not None
    assert plan.availability_after == pytest.approx(whole.system.value, abs=1e-12)
    goal = combined.slo_of(combined.entrypoints[0])
    met = all(e.value >= goal for e in whole.entrypoints) if goal is not None else None
    assert plan.meets_slo == met
