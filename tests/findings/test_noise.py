"""One finding per problem (issue 13, part 4): each wrong answer a user saw, held right."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from spofscan import pipeline
from spofscan.analysis.analyse import analyse
from spofscan.findings.detect import detect
from spofscan.findings.finding import Finding, fails
from spofscan.loading import load_architecture_text
from spofscan.render.check import sarif

TODAY = dt.date(2026, 11, 25)


def findings_of(text: str) -> list[Finding]:
    arch = load_architecture_text(text, "t.yaml")
    return detect(arch, analyse(arch), TODAY)


def rules_on(findings: list[Finding], component: str) -> list[str]:
    return sorted(f.rule for f in findings if f.component == component)


# --- an external SPOF is one finding, waived by one accepted risk -------------------

PAYMENTS = """\
spofscan: 1
name: one payment provider
components:
  api: {kind: container, restart: always, replicas: 2, depends_on: [payments]}
  payments: {kind: external, availability: 99.95}
"""


def test_an_external_spof_is_reported_once() -> None:
    assert rules_on(findings_of(PAYMENTS), "payments") == ["EXTERNAL-SPOF"]


def test_one_accepted_risk_waives_an_external_spof() -> None:
    for rule in ("EXTERNAL-SPOF", "SPOF"):
        waiver = f"accepted_risks:\n  - {{component: payments, rule: {rule}, reason: r}}\n"
        found = findings_of(PAYMENTS + waiver)
        assert [f.accepted for f in found if f.component == "payments"] == [True], rule
        assert not any(fails(f, "error") for f in found), rule


def test_sarif_names_the_waiver_that_covers_an_external_spof(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        PAYMENTS + "accepted_risks:\n  - {component: payments, rule: SPOF, reason: r}\n"
    )
    log = sarif.sarif_document(pipeline.check(path, today=TODAY))
    (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "EXTERNAL-SPOF"]
    assert [s["justification"] for s in result["suppressions"]] == ["r"]
