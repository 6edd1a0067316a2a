"""SARIF 2.1.0, as GitHub code scanning reads it: a pure function from report to text.

Each finding is a result at its line of the YAML file (a URI relative to the
repository's root, 1-based line and column), with a logical location naming the
component and a partial fingerprint by rule and component, so that alerts survive
moved lines. Accepted risks are suppressions, justified by their reason; with a
baseline, each result says whether it is ``new`` or ``unchanged``.

A run holds ``MAX_RESULTS`` results at most, the number past which code scanning
rejects the whole file ("Analysis SARIF file rejected due to result limits"): the stacks
of 100,000 components have 174,196 findings. Of more, the results kept are those that
fail the run, then the most severe, then those the baseline does not hold, in the
report's order; the run's invocation says how many were left out, and so does its
``resultsLeftOut`` property (the JSON report lists every finding).
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote

from spofscan.errors import Location
from spofscan.findings.catalog import RULES, SEVERITY_RANK
from spofscan.findings.finding import Finding, waived_as, waivers
from spofscan.findings.fingerprint import FINGERPRINT_VERSION, fingerprint
from spofscan.json_text import pretty
from spofscan.model.architecture import AcceptedRisk
from spofscan.render.check.sarif_rules import LEVELS, driver_document
from spofscan.render.terminal import PLAIN, Terminal
from spofscan.report.check import CheckReport

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
RULE_INDEX = {rule_id: index for index, rule_id in enumerate(RULES)}
MAX_RESULTS = 25_000  # results in a run that GitHub code scanning accepts


def render_sarif(report: CheckReport, terminal: Terminal = PLAIN) -> str:
    """``check --format sarif``."""
    return pretty(sarif_document(report))


def sarif_document(report: CheckReport) -> dict[str, Any]:
    """The SARIF log: one run of spofscan over one architecture file."""
    waived = waivers(
        r for r in report.architecture.accepted_risks if not r.is_expired(report.today)
    )
    kept = _kept(report)
    left_out = len(report.findings) - len(kept)
    run: dict[str, Any] = {
        "tool": {"driver": driver_document()},
        "originalUriBaseIds": {SRCROOT: {"description": {"text": "The repository's root."}}},
        "columnKind": "unicodeCodePoints",
        "results": [result_document(report, f, waived) for f in kept],
        "properties": {
            "passed": report.passed,
            "failOn": report.fail_on.value,
            "baselined": len(report.baselined),
            **({"resultsLeftOut": left_out} if left_out else {}),
        },
    }
    if left_out:
        run["invocations"] = [_left_out_invocation(len(report.findings), left_out)]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _kept(report: CheckReport) -> list[Finding]:
    """The findings that are results: all of them, or the ``MAX_RESULTS`` that fail the
    run, then are the most severe, then are new, in the report's order."""
    findings = report.findings
    if len(findings) <= MAX_RESULTS:
        return list(findings)

    def rank(index: int) -> tuple[bool, int, bool, int]:
        f = findings[index]
        return (not report.is_failing(f), -SEVERITY_RANK[f.severity], report.in_baseline(f), index)

    chosen = sorted(sorted(range(len(findings)), key=rank)[:MAX_RESULTS])
    return [findings[index] for index in chosen]


def _left_out_invocation(found: int, left_out: int) -> dict[str, Any]:
    """A successful invocation whose warning says how many findings are not results."""
    text = (
        f"{left_out:,} of {found:,} findings are left out: code scanning accepts "
        f"{MAX_RESULTS:,} results a run. The JSON report (--format json) lists every one."
    )
    return {
        "executionSuccessful": True,
        "toolExecutionNotifications": [{"level": "warning", "message": {"text": text}}],
    }


def result_document(
    report: CheckReport, finding: Finding, waived: dict[tuple[str, str], list[AcceptedRisk]]
) -> dict[str, Any]:
    """One result: rule, level, message, where, and how to recognise it across runs;
    ``waived``: the file's unexpired accepted risks by what they waive
    (:func:`~spofscan.findings.finding.waivers`)."""
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": RULE_INDEX[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": f"{finding.message}. Remediation: {finding.remediation}"},
        "locations": [_location(report, finding)],
        "partialFingerprints": {FINGERPRINT_VERSION: fingerprint(finding)},
        "properties": {"component": finding.component, "severity": finding.severity},
    }
    if finding.accepted:
        result["suppressions"] = _suppressions(report, waived.get(waived_as(finding), []))
    if report.baseline is not None:
        result["baselineState"] = "unchanged" if report.in_baseline(finding) else "new"
    return result


def _location(report: CheckReport, finding: Finding) -> dict[str, Any]:
    kind = "journeys" if finding.component in report.architecture.journeys else "components"
    return {
        **_physical(report, finding.location),
        "logicalLocations": [
            {
                "name": finding.component,
                "fullyQualifiedName": f"{kind}.{finding.component}",
                "kind": "resource",
            }
        ],
    }


def _physical(report: CheckReport, where: Location) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(os.fsencode(report.source)), "uriBaseId": SRCROOT},
            "region": {"startLine": where.line, "startColumn": where.column},
        }
    }


def _suppressions(report: CheckReport, risks: list[AcceptedRisk]) -> list[dict[str, Any]]:
    """The accepted risks that cover a finding: suppressions in the file itself."""
    return [
        {
            "kind": "inSource",
            "status": "accepted",
            "justification": risk.reason,
            "location": _physical(report, risk.location),
            **({"properties": {"expires": risk.expires.isoformat()}} if risk.expires else {}),
        }
        for risk in risks
    ]
