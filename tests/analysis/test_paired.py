"""Paired estimates of a change: on the original's samples, only where they can differ.

The packing of the samples where a change can matter is an optimisation that must give
the very counts of evaluating both files on every sample: checked on random pairs of
architectures (sharing names, so that events are kept, moved and added). The
differences' intervals hold the exact gain of fixes.
"""

from __future__ import annotations

import gc
import weakref
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings

from spofscan.analysis import packed_samples, sample_states
from spofscan.analysis import paired as paired_module
from spofscan.analysis.availability import Settings, availability, exact_availability
from spofscan.analysis.changed_samples import changed_nodes
from spofscan.analysis.compiled_structure import Structure, compile_structure
from spofscan.analysis.conditional_counts import popcount
from spofscan.analysis.evidence import Evidence
from spofscan.analysis.montecarlo import run
from spofscan.analysis.paired import PairedSamples
from spofscan.analysis.sample_chunks import up_states
from spofscan.model import Architecture
from spofscan.remediation.candidates import candidates
from spofscan.remediation.snippets import (
    apply_snippet,
    load_document,
    parse_document,
    render_snippet,
)

from .strategies import architecture as build
from .strategies import architectures, changed_pairs, component, needs

SAMPLES = 6_400


def _hits_everywhere(paired: PairedSamples, t: Structure) -> list[int]:
    """``t`` evaluated on every sample of its draws: system, then each entrypoint."""
    targets = [list(t.entrypoints), *([e] for e in t.entrypoints)]
    ups = up_states(t, targets, paired.failures_of(t), paired.words)
    return [popcount(up) for up in ups]


@settings(max_examples=80, deadline=None)
@given(architectures(), architectures(), architectures())
def test_packed_samples_count_as_every_sample_would(
    base: Architecture, one: Architecture, other: Architecture
) -> None:
    s, a, b = (compile_structure(x) for x in (base, one, other))
    paired = PairedSamples(s, SAMPLES, seed=3)
    found = paired.estimate(a)
    everywhere = _hits_everywhere(paired, a)
    assert [round(e.value * paired.size) for e in (found.system, *found.entrypoints)] == everywhere
    base_hits = _hits_everywhere(paired, s)[0]
    assert round(found.difference.value * paired.size) == everywhere[0] - base_hits
    change = paired.compare(a, b)
    assert round(change.value * paired.size) == _hits_everywhere(paired, b)[0] - everywhere[0]
    low, high = change.ci95
    assert low <= change.value <= high


@settings(max_examples=40, deadline=None)
@given(architectures(), architectures())
def test_packed_samples_built_a_chunk_at_a_time_count_as_built_whole(
    base: Architecture, one: Architecture
) -> None:
    """The packed failures are built for each chunk of words as it is evaluated: in
    chunks of 16 words (whose edges cut words of the original's samples in two), the
    counts are those of one chunk, whether the records in the changed samples are held
    across the chunks or found again for each, and whether the changed samples are
    packed together or every sample is evaluated in its place."""
    s, a = compile_structure(base), compile_structure(one)
    whole = PairedSamples(s, SAMPLES, seed=4).estimate(a)
    for held, share in ((0.0, 2.0), (1.0, 2.0), (1.0, 0.0)):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sample_states, "STATE_BITS", 1)  # the smallest chunks: 16 words
            patch.setattr(packed_samples, "HELD_SHARE", held)
            patch.setattr(paired_module, "WHOLE_SHARE", share)
            chunked = PairedSamples(s, SAMPLES, seed=4).estimate(a)
        assert chunked == whole, (held, share)


@settings(max_examples=40, deadline=None)
@given(architectures(), architectures(), architectures())
def test_the_originals_kept_states_count_as_evaluating_it_again(
    base: Architecture, one: Architecture, other: Architecture
) -> None:
    """The original's states in the changed samples are read from those it had over
    all samples, when kept; evaluated again when too many are asked for to keep."""
    s, a, b = (compile_structure(x) for x in (base, one, other))
    kept = PairedSamples(s, SAMPLES, seed=5)
    kept.original()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paired_module, "_KEPT_UPS", 0)
        again = PairedSamples(s, SAMPLES, seed=5)
        again.original()
        assert [again.estimate(x) for x in (a, b)] == [kept.estimate(x) for x in (a, b)]
    assert not again._ups and kept._ups


