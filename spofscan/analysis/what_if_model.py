"""The what-if model as plain data: what a page evaluates to answer ``what-if`` itself.

The compiled structure (:mod:`spofscan.analysis.compiled_structure`) by node index, and,
when availability is exact, the system's decision diagrams flattened to arrays
(:mod:`spofscan.analysis.bdd_arrays`) with the probability of each variable: one
diagram, or the parts ``check`` compiled it in (modules, series variables). A failure
is then answered without Python: propagate it over the structure as
:func:`spofscan.analysis.propagation.propagate` does, and evaluate the diagrams with the
failed instances' probabilities set to 0, as :func:`spofscan.analysis.what_if.what_if`
conditions them. Building it costs the system's diagrams, as ``check`` builds them.

>>> from spofscan.model.examples import tiny_architecture
>>> model = what_if_model(tiny_architecture())
>>> model["nodes"], model["entrypoints"], model["bdd"] is not None
(['api', 'db', 'vm'], [0], True)
"""

from __future__ import annotations

from typing import Any

from spofscan.analysis.availability import Settings, instance_probabilities
from spofscan.analysis.bdd import DEFAULT_NODE_BUDGET, BudgetExceeded
from spofscan.analysis.bdd_arrays import Flat
from spofscan.analysis.compiled_structure import Structure, compiled
from spofscan.analysis.results import COMMON_CAUSE
from spofscan.analysis.system_diagram import compile_system
from spofscan.model.architecture import Architecture


def what_if_model(arch: Architecture, *, node_budget: int = DEFAULT_NODE_BUDGET) -> dict[str, Any]:
    """The structure of ``arch`` and, if it fits ``node_budget``, its system diagram, as
    JSON-ready data (lists of integers, floats and names)."""
    s = compiled(arch)  # check's, when it was the last file analysed: what it learnt
    return {
        "nodes": list(s.nodes),
        "is_journey": list(s.is_journey),
        "instances": [len(events) for events in s.instance_events],
        "hosts": [list(hosts) for hosts in s.hosts],
        "min_healthy": list(s.min_healthy),
        "groups": [[[g.k, list(g.members)] for g in groups] for groups in s.groups],
        "soft": [list(soft) for soft in s.soft],
        "entrypoints": list(s.entrypoints),
        "common_cause": [_common_cause_event(s, node) >= 0 for node in range(len(s.nodes))],
        "failover_needs": [list(needs) for needs in s.failover_needs],
        "fails_over": [
            name in arch.components and arch.components[name].failover is not None
            for name in s.nodes
        ],
        "bdd": _system_diagram(s, node_budget),
    }


def _common_cause_event(s: Structure, node: int) -> int:
    """The index of a node's common-cause event, or -1."""
    return next((e for e in s.node_events[node] if s.event_instance[e] == COMMON_CAUSE), -1)


def _system_diagram(s: Structure, node_budget: int) -> dict[str, Any] | None:
    """The system's diagrams as arrays, compiled as ``check`` compiles them (whole, in
    parts, or with its entrypoints apart: :func:`compile_system`): ``variable[node][i]``
    is the level of instance i (-1 when no entrypoint needs it),
    ``common_cause_variable[node]`` that of the node's common cause (-1: none),
    ``probs[level]`` its probability of being up. ``parts``, in the order they are
    evaluated, each deepest level first with ``n`` the terminal "true": a module's
    sets the probability of the variable at its level ``sets`` before the parts that
    read it; the top's (``sets`` -1) value times the probabilities of the ``series``
    levels is the system's availability (:class:`~spofscan.analysis.bdd_arrays.Parts`).
    None when a diagram outgrows the budget (availability is then a Monte Carlo
    estimate)."""
    try:  # at once when check found them too large (compile_system remembers it)
        diagram, system = compile_system(s, frozenset(), Settings(node_budget=node_budget))
    except BudgetExceeded:
        return None
    parts = system.parts()
    return {
        "variable": [
            [diagram.var_of.get((node, i), -1) for i in range(len(events))]
            for node, events in enumerate(s.instance_events)
        ],
        "common_cause_variable": [
            diagram.var_of.get((node, COMMON_CAUSE), -1) for node in range(len(s.nodes))
        ],
        "probs": instance_probabilities(s, diagram),
        "series": parts.series,
        "parts": [_arrays(flat, sets) for flat, sets in zip(parts.flats, parts.sets, strict=True)],
    }


def _arrays(flat: Flat, sets: int) -> dict[str, Any]:
    """One flat diagram as lists, and the level its value sets (-1: the top)."""
    return {
        "sets": sets,
        "spans": [list(span) for span in flat.spans],
        "high": flat.high.tolist(),
        "high_negated": [int(b) for b in flat.high_negated.tolist()],
        "low": flat.low.tolist(),
        "low_negated": [int(b) for b in flat.low_negated.tolist()],
        "root": [flat.root[0], int(flat.root[1])],
    }
