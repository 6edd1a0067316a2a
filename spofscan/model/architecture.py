"""Frozen dataclasses of an architecture: what a valid file means, with where it says it.

Availabilities and objectives are fractions in (0, 1] here (the file uses percents);
durations are hours.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from spofscan.errors import Location
from spofscan.units import HOURS_PER_YEAR

KINDS: tuple[str, ...] = (
    "load_balancer",
    "service",
    "container",
    "function",
    "vm",
    "host",
    "database",
    "cache",
    "queue",
    "storage",
    "model",
    "network",
    "dns",
    "cdn",
    "zone",
    "region",
    "provider",
    "external",
    "logical",
    "other",
)
RESTART_POLICIES: tuple[str, ...] = ("no", "always", "on-failure", "unless-stopped")
BACKUP_LOCATIONS: tuple[str, ...] = (
    "same-host",
    "same-zone",
    "other-zone",
    "other-region",
    "offsite",
)
BACKUP_MEDIA: tuple[str, ...] = ("disk", "object-storage", "tape", "other")
REPLICATION_MODES: tuple[str, ...] = ("none", "async", "sync")
FAILOVER_MODES: tuple[str, ...] = ("automatic", "manual")

# The mean time between failures of one instance, by kind, where the file gives only an
# availability: failover time is paid per failure, so it needs a rate. Stated wherever
# it is used (docs/analysis.md, "Failover").
DEFAULT_MTBF_HOURS: Mapping[str, float] = {
    "load_balancer": 4380.0,
    "vm": 4380.0,
    "host": 4380.0,
    "database": 2190.0,
    "cache": 2190.0,
    "queue": 2190.0,
    "storage": 4380.0,
}
FALLBACK_MTBF_HOURS = 720.0  # services, containers and every other kind: about monthly

GroupKind = Literal["all", "any", "at_least"]
AvailabilitySource = Literal["availability", "mtbf", "default"]


COMMON_CAUSE_SUFFIX = "[*]"  # a component's common-cause event is ``name[*]``

_INSTANCE_NAME = re.compile(r"^(?P<name>.+)\[(?P<index>\d+)\]$")


def split_instance(name: str) -> tuple[str, int] | None:
    """The component and the index an instance's name is made of; None for any other name.

    >>> split_instance("api[1]"), split_instance("api"), split_instance("a[b][10]")
    (('api', 1), None, ('a[b]', 10))
    """
    match = _INSTANCE_NAME.match(name)
    return None if match is None else (match["name"], int(match["index"]))


@dataclass(frozen=True)
class DependencyGroup:
    """One entry of ``depends_on``: it holds when at least ``k`` of ``members`` are up.

    A plain name is kind ``all`` with one member; ``any_of`` is kind ``any`` with k = 1;
    ``at_least: k, of: [...]`` is kind ``at_least`` (``at_least: majority`` sets k to
    floor(n/2) + 1).
    """

    kind: GroupKind
    members: tuple[str, ...]
    k: int
    location: Location
    majority: bool = False  # k is written as majority: floor(n/2) + 1 of the members


@dataclass(frozen=True)
class Backup:
    """One backup copy of a component's data."""

    every_hours: float
    location: str
    medium: str
    source: Location


@dataclass(frozen=True)
class DataProtection:
    """How a stateful component's data survives: backups, replication, failover, restore."""

    backups: tuple[Backup, ...]
    replication: str | None
    failover: str | None
    restore_time_hours: float | None
    location: Location


@dataclass(frozen=True)
class Failover:
    """How a standby takes over when the active instance (instance 0) fails.

    ``time_hours`` is the downtime paid at each such failure (None: none is stated);
    ``needs`` are the components the takeover needs, and nothing else does.
    """

    mode: str
    time_hours: float | None = None
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommonCause:
    """A cause that fails every instance at once: a beta factor (the share of each
    instance's failure probability that hits all instances together), or the cause's
    own MTBF and MTTR."""

    beta: float | None = None
    mtbf_hours: float | None = None
    mttr_hours: float | None = None


