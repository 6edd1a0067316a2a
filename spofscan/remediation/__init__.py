"""Quantified remediations: a measured fix for each SPOF and for the components that cost
the most downtime, ranked, and a greedy plan.

>>> from spofscan.remediation import NOT_COMPUTED
>>> NOT_COMPUTED.fixes, NOT_COMPUTED.plan
((), None)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spofscan.analysis.bdd import DEFAULT_NODE_BUDGET
from spofscan.analysis.compiled_structure import compiled
from spofscan.analysis.results import Analysis, costliest_first
from spofscan.analysis.same_shape import KeptDiagram
from spofscan.analysis.system_diagram import LARGE_WHOLE
from spofscan.findings.analysis_rules import only_common_cause
from spofscan.model.architecture import Architecture
from spofscan.remediation.candidates import candidates
from spofscan.remediation.entries import PLACES
from spofscan.remediation.estimated import (
    COMPONENT_FIXES,
    MIN_ESTIMATED,
    estimated_fixes,
    estimated_limit,
    paired_combine,
    paired_fixes,
    paired_samples,
)
from spofscan.remediation.fixes import Candidate
from spofscan.remediation.greedy import greedy_plan
from spofscan.remediation.more_fixes import critical_candidates
from spofscan.remediation.plan import (
    LARGE,
    Fix,
    Plan,
    fix_budget,
    kept_diagram,
    measure_exactly,
    rank_key,
    starting_point,
)
from spofscan.remediation.snippets import (
    combined_outcome,
    load_with_snippets,
    outgrew_whole,
    parse_document,
)
from spofscan.remediation.summed_plan import Combine, Reached, summed_plan

__all__ = ["NOT_COMPUTED", "Fix", "Plan", "Remediation", "remediate"]


@dataclass(frozen=True)
class Remediation:
    """The measured fixes, best first, and the plan; ``reason`` when there are none."""

    fixes: tuple[Fix, ...] = ()
    plan: Plan | None = None
    reason: str | None = None
    unmeasured: int = 0  # candidate fixes left unmeasured (beyond MAX_MEASURED, or outgrown)
    outgrown: int = 0  # ... of them, those whose fixed file outgrew the diagram's budget

    @property
    def unmeasured_note(self) -> str | None:
        """What every report says when candidate fixes went unmeasured; None when none did.

        >>> Remediation(unmeasured=3).unmeasured_note.split(":")[0]
        '3 more candidate fixes were not measured'
        >>> Remediation(unmeasured=2, outgrown=2).unmeasured_note.split(": ")[1]
        "their fixed files outgrew the diagram's budget, and the file is too large to estimate them"
        """
        if not self.unmeasured:
            return None
        fewer = self.unmeasured - self.outgrown
        reasons = []
        if fewer:
            reasons.append("their components account for no more downtime than those measured")
        if self.outgrown:
            reasons.append(
                "their fixed files outgrew the diagram's budget, and the file is too large"
                " to estimate them"
            )
        if fewer and self.outgrown:
            reasons = [f"{fewer} as {reasons[0]}", f"{self.outgrown} as {reasons[1]}"]
        return f"{self.unmeasured} more candidate fixes were not measured: {'; '.join(reasons)}"


NOT_COMPUTED = Remediation(reason="not computed")


def remediate(
    text: str,
    arch: Architecture,
    analysis: Analysis,
    seed: int = 0,
    document: dict[str, Any] | None = None,
) -> Remediation:
    """Measure a fix for each SPOF and packed replica set of the file ``text``, and plan;
    ``document``: that file parsed already, when it was (texts as written).

    When the availability is a Monte Carlo estimate (``seed`` drew its samples), the
    ``MAX_ESTIMATED`` most critical candidates are measured on those same samples
    (:mod:`spofscan.remediation.estimated`)."""
    if document is None:
        document = parse_document(text, arch.file)
    estimated = analysis.system.method != "exact"
    size = len(arch.components)
    limit = estimated_limit(size) if estimated else measured_limit(size)
    # A common cause every replica shares is no SPOF that replicas would fix
    spofs = [spof.component for spof in analysis.spofs if not only_common_cause(spof)]
    shares = {i.component: i.criticality or 0.0 for i in analysis.importance}
    found, left_out = _most_critical_candidates(document, spofs, analysis, shares, limit)
    found += critical_candidates(document, arch, shares)
    found = _distinct(found, arch)
    unmeasured = max(0, len(found) - limit) + left_out
    if estimated:
        fixes, plan = estimated_fixes(document, arch, analysis, found[:limit], seed)
        return Remediation(tuple(fixes), plan, unmeasured=unmeasured)
    budget = fix_budget(analysis.diagram_nodes)
    kept = _kept_for_fixes(arch, analysis) if found else None
    before = analysis.system.value
    exact, unanswered = measure_exactly(document, arch, before, found[:limit], budget, kept)
    outgrown = 0
    if size > PAIRED_UP_TO:  # an estimate of each: a minute at 100,000
        room = min(MIN_ESTIMATED, COMPONENT_FIXES // size)  # the most critical, still
        outgrown = max(0, len(unanswered) - room)
        unmeasured, unanswered = unmeasured + outgrown, unanswered[:room]
    if (
        size > LARGE
        or (analysis.diagram_nodes or 0) > LARGE_DIAGRAM
        or functions_size(kept) > LARGE_WORK
    ):
        # each round of the greedy plan would re-analyse the whole file: seconds each
        plan = large_file_plan(document, arch, analysis, exact, budget, kept)
    else:
        start = starting_point(analysis)
        plan = greedy_plan(document, arch, start, exact, shares, budget, kept)
        if plan.meets_slo is False:  # its rounds may lose fixes that no longer fit
            summed = large_file_plan(document, arch, analysis, exact, budget, kept)
            if summed.meets_slo or summed.availability_after > plan.availability_after:
                plan = summed
    if not unanswered:
        return Remediation(tuple(exact), plan, unmeasured=unmeasured, outgrown=outgrown)
    # The fixed files that outgrow the budget (a zone's components spread over the
    # others) are measured on paired samples: an exact file's largest SPOFs are often
    # such places. When the exact plan falls short of the objectives, a plan that may
    # take them too is made, its combined files measured exactly where they fit.
    with paired_samples(arch, analysis, seed):
        fixes = sorted(exact + paired_fixes(document, arch, before, unanswered), key=rank_key)
        if plan.meets_slo is False:
            paired = paired_combine(document, arch, before)
            other = large_file_plan(document, arch, analysis, fixes, budget, kept, paired)
            if other.meets_slo or other.availability_after > plan.availability_after:
                plan = other
    return Remediation(tuple(fixes), plan, unmeasured=unmeasured, outgrown=outgrown)


LARGE_DIAGRAM = 2_000  # nodes of the system's diagram: beyond, the plan is summed
# Components up to which the fixes of an exact file that outgrow the budget are measured
# on paired samples: its largest SPOF is often such a fix (a compose project of 3,001
# services on one host: 9% -> 99.6% with a second host; 3 s for its 29 such fixes).
# Beyond, only the most critical are, as many as an estimated file of that size
# measures but MIN_ESTIMATED at most (none from 80,000 components), and the others are
# counted unmeasured: one fix rewriting the stacks of 100,000 took 37 s; the second host
# of 10,000 services on one host, 0.7 s (without it, no fix at all).
PAIRED_UP_TO = 10_000
# Nodes of the system's diagram (its parts together, when compiled in parts) up to which
# it is compiled whole to measure fixes on: beyond, the whole seldom fits the budget
# (50,000 stacks: 116,303 nodes in parts, and a whole compilation fails after 4 s). The
# analysis tries its order by host past the same size (``LARGE_WHOLE``).
KEPT_NODES = LARGE_WHOLE
# Nodes of the kept diagram's functions, each counted in full (what a fix rebuilds at
# most: the functions of what it changes and of all that needs it), beyond which the
# plan is summed even though the system's diagram is small. Deep chains that share VMs
# have systems of 975 to 1,857 nodes at 600 to 1,000 components but functions of 170,380
# to 428,499 nodes, and each of the greedy plan's twelve rounds re-measured every fix on
# them: checks of 10 to 17 s, 2.4 to 4.4 s summed, the plan's availability the same to
# within 0.05% (chain:300, 42,670 nodes, keeps its rounds: summed, its plan reached
# 92.7% instead of 93.6%).
LARGE_WORK = 100_000


def functions_size(kept: KeptDiagram | None) -> int:
    """The nodes of the kept diagram's functions, each counted in full (0: none kept)."""
    if kept is None:
        return 0
    return sum(kept.diagram.function_size(node) for node in kept.diagram.reached)


