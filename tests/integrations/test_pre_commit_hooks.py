"""The pre-commit hook manifest (.pre-commit-hooks.yaml) and the runner behind it."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from spofscan import precommit

MANIFEST: list[dict[str, Any]] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
REQUIRED = {"id", "name", "entry", "language"}
KNOWN = REQUIRED | {
    "description",
    "files",
    "exclude",
    "types",
    "types_or",
    "exclude_types",
    "args",
    "pass_filenames",
    "require_serial",
    "minimum_pre_commit_version",
    "stages",
    "always_run",
    "verbose",
}
MATCHED = [
    "architecture.yaml",
    "architecture.yml",
    "infra/architecture.yaml",
    "infra/shop.architecture.yaml",
    "shop-architecture.yml",
    "shop_architecture.yaml",
    "deploy/shop.spofscan.yaml",
]
IGNORED = [
    ".spofscan.yaml",
    "infra/.spofscan.yml",
    "docker-compose.yaml",
    "architecture.yaml.orig",
    "myarchitecture.yaml",
    "architecture/values.yaml",
    "pyproject.toml",
]


def test_the_two_hooks() -> None:
    assert [hook["id"] for hook in MANIFEST] == ["spofscan-validate", "spofscan-check"]
    for hook in MANIFEST:
        assert REQUIRED <= set(hook) <= KNOWN, hook
        assert hook["language"] == "python"
        assert hook["types"] == ["yaml"]


@pytest.mark.parametrize("hook", MANIFEST, ids=lambda hook: hook["id"])
def test_files_pattern(hook: dict[str, Any]) -> None:
    pattern = re.compile(hook["files"])
    assert [name for name in MATCHED if not pattern.search(name)] == []
    assert [name for name in IGNORED if pattern.search(name)] == []


@pytest.mark.parametrize("hook", MANIFEST, ids=lambda hook: hook["id"])
def test_entry_runs_each_file(hook: dict[str, Any]) -> None:
    """pre-commit runs ``entry args... file...``; ``python`` is the hook's environment's."""
    entry = shlex.split(hook["entry"])
    assert entry[:3] == ["python", "-m", "spofscan.precommit"]
    command = [sys.executable, *entry[1:]]
    files = ["examples/two-zones.yaml", "examples/single-vm.yaml"]
    both = subprocess.run([*command, *files], cwd=ROOT, capture_output=True, text=True)
    assert both.returncode == (0 if entry[3] == "validate" else 1), both.stderr
    assert both.stdout.count("examples/") >= 2
    if entry[3] == "check":
        never = [*command, "--fail-on", "never", *files]
        assert subprocess.run(never, cwd=ROOT, capture_output=True).returncode == 0


def test_the_worst_exit_code_wins(tmp_path: Path) -> None:
    bad = tmp_path / "architecture.yaml"
    bad.write_text("spofscan: 1\nname: x\n")
    good = str(ROOT / "examples" / "two-zones.yaml")
    assert precommit.main(["validate", good]) == 0
    assert precommit.main(["validate", good, str(bad)]) == 2
    assert precommit.main(["check", "--fail-on", "never", good]) == 0
    assert precommit.main(["lint", good]) == 2
    assert precommit.main(["validate"]) == 0  # pre-commit found no file


@pytest.mark.parametrize(
    ("args", "options", "files"),
    [
        (["a.yaml"], [], ["a.yaml"]),
        (["-f", "json", "a.yaml"], ["-f", "json"], ["a.yaml"]),
        (["--format=json", "a.yaml"], ["--format=json"], ["a.yaml"]),
        (["--sarif", "x.yaml", "a.yaml"], ["--sarif", "x.yaml"], ["a.yaml"]),
        (["--no-exit-zero", "a.yaml", "b.yaml"], ["--no-exit-zero"], ["a.yaml", "b.yaml"]),
        (["--fail-on", "never", "--", "-odd.yaml"], ["--fail-on", "never"], ["-odd.yaml"]),
    ],
)
def test_split_arguments(args: list[str], options: list[str], files: list[str]) -> None:
    assert precommit.split_arguments(precommit._command("check"), args) == (options, files)
