"""The rule catalog, read from ``rules.yaml`` beside this module: rules describe themselves.

>>> RULES["SPOF"].severity
'error'
>>> "replica" in RULES["SPOF"].remediation_for("database")
True
>>> find_rule("no-backup").id
'NO-BACKUP'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Literal, cast

import yaml

from spofscan.errors import UsageError
from spofscan.suggest import did_you_mean

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: Mapping[str, int] = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Rule:
    """One kind of finding: stable id, title, default severity, why, remediation by kind,
    and two small architectures: one that triggers the rule (``failing``), one that does not.
    ``tiers`` says how the availability tier sets the severity, for rules where it does.
    """

    id: str
    title: str
    severity: Severity
    why: str
    remediation: Mapping[str, str]
    failing: str = ""
    passing: str = ""
    tiers: str = ""

    def remediation_for(self, kind: str) -> str:
        """The remediation text for a component of ``kind``."""
        return self.remediation.get(kind, self.remediation["default"])


def find_rule(rule_id: str) -> Rule:
    """The rule ``rule_id`` (any case); a usage error with a hint when there is none."""
    rule = RULES.get(rule_id.upper())
    if rule is not None:
        return rule
    hint = did_you_mean(rule_id.upper(), RULES) or f"the rules are {', '.join(RULES)}"
    raise UsageError(f"no rule '{rule_id}': {hint}")


def _load() -> dict[str, Rule]:
    text = resources.files("spofscan.findings").joinpath("rules.yaml").read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's: 15 ms less start-up
    data = cast(dict[str, dict[str, object]], yaml.load(text, Loader=loader))
    return {
        rule_id: Rule(
            id=rule_id,
            title=str(entry["title"]),
            severity=cast(Severity, entry["severity"]),
            why=str(entry["why"]),
            remediation=cast(dict[str, str], entry["remediation"]),
            failing=str(entry.get("failing", "")),
            passing=str(entry.get("passing", "")),
            tiers=str(entry.get("tiers", "")),
        )
        for rule_id, entry in data.items()
    }


RULES: Mapping[str, Rule] = _load()
