"""Fixes of a file whose availability is a Monte Carlo estimate, measured in pairs.

A large file's availability is estimated from samples; two independent estimates of it
before and after a fix differ by less than their own error. Each fixed file is instead
evaluated on the original's samples (:mod:`spofscan.analysis.paired`: common random
numbers, every basic event drawn under its name), so a fix's gain is the count of
samples it turns from down to up, less those it turns from up to down, and its 95%
interval is stated. The plan is greedy over the fixes measured: the one that saved the
most (or, priced, the most per price) is applied, the combined file measured on the
same samples, and so on until the objectives hold; fewer fixes are measured than when
availability is exact (``MAX_ESTIMATED``), since each costs a load of the whole file.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from spofscan.analysis.availability import clamp
from spofscan.analysis.changed_structure import changed_structure
from spofscan.analysis.compiled_structure import compiled
from spofscan.analysis.failure_draws import Failures
from spofscan.analysis.paired import Paired, PairedSamples
from spofscan.analysis.results import Analysis, Estimate
from spofscan.model.architecture import Architecture
from spofscan.remediation.fixes import Candidate
from spofscan.remediation.plan import Fix, Plan, measured_fix, rank_key, starting_point
from spofscan.remediation.pricing import fix_price
from spofscan.remediation.snippets import (
    Entries,
    Outcome,
    load_with_entries,
    load_with_snippets,
    render_snippet,
)
from spofscan.remediation.summed_plan import Combine, Reached, summed_plan
from spofscan.workers import run_all

MAX_ESTIMATED = 8  # candidate fixes measured when availability is estimated
MIN_ESTIMATED = 2  # ... at least, however large the file
COMPONENT_FIXES = 80_000  # components times fixes measured: beyond 10,000, fewer fixes


def estimated_limit(components: int) -> int:
    """How many fixes of an estimated file to measure: each costs a load and an
    evaluation of the whole fixed file, so a larger file gets fewer, and the time the
    fixes take grows no faster than the file.

    >>> [estimated_limit(n) for n in (300, 10_000, 20_000, 100_000)]
    [8, 8, 4, 2]
    """
    return max(MIN_ESTIMATED, min(MAX_ESTIMATED, COMPONENT_FIXES // max(1, components)))


@dataclass(frozen=True)
class _Measured:
    """A fixed file measured on the original's samples."""

    paired: Paired
    objectives_met: bool | None


# The samples of the file being fixed, set before measuring: forked workers inherit it
# rather than receive tens of megabytes of draws with every job.
_SAMPLES: PairedSamples | None = None
_BASE: Architecture | None = None  # the file being fixed, whose components a fix reuses
_FIGURES: dict[str, float] = {}  # the analysis's availability of each of its entrypoints
# Its document and each candidate's entries, which a job names by its index (as in
# :func:`~spofscan.remediation.plan.measure_exactly`).
_FIXING: tuple[dict[str, Any], list[Entries]] | None = None


def estimated_fixes(
    document: dict[str, Any],
    arch: Architecture,
    analysis: Analysis,
    found: Sequence[Candidate],
    seed: int,
) -> tuple[list[Fix], Plan]:
    """The candidates measured on the analysis's samples, best first, and the plan."""
    with paired_samples(arch, analysis, seed) as samples:
        # Fixes and plan stand on the analysis's own estimate (conditioned on the series
        # events): each moves it by its paired difference from the samples' plain share.
        before = analysis.system.value
        shift = before - samples.original().value
        fixes = paired_fixes(document, arch, before, found)
        return fixes, _plan(document, arch, analysis, fixes, shift)


@contextmanager
def paired_samples(arch: Architecture, analysis: Analysis, seed: int) -> Iterator[PairedSamples]:
    """The samples of ``arch`` drawn with ``seed`` (as its ``analysis`` drew them, when
    it is an estimate), evaluated, and set to measure fixes of it on while the context
    lasts (forked workers inherit them)."""
    global _SAMPLES, _BASE, _FIGURES
    known = analysis.sample_ups
    drawn = None if analysis.sample_failures is None else Failures(*analysis.sample_failures)
    states = list(analysis.sample_states)  # taken: held no longer than the samples are
    analysis.sample_states.clear()
    _SAMPLES = PairedSamples(compiled(arch), seed=seed, known=known, drawn=drawn, states=states)
    _BASE = arch
    _FIGURES = {e.name: e.availability.value for e in analysis.entrypoints}
    _SAMPLES.prepare()  # before the workers fork
    try:
        yield _SAMPLES
    finally:
        _SAMPLES = _BASE = None
        _FIGURES = {}


