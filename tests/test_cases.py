"""The folders of example inputs: every invalid file fails as its comments say, every
valid file loads.

An invalid case starts with one ``# expect: LINE:COL: message (hint)`` comment per
problem; each must be a substring of one reported problem, and no other problem may be
reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_runner import in_process
from conftest import CASES

from spofscan.errors import InputError, Problem
from spofscan.loading import load_architecture
from spofscan.model import Architecture

INVALID = sorted((CASES / "invalid").glob("*.yaml"))
VALID = sorted((CASES / "valid").glob("*.yaml"))
EXPECT = "# expect: "


def _expectations(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.removeprefix(EXPECT).strip() for line in lines if line.startswith(EXPECT)]


def _shown(problem: Problem) -> str:
    text = f"{problem.location.line}:{problem.location.column}: {problem.message}"
    return f"{text} ({problem.hint})" if problem.hint else text


def test_there_are_enough_invalid_cases() -> None:
    assert len(INVALID) >= 30
    assert all(_expectations(path) for path in INVALID)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_case(path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_architecture(path, display_name=path.name)
    assert all(p.location.file == path.name for p in caught.value.problems)
    unmatched = [_shown(p) for p in caught.value.problems]
    for expected in _expectations(path):
        found = next((shown for shown in unmatched if expected in shown), None)
        assert found is not None, f"{expected!r} not among {unmatched}"
        unmatched.remove(found)
    assert not unmatched, f"unexpected problems: {unmatched}"


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_case(path: Path) -> None:
    arch = load_architecture(path)
    assert arch.components
    assert arch.entrypoints
    check = CHECKS.get(path.stem)
    if check is not None:
        check(arch)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_every_command_answers_on_a_valid_case(
    path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No valid file, however odd, may crash a command: check, what-if and render."""
    arch = load_architecture(path)
    file, today = str(path), "--today=2026-01-01"
    runs = [in_process(monkeypatch, capsys, "check", file, "-f", "json", today)]
    runs += [in_process(monkeypatch, capsys, "what-if", file, arch.entrypoints[0])]
    for out, *view in [
        ("-", "-f", "dot"),
        ("-", "-f", "mermaid"),
        ("-", "-f", "dot", "--collapse"),
    ]:
        runs += [in_process(monkeypatch, capsys, "render", file, "-o", out, *view, today)]
    assert [run.code for run in runs] in ([1] + [0] * 4, [0] * 5), runs
    assert all(run.stdout for run in runs)


def _spec_example(arch: Architecture) -> None:
    lb, api_a, db = arch.components["lb"], arch.components["api-a"], arch.components["db"]
    assert arch.entrypoints == ("lb", "checkout") and arch.entrypoints_declared
    assert (arch.slo, arch.objectives.rpo_hours, arch.objectives.rto_hours) == (0.999, 1.0, 0.5)
    assert lb.availability == 0.9999 and lb.runs_on == ("vm-1", "vm-2") and lb.replicas == 2
    assert lb.depends_on[0].kind == "any" and lb.depends_on[0].members == ("api-a", "api-b")
    assert api_a.availability == pytest.approx(240 / 242) and api_a.availability_source == "mtbf"
    assert [(g.kind, g.k) for g in api_a.depends_on] == [("all", 1), ("at_least", 2)]
    assert arch.components["api-b"].restart == "no"
    assert db.availability_source == "default" and db.data is not None
    assert [b.every_hours for b in db.data.backups] == [24.0, 1.0]
    assert db.data.restore_time_hours == 0.5 and db.where("data").line == 43
    assert arch.journeys["checkout"].slo == 0.995
    assert arch.accepted_risks[0].expires == dt.date(2027, 3, 31)


def _yaml_words(arch: Architecture) -> None:
    on = arch.components["on"]
    assert (arch.name, arch.description) == ("2024", "yes")
    assert set(arch.components) == {"on", "no", "1"}
    assert on.restart == "no" and on.owner == "42" and on.tags == ("2024", "yes", "1.0")
    assert [g.members for g in on.depends_on] == [("no",), ("1",)]
    assert arch.accepted_risks[0].reason == "off"


def _anchors(arch: Architecture) -> None:
    api_b, api_c = arch.components["api-b"], arch.components["api-c"]
    assert (api_b.kind, api_b.runs_on, api_b.restart) == ("container", ("vm-2",), "always")
    assert (api_c.availability, api_c.restart, api_c.runs_on) == (0.999, "no", ("vm-1",))
    assert arch.components["vm-2"].kind == "vm"


def _journeys(arch: Architecture) -> None:
    assert arch.entrypoints == ("batch", "buy", "browse") and not arch.entrypoints_declared
    assert arch.slo_of("buy") == 0.995 and arch.slo_of("browse") == 0.999


def _units(arch: Architecture) -> None:
    c = arch.components
    assert arch.slo == 0.9995 and arch.default_availability == 0.995
    assert arch.objectives.rpo_hours == pytest.approx(1 / 40)
    assert arch.objectives.rto_hours == 2.5
    assert (c["b"].mtbf_hours, c["b"].mttr_hours) == (240.0, 0.75)
    assert (c["c"].mtbf_hours, c["c"].mttr_hours) == (8760.0, 168.0)
    assert c["d"].availability == 1.0 and c["e"].availability == 0.9999
    assert c["g"].availability == 0.995 and c["g"].availability_source == "default"
    assert c["f"].data is not None and c["f"].data.restore_time_hours == 36.0


def _cycle(arch: Architecture) -> None:
    assert arch.components["c"].runs_on == ("h", "h", "g")
    assert arch.components["b"].soft_depends_on == ("c",)


CHECKS: dict[str, Callable[[Architecture], None]] = {
    "spec-example": _spec_example,
    "yaml-1-1-words": _yaml_words,
    "anchors-and-merges": _anchors,
    "journeys": _journeys,
    "durations-and-percents": _units,
    "cycle-with-entrypoints": _cycle,
}
