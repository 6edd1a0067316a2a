"""The rule catalog as words: ``spofscan explain [RULE]`` and the generated docs/rules.md.

Run ``python -m spofscan.findings.rule_docs`` (or ``make rules-doc``) after changing
``rules.yaml``; a test fails while docs/rules.md is stale.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path

from spofscan.atomic_write import write_atomically
from spofscan.findings.catalog import RULES, Rule

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
WIDTH = 88

INTRO = """\
# Rules

<!-- Generated from spofscan/findings/rules.yaml by `make rules-doc`; do not edit. -->

Every finding spofscan reports comes from one of these rules. Each has a stable id (use
it in `accepted_risks`), a default severity, the reason it matters, a remediation (more
specific for some kinds of component), and two small architectures: one that triggers
the rule and one that does not. `spofscan explain RULE` prints the same on the terminal.
`check` fails on an unaccepted `error` (or at the severity `--fail-on` names). The
severity of `SPOF`, `EXTERNAL-SPOF` and `SINGLE-REGION` depends on the availability
tier of the objectives ([remediation.md](remediation.md#availability-tiers)).

| rule | default severity | title |
| --- | --- | --- |
"""


def explain_text(rule: Rule) -> str:
    """The rule for the terminal: title, severity, why, remediation, both examples."""
    parts = [
        f"{rule.id}: {rule.title} (default severity: {rule.severity})",
        *([_wrap(f"Severity by tier: {rule.tiers}")] if rule.tiers else []),
        _wrap(rule.why),
        "Remediation:",
        *(_wrap(f"{kind}: {text}", indent="  ") for kind, text in _remediations(rule)),
        "Triggers the rule:",
        textwrap.indent(rule.failing.rstrip(), "    "),
        "Does not trigger it:",
        textwrap.indent(rule.passing.rstrip(), "    "),
    ]
    return "\n\n".join(parts) + "\n"


def rule_list_text(rules: Iterable[Rule] = RULES.values()) -> str:
    """Every rule for the terminal, one a line: id, default severity and title, aligned.

    >>> print(rule_list_text([RULES["SPOF"], RULES["RTO"]]), end="")
    SPOF  error    Single point of failure
    RTO   error    Recovery time objective not met
    """
    listed = list(rules)
    width = max((len(r.id) for r in listed), default=0)
    return "".join(f"{r.id:<{width}}  {r.severity:<7}  {r.title}\n" for r in listed)


def markdown(rules: Iterable[Rule] = RULES.values()) -> str:
    """docs/rules.md: a table of the rules, then one section per rule."""
    listed = list(rules)
    table = "".join(
        f"| [`{r.id}`](#{_anchor(r.id)}) | {r.severity} | {r.title} |\n" for r in listed
    )
    return INTRO + table + "".join(_section(r) for r in listed)


def _section(rule: Rule) -> str:
    remedies = "".join(
        f"- {'**' + kind + '**: ' if kind != 'default' else ''}{text}\n"
        for kind, text in _remediations(rule)
    )
    return (
        f"\n## {rule.id}\n\n**{rule.title}** · default severity: `{rule.severity}`\n\n"
        f"{_tiers(rule)}{_wrap(rule.why)}\n\n### Remediation\n\n{remedies}\n"
        f"### Triggers the rule\n\n```yaml\n{rule.failing.rstrip()}\n```\n\n"
        f"### Does not trigger it\n\n```yaml\n{rule.passing.rstrip()}\n```\n"
    )


def _tiers(rule: Rule) -> str:
    return _wrap(f"*Severity by tier:* {rule.tiers}") + "\n\n" if rule.tiers else ""


def _remediations(rule: Rule) -> list[tuple[str, str]]:
    """The default remediation first, then the kind-specific ones."""
    others = [(k, v) for k, v in rule.remediation.items() if k != "default"]
    return [("default", rule.remediation["default"]), *others]


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def _anchor(rule_id: str) -> str:
    return rule_id.lower()


def main(argv: list[str] | None = None) -> int:
    """Write docs/rules.md (or the path given as the only argument)."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DOC_PATH
    write_atomically(path, markdown())
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
