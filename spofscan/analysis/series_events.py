"""Series variables: instances and node events whose failure alone takes an entrypoint
down.

A node is *fatal* for an entrypoint when its whole failure takes that entrypoint down,
which the single faults' bit-parallel pass finds for every node at once
(:func:`spofscan.analysis.single_faults.whole_failures`). A variable of a fatal node is
*series* when its failure takes its node down: a node event always, an instance when
the node cannot lose one (``min_healthy`` equals the instance count). If ``x = 0``
forces ``f = 0``, then ``f = x ∧ f|x=1``: the series variables can be fixed true in
every diagram and their probabilities multiplied back in, exactly.

For the system (every entrypoint up) that holds for the series variables of all the
entrypoints together; for one entrypoint, only if it reads no variable that is series
for another one alone. Which entrypoints can read a node is pushed down the
requirements as the bits of Python integers, in reverse
:func:`~spofscan.analysis.evaluation_order.evaluation_order` (cycles until nothing
changes): ``O((nodes + edges) * entrypoints / 64)`` word operations.

>>> from spofscan.analysis.compiled_structure import compile_structure
>>> from spofscan.model.examples import tiny_architecture
>>> s = compile_structure(tiny_architecture())
>>> found = series_variables(s)
>>> sorted(s.nodes[n] for n, _ in found.keys)
['api', 'db', 'vm']
"""

from __future__ import annotations

from dataclasses import dataclass

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.evaluation_order import evaluation_order, is_cyclic, settling_order
from spofscan.analysis.int_bits import set_bits
from spofscan.analysis.single_faults import whole_failures

Key = tuple[int, int]  # (node, instance), as NodeBdds.var_of has them


@dataclass(frozen=True)
class SeriesVariables:
    """``keys``: the series variables fixed true in every function compiled, their
    probabilities multiplied back in: those of all entrypoints together when each
    entrypoint reads only series variables of its own, else those series for every
    entrypoint at once. ``of_entrypoint``, aligned with ``Structure.entrypoints``: the
    keys that each entrypoint's own function is to be multiplied by."""

    keys: frozenset[Key]
    of_entrypoint: tuple[tuple[Key, ...], ...]


def variable_keys(s: Structure, node: int) -> list[Key]:
    """A node's variables: its instances, then its node events (common cause, failover)."""
    keys = [(node, i) for i in range(len(s.instance_events[node]))]
    keys.extend(s.event_key(e) for e in s.node_events[node])
    return keys


def series_variables(s: Structure) -> SeriesVariables:
    """The series variables of ``s`` (module doc); those of every entrypoint together
    when each entrypoint reads only its own, else those of all entrypoints at once."""
    column = {e: j for j, e in enumerate(s.entrypoints)}
    fatal = {
        node: sum(1 << column[e] for e in entries) for node, entries in whole_failures(s).items()
    }
    own = {n: keys for n in sorted(fatal) if (keys := _own_series(s, n))}
    reach = reaching(s)
    misread = 0
    for n in own:
        misread |= reach[n] & ~fatal[n]
    every = (1 << len(s.entrypoints)) - 1
    if misread:  # some entrypoint reads a variable that is series only for others
        own = {n: keys for n, keys in own.items() if fatal[n] == every}
    per_entry: list[list[Key]] = [[] for _ in s.entrypoints]
    for n, keys in own.items():
        for j in set_bits(fatal[n]):
            per_entry[j].extend(keys)
    return SeriesVariables(
        frozenset(k for keys in own.values() for k in keys),
        tuple(tuple(keys) for keys in per_entry),
    )


def series_of_targets(s: Structure) -> tuple[frozenset[Key], tuple[frozenset[Key], ...]]:
    """Every series variable of the system (that of any entrypoint) and of each
    entrypoint (aligned with ``Structure.entrypoints``), without the restriction that
    :func:`series_variables` makes for the diagrams: a variable series for one entrypoint
    is series for the system, whoever else reads it. What a Monte Carlo estimate is
    conditioned on (:mod:`spofscan.analysis.stratified`)."""
    column = {e: j for j, e in enumerate(s.entrypoints)}
    each: list[set[Key]] = [set() for _ in s.entrypoints]
    for node, entries in whole_failures(s).items():
        keys = _own_series(s, node)
        for e in entries:
            each[column[e]].update(keys)
    return frozenset(k for keys in each for k in keys), tuple(frozenset(k) for k in each)


def _own_series(s: Structure, node: int) -> list[Key]:
    instances = len(s.instance_events[node])
    keys = [(node, i) for i in range(instances)] if s.min_healthy[node] >= instances else []
    keys.extend(s.event_key(e) for e in s.node_events[node])
    return keys


def reaching(s: Structure) -> list[int]:
    """For each node, the entrypoints (as bits) whose function can read it; computed
    once per structure (the series variables and the strata of the estimate both read
    it). Not to be changed."""
    if s.cache.reaching is None:
        s.cache.reaching = _reaching(s)
    return s.cache.reaching


def _reaching(s: Structure) -> list[int]:
    reach = [0] * len(s.nodes)
    for j, e in enumerate(s.entrypoints):
        reach[e] |= 1 << j
    for component in reversed(evaluation_order(s)):
        changed = True
        spreading = settling_order(s, component)[::-1] if len(component) > 1 else component
        while changed:
            changed = False
            for node in spreading:
                for m in s.requirements(node):
                    changed |= _merge(reach, m, reach[node])
            changed &= is_cyclic(s, component)
    return reach


def _merge(sets: list[int], at: int, bits: int) -> bool:
    merged = sets[at] | bits
    if merged == sets[at]:
        return False
    sets[at] = merged
    return True
