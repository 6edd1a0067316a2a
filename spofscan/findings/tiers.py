"""Availability tiers: what an objective asks of the design, as reliability practice draws them.

Below 99.9% quick recovery suffices: a single point of failure that recovers by itself (a
restart policy, backups with a restore time, replication) is a warning, one that does not
is an error. From 99.9% every single point of failure within a region is an error and
redundancy is the remedy. From 99.99% a single zone or region is an error too: below
that, a region (or provider) that is a single point of failure is only a warning. An
entrypoint without an objective is judged like the 99.9% tier, so that single points of
failure within a region stay errors.

>>> tier_of(0.995).name, tier_of(0.999).name, tier_of(0.99995).name, tier_of(None).name
('recovery', 'redundancy', 'multi-zone/region', 'redundancy')
>>> strictest([0.995, None]).label
'redundancy (99.9%+)'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spofscan.findings.catalog import Severity
from spofscan.model.architecture import Architecture, Component

EPSILON = 1e-9  # 99.9 written in a file is 0.9989999999999999 as a fraction
# Below the multi-zone/region tier (99.99%), redundancy within one region is the design,
# not a flaw: sharing a region or a provider is reported only from that tier on.
BROAD_DOMAINS = frozenset({"region", "provider"})


@dataclass(frozen=True)
class Tier:
    """A band of objectives, from ``threshold`` up, and what it asks of the design."""

    name: str
    threshold: float
    band: str
    asks: str
    recovery_suffices: bool = False
    zones_and_regions: bool = False

    @property
    def label(self) -> str:
        """``redundancy (99.9%+)``."""
        return f"{self.name} ({self.band})"


TIERS: tuple[Tier, ...] = (
    Tier(
        "recovery",
        0.0,
        "< 99.9%",
        "quick recovery suffices: a single point of failure within a region that recovers "
        "by itself (a restart policy, backups with a restore time, or replication) is a "
        "warning, one that does not is an error",
        recovery_suffices=True,
    ),
    Tier(
        "redundancy",
        0.999,
        "99.9%+",
        "every single point of failure within a region is an error, and redundancy is the "
        "remedy: replicas on separate hosts behind a health-checked load balancer",
    ),
    Tier(
        "multi-zone/region",
        0.9999,
        "99.99%+",
        "every single point of failure is an error, and so is depending on a single zone "
        "or a single region: spread replicas over zones and deploy to a second region",
        zones_and_regions=True,
    ),
)
DEFAULT_TIER = TIERS[1]  # no objective: single points of failure within a region stay errors


def tier_of(objective: float | None) -> Tier:
    """The tier of an objective (a fraction); the default tier when there is none."""
    if objective is None:
        return DEFAULT_TIER
    return [t for t in TIERS if objective >= t.threshold - EPSILON][-1]


def strictest(objectives: Iterable[float | None]) -> Tier:
    """The strictest tier among some objectives (the default tier for none at all)."""
    # each distinct objective once: a file with a thousand entrypoints has few of them
    tiers = [tier_of(objective) for objective in set(objectives)] or [DEFAULT_TIER]
    return max(tiers, key=TIERS.index)


def system_tier(arch: Architecture) -> Tier:
    """The strictest tier among the objectives of every entrypoint (asked for by the
    SHARED-FATE rule for every shared fate: from the distinct objectives, kept)."""
    return strictest(arch.distinct_objectives)


def has_recovery(comp: Component) -> bool:
    """A restart policy other than ``no``, backups with a restore time, or replication;
    a managed service recovers by its provider's hand."""
    if comp.managed or comp.restart not in (None, "no"):
        return True
    data = comp.data
    if data is None:
        return False
    restorable = bool(data.backups) and data.restore_time_hours is not None
    return restorable or data.replication in ("async", "sync")


def spof_severity(tier: Tier, comp: Component) -> Severity:
    """A warning for a region or provider below the multi-zone/region tier, and where the
    tier lets quick recovery suffice and ``comp`` has it; else an error."""
    if comp.kind in BROAD_DOMAINS and not tier.zones_and_regions:
        return "warning"
    return "warning" if tier.recovery_suffices and has_recovery(comp) else "error"
