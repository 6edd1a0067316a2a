"""Shared fate: redundancy that one failure defeats.

A component's replicas, or the members of an ``any_of`` / ``at_least`` group, look
redundant when they can lose at least one of their number and still hold. Their fate
is shared when one basic event elsewhere (a VM, a zone, a common dependency) takes out
more of them than they can lose. We find these from the single-event effects the cut
set search already computed: a counter with slack that one event's losses exceed.

>>> from spofscan.analysis.compiled_structure import compile_structure
>>> from spofscan.model.examples import packed_replicas
>>> s = compile_structure(packed_replicas())
>>> [(f.owner, f.group, f.culprits) for f in shared_fate(s)]
[('api', -1, ('vm',))]
"""

from __future__ import annotations

from collections import defaultdict

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.cut_sets import single_event_effects
from spofscan.analysis.evaluation_order import evaluation_order
from spofscan.analysis.propagation import Counter, Effect, slacks
from spofscan.analysis.results import SharedFate


def shared_fate(s: Structure, effects: list[Effect] | None = None) -> tuple[SharedFate, ...]:
    """Every redundant-looking counter that a single event elsewhere breaks."""
    effects = effects if effects is not None else single_event_effects(s)
    culprits: dict[Counter, dict[int, int]] = defaultdict(dict)
    room = slacks(s)
    seen: set[tuple[int, int]] = set()
    for e, effect in enumerate(effects):
        node = s.event_node[e]
        if (node, id(effect.losses)) in seen:
            continue  # the instances of one component share one propagation
        seen.add((node, id(effect.losses)))
        for counter, loss in effect.losses.items():
            if 0 < room[counter] < loss:
                culprits[counter][node] = max(loss, culprits[counter].get(node, 0))
    position = {n: i for i, comp in enumerate(evaluation_order(s)) for n in comp}
    found = []
    for counter in sorted(culprits):
        # Nearest first: requirements come before what needs them in the evaluation
        # order, so of the culprits, the one latest in that order sits closest.
        nodes = sorted(culprits[counter], key=lambda n: (-position[n], s.nodes[n]))
        names = tuple(s.nodes[n] for n in nodes)
        found.append(
            SharedFate(s.nodes[counter[0]], counter[1], names, culprits[counter][nodes[0]])
        )
    return tuple(found)
