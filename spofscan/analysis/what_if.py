"""What if these fail? The state of every node, and the availability that remains.

>>> from spofscan.model.examples import tiny_architecture
>>> result = what_if(tiny_architecture(), ["db"])
>>> result.down, result.entrypoints_down, result.why["api"]
(('api', 'db'), ('api',), ('api', 'db'))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spofscan.analysis.availability import Settings, availability
from spofscan.analysis.compiled_structure import Structure, compile_structure
from spofscan.analysis.evidence import Evidence
from spofscan.analysis.propagation import FAILOVER_GATE, Effect, propagate
from spofscan.analysis.results import COMMON_CAUSE, WhatIf
from spofscan.analysis.scenario_cache import Scenarios
from spofscan.errors import UsageError
from spofscan.model.architecture import COMMON_CAUSE_SUFFIX, Architecture, split_instance
from spofscan.suggest import did_you_mean


def what_if(
    arch: Architecture,
    names: Sequence[str],
    *,
    settings: Settings | None = None,
    structure: Structure | None = None,
    scenarios: Scenarios | None = None,
) -> WhatIf:
    """Fail components (all instances), journeys or single instances (``api[1]``);
    ``structure`` is ``arch`` compiled, when the caller keeps it (the explorer does),
    and ``scenarios`` what it keeps to answer scenario after scenario on it (then
    ``settings`` are those of ``scenarios``)."""
    state = failure_state(arch, names, scenarios.structure if scenarios else structure)
    s, effect, evidence = state.structure, state.effect, state.evidence
    if scenarios is not None:
        after = scenarios.system(evidence)
    else:
        after = availability(s, evidence, settings or Settings()).system
    entry_down = [e for e in s.entrypoints if e in effect.down]
    return WhatIf(
        failed=tuple(sorted(set(names))),
        down=_names(s, effect.down),
        degraded=_names(s, (n for n in _up(s, effect) if any(d in effect.down for d in s.soft[n]))),
        # an instance or a group member lost; a failover's need lost is neither
        reduced=_names(s, {c[0] for c in effect.losses if c[1] != FAILOVER_GATE} - effect.down),
        entrypoints_down=_names(s, entry_down),
        availability_after=after,
        why={s.nodes[e]: _why(s, effect, evidence, e) for e in sorted(entry_down)},
        failed_over=_names(s, _failed_over(arch, s, effect)),
    )


def _failed_over(arch: Architecture, s: Structure, effect: Effect) -> list[int]:
    """Components still up whose active instance (instance 0) is lost: a standby took
    over, after the failover time they pay for it."""
    return [
        node
        for node, instance in effect.lost_instances
        if instance == 0
        and node not in effect.down
        and arch.components[s.nodes[node]].failover is not None
    ]


@dataclass(frozen=True)
class FailureState:
    """What failing some names does, before any availability is computed: the evidence
    and its effect on the compiled structure."""

    structure: Structure
    evidence: Evidence
    effect: Effect

    def why(self, name: str) -> tuple[str, ...] | None:
        """A shortest chain of broken needs from the down node ``name`` to something that
        was failed (as ``WhatIf.why`` gives for entrypoints); None when it is up."""
        node = self.structure.index[name]
        if node not in self.effect.down:
            return None
        return _why(self.structure, self.effect, self.evidence, node)


def failure_state(
    arch: Architecture, names: Sequence[str], structure: Structure | None = None
) -> FailureState:
    """The names resolved and their failure propagated (unknown names: :class:`UsageError`)."""
    s = structure or compile_structure(arch)
    evidence = resolve_names(arch, s, names)
    return FailureState(s, evidence, propagate(s, evidence.instances, evidence.nodes))


def failure_names(arch: Architecture, values: Sequence[str]) -> tuple[str, ...]:
    """Names as the command line gives them, ``what-if``'s NAME... and ``render``'s
    ``--what-if``: a known name stays whole, others split at commas; an empty one is a
    usage error.

    >>> from spofscan.model.examples import tiny_architecture
    >>> failure_names(tiny_architecture(), ["db,vm", "api"])
    ('db', 'vm', 'api')
    """
    known = set(arch.node_names())
    names: list[str] = []
    for value in values:
        parts = [value] if value in known else [p.strip() for p in value.split(",")]
        if not all(parts):
            raise UsageError(f"{value!r} names nothing (an empty name)")
        names.extend(parts)
    return tuple(names)


def resolve_names(arch: Architecture, s: Structure, names: Sequence[str]) -> Evidence:
    """Turn names into evidence; unknown names raise :class:`UsageError` with a hint."""
    nodes: set[int] = set()
    instances: set[tuple[int, int]] = set()
    for name in names:
        instance = split_instance(name)
        if name in arch.journeys:
            nodes.add(s.index[name])
        elif name in arch.components:
            node = s.index[name]
            instances.update((node, i) for i in range(len(s.instance_events[node])))
        elif instance is not None and instance[0] in arch.components:
            instances.add(_instance(arch, s, *instance))
        elif name.removesuffix(COMMON_CAUSE_SUFFIX) in arch.components:
            instances.add(_common_cause(arch, s, name.removesuffix(COMMON_CAUSE_SUFFIX)))
        else:
            raise UsageError(unknown_name(name, s.nodes))
    return Evidence(frozenset(nodes), frozenset(instances))


def _instance(arch: Architecture, s: Structure, name: str, index: int) -> tuple[int, int]:
    replicas = arch.components[name].replicas
    if index >= replicas:
        raise UsageError(
            f"'{name}[{index}]': {name} has {replicas} replica(s), "
            f"numbered from 0 to {replicas - 1}"
        )
    return (s.index[name], index)


def _common_cause(arch: Architecture, s: Structure, name: str) -> tuple[int, int]:
    if arch.components[name].common_cause_unavailability <= 0.0:
        cause = arch.components[name].common_cause_name
        raise UsageError(f"'{cause}': {name} has no common cause (see common_cause)")
    return (s.index[name], COMMON_CAUSE)


def unknown_name(name: str, known: Sequence[str]) -> str:
    """The message for a name that is none of ``known``, with the closest as a hint."""
    close = did_you_mean(name, known)
    hint = f" ({close})" if close else ""
    return f"'{name}' is not a component, journey or instance of this architecture{hint}"


def _up(s: Structure, effect: Effect) -> list[int]:
    return [n for n in range(len(s.nodes)) if n not in effect.down]


def _names(s: Structure, nodes: Iterable[int]) -> tuple[str, ...]:
    return tuple(sorted(s.nodes[n] for n in nodes))


def _why(s: Structure, effect: Effect, evidence: Evidence, entry: int) -> tuple[str, ...]:
    """A shortest chain of broken needs from ``entry`` to something that was failed.

    Each step goes from a down node to a requirement that is part of why it is down: a
    down host of an instance when too few instances are up, or a down member of a group
    that no longer holds. A need that still holds (2 of 3 brokers up) is not a reason.
    """
    failed_nodes = evidence.nodes | {n for n, _ in evidence.instances}
    parents = {entry: entry}
    queue = [entry]
    for node in queue:
        if node in failed_nodes:
            path = [node]
            while path[-1] != entry:
                path.append(parents[path[-1]])
            return tuple(s.nodes[n] for n in reversed(path))
        for need in _broken_needs(s, effect, node):
            if need not in parents:
                parents[need] = node
                queue.append(need)
    return (s.nodes[entry],)


def _broken_needs(s: Structure, effect: Effect, node: int) -> list[int]:
    """The down requirements of ``node`` that belong to a condition it fails."""
    broken: set[int] = set()
    hosts = s.hosts[node]
    # the instances lost: each counted once by the node's own counter (not by walking
    # every instance lost: a zone's failure loses thousands, and each down entrypoint's
    # chain asks of hundreds of nodes, 6 s at 10,000 components)
    lost = effect.losses.get((node, -1), 0)
    if len(s.instance_events[node]) - lost < s.min_healthy[node]:
        broken.update(h for h in hosts if h in effect.down)
    for group in s.groups[node]:
        down = [m for m in group.members if m in effect.down]
        if len(group.members) - len(down) < group.k:
            broken.update(down)
    if s.failover_needs[node] and ((node, 0) in effect.lost_instances or hosts[0] in effect.down):
        broken.update(n for n in s.failover_needs[node] if n in effect.down)
        broken.update(h for h in hosts[:1] if h in effect.down)
    return sorted(broken)
