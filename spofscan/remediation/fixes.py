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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spofscan.remediation.entries import (
    BALANCERS,
    HOSTS,
    PLACES,
    double,
    fresh,
    is_quorum,
    is_single_host,
    moved_host,
    other_zone,
    runs_on,
)
from spofscan.remediation.places import Places, is_balanced, users_of
from spofscan.remediation.snippets import Entries
from spofscan.words import listed, named


@dataclass(frozen=True)
class Candidate:
    """A fix before it is measured: what it changes and how to say it."""

    component: str
    rule: str
    action: str
    entries: Entries


def spof_fix(
    components: dict[str, Any],
    name: str,
    declared: Sequence[str] = (),
    places: Places | None = None,
) -> Candidate | None:
    """The fix of ``name`` as a single point of failure: a twin of a place, or a
    second replica of anything else; None when the file has no such entry. ``places``:
    ``components`` indexed by place, when the caller fixes many SPOFs of one file."""
    body = components.get(name)
    if not isinstance(body, dict):
        return None
    if body.get("kind") in PLACES:
        return _twin_fix(components, name, places or Places(components))
    if body.get("managed"):
        stateless = body.get("kind", "service") not in _STATEFUL
        return _second_provider_fix(components, name, places) if stateless else None
    return spread_fix(components, name, "SPOF", declared, places)


# A new load balancer's availability: a managed one's usual SLA (cloud load balancers
# promise 99.99%), stated in the fix's words and in its snippet.
NEW_BALANCER_AVAILABILITY = 99.99

# Kinds whose data a second provider would not have: their managed offerings are fixed
# by the provider's own replication (cross-region replicas), not by an any_of.
_STATEFUL = frozenset({"database", "storage", "queue", "cache", "model"})


def _second_provider_fix(
    components: dict[str, Any], name: str, places: Places | None
) -> Candidate | None:
    """A managed service is one SLA: replicas of it would fail together. Its fix is a
    second, independent provider (or a fallback) that what needs it can use instead;
    None when nothing in the file names it as a plain dependency (an entrypoint: the
    fallback then belongs in front of it, in DNS)."""
    entries: Entries = {}
    twin = fresh(components, name)
    users = _rewired(components, entries, name, {"any_of": [name, twin]}, places)
    if not users:
        return None
    second = copy.deepcopy(components[name])
    second["description"] = f"a second provider (or a fallback) for {name}"
    entries = {twin: second, **entries}
    action = (
        f"Add {twin}, a second provider or fallback for the managed service {name}, "
        f"and let {listed(users)} use either"
    )
    return Candidate(name, "SPOF", action + ".", entries)


def spread_fix(
    components: dict[str, Any],
    name: str,
    rule: str,
    declared: Sequence[str] = (),
    places: Places | None = None,
) -> Candidate:
    """A second replica of ``name``, on a new host when it runs on a single one (in
    another zone when it runs on a zone), behind a new health-checked load balancer
    when nothing balances it yet: every part it needs is in the snippet, and measured.
    ``declared``: the file's ``entrypoints``, when it lists them; ``places``: as for
    :func:`spof_fix`."""
    zones = places.zones if places is not None else None
    entries: Entries = {}
    body = copy.deepcopy(components[name])
    hosts = runs_on(body)
    place = ""
    if len(hosts) == 1 and is_single_host(components, hosts[0], HOSTS):
        # A quorum must outlive a host: a majority needs three of them, two replicas one
        kind = components[hosts[0]].get("kind", "host")
        twins: list[str] = []
        for _ in range(2 if is_quorum(body) else 1):
            twin = fresh({**components, **entries}, hosts[0])
            entries[twin] = moved_host(components, hosts[0], zones)
            twins.append(twin)
        body["runs_on"] = [hosts[0], *twins]
        place = f" on {'a new ' + kind if len(twins) == 1 else 'new ' + kind + 's'} {listed(twins)}"
    elif len(hosts) == 1:
        other = other_zone(components, hosts[0], zones)
        if other is not None:  # replicas in distinct places, not side by side
            body["runs_on"] = [hosts[0], other]
            place = f" in zones {hosts[0]} and {other}"
    double(body)
    if body.get("kind") == "database":
        body["data"] = {**(body.get("data") or {}), "replication": "async", "failover": "automatic"}
    entries[name] = body
    balancer = _new_balancer(components, name, entries, declared, places)
    words = (
        f", behind a new health-checked load balancer {balancer} "
        f"({NEW_BALANCER_AVAILABILITY}%, measured with it)"
        if balancer
        else ""
    )
    replicated = int(components[name].get("replicas", 1)) > 1
    if not words and not (replicated and components[name].get("kind") not in _TAKEOVER):
        words = _extra_words(components, name, places)
    action = f"Run {body['replicas']} replicas of {name}{place}{words}"
    return Candidate(name, rule, action + ".", entries)