def _kept_for_fixes(arch: Architecture, analysis: Analysis) -> KeptDiagram | None:
    """The diagram of ``arch`` compiled whole, to measure its fixes on: none when the
    system's diagram has more than ``KEPT_NODES`` nodes, nor for a file of more than
    ``LARGE`` components that its analysis compiled in parts. Such a file's fixes are
    measured on the part of it they change (independent stacks), and compiling it whole
    again cost more than the diagram saved: stacks of 10,000 components 2.4 -> 1.9 s,
    of 20,000 4.6 -> 3.5 s. Smaller files keep it, for the greedy plan's rounds (stacks
    of 1,000: 0.6 s with it, 2.3 s without)."""
    if (analysis.diagram_nodes or 0) > KEPT_NODES:
        return None
    if outgrew_whole(arch):
        return None
    if len(arch.components) > LARGE and compiled(arch).cache.whole_diagram is None:
        return None  # in parts: the analysis left no whole diagram
    return kept_diagram(arch)


def large_file_plan(
    document: dict[str, Any],
    arch: Architecture,
    analysis: Analysis,
    fixes: list[Fix],
    budget: int = DEFAULT_NODE_BUDGET,
    kept: KeptDiagram | None = None,
    estimate: Combine | None = None,
) -> Plan:
    """The plan of an exact file beyond ``LARGE`` components, or whose diagram has more
    than ``LARGE_DIAGRAM`` nodes (each analysis of it takes a good part of a second or
    more), or with fixes measured on samples: greedy over the fixes measured alone, the
    combined file analysed exactly (:func:`~spofscan.remediation.summed_plan.summed_plan`)
    or, when its diagram outgrows the budget or a step's did alone, measured by
    ``estimate``."""
    start = starting_point(analysis)
    goals = [e.slo for e in analysis.entrypoints if e.slo is not None]

    def combine(steps: list[Fix], touched: set[str]) -> Reached | None:
        if estimate is not None and any(step.method != "exact" for step in steps):
            return estimate(steps, touched)  # a step that outgrew the budget alone
        loaded = load_with_snippets(document, arch, [step.snippet for step in steps])
        if loaded is None:
            return None
        outcome = combined_outcome(loaded, kept, budget, arch)
        if outcome is not None:
            return Reached(outcome.availability, outcome.objectives_met)
        return estimate(steps, touched) if estimate is not None else None

    here = Reached(start.availability, start.objectives_met)
    return summed_plan(fixes, here, goals, combine, priced=arch.priced)


