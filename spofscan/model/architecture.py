"""Frozen dataclasses of an architecture: what a valid file means, with where it says it.

Availabilities and objectives are fractions in (0, 1] here (the file uses percents);
durations are hours.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from spofscan.errors import Location

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

GroupKind = Literal["all", "any", "at_least"]
AvailabilitySource = Literal["availability", "mtbf", "default"]


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
    ``at_least: k, of: [...]`` is kind ``at_least``.
    """

    kind: GroupKind
    members: tuple[str, ...]
    k: int
    location: Location


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

    @property
    def entrypoint_objectives(self) -> tuple[float | None, ...]:
        """The objective of every entrypoint, in the entrypoints' order."""
        return tuple(self.slo_of(entry) for entry in self.entrypoints)

    @property
    def system_objective(self) -> float | None:
        """The objective the whole system answers to: the one every entrypoint shares, if
        any. Where journeys set objectives of their own, each is judged on its own."""
        shared = set(self.entrypoint_objectives)
        return shared.pop() if len(shared) == 1 else None

    @property
    def strictest_objective(self) -> float | None:
        """The highest objective any entrypoint has; None when none has one."""
        return max((o for o in self.entrypoint_objectives if o is not None), default=None)
