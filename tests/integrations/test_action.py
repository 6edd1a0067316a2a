"""The composite GitHub Action (action.yml): its wiring, and its steps run for real."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from . import github
from .recipes import CI_DOC
from .sandbox import Sandbox, make_sandbox

ACTION: dict[str, Any] = github.ACTION
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
TEXT = (Path(__file__).parents[2] / "action.yml").read_text()


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    return make_sandbox(tmp_path)


def run(sandbox: Sandbox, **inputs: str) -> tuple[github.Job, dict[str, str]]:
    job = github.new_job(sandbox)
    outputs = github.run_action({"file": "architecture.yaml", **inputs}, job, sandbox.work)
    return job, outputs


def test_every_input_used_is_declared_and_every_declared_input_used() -> None:
    used = set(re.findall(r"inputs\.([\w-]+)", TEXT))
    assert used == set(ACTION["inputs"])
    assert ACTION["runs"]["using"] == "composite"


def test_every_step_output_used_is_written_by_that_step() -> None:
    scripts = {step["id"]: step.get("run", "") for step in STEPS if "id" in step}
    for step_id, key in set(re.findall(r"steps\.([\w-]+)\.outputs\.([\w-]+)", TEXT)):
        assert f'echo "{key}=' in scripts[step_id], (step_id, key)


def test_the_upload_runs_even_when_the_gate_fails_and_the_gate_comes_last() -> None:
    (upload,) = [s for s in STEPS if "upload-sarif" in s.get("uses", "")]
    assert upload["uses"] == "github/codeql-action/upload-sarif@v4"
    assert upload["if"].startswith("always()")
    assert STEPS[-1]["if"].startswith("always()") and 'exit "$STATUS"' in STEPS[-1]["run"]


@pytest.mark.parametrize("step", [s for s in STEPS if "run" in s], ids=lambda s: s["name"])
def test_every_script_is_valid_bash(step: dict[str, Any]) -> None:
    done = subprocess.run(["bash", "-n", "-c", step["run"]], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_failing_check_uploads_its_sarif_then_fails(sandbox: Sandbox) -> None:
    job, outputs = run(sandbox)
    assert outputs["exit-code"] == "1" and job.failed
    assert job.codes[-1] == 1  # the gate, after the upload
    (upload,) = job.uploads
    assert upload == {"sarif_file": str(sandbox.work / "spofscan.sarif"), "category": "spofscan"}
    assert outputs["sarif"] == upload["sarif_file"]
    assert job.summary.read_text().startswith("## spofscan: API behind nginx on one VM")


@pytest.mark.parametrize(
    "inputs", [{"fail-on": "never"}, {"args": "--exit-zero --today 2026-11-25"}]
)
def test_a_passing_check_passes(sandbox: Sandbox, inputs: dict[str, str]) -> None:
    job, outputs = run(sandbox, **inputs)
    assert outputs["exit-code"] == "0" and not job.failed, job.log
    assert len(job.uploads) == 1


def test_no_sarif_no_upload(sandbox: Sandbox) -> None:
    job, outputs = run(sandbox, sarif="", summary="false")
    assert outputs["sarif"] == "" and job.uploads == [] and job.failed
    assert not job.summary.exists()


def test_a_bad_file_fails_with_2_and_says_so(sandbox: Sandbox) -> None:
    (sandbox.work / "bad.yaml").write_text("spofscan: 1\n")
    job, outputs = run(sandbox, file="bad.yaml")
    assert outputs["exit-code"] == "2" and job.codes[-1] == 2
    assert job.uploads == []
    assert "could not check `bad.yaml` (exit 2)" in job.summary.read_text()


def test_working_directory(sandbox: Sandbox) -> None:
    infra = sandbox.work / "infra"
    infra.mkdir()
    (sandbox.work / "architecture.yaml").rename(infra / "architecture.yaml")
    _, outputs = run(sandbox, **{"working-directory": "infra"})
    assert outputs["sarif"] == str(infra / "spofscan.sarif") and outputs["exit-code"] == "1"


def test_the_inputs_table_of_the_docs_lists_every_input() -> None:
    table = re.findall(r"^\| `([\w-]+)` \| ", CI_DOC.read_text(), re.MULTILINE)
    assert table == list(ACTION["inputs"])
