"""The nodes a change changes, and the samples where they are in another state.

A paired estimate (:mod:`spofscan.analysis.paired`) evaluates a changed file only where
it can differ from the original. A node whose definition is the same in both files
(:func:`changed_nodes` says which are not) computes the same function of the same inputs
and its own events, whose draws are kept by name: in a sample where every changed node
is in the same state in both files, so is every other node, by induction in evaluation
order (in a cycle, both files' greatest fixed points solve the same equations once the
changed nodes' states are set, and so are the same). A node the change adds is read only
by changed nodes, which are compared themselves; as an entrypoint, it is counted over
every sample.

:func:`differing` finds those samples from the states of the changed nodes and all they
need, evaluated over every sample: a few hundred nodes of a large file (a twin VM on
``layered:100000``: 769 of 100,001 nodes), and a few samples (that twin's: 2,528 of
200,000, where something those nodes need fails in 136,207).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import NamedTuple

import numpy as np

from spofscan.analysis import sample_states
from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.conditional_counts import popcount
from spofscan.analysis.evaluation_order import order_within
from spofscan.analysis.failure_draws import Bits, Failures
from spofscan.analysis.packed_samples import first_bits

# A file's failures over every sample, of the events of the given nodes
OwnFailures = Callable[[Structure, Collection[int]], Failures]


def changed_nodes(
    one: Structure, other: Structure, touched: Collection[str] | None = None
) -> set[str]:
    """The nodes of ``one`` defined otherwise (or not at all) in ``other``, and the
    entrypoints of one that are not entrypoints of the other; of the nodes both have,
    only those ``touched`` names are compared, when given."""
    changed = {n for n in one.nodes if n not in other.index}
    compared = one.nodes if touched is None else [n for n in touched if n in one.index]
    changed |= {
        n
        for n in compared
        if n in other.index and _signature(one, one.index[n]) != _signature(other, other.index[n])
    }
    entries = {other.nodes[e] for e in other.entrypoints}
    changed |= {one.nodes[e] for e in one.entrypoints if one.nodes[e] not in entries}
    return changed


class Differing(NamedTuple):
    """The samples where two files can differ (:func:`differing`), and how many samples
    each node the change adds is up in, over all of them."""

    mask: Bits
    added_up: dict[str, int]


def differing(
    files: tuple[Structure, Structure],
    changed: Collection[str],
    own_failures: OwnFailures,
    words: int,
    size: int,
) -> Differing | None:
    """The samples (of ``size``, in ``words`` words) where the two ``files``, before and
    after a change, can differ: where a ``changed`` node both have is in another state,
    or where the changed entrypoints of one are all up and those of the other are not
    (an entrypoint the change adds, or one that is an entrypoint in only one file).
    Elsewhere every node both have is in the same state (module doc), an added node is
    read only by changed ones, and the other entrypoints are the same: the system and
    each entrypoint both have are in the same state. None when the change removes a
    node, or when the states of the changed nodes and of all they need do not fit in a
    chunk's memory together.

    A new entrypoint (a load balancer put in front of one) is down wherever what it
    fronts is, in most samples at the top of a deep chain: its own count is taken over
    every sample instead (``added_up``)."""
    before, after = files
    if any(name not in after.index for name in changed):
        return None
    nodes = [t.upstream(t.index[n] for n in changed if n in t.index) for t in files]
    if not sample_states.fits_at_once(len(nodes[0]) + len(nodes[1]), words):
        return None
    pairs = zip(files, nodes, strict=True)
    states = [_states(t, within, own_failures, words) for t, within in pairs]
    real = first_bits(size, words)
    mask = np.zeros(words, dtype=np.uint64)
    for name in sorted(changed):
        if name in before.index:
            mask |= states[1][after.index[name]] ^ states[0][before.index[name]]
    ends = [  # the changed entrypoints of each file, all up
        sample_states.all_up(state, [e for e in t.entrypoints if t.nodes[e] in changed], words)
        for t, state in zip(files, states, strict=True)
    ]
    mask |= ends[0] ^ ends[1]
    added = {
        after.nodes[e]: popcount(states[1][e] & real)
        for e in after.entrypoints
        if after.nodes[e] not in before.index
    }
    return Differing(mask & real, added)


def _states(t: Structure, nodes: Collection[int], own: OwnFailures, words: int) -> Sequence[Bits]:
    """The up bits of ``t``'s ``nodes`` (closed under what they need) over every sample;
    the other nodes' entries are placeholders."""
    state: list[Bits] = [sample_states.all_ones(words)] * len(t.nodes)
    settled = sample_states.settle(
        t, order_within(t, nodes), own(t, nodes), words, frozenset(), state
    )
    for _ in settled:
        pass
    return state


def _signature(s: Structure, node: int) -> tuple[object, ...]:
    """What decides a node's state from its inputs, in names: equal signatures and
    equal inputs give equal states."""
    names = s.nodes
    instances = tuple(
        (_q_of(s, e), names[h] if h >= 0 else None)
        for e, h in zip(s.instance_events[node], s.hosts[node], strict=True)
    )
    groups = tuple((g.k, tuple(names[m] for m in g.members)) for g in s.groups[node])
    node_events = tuple((s.event_instance[e], _q_of(s, e)) for e in s.node_events[node])
    needs = tuple(names[m] for m in s.failover_needs[node])
    return (s.is_journey[node], instances, s.min_healthy[node], groups, node_events, needs)


def _q_of(s: Structure, event: int) -> float | None:
    return None if event < 0 else round(1.0 - s.events[event].availability, 15)
