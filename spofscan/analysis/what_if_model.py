"""The what-if model as plain data: what a page evaluates to answer ``what-if`` itself.

The compiled structure (:mod:`spofscan.analysis.compiled_structure`) by node index, and,
when availability is exact, the system's decision diagram flattened to arrays
(:mod:`spofscan.analysis.bdd_arrays`) with the probability of each variable. A failure is
then answered without Python: propagate it over the structure as
:func:`spofscan.analysis.propagation.propagate` does, and evaluate the diagram with the
failed instances' probabilities set to 0, as :func:`spofscan.analysis.what_if.what_if`
conditions it. Building it costs one diagram of the system, as ``check`` builds.

>>> from spofscan.model.examples import tiny_architecture
>>> model = what_if_model(tiny_architecture())
>>> model["nodes"], model["entrypoints"], model["bdd"] is not None
(['api', 'db', 'vm'], [0], True)
"""

from __future__ import annotations

from typing import Any

from spofscan.analysis.availability import instance_probabilities
from spofscan.analysis.bdd import DEFAULT_NODE_BUDGET, BudgetExceeded, NodeBdds
from spofscan.analysis.bdd_arrays import flatten
from spofscan.analysis.compiled_structure import Structure, compile_structure
from spofscan.analysis.results import COMMON_CAUSE
from spofscan.model.architecture import Architecture


def what_if_model(arch: Architecture, *, node_budget: int = DEFAULT_NODE_BUDGET) -> dict[str, Any]:
    """The structure of ``arch`` and, if it fits ``node_budget``, its system diagram, as
    JSON-ready data (lists of integers, floats and names)."""
    s = compile_structure(arch)
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
    """The system's diagram as arrays, deepest level first, ``n`` the terminal "true":
    ``variable[node][i]`` is the level of instance i (-1 when no entrypoint needs it),
    ``common_cause_variable[node]`` that of the node's common cause (-1: none),
    ``probs[level]`` its probability of being up; None when the diagram outgrows the
    budget (availability is then a Monte Carlo estimate)."""
    try:
        diagram = NodeBdds(s, node_budget=node_budget)
        flat = flatten(diagram.all_of(s.entrypoints))
    except BudgetExceeded:
        return None
    return {
        "variable": [
            [diagram.var_of.get((node, i), -1) for i in range(len(events))]
            for node, events in enumerate(s.instance_events)
        ],
        "common_cause_variable": [
            diagram.var_of.get((node, COMMON_CAUSE), -1) for node in range(len(s.nodes))
        ],
        "probs": instance_probabilities(s, diagram),
        "spans": [list(span) for span in flat.spans],
        "high": flat.high.tolist(),
        "high_negated": [int(b) for b in flat.high_negated.tolist()],
        "low": flat.low.tolist(),
        "low_negated": [int(b) for b in flat.low_negated.tolist()],
        "root": [flat.root[0], int(flat.root[1])],
    }
