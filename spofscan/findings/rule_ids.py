"""The stable ids of every rule, shared by the loader (accepted risks) and the rule catalog."""

from __future__ import annotations

RULE_IDS: tuple[str, ...] = (
    "SPOF",
    "SHARED-FATE",
    "SLO",
    "CYCLE",
    "UNREACHABLE",
    "EXPIRED-RISK",
    "NO-HEALTH-CHECK",
    "NO-RESTART",
    "SINGLE-REGION",
    "NO-BACKUP",
    "BACKUP-SHARED-FATE",
    "BACKUP-3-2-1",
    "RPO",
    "RTO",
    "DEPENDENCY-NINES",
    "EXTERNAL-SPOF",
    "COMMON-CAUSE",
    "NO-SPARE-CAPACITY",
    "MANUAL-FAILOVER",
    "UNUSED-PLACEMENT",
)

SPOF_RULES: frozenset[str] = frozenset({"SPOF", "EXTERNAL-SPOF", "NO-SPARE-CAPACITY"})
"""The rules that report a single point of failure, one finding each: EXTERNAL-SPOF for
a component of kind ``external`` or a managed service, NO-SPARE-CAPACITY for one sized
by its peak load with no spare, SPOF for every other. An accepted risk naming either
covers the component's finding, whichever rule reports it."""
