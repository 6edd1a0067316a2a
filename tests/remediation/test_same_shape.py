"""Fixes are measured on the original's diagram: the same numbers as a fresh compilation
of the fixed file, at once for those that only move probabilities."""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT

from spofscan.analysis.analyse import analyse
from spofscan.analysis.compiled_structure import compile_structure, compiled
from spofscan.analysis.same_shape import KeptDiagram, same_shape
from spofscan.remediation.candidates import candidates
from spofscan.remediation.more_fixes import critical_candidates
from spofscan.remediation.plan import kept_diagram
from spofscan.remediation.snippets import (
    apply_entries,
    exact_outcome,
    load_document,
    parse_document,
)

RECOVERY = """\
spofscan: 1
name: fixes that only move probabilities
slo: 99.999
components:
  api: {kind: service, runs_on: vm, depends_on: [worker, db, search]}
  worker: {kind: container, mtbf: 100h, mttr: 4h, runs_on: vm}
  db:
    kind: database
    replicas: 2
    mtbf: 1000h
    mttr: 10h
    data: {replication: async, failover: manual, restore_time: 2h}
  search:
    kind: external
    availability: 99.5
    stronger_offering: {availability: 99.95, cost_per_month: 300}
  vm: {kind: vm, availability: 99.9}
"""


def test_a_kept_diagram_answers_as_a_fresh_one() -> None:
    document = parse_document(RECOVERY, "recovery.yaml")
    arch = load_document(document, "recovery.yaml")
    assert arch is not None
    shares = {i.component: i.criticality or 0.0 for i in analyse(arch).importance}
    kept = KeptDiagram(compile_structure(arch))
    reused = set()
    for candidate in critical_candidates(document, arch, shares):
        fixed = load_document(apply_entries(document, candidate.entries), "recovery.yaml")
        assert fixed is not None
        fresh, quick = exact_outcome(fixed), exact_outcome(fixed, kept)
        assert fresh is not None and quick is not None
        assert quick.availability == pytest.approx(fresh.availability, abs=1e-12)
        assert quick.objectives_met == fresh.objectives_met
        if kept.evaluate(compile_structure(fixed)) is not None:
            reused.add(candidate.component)
    assert {"worker", "db", "search"} <= reused  # restart, failover, stronger offering


def test_a_new_replica_is_another_shape() -> None:
    file = ROOT / "examples" / "single-vm.yaml"
    document = parse_document(file.read_text(), str(file))
    arch = load_document(document, str(file))
    assert arch is not None
    body = dict(document["components"]["api"], replicas=2)
    fixed = load_document(apply_entries(document, {"api": body}), str(file))
    assert fixed is not None
    assert not same_shape(compile_structure(arch), compile_structure(fixed))


def _generated(shape: str, size: int) -> tuple[str, str]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate, to_yaml

    return f"{shape}-{size}.yaml", to_yaml(generate(size, seed=1, shape=shape))


FILES = [
    *((f.name, f.read_text()) for f in sorted((ROOT / "examples").glob("*.yaml"))),
    *(_generated(shape, 60) for shape in ("layered", "legacy", "chain", "stacks")),
]


@pytest.mark.parametrize(("name", "text"), FILES, ids=[name for name, _ in FILES])
def test_every_fix_measured_on_the_kept_diagram_is_what_a_fresh_one_says(
    name: str, text: str
) -> None:
    """Fixes that change the shape (replicas, twins, load balancers, spread zones) too:
    compiled into the kept diagram where they changed it."""
    document = parse_document(text, name)
    arch = load_document(document, name)
    assert arch is not None
    analysis = analyse(arch)
    if analysis.system.method != "exact":
        pytest.skip("estimated: its fixes are measured on samples")
    spofs = [spof.component for spof in analysis.spofs]
    shares = {i.component: i.criticality or 0.0 for i in analysis.importance}
    found = candidates(document, spofs, analysis.shared_fate)
    found += critical_candidates(document, arch, shares)
    kept = KeptDiagram(compile_structure(arch))
    patched = 0
    for candidate in found:
        fixed = load_document(apply_entries(document, candidate.entries), name)
        assert fixed is not None
        fresh, quick = exact_outcome(fixed), exact_outcome(fixed, kept)
        assert (fresh is None) == (quick is None), candidate.action
        if fresh is None or quick is None:
            continue
        assert quick.availability == pytest.approx(fresh.availability, abs=1e-12), candidate.action
        assert quick.objectives_met == fresh.objectives_met
        patched += not same_shape(kept.structure, compile_structure(fixed))
    assert patched or not spofs


@pytest.mark.parametrize(("name", "text"), FILES, ids=[name for name, _ in FILES])
def test_the_fixes_take_the_analysis_diagram_once(name: str, text: str) -> None:
    """The kept diagram is the analysis's own when it compiled one whole; the next one
    is compiled again (the first's manager gains the fixes' variables), and both answer
    the fixes as a diagram compiled apart does."""
    document = parse_document(text, name)
    arch = load_document(document, name)
    assert arch is not None
    analysis = analyse(arch)
    s = compiled(arch)
    if s.cache.whole_diagram is None:
        pytest.skip("compiled in parts, or estimated")
    analysed = s.cache.whole_diagram[1]
    first, second = kept_diagram(arch), kept_diagram(arch)
    assert first is not None and second is not None
    assert first.diagram is analysed and second.diagram is not analysed
    apart = KeptDiagram(compile_structure(arch))
    spofs = [spof.component for spof in analysis.spofs]
    for candidate in candidates(document, spofs, analysis.shared_fate):
        fixed = load_document(apply_entries(document, candidate.entries), name)
        assert fixed is not None
        expected = exact_outcome(fixed, apart)
        for kept in (first, second):
            got = exact_outcome(fixed, kept)
            assert (got is None) == (expected is None), candidate.action
            if got is not None and expected is not None:
                assert got.availability == expected.availability, candidate.action
