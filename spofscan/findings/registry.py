"""The rule registry: each rule id of the catalog, and the one function that finds its findings.

Every rule function has one signature, :data:`~spofscan.findings.finding.RuleFunction`:
a :class:`~spofscan.findings.finding.RuleContext` (the architecture, its analysis, the
day) in, that rule's findings out, in any order (``detect`` sorts them). A function is
named after its rule and lives in the module of what the rule judges:

- ``analysis_rules``: read straight from the analysis (SPOF, SHARED-FATE, SLO, CYCLE,
  UNREACHABLE);
- ``config_rules``: how a component is configured (health checks, restarts, externals);
- ``placement_rules``: where a component's instances run (runs_on);
- ``objective_rules``: dependencies weighed against the availability objectives;
- ``data_rules``: backups and failover of stateful components;
- ``recovery_rules``: the recovery objectives (RPO, RTO);
- ``risk_rules``: the file's accepted risks.

A new rule: describe it in ``rules.yaml``; add its id to ``rule_ids.py`` and to the
``accepted_risk`` enum of both copies of the schema (``schemas/`` and the one shipped in
the package); write its function in the module above that fits (or a new ``*_rules.py``
when none does); register it below, in catalog order; add ``tests/cases/rules/<ID>/``;
run ``make rules-doc``, and regenerate the SARIF golden files, whose driver lists every
rule (``SPOFSCAN_UPDATE_GOLDEN=1 pytest tests/ci/test_golden.py -k sarif``).
``tests/findings/test_registry.py`` proves that the registry and the catalog agree.
"""

from __future__ import annotations

from collections.abc import Mapping

from spofscan.findings import (
    analysis_rules,
    config_rules,
    data_rules,
    objective_rules,
    placement_rules,
    recovery_rules,
    risk_rules,
)
from spofscan.findings.finding import RuleFunction

RULE_FUNCTIONS: Mapping[str, RuleFunction] = {
    "SPOF": analysis_rules.spof,
    "SHARED-FATE": analysis_rules.shared_fate,
    "SLO": analysis_rules.slo,
    "CYCLE": analysis_rules.cycle,
    "UNREACHABLE": analysis_rules.unreachable,
    "EXPIRED-RISK": risk_rules.expired_risk,
    "NO-HEALTH-CHECK": config_rules.no_health_check,
    "NO-RESTART": config_rules.no_restart,
    "SINGLE-REGION": objective_rules.single_region,
    "NO-BACKUP": data_rules.no_backup,
    "BACKUP-SHARED-FATE": data_rules.backup_shared_fate,
    "BACKUP-3-2-1": data_rules.backup_3_2_1,
    "RPO": recovery_rules.rpo,
    "RTO": recovery_rules.rto,
    "DEPENDENCY-NINES": objective_rules.dependency_nines,
    "EXTERNAL-SPOF": config_rules.external_spof,
    "COMMON-CAUSE": analysis_rules.common_cause,
    "NO-SPARE-CAPACITY": analysis_rules.no_spare_capacity,
    "MANUAL-FAILOVER": data_rules.manual_failover,
    "UNUSED-PLACEMENT": placement_rules.unused_placement,
}
