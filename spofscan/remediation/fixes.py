"""Structural fixes of a single point of failure, as changed and new component entries.

Every fix is written in the file format itself, so that the user can paste it:

- a workload (service, container, database, load balancer, ...) gets a second replica,
  on a new host ``<host>-2`` when it runs on one VM or host (a copy of that host, in
  another zone when the file has one); a database also gets replication with
  automatic failover;
- a VM or host gets a twin, and everything on it is spread over the pair;
- a zone, region or provider gets a twin holding a twin of each host on it (for a
  zone, another zone of the file when there is one);
- replicas packed on one host (SHARED-FATE) are spread over it and a new host; other
  shared fates are fixed in :mod:`spofscan.remediation.candidates`.
"""

from __future__ import annotations

import copy
from collections import ChainMap
from dataclasses import dataclass
from typing import Any

from spofscan.remediation.entries import (
    BALANCERS,
    HOSTS,
    PLACES,
    balanced,
    double,
    fresh,
    is_single_host,
    moved_host,
    other_zone,
    runs_on,
)
from spofscan.remediation.snippets import Entries
from spofscan.words import listed


@dataclass(frozen=True)
class Candidate:
    """A fix before it is measured: what it changes and how to say it."""

    component: str
    rule: str
    action: str
    entries: Entries


def spof_fix(components: dict[str, Any], name: str) -> Candidate | None:
    """The fix of ``name`` as a single point of failure: a twin of a place, or a
    second replica of anything else; None when the file has no such entry."""
    body = components.get(name)
    if not isinstance(body, dict):
        return None
    if body.get("kind") in PLACES:
        return _twin_fix(components, name)
    return spread_fix(components, name, "SPOF")


def spread_fix(components: dict[str, Any], name: str, rule: str) -> Candidate:
    """A second replica of ``name``, on a new host when it runs on a single one."""
    entries: Entries = {}
    body = copy.deepcopy(components[name])
    hosts = runs_on(body)
    place = ""
    if len(hosts) == 1 and is_single_host(components, hosts[0], HOSTS):
        twin = fresh(components, hosts[0])
        entries[twin] = moved_host(components, hosts[0])
        body["runs_on"] = [hosts[0], twin]
        place = f" on a new {components[hosts[0]].get('kind', 'host')} {twin}"
    double(body)
    if body.get("kind") == "database":
        body["data"] = {**(body.get("data") or {}), "replication": "async", "failover": "automatic"}
    entries[name] = body
    action = f"Run {body['replicas']} replicas of {name}{place}" + _extra_words(components, name)
    return Candidate(name, rule, action + ".", entries)


# How a second replica takes over, by kind, where it is not a load balancer's job.
_TAKEOVER = {
    "database": ", with asynchronous replication and automatic failover",
    "storage": ", with the data replicated between them",
    "model": ": a copy of the model file on each host that serves it",
    "cache": ", as a replicated cache with automatic failover",
    "queue": ", as a replicated queue cluster",
    "external": ": a second provider, with callers failing over to it",
    "network": "",
    "logical": "",
    "other": "",
}


def _extra_words(components: dict[str, Any], name: str) -> str:
    kind = str(components[name].get("kind"))
    if kind in _TAKEOVER:
        return _TAKEOVER[kind]
    if kind not in BALANCERS and not balanced(components, name):
        return ", behind a health-checked load balancer (not in the file yet)"
    return ""


def _twin_fix(components: dict[str, Any], name: str) -> Candidate:
    """A twin of a VM, host, zone, region or provider, with what runs on it spread; a
    zone's twin is another zone of the file when there is one."""
    entries: Entries = {}
    kind = components[name].get("kind")
    existing = other_zone(components, name) if kind == "zone" else None
    twin = _twin(_Places(components), name, entries, None, existing)
    added = [n for n in entries if n not in components and n != twin]
    spread = [n for n in entries if n in components]
    if existing is not None:
        action = f"Add {listed(added)} in zone {twin}" if added else f"Use zone {twin}"
        if spread:
            action += f", and spread {listed(spread)} over zones {name} and {twin}"
        return Candidate(name, "SPOF", action + ".", entries)
    action = f"Add a second {kind} {twin} beside {name}"
    if added:
        action += f" with {listed(added)} on it"
    if spread:
        action += f", and spread {listed(spread)} over both"
    return Candidate(name, "SPOF", action + ".", entries)


class _Places:
    """The components of a file, with what runs on each place, indexed once: a region's
    twin visits every zone, VM and tenant under it, and must not scan the file for each.
    ``twinned`` holds the places already twinned: placement may run in a cycle."""

    def __init__(self, components: dict[str, Any]) -> None:
        self.components = components
        self.twinned: set[str] = set()
        self.tenants: dict[str, list[str]] = {}
        for tenant, body in components.items():
            for host in dict.fromkeys(runs_on(body)):
                self.tenants.setdefault(host, []).append(tenant)


def _twin(
    places: _Places,
    name: str,
    entries: Entries,
    parent: tuple[str, str] | None,
    existing: str | None = None,
) -> str:
    """Add a twin of place ``name`` (under the parent's twin), or use ``existing``, and
    spread its tenants over both."""
    components = places.components
    places.twinned.add(name)
    twin = existing or fresh(ChainMap(entries, components), name)
    body = copy.deepcopy(components[name])
    if parent is not None:
        body["runs_on"] = [parent[1] if h == parent[0] else h for h in runs_on(body)]
    elif body.get("kind") in HOSTS:
        body = moved_host(components, name)
    if existing is None:
        entries[twin] = body
    for tenant in places.tenants.get(name, ()):
        if is_single_host(components, tenant):
            if tenant not in entries and tenant not in places.twinned:
                _twin(places, tenant, entries, parent=(name, twin))
        else:
            entries[tenant] = _spread(entries.get(tenant, components[tenant]), name, twin)
    return twin


def _spread(body: dict[str, Any], host: str, twin: str) -> dict[str, Any]:
    """``body`` with replicas over its hosts and ``twin`` beside ``host``."""
    spread = copy.deepcopy(body)
    hosts = runs_on(body)
    spread["runs_on"] = list(dict.fromkeys([*hosts, twin]))
    double(spread, len(spread["runs_on"]))
    if spread.get("kind") == "database":
        data = spread.get("data") or {}
        spread["data"] = {**data, "replication": "async", "failover": "automatic"}
    return spread
