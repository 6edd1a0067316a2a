"""The kept diagram of a file whose entrypoints can be compiled apart (deep chains over
shared VMs) is in FORCE's order, as the analysis compiles such a file whole, and so is
one a plan compiles anew for a later round, whatever that round's file; a fixed file
that outgrows such a diagram is compiled whole (:func:`exact_outcome`)."""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT
from recorded_orders import recorded_orders

from spofscan.analysis import same_shape as same_shape_module
from spofscan.analysis.compiled_structure import compile_structure
from spofscan.analysis.same_shape import KeptDiagram
from spofscan.loading import load_architecture_text
from spofscan.model import Architecture
from spofscan.remediation.plan import compiled_whole
from spofscan.remediation.snippets import exact_outcome, load_with_snippets, parse_document

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml

# a second VM for the chain's first link: the fixed file of a chain of 80 components
SNIPPET = """\
  vm_00-2:
    kind: vm
    availability: 99.9
    runs_on: zone_a
"""


def _chain() -> tuple[str, Architecture]:
    text = to_yaml(generate(80, shape="chain", seed=2))
    return text, load_architecture_text(text, "chain.yaml")


def test_a_chain_is_kept_in_forces_order_and_so_are_the_diagrams_made_from_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, arch = _chain()
    gitlab = ROOT / "examples" / "gitlab-3k.yaml"
    single = load_architecture_text(gitlab.read_text(), gitlab.name)  # one entrypoint
    orders = recorded_orders(monkeypatch, same_shape_module)
    kept = KeptDiagram(compile_structure(arch))
    assert kept.apart and orders == ["force first"]
    assert not KeptDiagram(compile_structure(single)).apart and orders == [
        "force first",
        "depth-first, force",
    ]
    # a plan's later file, compiled anew: the order of the file it descends from
    assert compiled_whole(compile_structure(single), single, apart=True) is not None
    assert orders == ["force first", "depth-first, force", "force first"]
    then = kept.then(compile_structure(arch), source=arch)
    assert then is not None and then.apart


@pytest.mark.parametrize("apart", [True, False])
def test_a_fixed_file_that_outgrows_a_chains_kept_diagram_is_compiled_whole(
    apart: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, arch = _chain()
    document = parse_document(text, "chain.yaml")
    fixed = load_with_snippets(document, arch, [SNIPPET])
    assert fixed is not None
    want = exact_outcome(fixed)
    assert want is not None
    kept = KeptDiagram(compile_structure(arch), source=arch, apart=apart)
    monkeypatch.setattr(KeptDiagram, "evaluate", lambda *_: None)  # outgrew it there
    got = exact_outcome(fixed, kept)
    if not apart:  # a layered file's fixes that outgrew it did not fit whole either
        assert got is None
        return
    assert got is not None
    assert got.availability == pytest.approx(want.availability, abs=1e-12)
    assert got.objectives_met == want.objectives_met
    assert exact_outcome(fixed, kept, whole=False) is None  # a file too large to compile
