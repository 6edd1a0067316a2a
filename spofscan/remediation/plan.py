"""Measure each fix on an exact analysis of the fixed file, and rank them.

A fix's ``availability_after`` is the exact availability of the original file with the
fix's snippet pasted in, measured on the original's kept diagram where the fix changed
it, on the part of the file it changes, or on the fixed file compiled whole; fixed
files are measured in parallel where the system allows it. When the file prices its
components (``cost_per_month``), each fix carries the monthly price of what it adds.
The plans that take the fixes in turn are :mod:`spofscan.remediation.greedy`'s
(small files) and :mod:`spofscan.remediation.summed_plan`'s (large ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spofscan.analysis.bdd import DEFAULT_NODE_BUDGET, FORCE_UP_TO, BudgetExceeded, NodeBdds
from spofscan.analysis.changed_part import wider_than_half
from spofscan.analysis.compiled_structure import Structure, compiled
from spofscan.analysis.results import Analysis, Method
from spofscan.analysis.same_shape import KeptDiagram
from spofscan.loading.references import named_by
from spofscan.model.architecture import Architecture
from spofscan.remediation.fixes import Candidate
from spofscan.remediation.pricing import fix_price, net_value_per_year
from spofscan.remediation.snippets import (
    Entries,
    Outcome,
    exact_outcome,
    load_with_entries,
    outgrew_whole,
    render_snippet,
)
from spofscan.units import HOURS_PER_YEAR, downtime_hours_per_year
from spofscan.workers import run_all


@dataclass(frozen=True)
class Fix:
    """One measured fix: what to change, the YAML to paste, and what it buys."""

    component: str
    rule: str
    action: str
    snippet: str
    availability_after: float
    downtime_saved_hours_per_year: float
    money_saved_per_year: float | None
    meets_slo: bool | None = None  # whether this fix alone meets every objective
    cost_per_month: float | None = None  # what it adds, when the file gives costs
    net_value_per_year: float | None = None  # money saved less a year of that cost
    method: Method = "exact"  # how availability_after was found
    downtime_saved_ci95: tuple[float, float] | None = None  # hours a year, when estimated


@dataclass(frozen=True)
class Plan:
    """The fixes the greedy search applies in turn, and where they take the system."""

    fixes: tuple[Fix, ...]
    availability_after: float
    meets_slo: bool | None
    method: str = "greedy"
    cost_per_month: float | None = None  # the fixes' price together, when priced
    nine_cost_per_month: float | None = None  # that price over the nines it buys
    ci95: tuple[float, float] | None = None  # of availability_after, when estimated


def measure_exactly(
    document: dict[str, Any],
    arch: Architecture,
    before: float,
    found: list[Candidate],
    budget: int = DEFAULT_NODE_BUDGET,
    kept: KeptDiagram | None = None,
) -> tuple[list[Fix], list[Candidate]]:
    """Each candidate measured on an exact analysis of the fixed file, best first; and
    the candidates whose fixed file has no exact answer (its diagram outgrew
    ``budget``), in their order. ``kept``: ``arch``'s diagram (:func:`kept_diagram`),
    which each fixed file is then compiled into where it changed, instead of compiled
    whole.

    The fixed files are measured in parallel where the system allows it (``workers``).
    Beyond ``LARGE`` components, a fixed file that would be compiled whole is left to
    an estimate (:func:`_outcome`).
    """
    global _KEPT, _BASE, _BUDGET, _FIXING
    _KEPT, _BASE, _BUDGET = kept, arch, budget
    compiled(arch)  # kept for the workers, which renumber it for each fixed file
    _FIXING = (document, [candidate.entries for candidate in found])
    try:
        jobs = list(range(len(found)))  # the document and entries are the workers' already
        outcomes = run_all(_outcome, jobs, components=len(arch.components))
    finally:
        _KEPT = _BASE = _FIXING = None
        _BUDGET = DEFAULT_NODE_BUDGET
    fixes, unanswered = [], []
    for candidate, after in zip(found, outcomes, strict=True):
        if isinstance(after, _Outgrown):
            unanswered.append(candidate)
        elif after is not None and after.availability >= before - 1e-12:
            price = fix_price(document, candidate.entries) if arch.priced else None
            snippet = render_snippet(candidate.entries)
            fixes.append(measured_fix(candidate, snippet, arch, before, after, price))
    return sorted(fixes, key=rank_key), unanswered


# The diagram of the file being fixed: set before measuring, and inherited by forked
# workers.
_KEPT: KeptDiagram | None = None
_BASE: Architecture | None = None  # the file being fixed, whose components a fix reuses
_BUDGET = DEFAULT_NODE_BUDGET  # diagram nodes a fixed file may take (``fix_budget``)
# Its document and each candidate's entries, which a job names by its index: a job that
# carried the document was pickled for each worker (0.3 s to write, 0.7 s to read at
# 100,000 components, and a copy in each).
_FIXING: tuple[dict[str, Any], list[Entries]] | None = None


def kept_diagram(arch: Architecture) -> KeptDiagram | None:
    """The diagram of ``arch``, compiled whole, to measure its fixed files on
    (:mod:`spofscan.analysis.same_shape`); None when it outgrows the budget."""
    return compiled_whole(compiled(arch), arch)


def compiled_whole(
    s: Structure, source: Architecture, apart: bool | None = None
) -> KeptDiagram | None:
    """``s``'s diagram compiled whole: the analysis's own when it compiled one at the
    fixes' budget and nothing has used it since (taken once: a kept diagram's manager
    gains the fixes' variables), else compiled here. ``apart``: as
    :class:`KeptDiagram` takes it (a plan's file, as its analysed file was)."""
    compiled_before, s.cache.whole_diagram = s.cache.whole_diagram, None
    try:
        if compiled_before is not None and compiled_before[0] == DEFAULT_NODE_BUDGET:
            diagram = compiled_before[1]
            assert isinstance(diagram, NodeBdds)
            return KeptDiagram(s, diagram, source, apart=apart)
        return KeptDiagram(s, source=source, apart=apart)
    except BudgetExceeded:
        return None


@dataclass(frozen=True)
class _Outgrown:
    """A fixed file without an exact answer: its diagram outgrew the budget."""


def _outcome(index: int) -> Outcome | _Outgrown | None:
    """Where the document reaches with candidate ``index``'s entries in it (None: the
    fix does not load); its snippet is written only when the fix is kept."""
    assert _FIXING is not None and _BASE is not None
    document, entries = _FIXING
    # A fixed file neither measured apart nor on a kept diagram is compiled whole only up
    # to LARGE components: beyond, that costs what the analysis did, for each fix (3,000
    # services on one docker host: 0.9 s a fix, a check of 32 s; 7 s with those fixes
    # measured on paired samples, the top one's estimate 99.563%, exactly 99.575%); nor
    # one of a file whose own whole diagram outgrew the budget.
    whole = len(_BASE.components) <= LARGE and not outgrew_whole(_BASE)
    if _KEPT is None and not whole and no_part_apart(_BASE, entries[index]):
        return _Outgrown()
    fixed, _ = load_with_entries(document, _BASE, entries[index])
    if fixed is None:
        return None
    outcome = exact_outcome(fixed, _KEPT, _BUDGET, _BASE, whole)
    return _Outgrown() if outcome is None else outcome


def no_part_apart(arch: Architecture, entries: Entries) -> bool:
    """Whether the file ``arch`` with ``entries`` replaced or added, measured neither
    whole nor on a kept diagram, is known to have no answer before it is loaded: its
    part holds more than half the entrypoints
    (:func:`~spofscan.analysis.changed_part.wider_than_half`), and the file is not one
    measured in parts (those have at most ``FORCE_UP_TO`` nodes). A second region
    beside the one of stacks of 100,000 components (91,667 new entries) took 7 s to
    load and find so."""
    s = compiled(arch)
    if outgrew_whole(arch) and len(s.upstream(s.entrypoints)) <= FORCE_UP_TO:
        return False
    named = {name for body in entries.values() for name in named_by(body)}
    return wider_than_half(s, entries, named)


def starting_point(analysis: Analysis) -> Outcome:
    """Where the analysed file stands: its availability and its objectives' verdict."""
    verdicts = [e.slo_met for e in analysis.entrypoints if e.slo_met is not None]
    return Outcome(analysis.system.value, all(verdicts) if verdicts else None)


def rank_key(fix: Fix) -> tuple[float, str, str]:
    """The most net value first when fixes are priced and downtime has a cost, else the
    most downtime saved (to the microsecond a year, so float dust ties); then by
    component and rule."""
    if fix.net_value_per_year is not None:
        return (-round(fix.net_value_per_year, 6), fix.component, fix.rule)
    return (-round(fix.downtime_saved_hours_per_year, 9), fix.component, fix.rule)


def measured_fix(
    candidate: Candidate,
    snippet: str,
    arch: Architecture,
    before: float,
    after: Outcome,
    price: float | None,
    estimated: tuple[float, float] | None = None,
) -> Fix:
    """A fix that takes the file from ``before`` to ``after``; ``estimated``: the 95%
    interval of that gain in availability, when both are Monte Carlo estimates."""
    value = after.availability
    saved = max(0.0, downtime_hours_per_year(before) - downtime_hours_per_year(value))
    cost = arch.downtime_cost_per_hour
    money = saved * cost if cost is not None else None
    net = net_value_per_year(saved, cost, price) if cost is not None and price is not None else None
    return Fix(
        candidate.component,
        candidate.rule,
        candidate.action,
        snippet,
        value,
        saved,
        money,
        after.objectives_met,
        price,
        net,
        "exact" if estimated is None else "monte-carlo",
        None if estimated is None else (_hours(estimated[0]), _hours(estimated[1])),
    )


def _hours(availability: float) -> float:
    """A difference in availability, in hours a year."""
    return round(availability * HOURS_PER_YEAR, 12)


LARGE = 3_000  # components: beyond, the plan is summed (:mod:`.summed_plan`)
FIX_BUDGET_FACTOR = 10  # a fixed file's diagram: at most this times the original's
MIN_FIX_BUDGET = 20_000  # ... or this many nodes, whichever is more


def fix_budget(diagram_nodes: int | None) -> int:
    """The node budget of a fixed file's diagram: ten times the original's, at least
    20,000, at most the analysis's own. A fix changes a few parts; a diagram that grows
    tenfold with it came from a variable order gone wrong, and such a file can spend
    minutes in one operation before the usual budget stops it.

    >>> [fix_budget(n) for n in (None, 40, 5_000, 50_000)]
    [100000, 20000, 50000, 100000]
    """
    if diagram_nodes is None:
        return DEFAULT_NODE_BUDGET
    return min(DEFAULT_NODE_BUDGET, max(MIN_FIX_BUDGET, FIX_BUDGET_FACTOR * diagram_nodes))