def _example(name: str) -> tuple[str, dict[str, Any], Architecture]:
    """An example's file name, its document and its architecture."""
    file = f"examples/{name}.yaml"
    with open(file, encoding="utf-8") as handle:
        document = parse_document(handle.read(), file)
    arch = load_document(document, file)
    assert arch is not None
    return file, document, arch


def _packed_only(patch: pytest.MonkeyPatch) -> None:
    """Samples that never hold the original's states: changes counted on the samples
    where they can matter, packed."""
    patch.setattr(sample_states, "every_state", lambda *_: None)


@settings(max_examples=30, deadline=None)
@given(architectures(), architectures())
def test_the_samples_the_analysis_kept_are_the_originals(
    base: Architecture, one: Architecture
) -> None:
    """An estimate with importance (as check makes) keeps the samples where the system
    and each entrypoint were up: the very ones the paired samples would evaluate, so
    that a change measured on them counts the same."""
    s, a = compile_structure(base), compile_structure(one)
    rough = Settings(node_budget=0, samples=SAMPLES, seed=8)
    found = availability(s, settings=rough, with_importance=True)
    kept, drawn = found.sample_ups, found.sample_failures
    assert len(kept) == 1 + len(s.entrypoints)
    given_ = PairedSamples(s, SAMPLES, seed=8, known=kept, drawn=drawn)
    fresh = PairedSamples(s, SAMPLES, seed=8)
    assert drawn is not None and given_.failures is drawn  # not drawn again
    assert all(map(np.array_equal, drawn, fresh.failures))  # the very same draw
    fresh.original()
    assert given_._hits == fresh._hits
    assert all(np.array_equal(given_._ups[key], up) for key, up in fresh._ups.items())
    with pytest.MonkeyPatch.context() as patch:
        _packed_only(patch)  # the kept samples then stand for evaluating the original
        assert given_.estimate(a) == fresh.estimate(a)
    other = PairedSamples(s, 2 * SAMPLES, seed=8, known=kept, drawn=drawn)
    assert not other._ups  # drawn for another number of samples: not taken
    assert other.failures is not drawn


@settings(max_examples=30, deadline=None)
@given(architectures(), architectures())
def test_the_states_the_analysis_kept_are_the_originals(
    base: Architecture, one: Architecture
) -> None:
    """Asked to (as check asks), an estimate keeps every node's state over its samples:
    the very states the paired samples would evaluate, which then take them as they
    are; not kept when something is known to be down."""
    s, a = compile_structure(base), compile_structure(one)
    rough = Settings(node_budget=0, samples=SAMPLES, seed=8, keep_states=True)
    found = availability(s, settings=rough, with_importance=True)
    fresh = PairedSamples(s, SAMPLES, seed=8)
    evaluated = fresh._states
    assert evaluated is not None and len(found.sample_states) == len(s.nodes)
    assert all(map(np.array_equal, found.sample_states, evaluated))
    given_ = PairedSamples(
        s,
        SAMPLES,
        seed=8,
        known=found.sample_ups,
        drawn=found.sample_failures,
        states=found.sample_states,
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sample_states, "every_state", lambda *_: pytest.fail("evaluated again"))
        assert given_._states is not None
        assert given_.estimate(a) == fresh.estimate(a)
    plain = availability(s, settings=replace(rough, keep_states=False), with_importance=True)
    assert not plain.sample_states
    if s.nodes:
        down = Evidence(nodes=frozenset({0}))
        assert not availability(s, down, rough, with_importance=True).sample_states


@settings(max_examples=60, deadline=None)
@given(architectures(), architectures())
def test_the_originals_held_states_count_as_the_changed_samples_packed(
    base: Architecture, one: Architecture
) -> None:
    """With every node's state of the original held, a change evaluates only what it
    reaches, over all samples: the counts of evaluating it on its packed samples."""
    s, a = compile_structure(base), compile_structure(one)
    held = PairedSamples(s, SAMPLES, seed=6)
    found = held.estimate(a)
    assert held._states is not None
    with pytest.MonkeyPatch.context() as patch:
        _packed_only(patch)
        packed = PairedSamples(s, SAMPLES, seed=6)
        assert packed.estimate(a) == found
    assert packed._states is None


