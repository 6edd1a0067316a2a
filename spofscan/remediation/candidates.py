"""Which fixes to measure: one for each single point of failure and each shared fate.

A shared fate (redundancy that one failure defeats) is fixed where the failure is:

- replicas packed on one host are spread over it and a new host;
- replicas on several hosts that all sit in one zone have every second host moved to
  another zone of the file;
- otherwise the nearest culprit gets the fix it would get as a single point of failure
  (a twin of a place, a second replica of a shared dependency), unless it is one
  already, whose own fix then covers the shared fate, or it is a whole region or
  provider: a second one is a design decision, proposed when that site is a SPOF,
  not a fix for the replicas inside it.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Sequence
from typing import Any

from spofscan.analysis.compiled_structure import compiled
from spofscan.analysis.results import SharedFate
from spofscan.analysis.shared_fate import shared_fate
from spofscan.analysis.single_faults import single_faults
from spofscan.model.architecture import Architecture
from spofscan.remediation.entries import (
    HOSTS,
    is_single_host,
    other_zone,
    runs_on,
)
from spofscan.remediation.fixes import Candidate, spof_fix, spread_fix
from spofscan.remediation.places import Places
from spofscan.remediation.snippets import Entries
from spofscan.words import listed

WHOLE_SITES = frozenset({"region", "provider"})


def candidates(
    document: dict[str, Any],
    spofs: Sequence[str],
    fates: Sequence[SharedFate],
    every_spof: Collection[str] | None = None,
) -> list[Candidate]:
    """A fix for each SPOF and each shared fate; shared fates with the same culprit
    share one fix of it. ``every_spof``: all the file's SPOFs when ``spofs`` are some
    of them (a culprit that is a SPOF gets its fix as one, not here)."""
    components: dict[str, Any] = document.get("components") or {}
    declared = document.get("entrypoints") or ()
    places = Places(components)
    found = [spof_fix(components, name, declared, places) for name in spofs]
    by_culprit: dict[str, list[SharedFate]] = {}
    for fate in fates:
        direct = direct_fix(components, fate, places)
        if direct is not None:
            found.append(direct)
        else:
            by_culprit.setdefault(fate.culprits[0], []).append(fate)
    for culprit, shared in by_culprit.items():
        if culprit not in (spofs if every_spof is None else every_spof):
            found.append(culprit_fix(components, culprit, shared, places))
    return [c for c in found if c is not None]


def weak_points(arch: Architecture) -> tuple[list[str], tuple[SharedFate, ...]]:
    """The SPOFs and shared fates of ``arch``, without the rest of an analysis."""
    s = compiled(arch)
    faults = single_faults(s)
    instance_faults = [e for e in faults.takes_down if s.events[e].role == "instance"]
    nodes = {s.event_node[e] for e in instance_faults}  # no replica fixes a common cause
    return sorted(s.nodes[n] for n in nodes), shared_fate(s, faults)


def direct_fix(
    components: dict[str, Any], fate: SharedFate, places: Places | None = None
) -> Candidate | None:
    """The fix of replicas' shared fate at their own hosts: spread over a new host, or
    every second host moved to another zone; None when neither applies. ``places``: as
    for :func:`~spofscan.remediation.fixes.spof_fix`."""
    hosts = runs_on(components.get(fate.owner))
    if fate.group < 0 and len(hosts) == 1:
        return spread_fix(components, fate.owner, "SHARED-FATE", (), places)
    if fate.group < 0:
        zones = places.zones if places is not None else None
        return _zone_move(components, fate.owner, hosts, (fate.culprits[0], zones))
    return None


def culprit_fix(
    components: dict[str, Any],
    culprit: str,
    fates: Sequence[SharedFate],
    places: Places | None = None,
) -> Candidate | None:
    """The culprit's own fix, for the shared fates it causes; None for a whole region
    or provider (see the module's description). ``places``: as for :func:`spof_fix`."""
    if _kind(components, culprit) in WHOLE_SITES:
        return None
    fix = spof_fix(components, culprit, places=places)
    if fix is None:
        return None
    what = listed(
        [
            f"the replicas of {f.owner}" if f.group < 0 else f"{f.owner}'s alternatives"
            for f in fates
        ]
    )
    action = f"{fix.action[:-1]}, so that {culprit} alone no longer fails {what} together."
    return Candidate(fates[0].owner, "SHARED-FATE", action, fix.entries)


def _kind(components: dict[str, Any], name: str) -> str | None:
    body = components.get(name)
    return str(body.get("kind")) if isinstance(body, dict) else None


def _zone_move(
    components: dict[str, Any],
    owner: str,
    hosts: list[str],
    where: tuple[str, Sequence[str] | None],
) -> Candidate | None:
    """Every second host of ``owner`` moved to another zone, when all its hosts are
    single VMs or hosts placed directly in ``zone`` and the file has another zone;
    ``where`` is that zone, and the file's zones when known."""
    zone, zones = where
    other = other_zone(components, zone, zones)
    placed = all(
        is_single_host(components, h, HOSTS) and runs_on(components[h]) == [zone] for h in hosts
    )
    if other is None or not placed or len(hosts) < 2:
        return None
    entries: Entries = {}
    for host in hosts[1::2]:
        body = copy.deepcopy(components[host])
        body["runs_on"] = other
        entries[host] = body
    moved = listed(list(entries))
    action = f"Move {moved} to zone {other}, so that the replicas of {owner} span two zones."
    return Candidate(owner, "SHARED-FATE", action, entries)