def paired_fixes(
    document: dict[str, Any], arch: Architecture, before: float, found: Sequence[Candidate]
) -> list[Fix]:
    """The candidates measured on the samples set (:func:`paired_samples`), best first,
    each moving ``before`` by its paired difference. Also the fixes of an exact file
    whose fixed files outgrow the diagram's budget (spreading a zone's components over
    the others can), ``before`` then the exact availability."""
    global _FIXING
    _FIXING = (document, [candidate.entries for candidate in found])
    try:
        jobs = list(range(len(found)))  # the document and entries are the workers' already
        outcomes = run_all(_measure, jobs, components=len(arch.components))
    finally:
        _FIXING = None
    fixes = []
    for candidate, after in zip(found, outcomes, strict=True):
        if after is not None and after.paired.difference.value >= 0.0:
            price = fix_price(document, candidate.entries) if arch.priced else None
            snippet = render_snippet(candidate.entries)
            fixes.append(_fix(candidate, snippet, arch, before, after, price))
    return sorted(fixes, key=rank_key)


def paired_combine(document: dict[str, Any], arch: Architecture, before: float) -> Combine:
    """How a plan measures its combined file on the samples set: ``before`` (the exact
    availability of ``arch``) moved by the paired difference, with its interval."""

    def combine(steps: list[Fix], touched: set[str]) -> Reached | None:
        combined = _combined(document, arch, steps, touched)
        if combined is None:
            return None
        difference = combined.paired.difference
        low, high = difference.ci95
        interval = (clamp(before + low), clamp(before + high))
        return Reached(clamp(before + difference.value), combined.objectives_met, interval)

    return combine


def _measure(index: int) -> _Measured | None:
    """Candidate ``index`` measured: its entries in the document, on the samples."""
    assert _FIXING is not None and _BASE is not None
    document, entries = _FIXING
    fixed, touched = load_with_entries(document, _BASE, entries[index])
    return _measured(fixed, touched) if fixed is not None else None


def _measured(arch: Architecture, touched: Collection[str]) -> _Measured:
    """``arch``, the file with the entries ``touched`` changed, on the samples."""
    assert _SAMPLES is not None and _BASE is not None
    s = changed_structure(_SAMPLES.base, _BASE, arch)
    paired = _SAMPLES.estimate(s, touched)
    goals = [arch.slo_of(s.nodes[e]) for e in s.entrypoints]
    met = None
    if any(goal is not None for goal in goals):
        names = [s.nodes[e] for e in s.entrypoints]
        figures = map(_figure, names, paired.entrypoints, paired.before)
        met = all(
            goal is None or figure >= goal for figure, goal in zip(figures, goals, strict=True)
        )
    return _Measured(paired, met)


def _figure(name: str, entry: Estimate, before: float | None) -> float:
    """An entrypoint's availability after a change, to judge its objective by: the
    analysis's own figure moved by the paired difference, as the system's is (an
    entrypoint the change adds: its share of the samples)."""
    figure = _FIGURES.get(name)
    if figure is None or before is None:
        return entry.value
    return clamp(figure + entry.value - before)


def _fix(
    candidate: Candidate,
    snippet: str,
    arch: Architecture,
    before: float,
    after: _Measured,
    price: float | None,
) -> Fix:
    outcome = Outcome(clamp(before + after.paired.difference.value), after.objectives_met)
    interval = after.paired.difference.ci95
    return measured_fix(candidate, snippet, arch, before, outcome, price, interval)


def _plan(
    document: dict[str, Any],
    arch: Architecture,
    analysis: Analysis,
    fixes: list[Fix],
    shift: float,
) -> Plan:
    """Greedy over the measured fixes, the combined files measured on the same samples
    (:func:`~spofscan.remediation.summed_plan.summed_plan`) and moved by ``shift``, from
    the samples' plain share to the analysis's estimate."""
    goals = [e.slo for e in analysis.entrypoints if e.slo is not None]
    start = starting_point(analysis)
    here = Reached(start.availability, start.objectives_met, analysis.system.ci95)

    def combine(steps: list[Fix], touched: set[str]) -> Reached | None:
        combined = _combined(document, arch, steps, touched)
        if combined is None:
            return None
        measured = combined.paired.system
        low, high = measured.ci95 or (measured.value, measured.value)
        interval = (clamp(low + shift), clamp(high + shift))
        return Reached(clamp(measured.value + shift), combined.objectives_met, interval)

    return summed_plan(fixes, here, goals, combine, priced=arch.priced)


def _combined(
    document: dict[str, Any], arch: Architecture, steps: list[Fix], touched: set[str]
) -> _Measured | None:
    """The file with every step's snippet pasted in, in order, on the samples."""
    loaded = load_with_snippets(document, arch, [step.snippet for step in steps])
    return _measured(loaded, touched) if loaded is not None else None
