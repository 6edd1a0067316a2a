"""One function that runs every analysis of an architecture.

>>> from spofscan.model.examples import tiny_architecture
>>> result = analyse(tiny_architecture())
>>> [spof.component for spof in result.spofs]
['api', 'db', 'vm']
>>> round(result.system.value, 9) == round(0.999 * 0.999 * 0.995, 9)
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from spofscan.analysis.availability import Settings, Weights, availability
from spofscan.analysis.compiled_structure import Structure, compiled
from spofscan.analysis.cut_sets import (
    DEFAULT_MAX_PAIRS,
    CutSetSearch,
    fatal_nodes,
    minimal_cut_sets,
)
from spofscan.analysis.double_fault_count import count_double_faults
from spofscan.analysis.hard_dependencies import hard_dependencies
from spofscan.analysis.results import (
    Analysis,
    CutSets,
    EntrypointResult,
    Importance,
    SharedFate,
    Spof,
)
from spofscan.analysis.shared_fate import shared_fate
from spofscan.analysis.single_faults import SingleFaults, single_faults
from spofscan.analysis.topology import (
    articulation_points,
    cycles,
    unreachable,
    unredundant_chains,
)
from spofscan.gc_pause import collector_paused
from spofscan.model.architecture import Architecture
from spofscan.workers import beside

COUNT_BUDGET = 4  # checks to count all double faults, in budgets of the search
BESIDE_FROM = 2_000  # components from which the structural analyses run in a second process


@collector_paused
def analyse(
    arch: Architecture,
    *,
    seed: int = 0,
    max_pairs: int = DEFAULT_MAX_PAIRS,
    settings: Settings | None = None,
) -> Analysis:
    """Single points of failure, double faults, availability and importance of ``arch``.

    The structural analyses (the single faults, cut sets, chains, shared fate, ...)
    need none of the availability: on a large file they run in a second process beside
    it (:func:`spofscan.workers.beside`), and give the same either way. The availability
    needs only the first half of the single faults' pass (the entrypoints each node's
    whole failure takes down: :func:`~spofscan.analysis.single_faults.whole_failures`),
    and makes it itself where it does: legacy:100000 spent 3.9 s on the whole pass
    before the second process was forked, its availability then 1.2 to 2.5 s on the
    half it needs."""
    s = compiled(arch)
    found, avail = beside(
        lambda: _structural(arch, s, single_faults(s), max_pairs),
        lambda: availability(s, settings=settings or Settings(seed=seed), with_importance=True),
        worth_it=len(arch.components) >= BESIDE_FROM,
    )
    entrypoints = tuple(
        EntrypointResult(s.nodes[e], est, arch.slo_of(s.nodes[e]))
        for e, est in zip(s.entrypoints, avail.entrypoints, strict=True)
    )
    return Analysis(
        events=s.events,
        system=avail.system,
        entrypoints=entrypoints,
        spofs=found.spofs,
        cut_sets=found.cut_sets,
        articulation_points=found.articulation_points,
        importance=_named_importance(arch, s, avail.importance),
        chains=found.chains,
        cycles=found.cycles,
        shared_fate=found.shared_fate,
        unreachable=found.unreachable,
        order_2_candidates=found.order_2_candidates,
        frequency=avail.frequency,
        hard_dependencies=found.hard_dependencies,
        diagram_nodes=avail.diagram_nodes,
        sample_ups=avail.sample_ups,
        sample_failures=avail.sample_failures,
        sample_states=avail.sample_states,
    )


@dataclass(frozen=True)
class _Structural:
    """What :func:`analyse` finds without the availability."""

    spofs: tuple[Spof, ...]
    cut_sets: CutSets
    articulation_points: tuple[str, ...]
    chains: Mapping[str, tuple[tuple[str, ...], ...]]
    cycles: tuple[tuple[str, ...], ...]
    shared_fate: tuple[SharedFate, ...]
    unreachable: tuple[str, ...]
    order_2_candidates: int
    hard_dependencies: Mapping[str, tuple[str, ...]]


def _structural(
    arch: Architecture, s: Structure, faults: SingleFaults, max_pairs: int
) -> _Structural:
    search = minimal_cut_sets(s, faults, max_pairs=max_pairs)
    return _Structural(
        spofs=_spofs(arch, s, search),
        cut_sets=_named_cut_sets(s, search, _order_2_total(s, faults, search, max_pairs)),
        articulation_points=articulation_points(arch),
        chains=unredundant_chains(s, _spof_nodes_by_entrypoint(s, search)),
        cycles=cycles(s),
        shared_fate=shared_fate(s, faults, search),
        unreachable=unreachable(s),
        order_2_candidates=search.candidates,
        hard_dependencies=hard_dependencies(s, faults),
    )


def _spofs(arch: Architecture, s: Structure, search: CutSetSearch) -> tuple[Spof, ...]:
    events: dict[int, list[int]] = defaultdict(list)
    for e in search.order_1:
        events[s.event_node[e]].append(e)
    spofs = []
    for node, node_events in events.items():
        down = set().union(*(search.takes_down[e] for e in node_events))
        spofs.append(
            Spof(
                component=s.nodes[node],
                kind=arch.kind_of(s.nodes[node]),
                events=tuple(sorted(s.events[e].name for e in node_events)),
                entrypoints=tuple(sorted(s.nodes[n] for n in down)),
            )
        )
    return tuple(sorted(spofs, key=lambda spof: spof.component))


def _named_importance(arch: Architecture, s: Structure, weights: Weights) -> tuple[Importance, ...]:
    """Each component's importance, by name."""
    return tuple(
        Importance(
            s.nodes[n],
            arch.components[s.nodes[n]].availability,
            weights[n].birnbaum,
            weights[n].criticality,
        )
        for n in sorted(weights, key=lambda n: s.nodes[n])
    )


def _named_cut_sets(s: Structure, search: CutSetSearch, total: int | None) -> CutSets:
    names = [e.name for e in s.events]
    order_1 = tuple(sorted((names[e],) for e in search.order_1))
    order_2 = tuple(
        sorted((min(names[a], names[b]), max(names[a], names[b])) for a, b in search.order_2)
    )
    return CutSets(order_1, order_2, search.complete, total)


def _order_2_total(
    s: Structure, faults: SingleFaults, search: CutSetSearch, max_pairs: int
) -> int | None:
    """All double faults: those listed when the search was complete, else counted
    apart, with ``COUNT_BUDGET`` times the search's budget of checks."""
    if search.complete:
        return len(search.order_2)
    if not max_pairs:
        return None
    fatal = fatal_nodes(s, faults)
    return count_double_faults(s, faults.harmless, fatal, max_checks=COUNT_BUDGET * max_pairs)


def _spof_nodes_by_entrypoint(s: Structure, search: CutSetSearch) -> dict[int, set[int]]:
    by_entry: dict[int, set[int]] = defaultdict(set)
    for e in search.order_1:
        for entry in search.takes_down[e]:
            by_entry[entry].add(s.event_node[e])
    return by_entry
