"""Brute-force reference for SPEC section 3: enumerate every failure state.

Written straight from the definition and nothing cleverer, so that the fast engine can
be held against it: each of the 2^n assignments of the n basic events is evaluated by
its own greatest-fixed-point loop and weighted by its probability. Only for small
architectures (n up to about 12). Deliberately independent of ``spofscan.analysis``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from spofscan.model import Architecture

Instance = tuple[str, int]  # (component name, instance index)
NONE: frozenset[Instance] = frozenset()
NO_NODES: frozenset[str] = frozenset()
Memo = dict[tuple[frozenset[Instance], frozenset[str]], frozenset[str]]


@dataclass(frozen=True)
class BasicEvent:
    name: str
    component: str
    instance: int  # -1: the component's common cause; -2: its failover
    availability: float
    role: str = "instance"


COMMON_CAUSE, FAILOVER = -1, -2


@dataclass(frozen=True)
class State:
    """One assignment of the free basic events: its probability and what is up in it."""

    probability: float
    up: frozenset[str]


def basic_events(arch: Architecture) -> tuple[BasicEvent, ...]:
    """One event per instance of every component whose availability is below 1, each
    with its own independent failures; and one per common cause (``name[*]``, failing
    every instance) and failover (``name[failover]``, the component down while a standby
    takes over) that has a chance of happening."""
    found = []
    for comp in arch.components.values():
        if comp.availability >= 1:
            continue
        found += [
            BasicEvent(name, comp.name, i, comp.instance_availability)
            for i, name in enumerate(comp.instance_names())
        ]
        if comp.common_cause_unavailability > 0:
            a = 1 - comp.common_cause_unavailability
            found.append(BasicEvent(f"{comp.name}[*]", comp.name, COMMON_CAUSE, a, "common"))
        if comp.failover_unavailability > 0:
            a = 1 - comp.failover_unavailability
            found.append(BasicEvent(f"{comp.name}[failover]", comp.name, FAILOVER, a, "failover"))
    return tuple(found)


def counted_events(arch: Architecture) -> tuple[BasicEvent, ...]:
    """The events cut sets are made of: all but failovers, which are no failure of
    their own but a consequence of instance 0's."""
    return tuple(e for e in basic_events(arch) if e.role != "failover")


@dataclass(frozen=True)
class Rule:
    """What keeps one node up: every group ``(members, k)`` holds, and (for a component)
    at least ``min_healthy`` of its ``instances`` ``((component, i), host)`` are up."""

    name: str
    groups: tuple[tuple[tuple[str, ...], int], ...]
    instances: tuple[tuple[Instance, str | None], ...] = ()
    min_healthy: int = 0
    failover_needs: tuple[str, ...] = ()


def rules(arch: Architecture) -> tuple[Rule, ...]:
    """The rule of every component and journey (journeys have no instances)."""
    found = [
        Rule(j.name, tuple((g.members, g.k) for g in j.depends_on)) for j in arch.journeys.values()
    ]
    for c in arch.components.values():
        groups = tuple((g.members, g.k) for g in c.depends_on)
        instances = tuple(((c.name, i), c.host_of(i)) for i in range(c.replicas))
        needs = c.failover.needs if c.failover is not None and c.replicas > 1 else ()
        found.append(Rule(c.name, groups, instances, c.min_healthy, needs))
    return tuple(found)


def instances_up(rule: Rule, up: frozenset[str], down: frozenset[Instance]) -> int:
    """How many instances did not fail and run on a host that is up (or on none)."""
    return sum(inst not in down and (host is None or host in up) for inst, host in rule.instances)


def holds(rule: Rule, up: frozenset[str], down: frozenset[Instance]) -> bool:
    """Whether the node of ``rule`` is up, given that exactly ``up`` is up."""
    for members, k in rule.groups:
        if sum(m in up for m in members) < k:
            return False
    if (rule.name, COMMON_CAUSE) in down or (rule.name, FAILOVER) in down:
        return False
    if rule.failover_needs:
        active, host = rule.instances[0]
        active_up = active not in down and (host is None or host in up)
        if not active_up and not all(n in up for n in rule.failover_needs):
            return False
    return instances_up(rule, up, down) >= rule.min_healthy


def fixed_point(
    node_rules: tuple[Rule, ...], down: frozenset[Instance], forced_down: frozenset[str]
) -> frozenset[str]:
    """Greatest fixed point: start with everything up, mark down what fails, repeat."""
    up = frozenset(r.name for r in node_rules) - forced_down
    while True:
        still_up = frozenset(r.name for r in node_rules if r.name in up and holds(r, up, down))
        if still_up == up:
            return up
        up = still_up


def up_nodes(
    arch: Architecture, down: frozenset[Instance], forced_down: frozenset[str] = NO_NODES
) -> frozenset[str]:
    """Components and journeys up when exactly the instances ``down`` (and
    ``forced_down`` nodes) are down and nothing else failed."""
    return fixed_point(rules(arch), down, forced_down)


