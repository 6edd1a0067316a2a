"""The rule catalog describes every rule, its examples behave, and its docs are current."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT, TODAY

from spofscan import cli
from spofscan.analysis.analyse import analyse
from spofscan.errors import UsageError
from spofscan.findings import rule_docs
from spofscan.findings.catalog import RULES, find_rule
from spofscan.findings.detect import detect
from spofscan.findings.rule_ids import RULE_IDS
from spofscan.loading import load_architecture_text


def rules_found(text: str, file: str) -> set[str]:
    arch = load_architecture_text(text, file)
    return {f.rule for f in detect(arch, analyse(arch), TODAY)}


def test_the_catalog_has_every_rule_in_order() -> None:
    assert tuple(RULES) == RULE_IDS


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_describes_itself(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert rule.title and rule.why and rule.remediation["default"]
    assert rule.severity in ("error", "warning", "info")
    assert rule.failing.startswith("spofscan: 1") and rule.passing.startswith("spofscan: 1")


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_catalog_examples_fail_and_pass(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert rule_id in rules_found(rule.failing, f"{rule_id}-failing.yaml")
    assert rule_id not in rules_found(rule.passing, f"{rule_id}-passing.yaml")


def test_docs_rules_md_is_generated_from_the_catalog() -> None:
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rule_docs.markdown(), "docs/rules.md is stale: run `make rules-doc`"


def test_rule_docs_main_writes_the_page(tmp_path: Path) -> None:
    target = tmp_path / "rules.md"
    assert rule_docs.main([str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert all(f"## {rule_id}\n" in text for rule_id in RULE_IDS)


def test_find_rule_ignores_case_and_hints_at_a_close_id() -> None:
    assert find_rule("backup-3-2-1").id == "BACKUP-3-2-1"
    with pytest.raises(UsageError, match="did you mean 'NO-BACKUP'"):
        find_rule("NO-BAKUP")
    with pytest.raises(UsageError, match="the rules are SPOF, SHARED-FATE"):
        find_rule("zzz")


def explain(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["spofscan", "explain", *args])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_explain_prints_the_rule(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = explain(monkeypatch, capsys, "MANUAL-FAILOVER")
    rule = RULES["MANUAL-FAILOVER"]
    assert code == 0
    assert out.startswith("MANUAL-FAILOVER: Failover waits for a human (default severity: warning)")
    assert "Remediation:" in out and "failover: manual" in out and "failover: automatic" in out
    assert rule.why.split()[0] in out


def test_explain_without_a_rule_lists_them_all(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = explain(monkeypatch, capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert [line.split()[:2] for line in lines] == [[r.id, r.severity] for r in RULES.values()]
    assert all(line.endswith(f"  {r.title}") for line, r in zip(lines, RULES.values(), strict=True))


def test_explain_an_unknown_rule_exits_2_with_a_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = explain(monkeypatch, capsys, "RTOO")
    assert (code, out) == (2, "")
    assert "no rule 'RTOO': did you mean 'RTO'?" in err and "Traceback" not in err
