"""A fix measured on the part of the file it changes, when that part stands apart.

A fix of one stack among thousands (a database's replication, a second load balancer)
changes the functions of the entrypoints that need what it changed, ``A``, and of no
other, ``U``. Let ``S`` be the event "every variable of the nodes that both ``A`` and
``U`` need is up". When each of those shared variables takes down, alone, an entrypoint
of ``U`` and one of ``A`` (its node cannot lose it, and the node's whole failure takes
them down), then ``U ⇒ S`` and ``A ⇒ S``; given ``S``, ``U`` and ``A`` read disjoint
variables, so

    P(U ∧ A) = P(S) P(U | S) P(A | S) = P(U) P(A) / P(S).

The same holds in the original file with its own ``A`` and ``S`` (``U`` is the same:
nothing it reads changed), so the fixed file's availability is the original's times
``P(A_fixed) / P(A_original)``, each a small part of the file compiled alone, times
``P(S_original) / P(S_fixed)`` (the shared variables' probabilities multiplied, when a
fix moves a VM into another stack's zone), and every entrypoint of ``U`` keeps its
availability. On stacks of 100,000 components a fix of
one stack took a whole analysis in parts of the fixed file (14 s); its two parts here
are a stack each.

The original's exact values and the entrypoints each node's failure takes down are
those its analysis found (kept with its structure); without them, or when the shared
nodes do not meet the condition, there is no answer here (None) and the fixed file is
analysed whole.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable

from spofscan.analysis.availability import exact_availability
from spofscan.analysis.bdd import DEFAULT_NODE_BUDGET
from spofscan.analysis.changed_structure import edited_nodes
from spofscan.analysis.compiled_structure import Structure, closure, compile_structure
from spofscan.analysis.same_shape import Values
from spofscan.analysis.single_faults import one_instance_fatal, whole_failures
from spofscan.model.architecture import Architecture


def measured_apart(
    before: Architecture,
    s: Structure,
    after: Architecture,
    t: Structure,
    node_budget: int = DEFAULT_NODE_BUDGET,
) -> Values | None:
    """The availability of ``after`` (structure ``t``), a fixed ``before`` (structure
    ``s``, analysed exactly), and of each of its entrypoints, from the part the fix
    changes (module doc); None when that part does not stand apart, or ``s``'s
    analysis left nothing to start from.

    A node shared by the part and the rest that breaks the condition (a twin VM placed
    in another stack's zone) takes the entrypoints of the rest that read it into the
    part, a few times over, while the part holds at most half the entrypoints."""
    if s.cache.exact_values is None:
        return None
    changed = [t.index[name] for name in edited_nodes(before, after) if name in t.index]
    reached = t.downstream(changed)
    before_entries = {s.nodes[e] for e in s.entrypoints}
    part = {t.nodes[e] for e in t.entrypoints if e in reached}  # and those new as such:
    part |= {t.nodes[e] for e in t.entrypoints} - before_entries  # a zone left unnamed
    for _ in range(_GROWTH):
        if not part or 2 * len(part) > len(t.entrypoints):
            return None
        found = _apart(before, s, after, t, part, node_budget)
        if not isinstance(found, set):
            return found
        part |= found
    return None


_GROWTH = 4  # times the part may take in entrypoints of the rest


def wider_than_half(s: Structure, touched: Collection[str], named: Collection[str]) -> bool:
    """Whether a fix that replaces or adds the components ``touched`` of the file whose
    structure is ``s``, its entries naming the components ``named``, changes what more
    than half of the fixed file's entrypoints need: :func:`measured_apart` then has no
    answer for it, known before the fixed file is loaded (on stacks of 100,000
    components, a second region is 91,667 new entries: 7 s to load and find so).

    Every entrypoint of ``s`` that needs a touched component still does in the fixed
    file, through the same components (an untouched one names what it named), and is
    still an entrypoint there unless a changed entry names it (those are left out
    here); the fixed file's new entrypoints are in the part too. So when these are more
    than half of ``s``'s entrypoints, the part is more than half of the fixed file's."""
    reached = s.downstream(s.index[name] for name in touched if name in s.index)
    names = set(named)
    part = [e for e in s.entrypoints if e in reached and s.nodes[e] not in names]
    return 2 * len(part) > len(s.entrypoints)


def _apart(
    before: Architecture,
    s: Structure,
    after: Architecture,
    t: Structure,
    names_a: set[str],
    node_budget: int,
) -> Values | set[str] | None:
    """:func:`measured_apart` with the entrypoints ``names_a`` as the part: its values,
    else the entrypoints of the rest to take into the part, else None."""
    assert s.cache.exact_values is not None
    known, fatal = s.cache.exact_values, whole_failures(s)
    entry = {s.nodes[e]: j for j, e in enumerate(s.entrypoints)}
    names_u = {t.nodes[e] for e in t.entrypoints} - names_a
    old_a = [s.nodes[e] for e in s.entrypoints if s.nodes[e] not in names_u]
    if not old_a or not all(name in entry for name in names_u):
        return None
    new_a = [t.nodes[e] for e in t.entrypoints if t.nodes[e] in names_a]
    u = {s.index[name] for name in names_u}
    read_by_u = _named(s, s.upstream(u))
    shared_after = _named(t, t.upstream(t.index[n] for n in new_a)) & read_by_u
    shared_before = _named(s, s.upstream(s.index[n] for n in old_a)) & read_by_u
    part_after = _part(after, t, new_a)
    part_before = _part(before, s, old_a)
    down_after, down_before = whole_failures(part_after), whole_failures(part_before)

    def holds(name: str) -> bool:
        """Whether the shared node ``name`` meets the condition (module doc)."""
        node = s.index[name]
        if not _has_variables(s, node):
            return True
        return (
            _loses_all(s, node)
            and bool(fatal.get(node, frozenset()) & u)
            and (name not in shared_after or bool(down_after.get(part_after.index[name])))
            and (name not in shared_before or bool(down_before.get(part_before.index[name])))
        )

    broken = [name for name in sorted(shared_after | shared_before) if not holds(name)]
    if broken:  # the entrypoints of the rest that read them join the part
        readers = s.downstream(s.index[name] for name in broken)
        return {s.nodes[e] for e in s.entrypoints if e in readers} - names_a
    fixed = exact_availability(part_after, node_budget)
    original = exact_availability(part_before, node_budget)
    if fixed is None or original is None or original.system.value <= 0.0:
        return None
    # P(U ∧ A) = P(U) P(A) / P(S) in each file, P(U) the same in both
    moved = _up(s, shared_before - shared_after) / _up(s, shared_after - shared_before)
    system = known[0] * fixed.system.value / original.system.value * moved
    values = dict(zip(new_a, (e.value for e in fixed.entrypoints), strict=True))
    each = tuple(
        values[name] if name in values else known[1][entry[name]]
        for name in (t.nodes[e] for e in t.entrypoints)
    )
    return Values(min(1.0, max(0.0, system)), each)


def _up(s: Structure, names: Iterable[str]) -> float:
    """The probability that every basic event of the nodes ``names`` is up."""
    value = 1.0
    for name in sorted(names):
        node = s.index[name]
        for e in (*s.instance_events[node], *s.node_events[node]):
            if e >= 0:
                value *= s.events[e].availability
    return value


def _named(s: Structure, nodes: Iterable[int]) -> set[str]:
    return {s.nodes[n] for n in nodes}


def _loses_all(s: Structure, node: int) -> bool:
    """Whether every variable of ``node`` takes it down alone: a node event always, an
    instance when the node cannot lose one."""
    return one_instance_fatal(s, node) or not any(e >= 0 for e in s.instance_events[node])


def _has_variables(s: Structure, node: int) -> bool:
    """Whether ``node`` has basic events: instances that can fail, or node events."""
    return any(e >= 0 for e in s.instance_events[node]) or bool(s.node_events[node])


def _part(arch: Architecture, s: Structure, entrypoints: list[str]) -> Structure:
    """The structure of ``arch`` cut down to what ``entrypoints`` need (and what those
    name softly, which no entrypoint needs), with those as its entrypoints."""

    def step(node: int) -> Iterable[int]:
        return (*s.requirements(node), *s.soft[node])

    names = _named(s, closure((s.index[name] for name in entrypoints), step))
    cut = dataclasses.replace(
        arch,
        components={n: c for n, c in arch.components.items() if n in names},
        journeys={n: j for n, j in arch.journeys.items() if n in names},
        entrypoints=tuple(entrypoints),
        entrypoints_declared=True,
    )
    return compile_structure(cut)
