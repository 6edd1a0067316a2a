"""Run GitHub Actions steps as a runner would, closely enough to test our recipes.

``run:`` steps run in bash (``-eo pipefail``, as with ``shell: bash``) with the runner's
files (``GITHUB_OUTPUT``, ``GITHUB_STEP_SUMMARY``) and ``${{ }}`` expressions expanded
from a small context: an expression it does not know fails the test, so recipes stay
simple. ``if:`` understands ``always()``, ``success()``, ``failure()`` and comparisons
with a quoted string joined by ``&&``. Of the ``uses:`` steps, checkout and setup-python
are no-ops (the sandbox is the checkout), upload-sarif is recorded, and the spofscan
action runs its own steps from action.yml; pip installs are skipped, since spofscan is
already on PATH.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from conftest import ROOT

from .sandbox import SPOFSCAN, Sandbox

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
COMPARISON = re.compile(r"([\w.-]+)\s*(==|!=)\s*'([^']*)'")
INSTALL = re.compile(r"^\s*(python -m )?pip install\b.*$", re.MULTILINE)
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())


@dataclass
class Job:
    """A job's state: its expression context, whether a step failed, what it did."""

    sandbox: Sandbox
    context: dict[str, str]
    failed: bool = False
    codes: list[int] = field(default_factory=list)
    uploads: list[dict[str, str]] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    @property
    def summary(self) -> Path:
        return self.sandbox.root / "step-summary.md"

    def env(self, extra: Mapping[str, str]) -> dict[str, str]:
        runner = {
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_BASE_REF": "main",
            "GITHUB_WORKSPACE": str(self.sandbox.work),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "RUNNER_TEMP": str(self.sandbox.root),
        }
        return self.sandbox.env(**runner, **extra)


def new_job(sandbox: Sandbox) -> Job:
    context = {
        "github.base_ref": "main",
        "github.token": "test-token",
        "github.event.pull_request.number": "7",
        "github.workspace": str(sandbox.work),
    }
    return Job(sandbox, context)


def expand(text: str, context: Mapping[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        if match[1].startswith("steps."):  # an output no step wrote is empty
            return context.get(match[1], "")
        assert match[1] in context, f"an expression the test runner does not know: {match[0]}"
        return context[match[1]]

    return EXPRESSION.sub(value, text)


def condition(expression: str | None, job: Job) -> bool:
    """Whether a step with ``if: expression`` runs."""
    if expression is None:
        return not job.failed
    terms = [t.strip() for t in EXPRESSION.sub(r"\1", expression).split("&&")]
    runs = any(t in ("always()", "failure()") for t in terms) or not job.failed
    for term in terms:
        if term in ("always()", "success()", "failure()"):
            runs = runs and (term != "failure()" or job.failed)
            continue
        match = COMPARISON.fullmatch(term)
        assert match, f"a condition the test runner cannot read: {term}"
        equal = job.context.get(match[1], "") == match[3]
        runs = runs and equal == (match[2] == "==")
    return runs


def run_steps(steps: Sequence[Mapping[str, Any]], job: Job, cwd: Path) -> None:
    for step in steps:
        if not condition(step.get("if"), job):
            continue
        if "uses" in step:
            _uses(step, job, cwd)
        else:
            _script(step, job, cwd)


def _script(step: Mapping[str, Any], job: Job, cwd: Path) -> None:
    script = INSTALL.sub(":", expand(step["run"], job.context))
    outputs = job.sandbox.root / "github-output"
    outputs.write_text("")
    env = {k: expand(str(v), job.context) for k, v in step.get("env", {}).items()}
    where = cwd / expand(step.get("working-directory", "."), job.context)
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=where,
        env=job.env({**env, "GITHUB_OUTPUT": str(outputs)}),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    job.log.append(done.stdout + done.stderr)
    job.codes.append(done.returncode)
    job.failed = job.failed or done.returncode != 0
    for line in outputs.read_text().splitlines():
        key, _, value = line.partition("=")
        job.context[f"steps.{step.get('id', '')}.outputs.{key}"] = value


def _uses(step: Mapping[str, Any], job: Job, cwd: Path) -> None:
    action = str(step["uses"])
    inputs = {k: expand(str(v), job.context) for k, v in step.get("with", {}).items()}
    if action.startswith(("actions/checkout@", "actions/setup-python@")):
        return
    if action.startswith("github/codeql-action/upload-sarif@"):
        job.uploads.append(inputs)
        job.failed = job.failed or not (cwd / inputs["sarif_file"]).is_file()
    elif action == "./" or re.fullmatch(r"[\w.-]+/spofscan@[\w.-]+", action):
        outputs = run_action(inputs, job, cwd)
        for key, value in outputs.items():
            job.context[f"steps.{step.get('id', '')}.outputs.{key}"] = value
    else:
        raise AssertionError(f"an action the test runner does not know: {action}")


def run_action(given: Mapping[str, str], job: Job, cwd: Path) -> dict[str, str]:
    """Run action.yml's steps with ``given`` inputs; its outputs. The install step is
    replaced by spofscan of this checkout."""
    declared = ACTION["inputs"]
    assert set(given) <= set(declared), f"not inputs of action.yml: {set(given) - set(declared)}"
    inputs = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    inputs.update(given)
    missing = [n for n, spec in declared.items() if spec.get("required") and n not in given]
    assert not missing, f"required inputs missing: {missing}"
    inner = Job(job.sandbox, {**job.context, "github.action_path": str(ROOT)})
    inner.context.update({f"inputs.{name}": value for name, value in inputs.items()})
    inner.context["steps.install.outputs.spofscan"] = str(SPOFSCAN)
    steps = [s for s in ACTION["runs"]["steps"] if s.get("id") != "install"]
    run_steps(steps, inner, cwd)
    job.failed = job.failed or inner.failed
    job.codes.extend(inner.codes)
    job.uploads.extend(inner.uploads)
    job.log.extend(inner.log)
    return {k: expand(v["value"], inner.context) for k, v in ACTION["outputs"].items()}
