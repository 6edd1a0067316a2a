"""Build one :class:`~spofscan.model.Component` (and its dependency groups and data)."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from spofscan.errors import Location
from spofscan.loading.source_map import Path, SourceMap
from spofscan.loading.values import duration_hours, fraction
from spofscan.model import (
    Backup,
    CommonCause,
    Component,
    DataProtection,
    DependencyGroup,
    Failover,
)
from spofscan.model.architecture import AvailabilitySource, majority


def build_component(
    name: str,
    body: dict[str, Any],
    default: float,
    smap: SourceMap,
    default_common_cause: Any = None,
    default_costs: Mapping[str, float] | None = None,
) -> Component:
    """The component ``name`` described by ``body``; ``default`` is a fraction, and
    ``default_common_cause`` the file's ``defaults.common_cause``, if any."""
    path = ("components", name)
    availability, source = _availability(body, default)
    runs_on = body.get("runs_on", ())
    replicas = int(body.get("replicas", 1))
    data = _data(path, body["data"], smap) if "data" in body else None
    return Component(
        name=name,
        kind=body.get("kind", "service"),
        availability=availability,
        availability_source=source,
        location=smap.key_at(path),
        mtbf_hours=_hours(body.get("mtbf")),
        mttr_hours=_hours(body.get("mttr")),
        replicas=replicas,
        min_healthy=min_healthy(body),
        quorum=body.get("min_healthy") == "majority",
        capacity=_optional_float(body.get("capacity")),
        peak_load=_optional_float(body.get("peak_load")),
        managed=bool(body.get("managed", False)),
        failover=_failover(body, data),
        cost_per_month=instance_cost(body, default_costs or {}),
        common_cause=_common_cause(body.get("common_cause", default_common_cause))
        if replicas >= 2
        else None,
        runs_on=(runs_on,) if isinstance(runs_on, str) else tuple(runs_on),
        depends_on=dependency_groups(path, body.get("depends_on", []), smap),
        soft_depends_on=tuple(body.get("soft_depends_on", ())),
        health_check=body.get("health_check"),
        restart=_restart(body.get("restart")),
        data=data,
        description=body.get("description"),
        owner=body.get("owner"),
        tags=tuple(body.get("tags", ())),
        field_locations=_KeyLocations(smap, path, tuple(body)),
    )


class _KeyLocations(Mapping[str, Location]):
    """Where each key of one component's body is written, looked up only when asked:
    most are never asked for, and a large file has tens of thousands."""

    def __init__(self, smap: SourceMap, path: Path, keys: tuple[str, ...]) -> None:
        self._smap, self._path, self._keys = smap, path, keys

    def __getitem__(self, key: str) -> Location:
        if key not in self._keys:
            raise KeyError(key)
        return self._smap.key_at((*self._path, key))

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def _availability(body: dict[str, Any], default: float) -> tuple[float, AvailabilitySource]:
    if "availability" in body:
        return fraction(body["availability"]), "availability"
    if "mtbf" in body:
        mtbf, mttr = duration_hours(body["mtbf"]), duration_hours(body["mttr"])
        if math.isinf(mtbf + mttr):  # both finite, but too large to add
            return 1.0 / (1.0 + mttr / mtbf), "mtbf"
        return mtbf / (mtbf + mttr), "mtbf"
    return default, "default"


def min_healthy(body: dict[str, Any]) -> int:
    """How many instances must be up: the count given, a majority of the replicas, or
    what the peak load needs (ceil(peak_load / capacity), at least 1); default 1."""
    replicas = int(body.get("replicas", 1))
    given = body.get("min_healthy")
    if given == "majority":
        return majority(replicas)
    if given is not None:
        return int(given)
    if "capacity" in body and "peak_load" in body:
        return max(1, math.ceil(float(body["peak_load"]) / float(body["capacity"])))
    return 1


def _failover(body: dict[str, Any], data: DataProtection | None) -> Failover | None:
    """The failover of a replicated component: its ``failover`` (a mode, or a mode and
    what it needs), ``failover_time``, else the mode its ``data`` gives."""
    given = body.get("failover")
    time = _hours(body.get("failover_time"))
    if isinstance(given, dict):
        mode, needs = given.get("mode"), tuple(given.get("needs", ()))
    else:
        mode, needs = given, ()
    if mode is None and data is not None:
        mode = data.failover
    if mode is None and time is None and not needs:
        return None
    return Failover(mode or "automatic", time, needs)


def _common_cause(value: Any) -> CommonCause | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return CommonCause(None, duration_hours(value["mtbf"]), duration_hours(value["mttr"]))
    return CommonCause(beta=fraction(value))


def instance_cost(body: Mapping[str, Any], default_costs: Mapping[str, Any]) -> float | None:
    """What one instance of the component ``body`` costs a month: its ``cost_per_month``,
    else its kind's in ``defaults.cost_per_month``; None when neither is given."""
    given = body.get("cost_per_month", default_costs.get(body.get("kind", "service")))
    return None if given is None else float(given)


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _restart(value: str | bool | None) -> str | None:
    """``restart: no`` unquoted is YAML 1.1's false: it means the policy ``no``."""
    if value is False:
        return "no"
    return None if value is None else str(value)


def _hours(value: float | str | None) -> float | None:
    return None if value is None else duration_hours(value)


def dependency_groups(
    owner: Path, entries: list[str | dict[str, Any]], smap: SourceMap
) -> tuple[DependencyGroup, ...]:
    """The ``depends_on`` entries at ``owner`` as dependency groups."""
    return tuple(
        _group(entry, smap.at((*owner, "depends_on", index))) for index, entry in enumerate(entries)
    )


def _group(entry: str | dict[str, Any], where: Location) -> DependencyGroup:
    if isinstance(entry, str):
        return DependencyGroup("all", (entry,), 1, where)
    if "any_of" in entry:
        return DependencyGroup("any", tuple(entry["any_of"]), 1, where)
    members = tuple(entry["of"])
    if entry["at_least"] == "majority":
        return DependencyGroup("at_least", members, majority(len(members)), where, majority=True)
    return DependencyGroup("at_least", members, int(entry["at_least"]), where)


def _data(owner: Path, body: dict[str, Any], smap: SourceMap) -> DataProtection:
    path = (*owner, "data")
    backups = tuple(
        Backup(
            every_hours=duration_hours(backup["every"]),
            location=backup["location"],
            medium=backup["medium"],
            source=smap.at((*path, "backups", index)),
        )
        for index, backup in enumerate(body.get("backups", []))
    )
    return DataProtection(
        backups=backups,
        replication=body.get("replication"),
        failover=body.get("failover"),
        restore_time_hours=_hours(body.get("restore_time")),
        location=smap.key_at(path),
    )
