"""GitLab Code Quality JSON: a pure function from report to text.

One issue per finding, with the fields GitLab's merge-request widget reads: a
description, the rule as ``check_name``, a fingerprint by rule and component (so that
moved lines do not make a finding new), a severity and the file and line. Accepted
risks stay in the report, at severity ``info`` and marked as accepted.
"""

from __future__ import annotations

from typing import Any

from spofscan.findings.finding import Finding
from spofscan.findings.fingerprint import fingerprint
from spofscan.json_text import pretty
from spofscan.render.terminal import PLAIN, Terminal
from spofscan.report.check import CheckReport

SEVERITIES = {"error": "critical", "warning": "major", "info": "minor"}
ACCEPTED_SEVERITY = "info"


def render_gitlab(report: CheckReport, terminal: Terminal = PLAIN) -> str:
    """``check --format gitlab``."""
    issues = [issue_document(report, f) for f in report.findings]
    return pretty(issues)


def issue_document(report: CheckReport, finding: Finding) -> dict[str, Any]:
    """One Code Quality issue."""
    accepted = " [accepted risk]" if finding.accepted else ""
    return {
        "type": "issue",
        "description": f"{finding.message} ({finding.rule}){accepted}",
        "check_name": finding.rule,
        "fingerprint": fingerprint(finding),
        "severity": ACCEPTED_SEVERITY if finding.accepted else SEVERITIES[finding.severity],
        "categories": ["Bug Risk"],
        "content": {"body": finding.remediation},
        "location": {"path": report.source, "lines": {"begin": finding.location.line}},
    }
