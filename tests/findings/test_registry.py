"""The registry and the catalog agree exhaustively: every catalog rule is found by exactly
one registered function, and each function finds its own rule and no other."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from conftest import TODAY

from spofscan.analysis.analyse import analyse
from spofscan.errors import Location
from spofscan.findings.catalog import RULES
from spofscan.findings.detect import detect
from spofscan.findings.finding import Finding, RuleContext
from spofscan.findings.registry import RULE_FUNCTIONS
from spofscan.findings.rule_ids import RULE_IDS
from spofscan.loading import load_architecture_text

TESTS = Path(__file__).parents[1]


def _texts() -> Iterator[tuple[str, str]]:
    """Every architecture at hand: the catalog's examples, the rule cases, the examples."""
    for rule in RULES.values():
        yield f"{rule.id}-failing.yaml", rule.failing
        yield f"{rule.id}-passing.yaml", rule.passing
    files = [
        *sorted((TESTS / "cases" / "rules").glob("*/*.yaml")),
        *sorted((TESTS / "cases" / "valid").glob("*.yaml")),
        *sorted((TESTS.parent / "examples").glob("*.yaml")),
    ]
    for path in files:
        yield str(path), path.read_text(encoding="utf-8")


@cache
def contexts() -> tuple[tuple[str, RuleContext], ...]:
    found = []
    for name, text in _texts():
        arch = load_architecture_text(text, name)
        found.append((name, RuleContext(arch, analyse(arch), TODAY)))
    return tuple(found)


def test_every_catalog_rule_has_one_function_in_catalog_order() -> None:
    assert tuple(RULE_FUNCTIONS) == tuple(RULES) == RULE_IDS
    functions = list(RULE_FUNCTIONS.values())
    assert len(set(functions)) == len(functions), "one function registered for two rules"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_each_function_finds_its_rule_and_no_other(rule_id: str) -> None:
    find = RULE_FUNCTIONS[rule_id]
    found = {name: {f.rule for f in find(context)} for name, context in contexts()}
    strays = {name: rules - {rule_id} for name, rules in found.items() if rules - {rule_id}}
    assert strays == {}, f"{find.__name__} finds other rules"
    assert found[f"{rule_id}-failing.yaml"] == {rule_id}, f"{find.__name__} finds nothing"


def test_detect_runs_every_registered_function() -> None:
    def key(f: Finding) -> tuple[str, str, str, Location]:
        return f.rule, f.component, f.message, f.location

    for _, context in contexts():
        registered = [f for find in RULE_FUNCTIONS.values() for f in find(context)]
        found = detect(context.arch, context.analysis, TODAY)
        assert sorted(map(key, found)) == sorted(map(key, registered))
