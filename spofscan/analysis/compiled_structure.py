"""The architecture compiled to integer indices: what every analysis evaluates.

Nodes are components and journeys. Each node has instances (journeys have none), each
instance an optional basic event and an optional host node; the node is up when at least
``min_healthy`` instances are up, each dependency group has ``k`` members up, none of
its node events (common cause, failover) has failed, and, when it fails over with the
help of other nodes, instance 0 is up or all of those are.
Compiling once keeps the hot loops of the analyses free of name lookups.

>>> from spofscan.model.examples import tiny_architecture
>>> s = compile_structure(tiny_architecture())
>>> [e.name for e in s.events]
['api', 'db', 'vm']
>>> s.nodes[s.hosts[s.index["api"]][0]]
'vm'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from spofscan.analysis.results import COMMON_CAUSE, FAILOVER, Event
from spofscan.model.architecture import Architecture, Component


@dataclass(frozen=True)
class Group:
    """A dependency group over node indices: holds when ``k`` of ``members`` are up."""

    k: int
    members: tuple[int, ...]


@dataclass
class DerivedViews:
    """Views of a structure that the analyses compute once, on first use, and share.

    Each belongs to the module that computes it: ``requirements`` and ``dependents``
    to the :class:`Structure` methods of those names, ``evaluation_order`` to
    :func:`spofscan.analysis.evaluation_order.evaluation_order`, ``slacks`` (by
    counter, ``(node, group)``) to :func:`spofscan.analysis.propagation.slacks`,
    ``diagram_too_large`` (the node budget its diagram exceeded, with nothing forced
    down) to :func:`spofscan.analysis.system_diagram.compile_system`, ``whole_failures``
    (the entrypoints each node's whole failure takes down) to
    :func:`spofscan.analysis.single_faults.whole_failures`, ``strata`` (per target,
    system first: its series events, the probability all are up, whether they are all
    it reads) to :func:`spofscan.analysis.stratified.strata`, ``reaching`` (per node,
    the entrypoints that read it, as bits) to
    :func:`spofscan.analysis.series_events.reaching`; ``hosted_by``, ``member_of`` and
    ``fails_over_with`` to the :class:`Structure` properties of those names;
    ``exact_values`` (the system's and each entrypoint's availability, exact, nothing
    down) to :func:`spofscan.analysis.availability.availability`; ``changed_from`` (the
    structure a changed one was renumbered from, its nodes' new indices and the edited
    nodes) to :func:`spofscan.analysis.changed_structure.changed_structure`, for
    ``evaluation_order`` to start from; ``whole_too_large`` (the node budget its
    diagram compiled whole exceeded, nothing forced down, before its entrypoints were
    compiled apart) to
    :func:`spofscan.analysis.system_diagram.compile_system`, for the fixes not to
    compile such a file whole again (:mod:`spofscan.remediation.plan`);
    ``whole_diagram`` (the node budget and the
    diagrams compiled whole, nothing forced down) to
    :func:`spofscan.analysis.availability.availability`, for the fixes' kept diagram
    to take once (:func:`spofscan.remediation.plan.kept_diagram`) instead of compiling
    them again; ``settling`` (each cycle's members in the order to settle them, by its
    smallest member) to :func:`spofscan.analysis.evaluation_order.settling_order`;
    ``self_loops`` (the nodes hosted on themselves or in their own group) to
    :func:`spofscan.analysis.evaluation_order.is_cyclic`.
    """

    requirements: list[tuple[int, ...]] | None = None
    dependents: list[tuple[int, ...]] | None = None
    evaluation_order: list[list[int]] | None = None
    slacks: dict[tuple[int, int], int] | None = None
    diagram_too_large: int | None = None
    whole_failures: dict[int, frozenset[int]] | None = None
    strata: tuple[tuple[tuple[int, ...], float, bool], ...] | None = None
    reaching: list[int] | None = None
    hosted_by: tuple[tuple[tuple[int, int], ...], ...] | None = None
    member_of: tuple[tuple[tuple[int, int], ...], ...] | None = None
    fails_over_with: tuple[tuple[int, ...], ...] | None = None
    exact_values: tuple[float, tuple[float, ...]] | None = None
    changed_from: tuple[Structure, list[int], frozenset[int]] | None = None
    settling: dict[int, list[int]] | None = None
    self_loops: frozenset[int] | None = None
    whole_too_large: int | None = None
    whole_diagram: tuple[int, object] | None = None  # a NodeBdds: bdd imports this module


@dataclass(frozen=True)
class Structure:
    """Index form of an architecture.

    ``instance_events[n][i]`` is the index in ``events`` of instance i's basic event, or
    -1 when it cannot fail; ``hosts[n][i]`` the node instance i runs on, or -1.
    ``hosted_by[h]`` lists ``(node, instance)`` pairs running on ``h``; ``member_of[m]``
    lists ``(node, group index)`` pairs whose group names ``m``. ``node_events[n]`` are
    the events that take node n down by themselves (its common cause, its failover);
    ``failover_needs[n]`` the nodes n needs only while instance 0 is down, and
    ``fails_over_with[m]`` the nodes whose failover needs m.
    """

    nodes: tuple[str, ...]
    index: dict[str, int]
    is_journey: tuple[bool, ...]
    instance_events: tuple[tuple[int, ...], ...]
    hosts: tuple[tuple[int, ...], ...]
    min_healthy: tuple[int, ...]
    groups: tuple[tuple[Group, ...], ...]
    soft: tuple[tuple[int, ...], ...]
    entrypoints: tuple[int, ...]
    events: tuple[Event, ...]
    event_node: tuple[int, ...]
    event_instance: tuple[int, ...]
    node_events: tuple[tuple[int, ...], ...] = ()
    failover_needs: tuple[tuple[int, ...], ...] = ()
    cache: DerivedViews = field(default_factory=DerivedViews, compare=False, repr=False)

    @property
    def hosted_by(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        """For each node, the ``(node, instance)`` pairs running on it (computed once,
        on first use: measuring a fix never reads it)."""
        if self.cache.hosted_by is None:
            self.cache.hosted_by = _hosted_by(len(self.nodes), self.hosts)
        return self.cache.hosted_by

    @property
    def member_of(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        """For each node, the ``(node, group index)`` pairs whose group names it."""
        if self.cache.member_of is None:
            self.cache.member_of = _member_of(len(self.nodes), self.groups)
        return self.cache.member_of

    @property
    def fails_over_with(self) -> tuple[tuple[int, ...], ...]:
        """For each node, the nodes whose failover needs it."""
        if self.cache.fails_over_with is None:
            self.cache.fails_over_with = _fails_over_with(len(self.nodes), self.failover_needs)
        return self.cache.fails_over_with

    def requirements(self, node: int) -> tuple[int, ...]:
        """Every node that ``node`` needs in some way: hosts and group members, sorted
        (computed once for all nodes: the analyses walk them many times)."""
        table = self.cache.requirements
        if table is None:
            table = [self._requirements(n) for n in range(len(self.nodes))]
            self.cache.requirements = table
        return table[node]

    def _requirements(self, node: int) -> tuple[int, ...]:
        return requirements_of(self.hosts[node], self.groups[node], self.failover_needs[node])

    def dependents(self, node: int) -> tuple[int, ...]:
        """The nodes whose evaluation reads ``node``'s state (whose requirements hold
        it: what runs on it, names it in a group, fails over with its help), in order;
        computed once for all nodes, like :meth:`requirements`."""
        table = self.cache.dependents
        if table is None:
            found: list[list[int]] = [[] for _ in self.nodes]
            for n in range(len(self.nodes)):
                for need in self.requirements(n):
                    found[need].append(n)
            table = [tuple(row) for row in found]
            self.cache.dependents = table
        return table[node]

    def downstream(self, nodes: Iterable[int]) -> set[int]:
        """``nodes`` and every node that needs one of them, however indirectly."""
        return closure(nodes, self.dependents)

    def upstream(self, nodes: Iterable[int]) -> set[int]:
        """``nodes`` and every node they need, however indirectly."""
        return closure(nodes, self.requirements)

    def event_key(self, event: int) -> tuple[int, int]:
        """``(node, instance)`` of an event; instance is ``COMMON_CAUSE`` or ``FAILOVER``
        for a node event."""
        return self.event_node[event], self.event_instance[event]


def requirements_of(
    hosts: tuple[int, ...], groups: tuple[Group, ...], failover_needs: tuple[int, ...]
) -> tuple[int, ...]:
    """The nodes a node with these hosts, groups and failover needs needs, sorted."""
    needs = {h for h in hosts if h >= 0}
    for group in groups:
        needs.update(group.members)
    needs.update(failover_needs)
    return tuple(sorted(needs))


def closure(nodes: Iterable[int], step: Callable[[int], Iterable[int]]) -> set[int]:
    """``nodes`` and every node ``step`` leads to from them, however indirectly."""
    stack = list(nodes)
    seen = set(stack)
    while stack:
        for node in step(stack.pop()):
            if node not in seen:
                seen.add(node)
                stack.append(node)
    return seen


def compile_structure(arch: Architecture) -> Structure:
    """Compile ``arch``; nodes are indexed in sorted name order, events likewise."""
    nodes = arch.node_names()
    index = {name: i for i, name in enumerate(nodes)}
    columns = Columns()
    for node, name in enumerate(nodes):
        columns.add(compile_node(arch, name, index, columns.events), node)
    return columns.structure(arch, nodes, index)


def compiled(arch: Architecture) -> Structure:
    """:func:`compile_structure` of ``arch``, kept for the last architecture asked for:
    a check's analysis, its fixes and its plan's rounds ask for the same file's several
    times (1.5 s each at 100,000 components), and forked workers inherit it. The
    structure is shared, views and all; an architecture is never changed once built.
    The pair is read once: another thread (the explorer's) may keep another meanwhile."""
    global _LAST
    kept = _LAST
    if kept is None or kept[0] is not arch:
        kept = (arch, compile_structure(arch))
        _LAST = kept
    return kept[1]


_LAST: tuple[Architecture, Structure] | None = None  # what compiled() returned last


class NodeRow(NamedTuple):
    """What :class:`Structure` holds of one node, by field."""

    instance_events: tuple[int, ...]
    hosts: tuple[int, ...]
    min_healthy: int
    node_events: tuple[int, ...]
    failover_needs: tuple[int, ...]
    groups: tuple[Group, ...]
    soft: tuple[int, ...]


_JOURNEY_ROW = ((), (), 0, (), ())  # a journey: no instances, events or failover


def compile_node(
    arch: Architecture, name: str, index: dict[str, int], events: list[Event]
) -> NodeRow:
    """The row of node ``name`` of ``arch``, its events appended to ``events``."""
    groups = tuple(
        Group(g.k, tuple(index[m] for m in g.members)) for g in arch.dependencies_of(name)
    )
    comp = arch.components.get(name)
    if comp is None:
        return NodeRow(*_JOURNEY_ROW, groups, ())
    ids = []
    for i, event_name in enumerate(comp.instance_names()):
        if comp.availability < 1.0:
            ids.append(len(events))
            rates = (comp.mtbf_hours, comp.mttr_hours)
            events.append(Event(event_name, name, i, comp.instance_availability, *rates))
        else:
            ids.append(-1)
    needs = comp.failover.needs if comp.failover is not None and comp.replicas > 1 else ()
    return NodeRow(
        tuple(ids),
        tuple(_host_index(index, comp.host_of(i)) for i in range(comp.replicas)),
        comp.min_healthy,
        _node_events(comp, events),
        tuple(sorted(index[m] for m in needs)),
        groups,
        tuple(index[s] for s in comp.soft_depends_on),
    )


class Columns:
    """A structure's fields node by node, in the order of its nodes' indices, and its
    events: what :func:`compile_structure` and
    :func:`~spofscan.analysis.changed_structure.changed_structure` fill."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.event_node: list[int] = []
        self.instance_events: list[tuple[int, ...]] = []
        self.hosts: list[tuple[int, ...]] = []
        self.min_healthy: list[int] = []
        self.node_events: list[tuple[int, ...]] = []
        self.failover_needs: list[tuple[int, ...]] = []
        self.groups: list[tuple[Group, ...]] = []
        self.soft: list[tuple[int, ...]] = []

    def add(self, row: NodeRow, node: int) -> None:
        """Node ``node``'s row, next (its events are in ``events`` already)."""
        self.event_node.extend([node] * (len(self.events) - len(self.event_node)))
        self.instance_events.append(row.instance_events)
        self.hosts.append(row.hosts)
        self.min_healthy.append(row.min_healthy)
        self.node_events.append(row.node_events)
        self.failover_needs.append(row.failover_needs)
        self.groups.append(row.groups)
        self.soft.append(row.soft)

    def structure(
        self, arch: Architecture, nodes: tuple[str, ...], index: dict[str, int]
    ) -> Structure:
        """The structure of ``arch`` (whose nodes and their indices these are)."""
        return Structure(
            nodes=nodes,
            index=index,
            is_journey=tuple(name in arch.journeys for name in nodes),
            instance_events=tuple(self.instance_events),
            hosts=tuple(self.hosts),
            min_healthy=tuple(self.min_healthy),
            groups=tuple(self.groups),
            soft=tuple(self.soft),
            entrypoints=tuple(index[e] for e in arch.entrypoints),
            events=tuple(self.events),
            event_node=tuple(self.event_node),
            event_instance=tuple(e.instance for e in self.events),
            node_events=tuple(self.node_events),
            failover_needs=tuple(self.failover_needs),
        )


def _node_events(comp: Component, events: list[Event]) -> tuple[int, ...]:
    """Append ``comp``'s common-cause and failover events, if it has them; their ids."""
    ids = []
    for role, instance, name, q in (
        ("common_cause", COMMON_CAUSE, comp.common_cause_name, comp.common_cause_unavailability),
        ("failover", FAILOVER, f"{comp.name}[failover]", comp.failover_unavailability),
    ):
        if q > 0.0:
            ids.append(len(events))
            events.append(Event(name, comp.name, instance, 1.0 - q, role=role))  # type: ignore[arg-type]
    return tuple(ids)


def _fails_over_with(size: int, needs: Sequence[tuple[int, ...]]) -> tuple[tuple[int, ...], ...]:
    table: list[list[int]] = [[] for _ in range(size)]
    for node, node_needs in enumerate(needs):
        for need in node_needs:
            table[need].append(node)
    return tuple(tuple(row) for row in table)


def _host_index(index: dict[str, int], host: str | None) -> int:
    return -1 if host is None else index[host]


def _hosted_by(
    size: int, hosts: Sequence[tuple[int, ...]]
) -> tuple[tuple[tuple[int, int], ...], ...]:
    table: list[list[tuple[int, int]]] = [[] for _ in range(size)]
    for node, node_hosts in enumerate(hosts):
        for instance, host in enumerate(node_hosts):
            if host >= 0:
                table[host].append((node, instance))
    return tuple(tuple(row) for row in table)


def _member_of(
    size: int, groups: tuple[tuple[Group, ...], ...]
) -> tuple[tuple[tuple[int, int], ...], ...]:
    table: list[list[tuple[int, int]]] = [[] for _ in range(size)]
    for node, node_groups in enumerate(groups):
        for g, group in enumerate(node_groups):
            for member in group.members:
                table[member].append((node, g))
    return tuple(tuple(row) for row in table)
