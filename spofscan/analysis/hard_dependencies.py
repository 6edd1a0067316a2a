"""Hard dependencies: the components whose whole failure takes an entrypoint down.

A component is a hard dependency of an entrypoint when every way the entrypoint can be
up needs it: all of its instances failing at once take the entrypoint down. A single
point of failure is one (one of its events already does that); so is a replicated
component that survives the loss of one replica but not of all (``auth`` with two
replicas behind ``api``). What is not one is a member of an ``any_of`` or ``at_least``
group that the others can stand in for.

Cost: none of its own; the single faults' pass (:mod:`spofscan.analysis.single_faults`)
knows what every component's whole failure takes down.

>>> from spofscan.analysis.compiled_structure import compile_structure
>>> from spofscan.analysis.single_faults import single_faults
>>> from spofscan.model.examples import packed_replicas
>>> s = compile_structure(packed_replicas())
>>> hard_dependencies(s, single_faults(s))
{'api': ('api',), 'vm': ('api',)}
"""

from __future__ import annotations

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.single_faults import SingleFaults


def hard_dependencies(s: Structure, faults: SingleFaults) -> dict[str, tuple[str, ...]]:
    """Every component that can fail and whose whole failure takes an entrypoint down,
    by name, with those entrypoints (sorted); ``faults`` are the single faults'."""
    return {
        s.nodes[node]: tuple(sorted(s.nodes[n] for n in down))
        for node, down in sorted(faults.whole_down.items(), key=lambda item: s.nodes[item[0]])
        if down
    }
