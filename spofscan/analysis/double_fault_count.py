"""How many double faults there are, when there are too many to list.

A pair of events that take no entrypoint down alone is a double fault when together
they take one down. When the two break, together, a counter (an instance count or a
dependency group) of a node whose failure alone takes an entrypoint down, they are one
for sure: that node goes down with them. Such counters can be worn by thousands of
events (DNS over regional load balancers, each region worn by everything a region needs),
and their pairs are then most of the double faults.

So the pairs are counted in two parts. For each such counter worn by at least
``bulk_from`` events, the events are grouped by which of its inputs they take (a bit
mask); pairs of groups whose masks together exceed its slack are counted by the
product of their sizes, each pair once (at the first such counter it breaks). The other
candidate pairs (:mod:`spofscan.analysis.cut_sets`) are enumerated and checked as the
search checks them, up to ``max_checks`` of them; past that the total is unknown.

Cost: the bulk part is quadratic in the number of distinct groups of a counter (at most
``MAX_GROUPS``, else the counter is left to the enumeration), not in its events.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections import defaultdict
from collections.abc import Collection, Mapping

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.cut_sets import candidate_pairs, pairs_reaching
from spofscan.analysis.propagation import FAILOVER_GATE, Counter, Effect, slacks

BULK_FROM = 64  # events wearing a counter before its pairs are counted by groups
MAX_GROUPS = 2_000  # distinct groups of one counter counted pairwise

Key = tuple[tuple[Counter, int], ...]  # an event's lost inputs, by counted counter


def count_double_faults(
    s: Structure,
    effects: Mapping[int, Effect],
    fatal: Collection[int],
    *,
    max_checks: int,
    bulk_from: int = BULK_FROM,
) -> int | None:
    """The number of double faults among the events of ``effects`` (those that take no
    entrypoint down, with their effects); ``fatal``: the nodes whose failure alone takes
    an entrypoint down. None when more than ``max_checks`` pairs needed a check."""
    degraded = {e: effect.degraded_counters() for e, effect in effects.items()}
    wearing: dict[Counter, list[int]] = defaultdict(list)
    for e, counters in degraded.items():
        for counter in counters:
            wearing[counter].append(e)
    bulk = [
        c
        for c in sorted(wearing)
        if c[0] in fatal and len(wearing[c]) >= bulk_from and c[1] != FAILOVER_GATE
    ]
    masks: dict[int, dict[Counter, int]] = defaultdict(dict)
    for counter in bulk:
        for e in wearing[counter]:
            masks[e][counter] = _lost_inputs(s, counter, effects[e])
    counted: list[Counter] = []
    total = 0
    for counter in bulk:
        pairs = _pairs_by_group(s, counter, counted, [masks[e] for e in wearing[counter]])
        if pairs is not None:
            total += pairs
            counted.append(counter)
    worn = (masks, frozenset(counted))
    rest = _checked_pairs(s, effects, degraded, worn, fatal, max_checks)
    return None if rest is None else total + rest


def _lost_inputs(s: Structure, counter: Counter, effect: Effect) -> int:
    """The inputs of ``counter`` that ``effect`` takes, as bits: instances or members."""
    node, g = counter
    if g < 0:
        lost = effect.lost_instances
        return sum(1 << i for i in range(len(s.hosts[node])) if (node, i) in lost)
    members = s.groups[node][g].members
    return sum(1 << j for j, member in enumerate(members) if member in effect.down)


def _breaks(s: Structure, counter: Counter, one: int, other: int) -> bool:
    return (one | other).bit_count() > slacks(s)[counter]


def _pairs_by_group(
    s: Structure, counter: Counter, before: list[Counter], worn: list[dict[Counter, int]]
) -> int | None:
    """The pairs of events (their ``worn`` masks) that break ``counter`` and none of the
    counters counted ``before``; None when they fall in too many distinct groups."""
    keys = Tally(_key(masks, [*before, counter]) for masks in worn)
    if len(keys) > MAX_GROUPS:
        return None
    groups = [(dict(key), size) for key, size in keys.items()]
    total = 0
    for x, (one, size) in enumerate(groups):
        for y in range(x, len(groups)):
            other, other_size = groups[y]
            if _first_broken(s, one, other, [*before, counter]) == counter:
                total += size * (size - 1) // 2 if x == y else size * other_size
    return total


def _key(masks: dict[Counter, int], counters: list[Counter]) -> Key:
    return tuple((c, masks[c]) for c in counters if c in masks)


def _first_broken(
    s: Structure, one: dict[Counter, int], other: dict[Counter, int], counters: list[Counter]
) -> Counter | None:
    """The first of ``counters`` that two events' masks break together, if any."""
    for counter in counters:
        both = counter in one and counter in other
        if both and _breaks(s, counter, one[counter], other[counter]):
            return counter
    return None


def _checked_pairs(
    s: Structure,
    effects: Mapping[int, Effect],
    degraded: dict[int, dict[Counter, int]],
    counted: tuple[dict[int, dict[Counter, int]], frozenset[Counter]],
    fatal: Collection[int],
    max_checks: int,
) -> int | None:
    """The double faults among the candidate pairs of the counters not counted by
    groups, leaving out pairs that break one of those; None past ``max_checks``."""
    masks, bulk = counted
    rest = {e: {c: n for c, n in worn.items() if c not in bulk} for e, worn in degraded.items()}
    pending = []  # gathered before any is checked: past the budget, none need be
    for a, b in candidate_pairs(s, rest):
        shared = [c for c in masks[a] if c in bulk and c in masks[b]]
        if any(_breaks(s, c, masks[a][c], masks[b][c]) for c in shared):
            continue  # counted by groups
        pending.append((a, b))
        if len(pending) > max_checks:
            return None
    return sum(pairs_reaching(s, effects, degraded, pending, frozenset(fatal)))
