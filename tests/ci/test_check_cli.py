"""``check`` in CI: several reports in one run, the gate, and a console that agrees."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, TODAY_TEXT

from .helpers import in_process, repository

EXAMPLE = (ROOT / "examples" / "single-vm.yaml").read_text(encoding="utf-8")
TODAY = ("--today", TODAY_TEXT)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return repository(tmp_path, {"arch/system.yaml": EXAMPLE})


def verdict_of(stdout: str) -> str:
    return next(line for line in stdout.splitlines() if line.startswith(("PASSED", "FAILED")))


@pytest.mark.parametrize("fail_on", ["error", "warning", "never"])
def test_every_report_in_one_run_agrees_with_the_console(
    repo: Path, fail_on: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = {"json": "r.json", "sarif": "r.sarif", "junit": "r.xml", "gitlab": "gl.json"}
    args = [f"--{k}=out/{v}" for k, v in reports.items()] + ["--markdown", "out/summary.md"]
    run = in_process(
        monkeypatch, capsys, repo, "check", "arch/system.yaml", "--fail-on", fail_on, *TODAY, *args
    )
    verdict = verdict_of(run.stdout)
    document = json.loads((repo / "out/r.json").read_text())
    junit = ET.parse(repo / "out/r.xml").getroot()
    sarif = json.loads((repo / "out/r.sarif").read_text())
    gitlab = json.loads((repo / "out/gl.json").read_text())
    assert run.code == (0 if document["passed"] else 1)
    assert verdict.startswith("PASSED" if document["passed"] else "FAILED")
    assert verdict in (repo / "out/summary.md").read_text()
    assert (junit.get("failures") == "0") == document["passed"]
    findings = len(document["findings"])
    assert len(sarif["runs"][0]["results"]) == len(gitlab) == findings
    assert sarif["runs"][0]["properties"]["passed"] == document["passed"]


def test_format_to_output_file(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run = in_process(
        monkeypatch, capsys, repo, "check", "arch/system.yaml", "-f", "sarif", "-o", "x.sarif"
    )
    assert run.code == 1 and run.stdout == ""
    document = json.loads((repo / "x.sarif").read_text())
    uri = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert uri["artifactLocation"]["uri"] == "arch/system.yaml"


def test_paths_are_relative_to_the_repository_root(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run = in_process(monkeypatch, capsys, repo / "arch", "check", "system.yaml", "-f", "github")
    assert "file=arch/system.yaml," in run.stdout
    assert str(repo) not in run.stdout


def test_exit_zero_reports_the_failure_but_exits_0(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run = in_process(monkeypatch, capsys, repo, "check", "arch/system.yaml", "--exit-zero")
    assert run.code == 0
    assert verdict_of(run.stdout).startswith("FAILED")


def test_an_unwritable_report_is_a_usage_error(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "taken").write_text("a file, not a folder")
    run = in_process(monkeypatch, capsys, repo, "check", "arch/system.yaml", "--sarif", "taken/x")
    assert run.code == 2
    assert run.stderr.startswith("spofscan: error: cannot write taken/x")


def test_disable_turns_rules_off(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("check", "arch/system.yaml", "-f", "json", "--disable", "spof", "--disable", "SLO")
    document = json.loads(in_process(monkeypatch, capsys, repo, *args).stdout)
    assert document["disabled_rules"] == ["SLO", "SPOF"]
    assert {f["rule"] for f in document["findings"]}.isdisjoint({"SPOF", "SLO"})
    bad = in_process(monkeypatch, capsys, repo, "check", "arch/system.yaml", "--disable", "SPOFF")
    assert bad.code == 2 and "did you mean 'SPOF'?" in bad.stderr
