"""JUnit XML for CI dashboards: a pure function from report to text.

Two suites: ``findings``, one test case per finding (rule and component), a failure
when it fails the run, skipped when an accepted risk or the baseline holds it, passed
(with its message on ``system-out``) below the ``--fail-on`` threshold; and
``objectives``, one test case per entrypoint's SLO, which stands for its SLO finding.
The failures are exactly what makes ``check`` exit 1. No timestamps, no host names,
no durations: the same file gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from spofscan.analysis.results import EntrypointResult
from spofscan.findings.finding import Finding
from spofscan.render.terminal import PLAIN, Terminal
from spofscan.report.check import CheckReport
from spofscan.report.options import FailOn
from spofscan.units import percent

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def render_junit(report: CheckReport, terminal: Terminal = PLAIN) -> str:
    """``check --format junit``."""
    root = ET.Element("testsuites", name=f"spofscan: {report.architecture.name}")
    suites = [_findings_suite(report), _objectives_suite(report)]
    root.extend(suites)
    _count(root, suites)
    ET.indent(root)
    return XML_DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def _findings_suite(report: CheckReport) -> ET.Element:
    suite = ET.Element("testsuite", name="findings")
    suite.extend(_finding_case(report, f) for f in report.findings if f.rule != "SLO")
    return suite


def _finding_case(report: CheckReport, finding: Finding) -> ET.Element:
    case = ET.Element(
        "testcase",
        classname=f"spofscan.{finding.rule}",
        name=finding.component,
        file=report.source,
        line=str(finding.location.line),
    )
    text = f"{report.source}:{finding.location.line}:{finding.location.column}: {finding.message}"
    if report.is_failing(finding):
        failure = ET.SubElement(case, "failure", message=finding.message, type=finding.severity)
        failure.text = f"{text}\nRemediation: {finding.remediation}"
    elif finding.accepted:
        ET.SubElement(case, "skipped", message=f"accepted risk: {finding.message}")
    elif report.in_baseline(finding):
        ET.SubElement(case, "skipped", message=f"in the baseline: {finding.message}")
    else:
        ET.SubElement(case, "system-out").text = f"{finding.severity}: {text}"
    return case


def _objectives_suite(report: CheckReport) -> ET.Element:
    suite = ET.Element("testsuite", name="objectives")
    gating = frozenset(report.gating_misses) if report.fail_on is not FailOn.never else frozenset()
    suite.extend(_objective_case(report, e, gating) for e in report.analysis.entrypoints)
    return suite


def _objective_case(
    report: CheckReport, entry: EntrypointResult, gating: frozenset[str]
) -> ET.Element:
    case = ET.Element("testcase", classname="spofscan.SLO", name=entry.name, file=report.source)
    value = percent(entry.availability.value)
    if entry.slo is None:
        ET.SubElement(case, "skipped", message=f"no objective; availability {value}")
    elif entry.name in gating:
        message = f"availability {value} is below the objective {percent(entry.slo)}"
        ET.SubElement(case, "failure", message=message, type="error").text = message
    else:
        met = "meets" if entry.slo_met else "misses (not gating)"
        ET.SubElement(case, "system-out").text = f"availability {value} {met} {percent(entry.slo)}"
    return case


def _count(root: ET.Element, suites: list[ET.Element]) -> None:
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in suites:
        counts = {
            "tests": len(suite.findall("testcase")),
            "failures": len(suite.findall("testcase/failure")),
            "errors": 0,
            "skipped": len(suite.findall("testcase/skipped")),
        }
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
