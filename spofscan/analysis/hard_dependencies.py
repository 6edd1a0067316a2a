"""Hard dependencies: the components whose whole failure takes an entrypoint down.

A component is a hard dependency of an entrypoint when every way the entrypoint can be
up needs it: all of its instances failing at once take the entrypoint down. A single
point of failure is one (one of its events already does that); so is a replicated
component that survives the loss of one replica but not of all (``auth`` with two
replicas behind ``api``). What is not one is a member of an ``any_of`` or ``at_least``
group that the others can stand in for.

Cost: one propagation per component that can fail, except those whose single event
already takes the whole component down: the cut set search has propagated those.

>>> from spofscan.analysis.compiled_structure import compile_structure
>>> from spofscan.analysis.cut_sets import single_event_effects
>>> from spofscan.model.examples import packed_replicas
>>> s = compile_structure(packed_replicas())
>>> hard_dependencies(s, single_event_effects(s))
{'api': ('api',), 'vm': ('api',)}
"""

from __future__ import annotations

from collections.abc import Sequence

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.propagation import Effect, propagate


def hard_dependencies(s: Structure, effects: Sequence[Effect]) -> dict[str, tuple[str, ...]]:
    """Every component that can fail and whose whole failure takes an entrypoint down,
    by name, with those entrypoints (sorted); ``effects`` are the single events'."""
    entry = frozenset(s.entrypoints)
    whole: dict[int, frozenset[int]] = {}
    for e, effect in enumerate(effects):
        if s.event_node[e] in effect.down:  # this one event takes its component down
            whole[s.event_node[e]] = effect.down
    found = {}
    for node in sorted(set(s.event_node)):
        down = whole.get(node)
        if down is None:
            down = propagate(s, [], forced_down=[node]).down
        if down & entry:
            found[s.nodes[node]] = tuple(sorted(s.nodes[n] for n in down & entry))
    return found
