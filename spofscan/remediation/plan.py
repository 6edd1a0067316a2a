"""Measure each fix on a fresh analysis of the fixed file, rank them, and plan greedily.

A fix's ``availability_after`` is the exact availability of the original file with the
fix's snippet pasted in. The plan applies, again and again, the fix that buys the most
availability on the file as fixed so far, until every entrypoint meets its objective or
no fix helps: a greedy search, not a proof that no smaller set exists. When the file
prices its components (``cost_per_month``), each fix carries the monthly price of what
it adds, the plan takes the fix that buys the most availability per price instead,
and, once the objectives hold, drops every step, dearest first, that they hold without:
the cheapest set this heuristic finds, with its price and the price of a nine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from spofscan.analysis.bdd import DEFAULT_NODE_BUDGET, FORCE_UP_TO, BudgetExceeded, NodeBdds
from spofscan.analysis.changed_part import wider_than_half
from spofscan.analysis.compiled_structure import Structure, compiled
from spofscan.analysis.results import Analysis, Method
from spofscan.analysis.same_shape import KeptDiagram
from spofscan.loading.references import named_by
from spofscan.model.architecture import Architecture
from spofscan.remediation.candidates import candidates, weak_points
from spofscan.remediation.fixes import Candidate
from spofscan.remediation.more_fixes import critical_candidates
from spofscan.remediation.pricing import cost_of_a_nine, fix_price, net_value_per_year
from spofscan.remediation.snippets import (
    Entries,
    Outcome,
    combined_outcome,
    exact_outcome,
    load_document,
    load_with_entries,
    load_with_snippets,
    outgrew_whole,
    pasted,
    render_snippet,
)
from spofscan.units import HOURS_PER_YEAR, downtime_hours_per_year
from spofscan.workers import run_all

MAX_PLAN_STEPS = 12
PLAN_WIDTH = 6
WORTHWHILE = 0.1  # of the best gain: a priced plan's step buys at least this share
# A fix measured in an earlier round of the plan stands in for itself with its gain
# raised by this share: a gain can grow a little once other fixes are made (two fixes of
# one stack of stacks:150, 1e-8 apart, swapped places after a third one's step), and a
# stand-in within this much of the best is measured again.
STAND_IN_MARGIN = 1e-4


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
    return _whole(compiled(arch), arch)


def _whole(s: Structure, source: Architecture, apart: bool | None = None) -> KeptDiagram | None:
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


def greedy_plan(
    document: dict[str, Any],
    arch: Architecture,
    start: Outcome,
    first: list[Fix],
    shares: Mapping[str, float] | None = None,
    budget: int = DEFAULT_NODE_BUDGET,
    kept: KeptDiagram | None = None,
) -> Plan:
    """Apply the best fix, re-analyse the combined file, repeat until the SLOs hold.

    ``start`` is where the file stands before any fix; ``kept``, its diagram.

    After the first step, each round weighs the fixes of the combined file's weak
    points, at most ``PLAN_WIDTH`` of them: those whose component bought the most
    alone first, new weak points after; then the extra fixes of the components with the
    largest ``shares`` of the original file's downtime (:mod:`.more_fixes`). It
    measures those it has not measured before, and of the others only the one it would
    take (:meth:`_Round.lazily`).
    """
    order = {fix.component: i for i, fix in enumerate(first)}
    original = document
    fixes, steps = first, list[Fix]()
    current: Architecture | None = arch
    diagram = kept
    value, met = start.availability, start.objectives_met
    bought = {_Known.key_of(fix): fix.availability_after / value for fix in first if value > 0}
    known = _Known(bought)  # a round's value is above the start's: never 0
    while met is False and fixes and len(steps) < MAX_PLAN_STEPS:
        best = _next_step(fixes, value, arch.priced)[0]
        fixed, names = pasted(document, best.snippet)
        current = load_document(fixed, arch.file, current, names, document)
        if best.availability_after <= value or current is None:
            break
        document = fixed
        value, met = best.availability_after, best.meets_slo
        steps.append(best)
        found = _round(document, current, order) if met is False else []
        if met is False and shares:
            found += critical_candidates(document, current, shares)
        diagram = _kept(diagram, current, found, budget)
        measure = _Round(document, current, value, budget, diagram)
        fixes = measure.lazily(found, known)
    if not arch.priced:
        return Plan(tuple(steps), value, met)
    if met:
        steps, value = _pruned(original, arch, steps, value, budget, kept)
    price = sum(step.cost_per_month or 0.0 for step in steps)
    return Plan(
        tuple(steps),
        value,
        met,
        "greedy-priced",
        price,
        cost_of_a_nine(start.availability, value, price),
    )


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


def _round(
    document: dict[str, Any], current: Architecture, order: dict[str, int]
) -> list[Candidate]:
    """The fixes of the combined file's weak points to measure in a round of the plan:
    ``PLAN_WIDTH`` of them, of the components that bought the most alone first. Only
    twice as many weak points get a fix built (a file can have thousands)."""

    def rank(name: str) -> tuple[int, str]:
        return (order.get(name, len(order)), name)

    spofs, fates = weak_points(current)
    spofs_first = sorted(spofs, key=rank)[: 2 * PLAN_WIDTH]
    fates_first = sorted(fates, key=lambda f: rank(f.owner))[: 2 * PLAN_WIDTH]
    found = candidates(document, spofs_first, fates_first, every_spof=set(spofs))
    found.sort(key=lambda c: rank(c.component))
    return found[:PLAN_WIDTH]


def _kept(
    before: KeptDiagram | None, arch: Architecture, found: list[Candidate], budget: int
) -> KeptDiagram | None:
    """The diagram of the plan's file ``arch`` to measure the round's fixes on, when
    there are any: the last round's with the step compiled into it (on a chain of 300
    components, 0.13 s each round compiled whole), else ``arch``'s compiled whole."""
    if not found:
        return None
    s = compiled(arch)
    if before is None:
        return _whole(s, arch)
    after = before.then(s, budget, arch)
    return after if after is not None else _whole(s, arch, before.apart)