@dataclass(frozen=True)
class Component:
    """A thing that can fail: a service, a VM, a database, a zone, ..."""

    name: str
    kind: str
    availability: float
    availability_source: AvailabilitySource
    location: Location
    mtbf_hours: float | None = None
    mttr_hours: float | None = None
    replicas: int = 1
    min_healthy: int = 1
    quorum: bool = False  # min_healthy is a majority of replicas, kept so as n changes
    capacity: float | None = None
    peak_load: float | None = None
    managed: bool = False
    failover: Failover | None = None
    common_cause: CommonCause | None = None
    cost_per_month: float | None = None  # one instance's, its own or its kind's default
    runs_on: tuple[str, ...] = ()
    depends_on: tuple[DependencyGroup, ...] = ()
    soft_depends_on: tuple[str, ...] = ()
    health_check: bool | None = None
    restart: str | None = None
    data: DataProtection | None = None
    description: str | None = None
    owner: str | None = None
    tags: tuple[str, ...] = ()
    field_locations: Mapping[str, Location] = field(default_factory=dict, compare=False)

    def instance_names(self) -> tuple[str, ...]:
        """Basic-event names of the instances: ``name`` alone, or ``name[0]``, ``name[1]``, ..."""
        if self.replicas == 1:
            return (self.name,)
        return tuple(f"{self.name}[{i}]" for i in range(self.replicas))

    @property
    def common_cause_name(self) -> str:
        """The name of the basic event of the component's common cause: ``name[*]``."""
        return self.name + COMMON_CAUSE_SUFFIX

    @property
    def mtbf_or_default(self) -> tuple[float, bool]:
        """One instance's MTBF in hours, and whether it is the default of its kind."""
        if self.mtbf_hours is not None:
            return self.mtbf_hours, False
        return DEFAULT_MTBF_HOURS.get(self.kind, FALLBACK_MTBF_HOURS), True

    @property
    def mttr_or_implied(self) -> float:
        """One instance's MTTR in hours: given, or implied by its availability and MTBF."""
        if self.mttr_hours is not None:
            return self.mttr_hours
        mtbf, _ = self.mtbf_or_default
        return mtbf * (1.0 - self.availability) / self.availability

    @property
    def failover_hours(self) -> float:
        """Downtime paid at each failure of the active instance: the failover time when
        automatic, the restore time (else the MTTR) when manual; 0 without failover."""
        failover = self.failover
        if failover is None or self.replicas < 2 or self.availability >= 1.0:
            return 0.0
        if failover.time_hours is not None:
            return failover.time_hours
        if failover.mode == "manual":
            restore = self.data.restore_time_hours if self.data is not None else None
            return restore if restore is not None else self.mttr_or_implied
        return 0.0

    @property
    def failovers_per_year(self) -> float:
        """How often the active instance fails: 8,760 h over its MTBF + MTTR."""
        mtbf, _ = self.mtbf_or_default
        return HOURS_PER_YEAR * self.availability / mtbf

    @property
    def failover_unavailability(self) -> float:
        """The share of time the component is down failing over: failures of the active
        instance per hour (1 / (MTBF + MTTR), its availability over its MTBF) times the
        downtime each costs."""
        hours = self.failover_hours
        if hours <= 0.0:
            return 0.0
        mtbf, _ = self.mtbf_or_default
        return min(1.0, self.availability / mtbf * hours)

    @property
    def failover_hours_per_year(self) -> float:
        """The downtime a year its failovers cost: :attr:`failover_unavailability` in hours."""
        return self.failover_unavailability * HOURS_PER_YEAR

    @property
    def common_cause_unavailability(self) -> float:
        """Probability that the common cause holds every instance down (0 without one)."""
        cause = self.common_cause
        if cause is None or self.replicas < 2:
            return 0.0
        if cause.beta is not None:
            return cause.beta * (1.0 - self.availability)
        assert cause.mtbf_hours is not None and cause.mttr_hours is not None
        total = cause.mtbf_hours + cause.mttr_hours
        return cause.mttr_hours / total if total > 0 else 0.0

    @property
    def instance_availability(self) -> float:
        """Availability of one instance's own, independent failures: the component's,
        less the beta share a common cause takes from it."""
        cause = self.common_cause
        if cause is None or cause.beta is None or self.replicas < 2:
            return self.availability
        return 1.0 - (1.0 - cause.beta) * (1.0 - self.availability)

    def host_of(self, instance: int) -> str | None:
        """The component instance ``instance`` runs on (``runs_on[i mod len]``), if any."""
        if not self.runs_on:
            return None
        return self.runs_on[instance % len(self.runs_on)]

    @property
    def hosts(self) -> tuple[str, ...]:
        """The ``runs_on`` entries some instance runs on: all of them but those past the
        number of replicas, which place nothing (UNUSED-PLACEMENT)."""
        return self.runs_on[: self.replicas]

    def where(self, key: str) -> Location:
        """Location of one of the component's keys, or of the component itself."""
        return self.field_locations.get(key, self.location)


