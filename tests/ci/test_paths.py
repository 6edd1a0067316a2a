"""Paths in CI reports: relative to the repository's root, forward slashes, never absolute."""

from __future__ import annotations

from pathlib import Path

import pytest

from spofscan.paths import artifact_path, repository_root


def test_relative_to_the_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "infra" / "prod").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "infra")
    assert repository_root(tmp_path / "infra" / "prod") == tmp_path
    assert artifact_path("prod/a.yaml") == "infra/prod/a.yaml"
    assert artifact_path(str(tmp_path / "infra" / "prod" / "a.yaml")) == "infra/prod/a.yaml"


def test_relative_to_the_working_directory_outside_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if repository_root(tmp_path) is not None:
        pytest.skip("the temporary folder is inside a repository")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    assert artifact_path(str(tmp_path / "work" / "a.yaml")) == "a.yaml"
    assert artifact_path("../b.yaml") == "../b.yaml"
