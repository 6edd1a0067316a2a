"""Every recipe of docs/ci.md, run for real in a scratch repository (tests/integrations/sandbox.py).

A recipe that uses an option spofscan does not have exits 2 and fails here; so does a
GitHub step that gives the action an input it does not declare, a report a GitLab job
promises but does not write, or a pre-commit hook id that the manifest lacks.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from spofscan import precommit

from . import github, gitlab
from .recipes import CI_DOC, Recipe, blocks, recipes
from .sandbox import Sandbox, make_sandbox

HOOKS = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    return make_sandbox(tmp_path)


def test_every_kind_of_recipe_is_there() -> None:
    kinds = {recipe.kind for recipe in recipes()}
    assert kinds == {"github", "gitlab", "pre-commit", "shell", "config"}
    assert all(recipe.expected for recipe in recipes()), "each recipe says what it should exit"


@pytest.mark.parametrize("block", blocks(), ids=lambda b: f"ci.md:{b.line}:{b.language}")
def test_every_yaml_and_toml_block_parses(block: Any) -> None:
    if block.language == "yaml":
        assert yaml.safe_load(block.text) is not None
    elif block.language == "toml":
        tomllib = pytest.importorskip("tomllib")  # Python 3.11 and later
        assert tomllib.loads(block.text)


@pytest.mark.parametrize("recipe", recipes("github"), ids=str)
def test_github_workflow(recipe: Recipe, sandbox: Sandbox) -> None:
    workflow = yaml.safe_load(recipe.text)
    assert workflow["permissions"]
    for name, spec in workflow["jobs"].items():
        job = github.new_job(sandbox)
        github.run_steps(spec["steps"], job, sandbox.work)
        assert 2 not in job.codes and 127 not in job.codes, "\n".join(job.log)
        assert job.failed == (recipe.expected["exit"] != 0), f"{name}: " + "\n".join(job.log)
        assert job.summary.read_text().startswith(("## spofscan", "### spofscan"))
        for upload in job.uploads:
            assert_sarif(sandbox.work / upload["sarif_file"])
        _assert_comments_posted(sandbox)


def _assert_comments_posted(sandbox: Sandbox) -> None:
    if not sandbox.gh_log.exists():
        return
    for call in sandbox.gh_log.read_text().splitlines():
        words = call.split()
        assert words[:2] == ["pr", "comment"] and "--body-file" in words
        body = sandbox.work / words[words.index("--body-file") + 1]
        assert body.read_text().startswith("### spofscan diff")


@pytest.mark.parametrize("recipe", recipes("gitlab"), ids=str)
def test_gitlab_pipeline(recipe: Recipe, sandbox: Sandbox) -> None:
    config = yaml.safe_load(recipe.text)
    assert set(gitlab.jobs(config)) == set(recipe.expected)
    for name, job in gitlab.jobs(config).items():
        outcome = gitlab.run_job(job, sandbox)
        assert outcome.code == recipe.expected[name], f"{name}: {outcome.log}"
        artifacts = job["artifacts"]
        assert artifacts["when"] == "always"
        reports = artifacts.get("reports", {})
        if "codequality" in reports:
            issues = json.loads((sandbox.work / reports["codequality"]).read_text())
            assert issues and {i["location"]["path"] for i in issues} == {"architecture.yaml"}
        if "junit" in reports:
            root = ET.parse(sandbox.work / reports["junit"]).getroot()
            assert root.tag in ("testsuites", "testsuite") and root.iter("testcase")
        for path in artifacts.get("paths", []):
            assert (sandbox.work / path).read_text().startswith("### spofscan diff")


@pytest.mark.parametrize("recipe", recipes("pre-commit"), ids=str)
def test_pre_commit_config(recipe: Recipe, sandbox: Sandbox) -> None:
    config = yaml.safe_load(recipe.text)
    (repo,) = config["repos"]
    assert repo["repo"].endswith("/spofscan") and repo["rev"]
    assert {hook["id"] for hook in repo["hooks"]} == set(recipe.expected)
    for configured in repo["hooks"]:
        hook = {**HOOKS[configured["id"]], **configured}
        assert re.search(hook["files"], "architecture.yaml"), hook["files"]
        command = [*shlex.split(hook["entry"]), *hook.get("args", []), "architecture.yaml"]
        done = subprocess.run(
            command, cwd=sandbox.work, env=sandbox.env(), capture_output=True, check=False
        )
        assert done.returncode == recipe.expected[hook["id"]], done


@pytest.mark.parametrize("recipe", recipes("shell"), ids=str)
def test_shell_recipe(recipe: Recipe, sandbox: Sandbox) -> None:
    done = subprocess.run(
        ["bash", "-c", recipe.text],
        cwd=sandbox.work,
        env=sandbox.env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == recipe.expected["exit"], done.stdout + done.stderr
    for path in re.findall(r"(reports/[\w.-]+)", recipe.text):
        assert (sandbox.work / path).stat().st_size > 0, path


@pytest.mark.parametrize("recipe", recipes("config"), ids=str)
def test_configuration(recipe: Recipe, sandbox: Sandbox) -> None:
    (name,) = [word for word in recipe.words if "=" not in word]
    (sandbox.work / name).write_text(recipe.text)
    done = subprocess.run(
        ["spofscan", "check", "architecture.yaml"],
        cwd=sandbox.work,
        env=sandbox.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == recipe.expected["exit"], done.stderr
    assert "(SHARED-FATE)" not in done.stdout  # the rule the recipes turn off
    assert_sarif(sandbox.work / "spofscan.sarif")
    assert ET.parse(sandbox.work / "spofscan-junit.xml").getroot().iter("testcase")


COMMAND = re.compile(r"spofscan (check|diff|validate)\b((?:[^`\n]|\\\n)*)")


def test_every_option_the_page_names_exists() -> None:
    """Commands in prose and in every block, not only those the recipes run."""
    used = [
        (m[1], re.findall(r"(?<!\S)(--[a-z][\w-]*)", m[2]))
        for m in COMMAND.finditer(CI_DOC.read_text())
    ]
    assert {command for command, _ in used} == {"check", "diff"}
    for command, options in used:
        params = precommit._command(command).params
        known = {name for param in params for name in (*param.opts, *param.secondary_opts)}
        assert set(options) <= known, (command, set(options) - known)


def test_every_option_in_the_prose_exists() -> None:
    spans = re.findall(r"`(--[a-z][\w-]*)[^`]*`", CI_DOC.read_text())
    commands = [precommit._command(name).params for name in ("check", "diff", "validate")]
    known = {name for params in commands for param in params for name in param.opts}
    assert spans and set(spans) <= known, set(spans) - known


def assert_sarif(path: Path) -> None:
    """A SARIF 2.1.0 log from spofscan whose locations are relative paths."""
    log = json.loads(path.read_text())
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "spofscan"
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in run["results"]
        for location in result["locations"]
    }
    assert uris == {"architecture.yaml"}