@dataclass(frozen=True)
class Journey:
    """A user-visible function: a logical entrypoint that never fails by itself."""

    name: str
    depends_on: tuple[DependencyGroup, ...]
    location: Location
    slo: float | None = None
    description: str | None = None


@dataclass(frozen=True)
class AcceptedRisk:
    """A waiver: findings of ``rule`` on ``component`` are accepted until ``expires``."""

    component: str
    rule: str
    reason: str
    location: Location
    expires: dt.date | None = None

    def is_expired(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today


@dataclass(frozen=True)
class Objectives:
    """Recovery objectives for stateful components, in hours."""

    rpo_hours: float | None = None
    rto_hours: float | None = None


@dataclass(frozen=True)
class Architecture:
    """A whole architecture file, resolved and checked."""

    file: str
    name: str
    components: Mapping[str, Component]
    journeys: Mapping[str, Journey]
    entrypoints: tuple[str, ...]
    location: Location
    description: str | None = None
    slo: float | None = None
    downtime_cost_per_hour: float | None = None
    objectives: Objectives = Objectives()
    default_availability: float = 0.999
    entrypoints_declared: bool = False
    accepted_risks: tuple[AcceptedRisk, ...] = ()
    priced: bool = False  # the file gives a cost_per_month somewhere: fixes are priced

    @property
    def failing_over(self) -> tuple[Component, ...]:
        """The components whose failovers cost downtime, by name."""
        comps = sorted(self.components.values(), key=lambda c: c.name)
        return tuple(c for c in comps if c.failover_unavailability > 0)

    def node_names(self) -> tuple[str, ...]:
        """Every component and journey name, sorted."""
        return tuple(sorted([*self.components, *self.journeys]))

    def dependencies_of(self, name: str) -> tuple[DependencyGroup, ...]:
        """The ``depends_on`` groups of a component or journey."""
        if name in self.journeys:
            return self.journeys[name].depends_on
        return self.components[name].depends_on

    def location_of(self, name: str) -> Location:
        if name in self.journeys:
            return self.journeys[name].location
        return self.components[name].location

    def kind_of(self, name: str) -> str:
        """A component's kind; journeys have the kind ``journey``."""
        return "journey" if name in self.journeys else self.components[name].kind

    def slo_of(self, entrypoint: str) -> float | None:
        """The objective of an entrypoint: its journey's own, else the file's."""
        journey = self.journeys.get(entrypoint)
        if journey is not None and journey.slo is not None:
            return journey.slo
        return self.slo

    @cached_property
    def entrypoint_objectives(self) -> tuple[float | None, ...]:
        """The objective of every entrypoint, in the entrypoints' order (kept: the rules
        ask for it once per finding, and a file can have thousands of entrypoints)."""
        return tuple(self.slo_of(entry) for entry in self.entrypoints)

    @cached_property
    def names_by_kind(self) -> Mapping[str, frozenset[str]]:
        """The components' names, by kind (kept: the SHARED-FATE rule leaves out the
        regions and providers among every shared fate's culprits, 3.7 million of them
        on the chain shape of 100,000 components)."""
        found: dict[str, set[str]] = {}
        for name, comp in self.components.items():
            found.setdefault(comp.kind, set()).add(name)
        return {kind: frozenset(names) for kind, names in found.items()}

    @cached_property
    def distinct_objectives(self) -> frozenset[float | None]:
        """The objectives of the entrypoints, each once (kept: the tier of the system is
        asked for once per shared fate, 55,812 times on stacks of 100,000 components,
        which with 8,333 entrypoints took 8 s when the set was made each time)."""
        return frozenset(self.entrypoint_objectives)

    @property
    def system_objective(self) -> float | None:
        """The objective the whole system answers to: the one every entrypoint shares, if
        any. Where journeys set objectives of their own, each is judged on its own."""
        shared = self.distinct_objectives
        return next(iter(shared)) if len(shared) == 1 else None

    @property
    def strictest_objective(self) -> float | None:
        """The highest objective any entrypoint has; None when none has one."""
        return max((o for o in self.entrypoint_objectives if o is not None), default=None)


def majority(n: int) -> int:
    """The smallest majority of ``n``: floor(n/2) + 1.

    >>> [majority(n) for n in (1, 2, 3, 4, 5)]
    [1, 2, 2, 3, 3]
    """
    return n // 2 + 1
