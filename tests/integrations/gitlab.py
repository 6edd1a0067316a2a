"""Run GitLab CI jobs as a runner would, closely enough to test our recipes.

A job's ``before_script`` and ``script`` run as one bash script with ``-eo pipefail``
(as GitLab's shell executor does), in the sandbox's clone, with the job's ``variables``
and the merge-request variables GitLab predefines. Package installs are skipped, since
spofscan is already on PATH; ``image`` and ``rules`` are ignored.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .sandbox import Sandbox

KEYWORDS = frozenset(
    {"stages", "variables", "default", "workflow", "include", "image", "services", "cache"}
)
INSTALL = re.compile(r"^\s*((python -m )?pip install|apt-get) ")


@dataclass(frozen=True)
class Outcome:
    code: int
    log: str


def jobs(config: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The jobs of a .gitlab-ci.yml: top-level keys that are neither keywords nor hidden."""
    return {
        name: job
        for name, job in config.items()
        if name not in KEYWORDS and not name.startswith(".")
    }


def run_job(job: Mapping[str, Any], sandbox: Sandbox) -> Outcome:
    lines = [*job.get("before_script", []), *job["script"]]
    script = "\n".join(":" if INSTALL.match(line) else line for line in lines)
    variables = {key: str(value) for key, value in job.get("variables", {}).items()}
    env = sandbox.env(
        CI="true",
        GITLAB_CI="true",
        CI_PIPELINE_SOURCE="merge_request_event",
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main",
        CI_PROJECT_DIR=str(sandbox.work),
        **variables,
    )
    done = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script],
        cwd=sandbox.work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Outcome(done.returncode, done.stdout + done.stderr)
