"""Stable fingerprints of findings: by rule and component, never by line.

A finding keeps its fingerprint when lines move, when its message is reworded or when
its severity changes with the tier, so baselines, SARIF ``partialFingerprints``, GitLab
Code Quality and ``spofscan diff`` all recognise the same problem across commits.

>>> from spofscan.errors import Location
>>> a = Finding("SPOF", "error", "db", "m", "r", Location("a.yaml", 3, 5))
>>> b = Finding("SPOF", "warning", "db", "other", "r", Location("a.yaml", 40, 1))
>>> fingerprint(a) == fingerprint(b)
True
>>> fingerprint(a)
'f6da1fc5962a74b9'
"""

from __future__ import annotations

import hashlib

from spofscan.findings.finding import Finding

FINGERPRINT_VERSION = "spofscan/v1"


def finding_key(finding: Finding) -> tuple[str, str]:
    """What identifies a finding across versions of a file: its rule and its component."""
    return (finding.rule, finding.component)


def fingerprint(finding: Finding) -> str:
    """A 16-hex-digit digest of the finding's rule and component."""
    rule, component = finding_key(finding)
    digest = hashlib.sha256(f"{FINGERPRINT_VERSION}\0{rule}\0{component}".encode())
    return digest.hexdigest()[:16]