@pytest.mark.parametrize("example", ["gitlab-3k", "microservices"])
def test_fixes_on_held_states_count_as_on_packed_samples(example: str) -> None:
    """The same with the fixes of real files, their changed entries named (``touched``):
    only those are compared node by node."""
    file, document, arch = _example(example)
    s = compile_structure(arch)
    held = PairedSamples(s, SAMPLES, seed=7)
    fixed_files = []
    for candidate in candidates(document, list(arch.components), ()):
        snippet = render_snippet(candidate.entries)
        fixed = load_document(apply_snippet(document, snippet), file, arch, candidate.entries)
        if fixed is not None:
            t = compile_structure(fixed)
            fixed_files.append((t, candidate.entries, held.estimate(t, candidate.entries)))
    assert len(fixed_files) >= 3 and held._states is not None
    with pytest.MonkeyPatch.context() as patch:
        _packed_only(patch)
        packed = PairedSamples(s, SAMPLES, seed=7)
        for t, touched, found in fixed_files:
            assert packed.estimate(t, touched) == found
    assert packed._states is None


def _counted(paired: PairedSamples, s: Structure, t: Structure, touched: Any = None) -> Any:
    """The samples a change of ``s`` into ``t`` is evaluated on, and its system counts."""
    system = ([list(s.entrypoints)], [list(t.entrypoints)])
    count, found, _ = paired._in_changed_samples(s, t, *system, touched)
    return count, found[0]


@settings(max_examples=100, deadline=None)
@given(changed_pairs())
def test_where_changed_nodes_differ_counts_as_where_their_events_fail(
    pair: tuple[Architecture, Architecture],
) -> None:
    """A change is evaluated only on the samples where a node it changed is in another
    state (new: down; an entrypoint in one file only: down in either), not on all those
    where an event those nodes need fails: the same estimates and differences, on
    fewer samples or as many."""
    base, one = (compile_structure(x) for x in pair)
    with pytest.MonkeyPatch.context() as patch:
        _packed_only(patch)
        narrow = PairedSamples(base, SAMPLES, seed=9)
        found = narrow.estimate(one)
        counted = _counted(narrow, base, one)
        patch.setattr(paired_module, "differing", lambda *_: None)
        wide = PairedSamples(base, SAMPLES, seed=9)
        assert wide.estimate(one) == found
        everywhere = _counted(wide, base, one)
    assert counted[0] <= everywhere[0]
    assert counted[1][2:] == everywhere[1][2:]  # up only after, up only before


def test_a_twin_vm_is_evaluated_where_the_changed_nodes_differ() -> None:
    """The fixes of a real file: a few samples where the changed nodes differ, of the
    many where something they need fails."""
    file, document, arch = _example("gitlab-3k")
    s = compile_structure(arch)
    narrowed = widened = 0
    for candidate in candidates(document, list(arch.components), ())[:6]:
        snippet = render_snippet(candidate.entries)
        fixed = load_document(apply_snippet(document, snippet), file, arch, candidate.entries)
        assert fixed is not None
        t = compile_structure(fixed)
        with pytest.MonkeyPatch.context() as patch:
            _packed_only(patch)
            narrow = _counted(PairedSamples(s, SAMPLES, seed=7), s, t, candidate.entries)
            patch.setattr(paired_module, "differing", lambda *_: None)
            wide = _counted(PairedSamples(s, SAMPLES, seed=7), s, t, candidate.entries)
        assert narrow[1][2:] == wide[1][2:]
        narrowed, widened = narrowed + narrow[0], widened + wide[0]
    assert 0 < narrowed < widened / 4, (narrowed, widened)


