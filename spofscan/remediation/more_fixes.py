"""Fixes beyond single points of failure, for the components that cost the most downtime.

An objective can be missed with no SPOF at all: two replicas of a weak service, a
component that takes hours to repair. So the components that account for the most
downtime (criticality, SPEC section 5), SPOFs or not, get these candidates too, each
measured like every other fix:

- **one more replica** of a replicated component (a quorum gets two, and stays odd), on
  a place of the file it does not use yet when its ``runs_on`` lists places and the file
  has another of their kind;
- **a stronger offering**, wherever the file names one (``stronger_offering``): the
  component with that offering's availability and price;
- **faster recovery** of a service, container or function whose MTTR is an hour or more:
  a health check and ``restart: always``, with the MTTR of an automatic restart
  (:data:`RESTART_MTTR`); and of a replicated component that fails over by hand:
  automatic failover, paying :data:`AUTOMATIC_FAILOVER` per failover instead.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from spofscan.model.architecture import Architecture, Component
from spofscan.remediation.entries import PLACES, is_quorum, runs_on
from spofscan.remediation.fixes import Candidate
from spofscan.units import human_hours

MAX_CRITICAL = 5  # components considered, the most critical first
MIN_SHARE = 0.01  # of the downtime: below it, no fix of the component can matter
RESTART_MTTR = "5m"  # a health check notices, the orchestrator restarts: minutes
AUTOMATIC_FAILOVER = "30s"  # a cluster manager (Patroni, Sentinel) promotes a standby
RESTARTABLE = frozenset({"service", "container", "function"})


def critical_candidates(
    document: dict[str, Any], arch: Architecture, shares: Mapping[str, float]
) -> list[Candidate]:
    """The extra fixes of the ``MAX_CRITICAL`` components with the largest ``shares`` of
    the downtime (at least ``MIN_SHARE``), most critical first."""
    components: dict[str, Any] = document.get("components") or {}
    ranked = sorted(
        (name for name, share in shares.items() if share >= MIN_SHARE and name in components),
        key=lambda name: (-shares[name], name),
    )
    found: list[Candidate] = stronger_offerings(components)
    for name in ranked[:MAX_CRITICAL]:
        comp = arch.components.get(name)
        if comp is None or comp.managed or comp.kind in PLACES:
            continue
        if comp.replicas >= 2:
            found.append(one_more_replica(components, comp))
        found.extend(faster_recovery(components, comp))
    return found


def one_more_replica(components: dict[str, Any], comp: Component) -> Candidate:
    """``comp`` with one more replica (two for a quorum, which stays odd), placed on a
    place of the file it does not use yet when there is one."""
    body = copy.deepcopy(components[comp.name])
    added = 2 if is_quorum(body) and comp.replicas % 2 == 1 else 1
    body["replicas"] = comp.replicas + added
    placed = ""
    places = runs_on(body)
    if len(places) >= comp.replicas:  # each instance on its own entry: spread the new ones
        fresh = _unused_places(components, places)[:added]
        if fresh:
            body["runs_on"] = [*places[: comp.replicas], *fresh]
            placed = f" on {', '.join(fresh)}"
    action = f"Run {body['replicas']} replicas of {comp.name} ({added} more){placed}."
    return Candidate(comp.name, "SLO", action, {comp.name: body})


def _unused_places(components: dict[str, Any], places: list[str]) -> list[str]:
    """Places of the file of the same kind as ``places`` that none of them is, in file
    order (VMs and hosts, zones, regions)."""
    kinds = {components[p].get("kind") for p in places if isinstance(components.get(p), dict)}
    return [
        name
        for name, body in components.items()
        if isinstance(body, dict) and body.get("kind") in kinds & PLACES and name not in places
    ]


def faster_recovery(components: dict[str, Any], comp: Component) -> list[Candidate]:
    """An automatic restart where repairs take hours; automatic failover where a human
    promotes the standby."""
    body = components[comp.name]
    found = []
    if comp.kind in RESTARTABLE and comp.mttr_hours is not None and comp.mttr_hours >= 1.0:
        fixed = copy.deepcopy(body)
        fixed.update({"health_check": True, "restart": "always", "mttr": RESTART_MTTR})
        action = (
            f"Restart {comp.name} automatically when its health check fails: MTTR "
            f"{human_hours(comp.mttr_hours)} -> {RESTART_MTTR}."
        )
        found.append(Candidate(comp.name, "SLO", action, {comp.name: fixed}))
    if comp.replicas >= 2 and comp.failover is not None and comp.failover.mode == "manual":
        fixed = copy.deepcopy(body)
        given = fixed.get("failover")
        if isinstance(given, dict):
            fixed["failover"] = {**given, "mode": "automatic"}
        else:
            fixed.pop("failover", None)
        if isinstance(fixed.get("data"), dict):
            fixed["data"] = {**fixed["data"], "failover": "automatic"}
        fixed["failover_time"] = AUTOMATIC_FAILOVER
        action = (
            f"Fail {comp.name} over automatically (a cluster manager promotes a standby): "
            f"{human_hours(comp.failover_hours)} -> {AUTOMATIC_FAILOVER} per failover."
        )
        found.append(Candidate(comp.name, "MANUAL-FAILOVER", action, {comp.name: fixed}))
    return found


def stronger_offerings(components: dict[str, Any]) -> list[Candidate]:
    """A move to its ``stronger_offering`` for every component that names one."""
    found = []
    for name, body in components.items():
        offer = body.get("stronger_offering") if isinstance(body, dict) else None
        if not isinstance(offer, dict):
            continue
        fixed = {k: v for k, v in body.items() if k not in ("stronger_offering", "mtbf", "mttr")}
        fixed["availability"] = offer["availability"]
        if "cost_per_month" in offer:
            fixed["cost_per_month"] = offer["cost_per_month"]
        was = body.get("availability", "its availability")
        what = offer.get("description", "its stronger offering")
        action = f"Move {name} to {what}: {_percent(was)} -> {_percent(offer['availability'])}."
        found.append(Candidate(name, "SLO", action, {name: fixed}))
    return found


def _percent(value: Any) -> str:
    return value if isinstance(value, str) else f"{value}%"