Key = tuple[str, str, str]  # a fix's component, rule and snippet


@dataclass(frozen=True)
class _Known:
    """What the plan measured in its rounds so far: what each fix multiplied the
    availability by when last measured, by :meth:`key`."""

    ratios: dict[Key, float]
    snippets: dict[str, str] = field(default_factory=dict)  # by their entries' repr

    @staticmethod
    def key_of(fix: Fix) -> Key:
        """What a fix is, from one round to the next: its component, rule and snippet."""
        return (fix.component, fix.rule, fix.snippet)

    def key(self, candidate: Candidate) -> Key:
        """A candidate's :meth:`key_of`, its snippet rendered once (a round's candidates
        are mostly the last round's: rendering them all again took a tenth of a plan)."""
        entries = repr(candidate.entries)  # 80 and "80" apart, as YAML writes them
        snippet = self.snippets.get(entries)
        if snippet is None:
            snippet = self.snippets[entries] = render_snippet(candidate.entries)
        return (candidate.component, candidate.rule, snippet)


def _next_step(fixes: list[Fix], value: float, priced: bool) -> list[Fix]:
    """The fix the plan takes next among ``fixes`` (ranked), first, and the other fixes
    that choice reads a measured value of: a priced plan takes the cheapest gain among
    those that buy a tenth of the largest one, which it reads too."""
    if not priced:
        return [fixes[0]]
    largest = max(fixes, key=lambda fix: fix.availability_after)
    return [cheapest_gain(fixes, value), largest]