def states(
    arch: Architecture,
    *,
    down: frozenset[Instance] = NONE,
    forced_down: frozenset[str] = NO_NODES,
    kept_up: frozenset[Instance] = NONE,
    memo: Memo | None = None,
) -> Iterator[State]:
    """Every assignment of the events not pinned by ``down`` (failed) or ``kept_up``.

    ``memo`` only caches fixed points shared by several enumerations of one architecture.
    """
    memo = {} if memo is None else memo
    node_rules = rules(arch)
    free = [e for e in basic_events(arch) if (e.component, e.instance) not in down | kept_up]
    for fails in itertools.product((False, True), repeat=len(free)):
        probability = 1.0
        for event, failed in zip(free, fails, strict=True):
            probability *= (1 - event.availability) if failed else event.availability
        failed_now = [(e.component, e.instance) for e, f in zip(free, fails, strict=True) if f]
        all_down = down | frozenset(failed_now)
        key = (all_down, forced_down)
        if key not in memo:
            memo[key] = fixed_point(node_rules, all_down, forced_down)
        yield State(probability, memo[key])


def system_up(arch: Architecture) -> Callable[[frozenset[str]], bool]:
    return lambda up: all(name in up for name in arch.entrypoints)


def unavailability(
    arch: Architecture,
    is_up: Callable[[frozenset[str]], bool],
    *,
    down: frozenset[Instance] = NONE,
    forced_down: frozenset[str] = NO_NODES,
    kept_up: frozenset[Instance] = NONE,
    memo: Memo | None = None,
) -> float:
    """P(not is_up), summing the down states only (exactly 0 when there are none)."""
    pinned = states(arch, down=down, forced_down=forced_down, kept_up=kept_up, memo=memo)
    return sum(s.probability for s in pinned if not is_up(s.up))


def availability(arch: Architecture) -> float:
    """P(every entrypoint up)."""
    return 1 - unavailability(arch, system_up(arch))


def availabilities(arch: Architecture) -> tuple[float, dict[str, float]]:
    """P(every entrypoint up) and P(each entrypoint up), from one enumeration."""
    system_down, down = 0.0, dict.fromkeys(arch.entrypoints, 0.0)
    for state in states(arch):
        for name in down:
            down[name] += 0.0 if name in state.up else state.probability
        system_down += 0.0 if system_up(arch)(state.up) else state.probability
    return 1 - system_down, {name: 1 - u for name, u in down.items()}


def entrypoints_down_by(arch: Architecture, events: Sequence[BasicEvent]) -> tuple[str, ...]:
    """Entrypoints down when exactly ``events`` fail and nothing else does."""
    up = up_nodes(arch, frozenset((e.component, e.instance) for e in events))
    return tuple(sorted(name for name in arch.entrypoints if name not in up))


def cut_sets(arch: Architecture) -> tuple[list[tuple[str]], list[tuple[str, str]]]:
    """Minimal cut sets of order 1 and 2 of the top event "some entrypoint down"."""
    events = counted_events(arch)
    singles = {e.name for e in events if entrypoints_down_by(arch, [e])}
    pairs = [
        (min(a.name, b.name), max(a.name, b.name))
        for a, b in itertools.combinations(events, 2)
        if a.name not in singles and b.name not in singles and entrypoints_down_by(arch, [a, b])
    ]
    return [(name,) for name in sorted(singles)], sorted(pairs)


