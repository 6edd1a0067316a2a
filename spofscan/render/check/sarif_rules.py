"""The SARIF ``tool.driver``: spofscan and every rule of its catalog, as code scanning
shows them (title, why, the remediation in Markdown, default level, tags)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spofscan import __version__
from spofscan.findings.catalog import RULES, Rule

INFORMATION_URI = "https://pypi.org/project/spofscan/"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
CATEGORIES = {
    "SLO": "availability",
    "DEPENDENCY-NINES": "availability",
    "NO-BACKUP": "data",
    "BACKUP-SHARED-FATE": "data",
    "BACKUP-3-2-1": "data",
    "RPO": "data",
    "RTO": "data",
    "MANUAL-FAILOVER": "data",
    "NO-HEALTH-CHECK": "operations",
    "NO-RESTART": "operations",
    "EXPIRED-RISK": "policy",
}


def driver_document(rules: Iterable[Rule] = RULES.values()) -> dict[str, Any]:
    """``tool.driver``: name, version, information URI and the rules, in catalog order."""
    return {
        "name": "spofscan",
        "semanticVersion": __version__,
        "version": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [rule_document(rule) for rule in rules],
    }


def rule_document(rule: Rule) -> dict[str, Any]:
    """One ``reportingDescriptor``."""
    return {
        "id": rule.id,
        "name": rule_name(rule.title),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.why},
        "help": {"text": help_text(rule), "markdown": help_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": ["reliability", CATEGORIES.get(rule.id, "architecture")],
            "precision": "very-high",
        },
    }


def rule_name(title: str) -> str:
    """A rule's title in PascalCase, as SARIF names rules.

    >>> rule_name("Single point of failure"), rule_name("Backups not by the 3-2-1 rule")
    ('SinglePointOfFailure', 'BackupsNotByThe321Rule')
    """
    words = "".join(c if c.isalnum() else " " for c in title).split()
    return "".join(word[:1].upper() + word[1:] for word in words)


def help_text(rule: Rule) -> str:
    """The plain-text help: why it matters, then the default remediation."""
    return f"{rule.why}\n\nRemediation: {rule.remediation['default']}"


def help_markdown(rule: Rule) -> str:
    """The Markdown help: why, the remediation by kind, and the example that triggers it."""
    kinds = [(k, v) for k, v in rule.remediation.items() if k != "default"]
    lines = [f"- {rule.remediation['default']}", *(f"- **{k}**: {v}" for k, v in kinds)]
    parts = [f"**{rule.title}**", rule.why, "**Remediation**", "\n".join(lines)]
    if rule.failing:
        parts += ["**Triggers the rule**", f"```yaml\n{rule.failing.rstrip()}\n```"]
    return "\n\n".join(parts)