@dataclass(frozen=True)
class _Round:
    """A round of the plan: the combined file ``arch`` (``document``) at ``value``, its
    fixes measured on ``kept``."""

    document: dict[str, Any]
    arch: Architecture
    value: float
    budget: int
    kept: KeptDiagram | None

    def lazily(self, found: list[Candidate], known: _Known) -> list[Fix]:
        """The round's fixes, ranked, measured only as far as choosing the next step
        needs: a candidate measured in an earlier round (``known``: what it multiplied
        the availability by then) stands in at that ratio of this round's value, and is
        measured again only when the step it would be is the next one (Minoux's lazy
        greedy). The same steps as measuring every candidate in every round, as long as
        a fix buys no larger share of the downtime once others are made: a fix of a
        component in series with the rest multiplies the availability by the same
        factor whatever else is fixed (on a chain of 300 components, the six fixes of a
        round kept their ratios to 1e-6 from round to round, each round changing the
        availability by 0.6%), and one redundant with another buys less once the other
        is fixed. ``known`` gains the ratios measured here; a candidate that buys
        nothing (or whose diagram outgrows the budget) counts at a ratio of 1."""
        ratios = known.ratios
        by_key = {known.key(candidate): candidate for candidate in found}
        waiting = {key: candidate for key, candidate in by_key.items() if key in ratios}
        fresh = self._measured({k: c for k, c in by_key.items() if k not in ratios}, known)
        while True:
            stand_ins = {key: self._stand_in(c, key, ratios[key]) for key, c in waiting.items()}
            fixes = sorted([*fresh, *stand_ins.values()], key=rank_key)
            if not fixes:
                return []
            chosen = {id(fix) for fix in _next_step(fixes, self.value, self.arch.priced)}
            again = {k: waiting.pop(k) for k, fix in stand_ins.items() if id(fix) in chosen}
            if not again:
                return sorted(fresh, key=rank_key)
            fresh += self._measured(again, known)

    def _measured(self, found: dict[Key, Candidate], known: _Known) -> list[Fix]:
        """``found`` (by :meth:`_Known.key`) measured on this round's file; their
        ratios kept in ``known``."""
        if not found:
            return []
        fixes, _ = measure_exactly(
            self.document, self.arch, self.value, list(found.values()), self.budget, self.kept
        )
        bought = {known.key_of(fix): fix.availability_after / self.value for fix in fixes}
        for key in found:
            known.ratios[key] = bought.get(key, 1.0)
        return fixes

    def _stand_in(self, candidate: Candidate, key: Key, ratio: float) -> Fix:
        """``candidate`` as if it multiplied this round's value by ``ratio`` again, its
        gain raised by ``STAND_IN_MARGIN``."""
        gain = self.value * (ratio - 1.0) * (1.0 + STAND_IN_MARGIN)
        after = Outcome(min(1.0, self.value + gain), None)
        price = fix_price(self.document, candidate.entries) if self.arch.priced else None
        return measured_fix(candidate, key[2], self.arch, self.value, after, price)


def cheapest_gain(fixes: list[Fix], value: float) -> Fix:
    """The fix that buys the most availability per unit of monthly price (a free one
    first, the larger gain among equals), among those that buy at least a tenth of what
    the best one buys: else free crumbs (one more replica on a VM already paid for, a
    minute a year each) would fill the plan before the fix that meets the objective."""
    gains = [fix.availability_after - value for fix in fixes]
    floor = max(gains) * WORTHWHILE

    def rate(fix: Fix) -> tuple[float, float]:
        gain = fix.availability_after - value
        price = fix.cost_per_month or 0.0
        return (gain / price if price > 0 else float("inf"), gain)

    return max((f for f, g in zip(fixes, gains, strict=True) if g >= floor), key=rate)


def _pruned(
    document: dict[str, Any],
    arch: Architecture,
    steps: list[Fix],
    value: float,
    budget: int,
    diagram: KeptDiagram | None,
) -> tuple[list[Fix], float]:
    """Drop the plan's steps, dearest first, that the objectives hold without: the
    others' snippets pasted alone, in order, re-analysed exactly (on ``diagram``, the
    file's, when there is one)."""
    kept = list(steps)
    for step in sorted(steps, key=lambda s: -(s.cost_per_month or 0.0)):
        others = [s for s in kept if s is not step]
        if not others or not step.cost_per_month:
            continue
        current = load_with_snippets(document, arch, [other.snippet for other in others])
        outcome = combined_outcome(current, diagram, budget, arch) if current is not None else None
        if outcome is not None and outcome.objectives_met:
            kept, value = others, outcome.availability
    return kept, value
