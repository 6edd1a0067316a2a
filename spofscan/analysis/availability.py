"""Availability of each entrypoint and of the system, and the importance of components.

Exact by default: the structure is compiled to a BDD (:mod:`spofscan.analysis.bdd`), so a
component shared by several branches is counted once; a large system that splits is
compiled in parts, its series variables factored out and each independent module alone
(:mod:`spofscan.analysis.modules`, :mod:`spofscan.analysis.modular`). When a diagram
outgrows its budget, a seeded Monte Carlo estimate stands in and says so (``method``
and ``ci95``), conditioned on the series events (:mod:`spofscan.analysis.stratified`).
Evidence (what-if) forces nodes or single instances down.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from spofscan.analysis import frequency, montecarlo
from spofscan.analysis.bdd import DEFAULT_NODE_BUDGET, BudgetExceeded, NodeBdds
from spofscan.analysis.bdd_arrays import Evaluation
from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.conditional_counts import UpDownCounts
from spofscan.analysis.evidence import NOTHING_DOWN, Evidence
from spofscan.analysis.failure_draws import Bits, Failures
from spofscan.analysis.results import Estimate, FailureFrequency
from spofscan.analysis.stratified import conditioned, strata
from spofscan.analysis.system_diagram import System, compile_system


class ImportanceMeasures(NamedTuple):
    """Birnbaum importance and criticality (share of downtime) of a component node, as
    :class:`spofscan.analysis.results.Importance` defines them; None where an estimate
    had no sample to go on."""

    birnbaum: float | None
    criticality: float | None


Weights = dict[int, ImportanceMeasures]


@dataclass(frozen=True)
class Availability:
    """System and per-entrypoint (aligned with ``Structure.entrypoints``) availability;
    with importance, the system's failure frequency too."""

    system: Estimate
    entrypoints: tuple[Estimate, ...]
    importance: Weights = field(default_factory=dict)
    frequency: FailureFrequency | None = None
    diagram_nodes: int | None = None  # of the system's diagram (its parts'), when exact
    # When estimated with importance (as check does): the samples where the system is up,
    # and each entrypoint (when there are few enough: montecarlo.KEPT_TARGETS), for the
    # fixes to be measured on (spofscan.analysis.paired).
    sample_ups: tuple[Bits, ...] = field(default=(), compare=False, repr=False)
    # ... and the failures drawn for those samples (the fixes' samples need not be drawn
    # again: 2 s at 100,000 components).
    sample_failures: Failures | None = field(default=None, compare=False, repr=False)
    # ... and every node's state in them, when asked for (``Settings.keep_states``) and
    # they fit at once: handed to the fixes' measurement, which empties the list.
    sample_states: list[Bits] = field(default_factory=list, compare=False, repr=False)


@dataclass(frozen=True)
class Settings:
    """Budgets and seed of the availability computation, and whether to compile the
    structure in parts (:func:`compile_system`)."""

    node_budget: int = DEFAULT_NODE_BUDGET
    samples: int = montecarlo.DEFAULT_SAMPLES
    seed: int = 0
    modular: bool | None = None  # in parts: always, never, or (None) when it pays
    # The whole diagram in FORCE's order only, not the depth-first one first (where
    # FORCE's order applies: up to FORCE_UP_TO nodes)
    force_only: bool = False
    # Tried with an eighth of the budget first (NodeBdds's small_first): not for fixed
    # files, compiled whole once patching them failed, with their own budget. A chain of
    # 60 components whose plan compiles 22 fixed files whole, none fitting any order,
    # spent 0.04 s more on each; the legacy files' fixes are patched, and gain nothing.
    small_first: bool = True
    # When estimated with importance: every node's state over the samples kept too, when
    # they fit at once (10,000 nodes at 200,000 samples, 250 MB), for the fixes to be
    # measured from (check): they would evaluate the very same states again, 0.17 to
    # 0.39 s of a check of the generated files of 10,000 components.
    keep_states: bool = False


def availability(
    s: Structure,
    evidence: Evidence = NOTHING_DOWN,
    settings: Settings = Settings(),
    *,
    with_importance: bool = False,
) -> Availability:
    """Exact availability when the diagrams fit the budget, else a Monte Carlo estimate;
    ``with_importance`` adds the importance of components and the failure frequency.

    A structure whose diagram once exceeded the budget (with no node forced down, which
    is what instance failures leave it) is estimated at once on the next call
    (:func:`compile_system` remembers it).
    """
    try:
        diagram, system = compile_system(s, evidence.nodes, settings)
    except BudgetExceeded:
        return _estimated(s, evidence, settings, with_importance)
    probs = instance_probabilities(s, diagram, evidence.instances)
    each = tuple(Estimate(clamp(v)) for v in system.entrypoints(probs))
    if not with_importance:
        value = clamp(system.system(probs))
        _remember(s, evidence, value, each)
        return Availability(Estimate(value), each, {}, None, system.nodes)
    value, grad = system.gradient(probs)
    at = Evaluation(clamp(value), probs, grad)
    _remember(s, evidence, at.value, each)
    weights = exact_importance(s, diagram.var_of, at, system)
    rate = frequency.failure_frequency(s, diagram.var_of, at, system.system)
    return Availability(Estimate(at.value), each, weights, rate, system.nodes)


def _remember(s: Structure, evidence: Evidence, system: float, each: tuple[Estimate, ...]) -> None:
    """Keep the exact values of ``s`` with nothing down, for the fixes measured apart
    (:mod:`spofscan.analysis.changed_part`)."""
    if not evidence.nodes and not evidence.instances:
        s.cache.exact_values = (system, tuple(e.value for e in each))


