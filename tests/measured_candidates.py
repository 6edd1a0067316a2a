"""The candidate fixes a check measures, recorded, on the examples and generated files:
what the tests of measuring fixes hold to their definitions."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from conftest import ROOT

from spofscan import remediation
from spofscan.analysis.analyse import analyse
from spofscan.model import Architecture
from spofscan.remediation import estimated, plan, remediate
from spofscan.remediation.fixes import Candidate

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SHAPES = ("layered", "legacy", "chain", "stacks")


def texts(size: int, seed: int) -> list[tuple[str, str]]:
    """Each example's name and text, and a generated file of every shape, of ``size``
    components (stacks under one region: its fix spreads the region, rewriting most
    entries)."""
    found = [(path.name, path.read_text()) for path in EXAMPLES]
    for shape in SHAPES:
        found.append((f"{shape}.yaml", to_yaml(generate(size, seed=seed, shape=shape))))
    return found


def measured_candidates(
    arch: Architecture, text: str, monkeypatch: pytest.MonkeyPatch
) -> list[Candidate]:
    """Every candidate the fixes of ``arch`` (the file ``text``) are measured for,
    exactly or on the samples of an estimate."""
    seen: list[Candidate] = []

    def recording(real: Any) -> Any:
        def measure(*args: Any, **kwargs: Any) -> Any:
            seen.extend(args[3])
            return real(*args, **kwargs)

        return measure

    monkeypatch.setattr(remediation, "measure_exactly", recording(plan.measure_exactly))
    monkeypatch.setattr(remediation, "estimated_fixes", recording(estimated.estimated_fixes))
    remediate(text, arch, analyse(arch))
    return seen


def file_id(value: object) -> str:
    """A test's id from :func:`texts`' pairs: the file's name, not its text."""
    return value if isinstance(value, str) and value.endswith(".yaml") else ""
