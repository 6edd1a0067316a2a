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
