"""tests/cases/rules/<RULE>/: each rule fires on fail.yaml, where its comments say, and
stays silent on pass.yaml.

A fail case carries one ``# expect: LINE COMPONENT`` comment per finding of its rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CASES, TODAY

from spofscan.analysis.analyse import analyse
from spofscan.findings.detect import detect
from spofscan.findings.rule_ids import RULE_IDS
from spofscan.loading import load_architecture_text

RULE_CASES = CASES / "rules"
EXPECT = "# expect: "


def _found(path: Path, rule: str) -> list[tuple[int, str]]:
    arch = load_architecture_text(path.read_text(encoding="utf-8"), str(path))
    findings = detect(arch, analyse(arch), TODAY)
    return sorted((f.location.line, f.component) for f in findings if f.rule == rule)


def _expected(path: Path) -> list[tuple[int, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    pairs = [line.removeprefix(EXPECT).split() for line in lines if line.startswith(EXPECT)]
    return sorted((int(line), component) for line, component in pairs)


def test_every_rule_has_its_cases() -> None:
    assert sorted(p.name for p in RULE_CASES.iterdir()) == sorted(RULE_IDS)


@pytest.mark.parametrize("rule", RULE_IDS)
def test_rule_fires_on_fail_and_not_on_pass(rule: str) -> None:
    fail, passing = RULE_CASES / rule / "fail.yaml", RULE_CASES / rule / "pass.yaml"
    assert _expected(fail), f"{fail} has no '# expect: LINE COMPONENT' comment"
    assert _found(fail, rule) == _expected(fail)
    assert _found(passing, rule) == []
