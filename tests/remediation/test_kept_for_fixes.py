"""Which diagram a file's fixes are measured on: the file's compiled whole, but for a
large file its analysis compiled in parts, whose fixes are measured on the part they
change; the same figures either way."""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT

from spofscan import remediation
from spofscan.analysis.analyse import analyse
from spofscan.analysis.compiled_structure import compiled
from spofscan.loading import load_architecture_text
from spofscan.remediation import Remediation, remediate
from spofscan.remediation.plan import LARGE, kept_diagram

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml


def _measured(
    monkeypatch: pytest.MonkeyPatch, *, large: int, always_whole: bool = False
) -> tuple[Remediation, list[bool]]:
    """The fixes of a file of stacks (compiled in parts) with ``LARGE`` at ``large``,
    and whether a whole diagram was built for them (always, when ``always_whole``)."""
    text = to_yaml(generate(1_200, seed=3, shape="stacks"))
    arch = load_architecture_text(text, "stacks.yaml")
    analysis = analyse(arch)
    assert analysis.system.method == "exact"
    assert compiled(arch).cache.whole_diagram is None  # compiled in parts
    built: list[bool] = []
    real = kept_diagram

    def spy(arch_: object) -> object:
        built.append(True)
        return real(arch_)  # type: ignore[arg-type]

    monkeypatch.setattr(remediation, "kept_diagram", spy)
    if always_whole:
        monkeypatch.setattr(remediation, "_kept_for_fixes", lambda arch_, _: spy(arch_))
    monkeypatch.setattr(remediation, "LARGE", large)
    return remediate(text, arch, analysis), built


def test_a_large_file_in_parts_measures_its_fixes_without_a_whole_diagram(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    apart, built_apart = _measured(monkeypatch, large=1)
    assert built_apart == []
    whole, built_whole = _measured(monkeypatch, large=1, always_whole=True)
    assert built_whole == [True]
    assert [(f.component, f.rule) for f in apart.fixes] == [
        (f.component, f.rule) for f in whole.fixes
    ]
    for a, w in zip(apart.fixes, whole.fixes, strict=True):
        assert a.availability_after == pytest.approx(w.availability_after, abs=1e-12)
    assert apart.plan is not None and whole.plan is not None
    assert apart.plan.availability_after == pytest.approx(whole.plan.availability_after, abs=1e-12)


def test_a_smaller_file_in_parts_keeps_the_whole_diagram_for_its_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, built = _measured(monkeypatch, large=LARGE)
    assert built == [True]
