"""The plan of a small file: apply the best fix, measure again, repeat.

The plan applies, again and again, the fix that buys the most availability on the file
as fixed so far, until every entrypoint meets its objective or no fix helps: a greedy
search, not a proof that no smaller set exists. When the file prices its components
(``cost_per_month``), it takes the fix that buys the most availability per price
instead, and, once the objectives hold, drops every step, dearest first, that they
hold without: the cheapest set this heuristic finds, with its price and the price of a
nine. Each round measures only the fixes it may take (Minoux's lazy greedy,
:meth:`_Round.lazily`), on the last round's diagram with the step compiled into it.
Larger files get the summed plan (:mod:`spofscan.remediation.summed_plan`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from spofscan.analysis.bdd import DEFAULT_NODE_BUDGET
from spofscan.analysis.compiled_structure import compiled
from spofscan.analysis.same_shape import KeptDiagram
from spofscan.model.architecture import Architecture
from spofscan.remediation import plan
from spofscan.remediation.candidates import candidates, weak_points
from spofscan.remediation.fixes import Candidate
from spofscan.remediation.more_fixes import critical_candidates
from spofscan.remediation.plan import Fix, Plan, compiled_whole, measured_fix, rank_key
from spofscan.remediation.pricing import cost_of_a_nine, fix_price
from spofscan.remediation.snippets import (
    Outcome,
    combined_outcome,
    load_document,
    load_with_snippets,
    pasted,
    render_snippet,
)

MAX_PLAN_STEPS = 12
PLAN_WIDTH = 6
WORTHWHILE = 0.1  # of the best gain: a priced plan's step buys at least this share
# A fix measured in an earlier round of the plan stands in for itself with its gain
# raised by this share: a gain can grow a little once other fixes are made (two fixes of
# one stack of stacks:150, 1e-8 apart, swapped places after a third one's step), and a
# stand-in within this much of the best is measured again.
STAND_IN_MARGIN = 1e-4


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
    while met is False and fixes:
        best = _next_step(fixes, value, arch.priced)[0]
        fixed, names = pasted(document, best.snippet)
        current = load_document(fixed, arch.file, current, names, document)
        if best.availability_after <= value or current is None:
            break
        document = fixed
        value, met = best.availability_after, best.meets_slo
        steps.append(best)
        if met is not False or len(steps) == MAX_PLAN_STEPS:
            break  # the last step: no round after it to measure (chain:300: 0.06 s)
        found = _round(document, current, order)
        if shares:
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
        return compiled_whole(s, arch)
    after = before.then(s, budget, arch)
    return after if after is not None else compiled_whole(s, arch, before.apart)


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
        fixes, _ = plan.measure_exactly(  # looked up here: tests count the calls
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
