"""Fixes of a file whose diagram outgrew the budget compiled whole, and whose analysis
compiled its entrypoints apart (:mod:`spofscan.analysis.entrypoints_apart`): no fixed
file is compiled whole again (each would outgrow it as the file did); they are
measured on paired samples."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from spofscan.analysis import availability as availability_module
from spofscan.analysis.analyse import analyse
from spofscan.analysis.bdd import BudgetExceeded, NodeBdds
from spofscan.analysis.compiled_structure import compiled
from spofscan.analysis.entrypoints_apart import apart_split
from spofscan.loading import load_architecture_text
from spofscan.remediation import remediate, snippets

CHAINS = """\
spofscan: 1
name: two chains over shared VMs
components:
  vm_a: {kind: vm, availability: 99.5}
  vm_b: {kind: vm, availability: 99.5}
  one_head: {kind: service, availability: 99.9, runs_on: vm_a, depends_on: [one_tail]}
  one_tail: {kind: service, availability: 99.9, replicas: 2, runs_on: [vm_a, vm_b]}
  two_head: {kind: service, availability: 99.9, runs_on: vm_b, depends_on: [two_tail]}
  two_tail: {kind: service, availability: 99.9, replicas: 2, runs_on: [vm_a, vm_b]}
"""


def test_fixes_are_estimated_in_pairs_not_compiled_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    class Outgrown(NodeBdds):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if kwargs.get("split") is None:
                raise BudgetExceeded("compiled whole")
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(availability_module, "NodeBdds", Outgrown)
    always = functools.partial(apart_split, where_it_pays=False)
    monkeypatch.setattr(availability_module, "apart_split", always)
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