def _most_critical_candidates(
    document: dict[str, Any],
    spofs: list[str],
    analysis: Analysis,
    shares: dict[str, float],
    limit: int,
) -> tuple[list[Candidate], int]:
    """The candidate fixes of the SPOFs and shared fates whose components account for
    the most downtime, most first, and how many weak points were left without one.

    Building a fix reads the whole file, and a file can have thousands of SPOFs: only
    ``CONSIDERED`` times ``limit`` of the most critical SPOFs and shared fates get one (more
    than are measured, since some have no fix or the same one as another)."""
    ranked = sorted(spofs, key=lambda name: costliest_first(shares.get(name), name))
    fates = sorted(
        analysis.shared_fate, key=lambda f: costliest_first(shares.get(f.owner), f.owner)
    )
    room = CONSIDERED * limit
    found = candidates(document, ranked[:room], fates[:room], every_spof=set(spofs))
    left_out = max(0, len(ranked) - room) + max(0, len(fates) - room)
    return most_critical(found, analysis), left_out


CONSIDERED = 2  # weak points given a candidate fix, per fix measured


MAX_MEASURED = 30


def measured_limit(components: int) -> int:
    """How many fixes of an exact file to measure: ``MAX_MEASURED`` up to ``LARGE``
    components, then fewer (each is an exact analysis of the whole fixed file).

    >>> [measured_limit(n) for n in (100, 3_000, 10_000, 50_000)]
    [30, 30, 9, 2]
    """
    if components <= LARGE:
        return MAX_MEASURED
    return max(2, MAX_MEASURED * LARGE // components)


def _distinct(found: list[Candidate], arch: Architecture) -> list[Candidate]:
    """One candidate per change: a zone's fix that only spreads the one component on it
    is that component's fix, said once, under the component's name. A change is known
    by its entries' ``repr`` (equal entries, in the same order, as their snippets are):
    rendering the snippet of a fix that spreads a region over two took 4 s at 100,000
    components."""
    by_change: dict[str, Candidate] = {}
    for candidate in found:
        key = repr(candidate.entries)
        kept = by_change.get(key)
        if kept is None or (
            _is_place(arch, kept.component) and not _is_place(arch, candidate.component)
        ):
            by_change[key] = candidate
    chosen = set(map(id, by_change.values()))
    return [c for c in found if id(c) in chosen]


def _is_place(arch: Architecture, name: str) -> bool:
    comp = arch.components.get(name)
    return comp is not None and comp.kind in PLACES


def most_critical(found: list[Candidate], analysis: Analysis) -> list[Candidate]:
    """The candidates, those of the components that account for the most downtime first.

    Each measured fix costs an analysis of the fixed file, so a file with hundreds of
    single points of failure (a long chain, a ring) is measured for its ``MAX_MEASURED``
    most critical ones only. A fix can save at most the downtime its component accounts
    for, so the fixes left out are the ones that buy the least.
    """
    share = {i.component: i.criticality or 0.0 for i in analysis.importance}
    return sorted(found, key=lambda c: costliest_first(share.get(c.component), c.component))