def spofs(arch: Architecture) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(component, its order-1 events, the entrypoints they take down), by component."""
    found: dict[str, tuple[set[str], set[str]]] = {}
    for event in counted_events(arch):
        taken = entrypoints_down_by(arch, [event])
        if taken:
            names, entrypoints = found.setdefault(event.component, (set(), set()))
            names.add(event.name)
            entrypoints.update(taken)
    return [(c, tuple(sorted(e)), tuple(sorted(p))) for c, (e, p) in sorted(found.items())]


def hard_dependencies(arch: Architecture) -> dict[str, tuple[str, ...]]:
    """Each component whose events failing together take entrypoints down: those."""
    events = basic_events(arch)
    found = {}
    for name in sorted(arch.components):
        own = [e for e in events if e.component == name]
        taken = entrypoints_down_by(arch, own) if own else ()
        if taken:
            found[name] = taken
    return found


def harms(arch: Architecture, owner: str, group: int, culprit: str) -> bool:
    """Whether an event of ``culprit`` takes an entrypoint down alone, or in a minimal
    pair that leaves every entrypoint up when ``owner``'s instances (``group`` -1) or its
    group ``group`` always hold."""
    plain, held = rules(arch), _holding(rules(arch), owner, group)

    def takes_down(events: Sequence[BasicEvent], node_rules: tuple[Rule, ...]) -> bool:
        up = fixed_point(node_rules, frozenset((e.component, e.instance) for e in events), NO_NODES)
        return any(name not in up for name in arch.entrypoints)

    events = counted_events(arch)
    own = [e for e in events if e.component == culprit]
    if any(takes_down([e], plain) for e in own):
        return True
    harmless = [e for e in events if not takes_down([e], plain)]
    return any(
        takes_down([x, y], plain) and not takes_down([x, y], held)
        for x in own
        for y in harmless
        if y != x
    )


def _holding(node_rules: tuple[Rule, ...], owner: str, group: int) -> tuple[Rule, ...]:
    """The rules with one requirement of ``owner`` dropped: it always holds."""
    found = []
    for r in node_rules:
        if r.name == owner and group < 0:
            r = Rule(r.name, r.groups)
        elif r.name == owner:
            r = Rule(r.name, r.groups[:group] + r.groups[group + 1 :], r.instances, r.min_healthy)
        found.append(r)
    return tuple(found)


def importance(arch: Architecture) -> dict[str, tuple[float, float]]:
    """Birnbaum and criticality of every component, conditioning on all its instances."""
    is_up, memo = system_up(arch), Memo()
    u = unavailability(arch, is_up, memo=memo)
    result = {}
    for comp in arch.components.values():
        instances = frozenset((comp.name, i) for i in (*range(comp.replicas), -1, -2))
        u_up = unavailability(arch, is_up, kept_up=instances, memo=memo)
        u_down = unavailability(arch, is_up, down=instances, memo=memo)
        result[comp.name] = (u_down - u_up, 0.0 if u == 0 else (u - u_up) / u)
    return result


@dataclass(frozen=True)
class WhatIfAnswer:
    failed: tuple[str, ...]
    down: tuple[str, ...]
    degraded: tuple[str, ...]
    reduced: tuple[str, ...]
    entrypoints_down: tuple[str, ...]
    availability_after: float


def forced_by(
    arch: Architecture, names: Sequence[str]
) -> tuple[frozenset[Instance], frozenset[str]]:
    """Instances and journeys that the names of a what-if force down."""
    down: set[Instance] = set()
    journeys: set[str] = set()
    for name in names:
        match = re.fullmatch(r"(.+)\[(\d+)\]", name)
        if name in arch.journeys:
            journeys.add(name)
        elif name in arch.components:
            down.update((name, i) for i in range(arch.components[name].replicas))
        elif match and match[1] in arch.components:
            down.add((match[1], int(match[2])))
        elif name.endswith("[*]") and name[:-3] in arch.components:
            down.add((name[:-3], COMMON_CAUSE))
        else:
            raise KeyError(name)
    return frozenset(down), frozenset(journeys)


def further_cut_sets(
    arch: Architecture, names: Sequence[str]
) -> tuple[dict[str, tuple[str, ...]], list[tuple[str, str]]]:
    """With ``names`` failed: each event whose failure too takes down entrypoints that
    are up (with those), and the pairs of other events that do so together."""
    down, journeys = forced_by(arch, names)

    def entrypoints_down(events: Sequence[BasicEvent]) -> frozenset[str]:
        more = frozenset((e.component, e.instance) for e in events)
        up = up_nodes(arch, down | more, journeys)
        return frozenset(name for name in arch.entrypoints if name not in up)

    now = entrypoints_down([])
    events = counted_events(arch)
    singles = {e.name: tuple(sorted(entrypoints_down([e]) - now)) for e in events}
    singles = {name: taken for name, taken in singles.items() if taken}
    pairs = [
        (min(a.name, b.name), max(a.name, b.name))
        for a, b in itertools.combinations(events, 2)
        if a.name not in singles and b.name not in singles and entrypoints_down([a, b]) - now
    ]
    return singles, sorted(pairs)


def what_if(arch: Architecture, names: Sequence[str]) -> WhatIfAnswer:
    """The state where only ``names`` are down, and P(system up | them down)."""
    down, journeys = forced_by(arch, names)
    up = up_nodes(arch, down, journeys)
    # Journeys as well as components: a journey on one leg of its any_of has lost redundancy.
    still_up = [r for r in rules(arch) if r.name in up]
    lost_member = [r.name for r in still_up if any(set(m) - up for m, _ in r.groups)]
    lost_instance = [r.name for r in still_up if instances_up(r, up, down) < len(r.instances)]
    soft_down = [c.name for c in arch.components.values() if set(c.soft_depends_on) - up]
    u_after = unavailability(arch, system_up(arch), down=down, forced_down=journeys)
    return WhatIfAnswer(
        failed=tuple(sorted(names)),
        down=tuple(name for name in arch.node_names() if name not in up),
        degraded=tuple(sorted(name for name in soft_down if name in up)),
        reduced=tuple(sorted({*lost_member, *lost_instance})),
        entrypoints_down=tuple(sorted(name for name in arch.entrypoints if name not in up)),
        availability_after=1 - u_after,
    )
