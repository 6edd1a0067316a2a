"""GitHub Actions workflow commands: one annotation per finding on its YAML line, then
the verdict. A pure function from report to text.

Values are escaped as the runner reads them: ``%``, carriage returns and newlines in
messages; also ``:`` and ``,`` in properties (file, title).
"""

from __future__ import annotations

from spofscan.findings.catalog import RULES
from spofscan.findings.finding import Finding
from spofscan.render.check.verdict import verdict_line
from spofscan.render.terminal import PLAIN, Terminal
from spofscan.report.check import CheckReport

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render_github(report: CheckReport, terminal: Terminal = PLAIN) -> str:
    """``check --format github``."""
    lines = [annotation(report, f) for f in report.findings]
    return "".join(f"{line}\n" for line in [*lines, f"spofscan: {verdict_line(report)}"])


def annotation(report: CheckReport, finding: Finding) -> str:
    """``::error file=...,line=...,col=...,title=...::message``.

    Accepted and baselined findings are notices, since they do not fail the run.
    """
    held = _held(report, finding)
    command = "notice" if held else COMMANDS[finding.severity]
    where = finding.location
    properties = {
        "file": report.source,
        "line": str(where.line),
        "col": str(where.column),
        "title": f"{finding.rule}: {RULES[finding.rule].title} ({finding.component})",
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = f"{finding.message}{held}\n{finding.remediation}"
    return f"::{command} {joined}::{escape_data(message)}"


def _held(report: CheckReport, finding: Finding) -> str:
    if finding.accepted:
        return " [accepted risk]"
    return " [in baseline]" if report.in_baseline(finding) else ""


def escape_data(value: str) -> str:
    """Escape a command's message.

    >>> escape_data("100%\\r\\ndown")
    '100%25%0D%0Adown'
    """
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property's value: the message's escapes, then ``:`` and ``,``.

    >>> escape_property("a,b: c%")
    'a%2Cb%3A c%25'
    """
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")
