"""Baselines: the findings a project already knows about, so that CI fails only on new ones.

A baseline file is a small JSON document, sorted and free of timestamps so that it diffs
well, holding one entry per finding: its rule, its component and its fingerprint (by rule
and component, never by line: see :mod:`spofscan.findings.fingerprint`).

>>> from spofscan.errors import Location
>>> found = Finding("SPOF", "error", "db", "m", "r", Location("a.yaml", 3, 3))
>>> known = parse_baseline(baseline_text([found]), "baseline.json")
>>> known.holds(found), len(known)
(True, 1)
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spofscan.errors import Location, input_error
from spofscan.findings.finding import Finding
from spofscan.findings.fingerprint import fingerprint
from spofscan.json_text import pretty
from spofscan.loading.yaml_source import read_text

BASELINE_FORMAT = "spofscan-baseline/1"


@dataclass(frozen=True)
class Baseline:
    """The fingerprints of the findings a baseline file holds."""

    fingerprints: frozenset[str]

    def holds(self, finding: Finding) -> bool:
        """Whether ``finding`` was already known when the baseline was written."""
        return fingerprint(finding) in self.fingerprints

    def __len__(self) -> int:
        return len(self.fingerprints)


def baseline_document(findings: Iterable[Finding]) -> dict[str, Any]:
    """The baseline of ``findings``: one entry per rule and component, sorted."""
    entries = {
        fingerprint(f): {"rule": f.rule, "component": f.component, "fingerprint": fingerprint(f)}
        for f in findings
    }
    ordered = sorted(entries.values(), key=lambda e: (e["rule"], e["component"]))
    return {"format": BASELINE_FORMAT, "findings": ordered}


def baseline_text(findings: Iterable[Finding]) -> str:
    """The baseline file's text."""
    return pretty(baseline_document(findings))


def read_baseline(path: str) -> Baseline:
    """Read a baseline file; a located input error when it is not one."""
    if os.path.isdir(path):
        raise input_error(Location(path), "is a directory, not a baseline file")
    return parse_baseline(read_text(path, path), path)


def parse_baseline(text: str, file: str) -> Baseline:
    """Parse a baseline file's text."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        where = Location(file, err.lineno, err.colno)
        raise input_error(where, f"not a baseline file: invalid JSON ({err.msg})") from None
    except RecursionError:
        raise input_error(Location(file), "not a baseline file: nested too deeply") from None
    if not isinstance(document, dict) or document.get("format") != BASELINE_FORMAT:
        message = f'not a baseline file: expected "format": "{BASELINE_FORMAT}"'
        raise input_error(Location(file), message, "write one with --update-baseline")
    return Baseline(frozenset(_fingerprints(document.get("findings"), file)))


def _fingerprints(entries: object, file: str) -> list[str]:
    if not isinstance(entries, list):
        raise input_error(Location(file), 'a baseline needs a "findings" list')
    found = [e.get("fingerprint") for e in entries if isinstance(e, dict)]
    if len(found) != len(entries) or not all(isinstance(f, str) and f for f in found):
        raise input_error(Location(file), 'every baseline entry needs a "fingerprint" string')
    return [str(f) for f in found]