@settings(max_examples=40, deadline=None)
@given(architectures())
def test_the_original_on_its_own_samples_is_the_analysis_draw(arch: Architecture) -> None:
    """The very samples the analysis draws: the same count of samples up, target by
    target. (The analysis conditions its estimate on the series events,
    :mod:`spofscan.analysis.stratified`; paired estimates keep the plain share, which
    their differences are made of.)"""
    s = compile_structure(arch)
    targets = [list(s.entrypoints), *([e] for e in s.entrypoints)]
    tally = run(s, targets, samples=SAMPLES, seed=5)
    paired = PairedSamples(s, SAMPLES, seed=5)
    found = paired.estimate(s)
    shares = [hits / tally.samples for hits in tally.hits]
    assert [e.value for e in (found.system, *found.entrypoints)] == shares
    assert paired.original().value == shares[0]
    assert found.difference.value == 0.0 and found.difference.discordant == 0


def test_an_unchanged_node_is_no_change_and_a_new_one_is() -> None:
    arch = build([component("api", 0.99, runs_on=["vm"]), component("vm", 0.995, kind="vm")])
    more = build(
        [
            component("api", 0.99, runs_on=["vm"]),
            component("vm", 0.995, kind="vm"),
            component("lb", 0.9999, depends_on=[needs("api")]),
        ]
    )
    s, t = compile_structure(arch), compile_structure(more)
    assert changed_nodes(s, s) == set()
    assert changed_nodes(t, s) == {"lb"}  # new, and the entrypoint instead of api
    assert changed_nodes(s, t) == {"api"}  # no longer the entrypoint


def _failures_of(paired: PairedSamples, arch: Architecture, name: str) -> list[int]:
    t = compile_structure(arch)
    drawn = paired.failures_of(t)
    (event,) = [e for e, ev in enumerate(t.events) if ev.component == name]
    found: list[int] = drawn.bits[drawn.event == event].tolist()
    return found


def test_a_new_events_draws_follow_its_name_not_its_position() -> None:
    paired = PairedSamples(compile_structure(build([component("api", 0.99)])), SAMPLES, seed=1)
    alone = build([component("api", 0.99, depends_on=[needs("zz")]), component("zz", 0.9)])
    beside = build(
        [
            component("api", 0.99, depends_on=[needs("aa"), needs("zz")]),
            component("aa", 0.999),
            component("zz", 0.9),
        ]
    )
    first = _failures_of(paired, alone, "zz")  # event 1 of this file, 2 of the other
    assert first and first == _failures_of(paired, beside, "zz")


def test_a_stronger_offering_fails_only_where_the_old_one_did() -> None:
    weak = build([component("api", 0.9)])
    strong = build([component("api", 0.99)])
    paired = PairedSamples(compile_structure(weak), 64_000, seed=2)
    found = paired.estimate(compile_structure(strong))
    assert found.difference.discordant == round(found.difference.value * paired.size)
    assert found.difference.value == pytest.approx(0.09, abs=0.005)


def test_a_measured_file_is_not_kept_alive_by_the_samples() -> None:
    paired = PairedSamples(compile_structure(build([component("api", 0.9)])), SAMPLES, seed=2)
    fixed = compile_structure(build([component("api", 0.99)]))
    first = paired.estimate(fixed)
    assert paired.estimate(fixed) == first  # its sources kept while it lives
    gone = weakref.ref(fixed)
    del fixed
    gc.collect()
    assert gone() is None


@pytest.mark.parametrize("example", ["gitlab-3k", "wordpress-aws", "microservices"])
def test_intervals_of_fixes_hold_their_exact_gain(example: str) -> None:
    file, document, arch = _example(example)
    s = compile_structure(arch)
    exact = exact_availability(s)
    assert exact is not None
    paired = PairedSamples(s, 200_000, seed=0)
    held = total = 0
    for candidate in candidates(document, list(arch.components), ()):
        fixed = load_document(apply_snippet(document, render_snippet(candidate.entries)), file)
        if fixed is None:
            continue
        t = compile_structure(fixed)
        truth = exact_availability(t)
        assert truth is not None
        gain = truth.system.value - exact.system.value
        low, high = paired.estimate(t).difference.ci95
        total += 1
        held += low <= gain <= high
    assert total >= 3
    assert held >= 0.9 * total  # 95% intervals, conservative: nearly all hold
