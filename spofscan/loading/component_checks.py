"""Checks of numbers that the schema cannot express: counts, conflicts and percents.

``min_healthy`` may not exceed ``replicas``, nor ``at_least`` its group's size; ``mtbf``
and ``mttr`` come together and exclude ``availability``, as ``capacity`` and
``peak_load`` do and exclude ``min_healthy``; failover and a common cause need replicas,
a managed service has none; a percent of 1 or less (``0.999``) is a fraction written by
mistake, and ``"150%"`` is out of range.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from decimal import Decimal
from typing import Any

from spofscan.errors import Problem
from spofscan.loading.build_component import min_healthy
from spofscan.loading.source_map import Path, SourceMap
from spofscan.loading.values import percent
from spofscan.loading.wording import describe


def component_problems(
    document: dict[str, Any], smap: SourceMap, only: Collection[str] | None = None
) -> Iterator[Problem]:
    """Number problems of every component and journey, and of the file's percents;
    of the components ``only`` names alone, when given (the rest is known sound)."""
    for path in _percent_paths(document, only):
        yield from _percent_problems(path, _get(document, path), smap)
    components = document["components"]
    for name in components if only is None else only:
        path, body = ("components", name), components[name]
        yield from _replica_problems(path, body, smap)
        yield from _capacity_problems(path, body, smap)
        yield from _redundancy_problems(path, body, smap)
        yield from _reliability_problems(path, body, smap)
        if only is not None:
            yield from _group_problems(path, body, smap)
    for section in ("components", "journeys") if only is None else ():
        for name, body in document.get(section, {}).items():
            yield from _group_problems((section, name), body, smap)


def _percent_paths(document: dict[str, Any], only: Collection[str] | None) -> Iterator[Path]:
    names = document["components"] if only is None else only
    candidates: list[Path] = [("slo",), ("defaults", "availability")] if only is None else []
    candidates += [("components", name, "availability") for name in names]
    candidates += [("components", name, "stronger_offering", "availability") for name in names]
    if only is None:
        candidates += [("journeys", name, "slo") for name in document.get("journeys", {})]
    return (path for path in candidates if _get(document, path) is not None)


def _get(document: dict[str, Any], path: Path) -> Any:
    value: Any = document
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _percent_problems(path: Path, value: float | str, smap: SourceMap) -> Iterator[Problem]:
    number = percent(value)
    if isinstance(value, str) and not 0 < number <= 100:
        message = f"{describe(path)} must be more than 0% and at most 100%, got '{value}'"
        yield Problem(smap.at(path), message)
    elif not isinstance(value, str) and number <= 1:
        scaled = Decimal(str(value)) * 100
        message = (
            f"{describe(path)} is {value}, which looks like a fraction; "
            "availabilities and objectives are percents"
        )
        yield Problem(smap.at(path), message, f"did you mean {scaled.normalize():f}?")


def _replica_problems(path: Path, body: dict[str, Any], smap: SourceMap) -> Iterator[Problem]:
    replicas, min_healthy = body.get("replicas", 1), body.get("min_healthy", 1)
    if min_healthy != "majority" and min_healthy > replicas:
        message = (
            f"{describe(path)}: min_healthy ({min_healthy}) is more than replicas ({replicas})"
        )
        yield Problem(smap.at((*path, "min_healthy")), message, "lower min_healthy or add replicas")


def _capacity_problems(path: Path, body: dict[str, Any], smap: SourceMap) -> Iterator[Problem]:
    owner = describe(path)
    for given, missing in (("capacity", "peak_load"), ("peak_load", "capacity")):
        if given in body and missing not in body:
            message = f"{owner} gives {given} but not {missing}; they go together"
            yield Problem(smap.key_at((*path, given)), message, f"add {missing}")
            return
    if "capacity" not in body:
        return
    if "min_healthy" in body:
        message = f"{owner} gives min_healthy and capacity with peak_load; they conflict"
        hint = "min_healthy is ceil(peak_load / capacity): remove min_healthy"
        yield Problem(smap.key_at((*path, "min_healthy")), message, hint)
        return
    replicas, needed = body.get("replicas", 1), min_healthy(body)
    if needed > replicas:
        message = (
            f"{owner}: peak_load {body['peak_load']:g} needs {needed} instances of capacity "
            f"{body['capacity']:g}, but replicas is {replicas}"
        )
        hint = f"set replicas to {needed + 1}: N+1, one spare at peak"
        yield Problem(smap.key_at((*path, "peak_load")), message, hint)


def _redundancy_problems(path: Path, body: dict[str, Any], smap: SourceMap) -> Iterator[Problem]:
    """Failover and a common cause are about replicas; a managed service has none."""
    owner, replicas = describe(path), body.get("replicas", 1)
    if body.get("managed") and replicas > 1:
        message = (
            f"{owner} is managed: one service with one SLA, so it has no replicas "
            f"(replicas is {replicas})"
        )
        hint = "remove replicas and give the provider's SLA as availability"
        yield Problem(smap.key_at((*path, "replicas")), message, hint)
    if replicas >= 2:
        return
    for key in ("failover", "failover_time", "common_cause"):
        if key in body:
            message = f"{owner} gives {key}, which needs 2 or more replicas (replicas is 1)"
            hint = "add replicas, or remove " + key
            yield Problem(smap.key_at((*path, key)), message, hint)


def _reliability_problems(path: Path, body: dict[str, Any], smap: SourceMap) -> Iterator[Problem]:
    owner = describe(path)
    for given, missing in (("mtbf", "mttr"), ("mttr", "mtbf")):
        if given in body and missing not in body:
            message = f"{owner} gives {given} but not {missing}; they go together"
            yield Problem(
                smap.key_at((*path, given)), message, f"add {missing}, or give availability"
            )
    if "availability" in body and "mtbf" in body:
        later = max(("availability", "mtbf"), key=lambda key: smap.key_at((*path, key)))
        message = f"{owner} gives both availability and mtbf; they conflict"
        hint = "give availability, or mtbf and mttr, not both"
        yield Problem(smap.key_at((*path, later)), message, hint)


def _group_problems(path: Path, body: dict[str, Any], smap: SourceMap) -> Iterator[Problem]:
    for index, entry in enumerate(body.get("depends_on", [])):
        if (
            isinstance(entry, dict)
            and "at_least" in entry
            and entry["at_least"] != "majority"
            and entry["at_least"] > len(entry["of"])
        ):
            entry_path = (*path, "depends_on", index)
            message = (
                f"{describe(entry_path)}: at_least is {entry['at_least']} "
                f"but the group has only {len(entry['of'])} member(s)"
            )
            hint = "lower at_least or list more components in 'of'"
            yield Problem(smap.at((*entry_path, "at_least")), message, hint)
