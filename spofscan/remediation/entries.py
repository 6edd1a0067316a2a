"""Reading and writing raw component entries: hosts, replicas and fresh names.

These work on the plain document of an architecture file (dicts as YAML reads them),
so that every fix stays something the file format can say.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from spofscan.loading.build_component import min_healthy

HOSTS = frozenset({"vm", "host"})
PLACES = HOSTS | {"zone", "region", "provider"}
BALANCERS = frozenset({"load_balancer", "dns", "cdn"})


def double(body: dict[str, Any], at_least: int = 2) -> None:
    """Enough replicas that losing one host leaves ``min_healthy`` up; a quorum
    (``min_healthy: majority``) gets an odd count of at least 3, and keeps its majority
    (the loader recomputes it); a component sized by ``capacity`` and ``peak_load``
    keeps what its peak needs."""
    replicas = int(body.get("replicas", 1))
    if is_quorum(body):
        needed = max(replicas, 3, at_least)
        body["replicas"] = needed + 1 if needed % 2 == 0 else needed
        return
    if "capacity" in body:  # N+1 against the peak
        body["replicas"] = max(replicas, min_healthy(body) + 1, at_least)
        return
    body["replicas"] = max(replicas, 2 * min_healthy(body), at_least)


def is_quorum(body: Mapping[str, Any]) -> bool:
    """Whether a component needs a majority of its replicas."""
    return body.get("min_healthy") == "majority"


def moved_host(
    components: dict[str, Any], host: str, zones: Sequence[str] | None = None
) -> dict[str, Any]:
    """A copy of ``host``, placed in another zone when the file has one. ``zones``: as
    for :func:`other_zone`."""
    body: dict[str, Any] = copy.deepcopy(components[host])
    placement = runs_on(body)
    if len(placement) == 1:
        other = other_zone(components, placement[0], zones)
        if other is not None:
            body["runs_on"] = other
    return body


def other_zone(
    components: dict[str, Any], zone: str, zones: Sequence[str] | None = None
) -> str | None:
    """Another zone of the file, when ``zone`` is a zone: the first in the same region
    (the same ``runs_on``), else the first of all. ``zones``: the file's zones, when the
    caller has them (``zone_names``)."""
    body = components.get(zone)
    if not isinstance(body, dict) or body.get("kind") != "zone":
        return None
    zones = zone_names(components) if zones is None else zones
    others = [z for z in zones if z != zone]
    if zone not in zones or not others:
        return None
    region = runs_on(components[zone])
    return next((z for z in others if runs_on(components[z]) == region), others[0])


def zone_names(components: dict[str, Any]) -> list[str]:
    """The zones of the file, in file order."""
    return [n for n, b in components.items() if isinstance(b, dict) and b.get("kind") == "zone"]


def balanced(components: dict[str, Any], name: str) -> bool:
    """Whether a load balancer (or DNS, CDN) depends on ``name``."""
    return any(
        isinstance(b, dict) and b.get("kind") in BALANCERS and name in dependency_names(b)
        for b in components.values()
    )


def dependency_names(body: dict[str, Any]) -> set[str]:
    """Every name in a component's ``depends_on``, whatever the group's form."""
    names: set[str] = set()
    for entry in body.get("depends_on") or []:
        if isinstance(entry, dict):
            names.update(str(m) for m in entry.get("any_of") or entry.get("of") or [])
        else:
            names.add(str(entry))
    return names


def is_single_host(components: dict[str, Any], name: str, kinds: frozenset[str] = PLACES) -> bool:
    """Whether ``name`` is a place of one of ``kinds`` with a single instance."""
    body = components.get(name)
    return isinstance(body, dict) and body.get("kind") in kinds and body.get("replicas", 1) == 1


def runs_on(body: Any) -> list[str]:
    """The ``runs_on`` of a raw entry, as a list (empty when it has none)."""
    if not isinstance(body, dict):
        return []
    hosts = body.get("runs_on")
    if hosts is None:
        return []
    return [str(h) for h in hosts] if isinstance(hosts, list) else [str(hosts)]


def fresh(components: Mapping[str, Any], name: str) -> str:
    """``<name>-2``, or the next free number."""
    n = 2
    while f"{name}-{n}" in components:
        n += 1
    return f"{name}-{n}"