def _new_balancer(
    components: dict[str, Any],
    name: str,
    entries: Entries,
    declared: Sequence[str],
    places: Places | None,
) -> str | None:
    """A load balancer ``<name>-lb`` in front of the replicas of a service that nothing
    balances yet, with what needed ``name`` needing it instead (an entrypoint by default
    hands that role to it); None when ``name``'s kind takes over otherwise, something
    balances it already, or it is a declared entrypoint (the file's ``entrypoints``,
    outside the snippet, would have to name the balancer)."""
    kind = str(components[name].get("kind", "service"))
    if kind in _TAKEOVER or kind in BALANCERS or is_balanced(components, name, places):
        return None
    if int(components[name].get("replicas", 1)) > 1:
        return None  # replicated already: whatever spreads its requests is there
    balancer = f"{name}-lb" if f"{name}-lb" not in components else fresh(components, f"{name}-lb")
    users = _rewired(components, entries, name, balancer, places)
    if not users and name in declared:
        return None
    entries[balancer] = {
        "kind": "load_balancer",
        "description": f"a new load balancer in front of {name}",
        "availability": NEW_BALANCER_AVAILABILITY,
        "health_check": True,
        "depends_on": [name],
    }
    return balancer


def _rewired(
    components: dict[str, Any], entries: Entries, name: str, instead: Any, places: Places | None
) -> list[str]:
    """Every component whose ``depends_on`` names ``name`` as a plain entry, with that
    entry replaced by ``instead``, put in ``entries`` (over what they hold already); the
    names of those components, in file order. ``places``: as for :func:`spof_fix`."""
    users = users_of(components, name, places)
    for user in users:
        changed = copy.deepcopy(entries.get(user, components[user]))
        changed["depends_on"] = [
            copy.deepcopy(instead) if d == name else d for d in changed["depends_on"]
        ]
        entries[user] = changed
    return list(users)  # not the index's own list


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


def _extra_words(components: dict[str, Any], name: str, places: Places | None) -> str:
    kind = str(components[name].get("kind"))
    if kind in _TAKEOVER:
        return _TAKEOVER[kind]
    if kind not in BALANCERS and not is_balanced(components, name, places):
        return ", behind a health-checked load balancer (not in the file yet)"
    return ""


def _twin_fix(components: dict[str, Any], name: str, places: Places) -> Candidate | None:
    """A twin of a VM, host, zone, region or provider, with what runs on it spread; a
    zone's twin is another zone of the file when there is one. None when a managed
    service runs there: a second site without the provider's services in it removes
    nothing, and moving those is the provider's offering (its cross-region tier), not a
    change of this file."""
    if name in places.managed_hosts:
        return None
    entries: Entries = {}
    kind = components[name].get("kind")
    existing = other_zone(components, name, places.zones) if kind == "zone" else None
    twin = _twin(places, set(), name, entries, None, existing)
    for same in [n for n, body in entries.items() if components.get(n) == body]:
        del entries[same]  # already spread over both: nothing to change, nothing to say
    added = [n for n in entries if n not in components and n != twin]
    spread = [n for n in entries if n in components]
    if existing is not None:
        action = f"Add {named(added)} in zone {twin}" if added else f"Use zone {twin}"
        if spread:
            action += f", and spread {named(spread)} over zones {name} and {twin}"
        return Candidate(name, "SPOF", action + ".", entries)
    action = f"Add a second {kind} {twin} beside {name}"
    if added:
        action += f" with {named(added)} on it"
    if spread:
        action += f", and spread {named(spread)} over both"
    return Candidate(name, "SPOF", action + ".", entries)


def _twin(
    places: Places,
    twinned: set[str],
    name: str,
    entries: Entries,
    parent: tuple[str, str] | None,
    existing: str | None = None,
) -> str:
    """Add a twin of place ``name`` (under the parent's twin), or use ``existing``, and
    spread its tenants over both; ``twinned``: the places twinned so far (placement may
    run in a cycle)."""
    components = places.components
    twinned.add(name)
    twin = existing or fresh(ChainMap(entries, components), name)
    body = copy.deepcopy(components[name])
    if parent is not None:
        body["runs_on"] = [parent[1] if h == parent[0] else h for h in runs_on(body)]
    elif body.get("kind") in HOSTS:
        body = moved_host(components, name, places.zones)
    if existing is None:
        entries[twin] = body
    for tenant in places.tenants.get(name, ()):
        if components[tenant].get("managed"):
            continue  # the provider's to place: one SLA, never copies of our own
        if is_single_host(components, tenant):
            if tenant not in entries and tenant not in twinned:
                _twin(places, twinned, tenant, entries, parent=(name, twin))
        else:
            entries[tenant] = _spread(entries.get(tenant, components[tenant]), name, twin)
    return twin


def _spread(body: dict[str, Any], host: str, twin: str) -> dict[str, Any]:
    """``body`` with replicas over its hosts and ``twin`` beside ``host``."""
    spread = copy.deepcopy(body)
    hosts = runs_on(body)
    spread["runs_on"] = list(dict.fromkeys([*hosts, twin]))
    double(spread, len(spread["runs_on"]))
    data = spread.get("data") or {}
    if spread.get("kind") == "database" and data.get("replication") in (None, "none"):
        spread["data"] = {**data, "replication": "async", "failover": "automatic"}
    return spread
