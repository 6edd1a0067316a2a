"""Configuration: found upwards to the repository's root, checked with located errors,
and overridden by the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT

from spofscan.config import Config, find_config, load_config
from spofscan.errors import InputError

from .helpers import in_process, repository

EXAMPLE = (ROOT / "examples" / "single-vm.yaml").read_text(encoding="utf-8")
PYPROJECT = """\
[project]
name = "demo"

[tool.spofscan]
fail-on = "never"
disable = ["no-backup"]
sarif = "reports/spofscan.sarif"
"""


def test_found_upwards_and_stopping_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".spofscan.yaml").write_text("fail_on: never\n")
    repo = repository(tmp_path / "repo", {"sub/dir/x.yaml": "", "pyproject.toml": "[project]\n"})
    assert find_config(repo / "sub" / "dir") is None
    (repo / "sub" / ".spofscan.yaml").write_text("fail_on: warning\n")
    assert find_config(repo / "sub" / "dir") == repo / "sub" / ".spofscan.yaml"
    (repo / "pyproject.toml").write_text(PYPROJECT)
    assert find_config(repo) == repo / "pyproject.toml"


def test_pyproject_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = repository(tmp_path, {"pyproject.toml": PYPROJECT, "sub/.keep": ""})
    monkeypatch.chdir(repo / "sub")
    config = load_config()
    assert config.fail_on == "never"
    assert config.disable == ("NO-BACKUP",)
    assert Path(config.paths["sarif"]) == Path("../reports/spofscan.sarif")


def test_no_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository(tmp_path, {}))
    assert load_config() == Config()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (".spofscan.yaml", "fail_on: never\nformats: [a]\n", ".spofscan.yaml:2:1: error: unknown"),
        (".spofscan.yaml", "fail_on: sometimes\n", ".spofscan.yaml:1:1: error: fail_on must be"),
        (".spofscan.yaml", "disable: [SPOFF]\n", "did you mean 'SPOF'?"),
        (".spofscan.yaml", "- a list\n", ".spofscan.yaml:1:1: error: the configuration must be"),
        (".spofscan.yaml", "exit_zero: [\n", ".spofscan.yaml:2:1: error:"),
        ("pyproject.toml", "[tool.spofscan]\nfail_on = 1\n", "pyproject.toml:2:1: error: fail_on"),
        ("pyproject.toml", "[tool.spofscan]\nx = \n", "pyproject.toml:2:5: error: invalid TOML"),
        ("pyproject.toml", '[tool.spofscan]\nbaseline = ""\n', "pyproject.toml:2:1: error: exp"),
        (".spofscan.yaml", 'output: "a\\0b"\n', ".spofscan.yaml:1:9: error: control character"),
        ("pyproject.toml", '[tool.spofscan]\noutput = "\\u0000"\n', "pyproject.toml:2:1: error"),
    ],
)
def test_bad_configuration_is_located(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str,
    expected: str,
) -> None:
    repo = repository(tmp_path, {name: content, "a.yaml": EXAMPLE})
    with pytest.raises(InputError):
        load_config(start=repo)
    run = in_process(monkeypatch, capsys, repo, "check", "a.yaml")
    assert run.code == 2
    assert expected in run.stderr


def test_a_tool_spofscan_that_is_no_table_is_located(tmp_path: Path) -> None:
    (tmp_path / "ci.toml").write_text("[tool]\nspofscan = 5\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_config(str(tmp_path / "ci.toml"))
    assert "ci.toml:2:1: error: tool.spofscan must be a table" in str(raised.value)


def test_every_problem_at_once(tmp_path: Path) -> None:
    repo = repository(tmp_path, {".spofscan.yaml": "fail_on: x\nexit_zero: 3\nformat: pdf\n"})
    with pytest.raises(InputError) as raised:
        load_config(start=repo)
    assert [p.location.line for p in raised.value.problems] == [1, 2, 3]


def test_the_command_line_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository(tmp_path, {"pyproject.toml": PYPROJECT, "a.yaml": EXAMPLE})
    quiet = in_process(monkeypatch, capsys, repo, "check", "a.yaml", "-f", "json")
    document = json.loads(quiet.stdout)
    assert quiet.code == 0 and document["disabled_rules"] == ["NO-BACKUP"]
    assert (repo / "reports" / "spofscan.sarif").is_file()
    strict = in_process(monkeypatch, capsys, repo, "check", "a.yaml", "--fail-on", "error")
    assert strict.code == 1


def test_output_without_format_writes_the_configured_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository(tmp_path, {".spofscan.yaml": "format: json\n", "a.yaml": EXAMPLE})
    run = in_process(monkeypatch, capsys, repo, "check", "a.yaml", "-o", "out.json")
    assert run.stdout == "" and json.loads((repo / "out.json").read_text())["passed"] is False


def test_explicit_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository(tmp_path, {"ci/spofscan.yaml": "exit-zero: true\n", "a.yaml": EXAMPLE})
    assert in_process(monkeypatch, capsys, repo, "check", "a.yaml").code == 1
    args = ("check", "a.yaml", "--config", "ci/spofscan.yaml")
    assert in_process(monkeypatch, capsys, repo, *args).code == 0
    assert in_process(monkeypatch, capsys, repo, *args, "--no-exit-zero").code == 1
    missing = in_process(monkeypatch, capsys, repo, "check", "a.yaml", "--config", "nope.yaml")
    assert missing.code == 2 and "nope.yaml:1:1: error: no such file" in missing.stderr
