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
    "MANUAL-FAILOVER",
    "UNUSED-PLACEMENT",
)

SPOF_RULES: frozenset[str] = frozenset({"SPOF", "EXTERNAL-SPOF"})
"""The rules that report a single point of failure, one finding each: EXTERNAL-SPOF for
a component of kind ``external``, SPOF for every other. An accepted risk naming either
covers the component's finding, whichever rule reports it."""