def exact_availability(
    s: Structure, node_budget: int = DEFAULT_NODE_BUDGET, *, force_only: bool = False
) -> Availability | None:
    """The system's and each entrypoint's availability, exactly, without importance;
    None when the diagram outgrows ``node_budget`` (no estimate is made). ``force_only``:
    as :class:`Settings` says. For fixed files: not tried small first."""
    settings = Settings(node_budget=node_budget, force_only=force_only, small_first=False)
    try:
        diagram, system = compile_system(s, frozenset(), settings)
    except BudgetExceeded:
        return None
    probs = instance_probabilities(s, diagram)
    each = tuple(Estimate(clamp(v)) for v in system.entrypoints(probs))
    return Availability(Estimate(clamp(system.system(probs))), each)


def _estimated(
    s: Structure, evidence: Evidence, settings: Settings, with_importance: bool
) -> Availability:
    targets = [list(s.entrypoints), *([e] for e in s.entrypoints)]
    found = strata(s)
    kept = len(targets) if len(targets) <= montecarlo.KEPT_TARGETS else 1
    tally = montecarlo.run(
        s,
        targets,
        samples=settings.samples,
        seed=settings.seed,
        evidence=evidence,
        conditional=with_importance,
        series=[stratum.events for stratum in found],
        keep_ups=kept if with_importance else 0,
        keep_states=settings.keep_states and with_importance and evidence == NOTHING_DOWN,
        apart=with_importance,
    )
    counts = zip(tally.hits, tally.untouched, found, strict=True)
    system, *each = (conditioned(*count) for count in counts)
    if not with_importance:
        return Availability(system, tuple(each))
    # Importance compares conditional shares of the same samples: against their own
    # share of samples up, not the stratified estimate, so that their errors cancel.
    weights = _estimated_importance(s, tally, tally.hits[0] / tally.samples)
    rate = frequency.not_exact()
    return Availability(
        system,
        tuple(each),
        weights,
        rate,
        sample_ups=tuple(tally.ups),
        sample_failures=tally.failures,
        sample_states=tally.states or [],
    )


def _estimated_importance(s: Structure, tally: montecarlo.Tally, system: float) -> Weights:
    weights: Weights = {}
    for node in range(len(s.nodes)):
        if s.is_journey[node]:
            continue
        counts = tally.conditional.get(node, UpDownCounts(0, 0, 0, 0))
        if not s.instance_events[node] or min(s.instance_events[node]) < 0:
            # Never fails by itself: no share of the downtime; its Birnbaum measure would
            # need a run of its own with it forced down, which the estimate does not make.
            weights[node] = ImportanceMeasures(birnbaum=None, criticality=0.0)
            continue
        a_up = counts.all_up_and_system_up / counts.all_up if counts.all_up else None
        a_down = counts.all_down_and_system_up / counts.all_down if counts.all_down else None
        # Importance in a coherent system is never negative; an estimate can dip below 0.
        birnbaum = clamp(a_up - a_down) if a_up is not None and a_down is not None else None
        criticality = None if a_up is None else _share_of_downtime(a_up - system, system)
        weights[node] = ImportanceMeasures(birnbaum, criticality)
    return weights


def instance_probabilities(
    s: Structure, diagram: NodeBdds, dead: Iterable[tuple[int, int]] = ()
) -> list[float]:
    """Per-variable probabilities: each instance's own availability, 0 where forced down."""
    p_instance = {
        (s.event_node[e], s.event_instance[e]): ev.availability for e, ev in enumerate(s.events)
    }
    for instance in dead:
        p_instance[instance] = 0.0
    return diagram.level_probabilities(p_instance)


def exact_importance(
    s: Structure,
    var_of: dict[tuple[int, int], int],
    at: Evaluation,
    system: System,
) -> Weights:
    """Birnbaum importance and criticality of every component node, exactly.

    ``at`` is the system's availability at the variables' probabilities, with its
    gradient there. Single-instance components take their Birnbaum measure from that
    gradient; replicated ones condition all their instances at once, the changes computed
    as such (:mod:`~spofscan.analysis.band_conditioning`).
    """
    system_value, probs, grad = at.value, at.probs, at.gradient
    weights: Weights = {}
    replicated: dict[int, list[int]] = {}
    for node in range(len(s.nodes)):
        if s.is_journey[node]:
            continue
        keys = [(node, i) for i in range(len(s.instance_events[node]))]
        keys += [s.event_key(e) for e in s.node_events[node]]  # its common cause, failover
        levels = [var_of[key] for key in keys if key in var_of]
        if len(levels) > 1:
            replicated[node] = levels
        elif levels:
            # A(up) - A = (1 - p) * B: no subtraction of two nearly equal availabilities
            birnbaum = grad[levels[0]]
            gain = (1.0 - probs[levels[0]]) * birnbaum
            weights[node] = ImportanceMeasures(
                clamp(birnbaum), _share_of_downtime(gain, system_value)
            )
        else:
            weights[node] = ImportanceMeasures(birnbaum=0.0, criticality=0.0)
    conditioned = system.conditioned_changes(probs, list(replicated.values()))
    for node, (gain, loss) in zip(replicated, conditioned, strict=True):
        weights[node] = ImportanceMeasures(
            clamp(gain - loss), _share_of_downtime(gain, system_value)
        )
    return dict(sorted(weights.items()))


def _share_of_downtime(gain: float, system_value: float) -> float:
    """(A(system | component up) - A) / (1 - A), from the gain A(... | up) - A: the
    share of downtime the component accounts for, its criticality."""
    unavailability = 1.0 - system_value
    return clamp(gain / unavailability) if unavailability > 0 else 0.0


def clamp(value: float) -> float:
    """Remove floating-point dust outside [0, 1]."""
    return min(1.0, max(0.0, value))
