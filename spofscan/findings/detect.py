"""Turn an analysis into findings: run every registered rule, then apply accepted risks.

The rules themselves, and where a new one goes, are in :mod:`spofscan.findings.registry`.
"""

from __future__ import annotations

import datetime as dt

from spofscan.analysis.results import Analysis
from spofscan.findings.finding import Finding, RuleContext, apply_accepted_risks
from spofscan.findings.registry import RULE_FUNCTIONS
from spofscan.model.architecture import Architecture


def detect(arch: Architecture, analysis: Analysis, today: dt.date) -> list[Finding]:
    """Every finding of every rule, accepted risks applied, sorted."""
    context = RuleContext(arch, analysis, today)
    findings = [f for find in RULE_FUNCTIONS.values() for f in find(context)]
    return apply_accepted_risks(arch, findings, today)
