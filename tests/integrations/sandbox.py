"""A scratch repository where CI recipes run as they would on a CI runner.

``origin.git`` is a bare repository whose ``main`` holds ``architecture.yaml`` (the
example ``three-containers-one-vm.yaml``: SPOFs, a missed objective, so ``check``
fails) and the ``docker-compose.yml`` it describes (so ``drift`` finds none); ``work``
is a clone on branch ``feature``, where the VM got more available (so ``diff`` against
``origin/main`` passes). ``bin`` comes first on PATH: spofscan of this
checkout, and a ``gh`` that only records how it was called.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT

EXAMPLE = ROOT / "examples" / "three-containers-one-vm.yaml"
SPOFSCAN = Path(sys.executable).parent / "spofscan"
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "ci",
    "GIT_AUTHOR_EMAIL": "ci@example.com",
    "GIT_COMMITTER_NAME": "ci",
    "GIT_COMMITTER_EMAIL": "ci@example.com",
}
GH_STUB = '#!/bin/sh\necho "$@" >> "$GH_LOG"\n'
COMPOSE = """\
services:
  nginx:
    image: nginx:1.27
    ports: ["80:80"]
    depends_on: [api]
    restart: unless-stopped
  api:
    image: example/api:1
    deploy: {replicas: 3}
    restart: unless-stopped
"""


@dataclass(frozen=True)
class Sandbox:
    """The clone to run recipes in, the PATH they see and the record of ``gh`` calls."""

    root: Path
    work: Path
    bin: Path

    @property
    def gh_log(self) -> Path:
        return self.root / "gh.log"

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a CI job: spofscan and the ``gh`` stub first on PATH."""
        path = os.pathsep.join([str(self.bin), str(SPOFSCAN.parent), os.environ["PATH"]])
        base = {"PATH": path, "HOME": str(self.root), "GH_LOG": str(self.gh_log)}
        return {**base, **GIT_IDENTITY, "LC_ALL": "C.UTF-8", **extra}


def make_sandbox(root: Path) -> Sandbox:
    """Build the origin, the clone on ``feature`` and the ``bin`` directory under root."""
    seed, work, bin_dir = root / "seed", root / "work", root / "bin"
    for directory in (seed, bin_dir):
        directory.mkdir()
    sandbox = Sandbox(root, work, bin_dir)
    env = sandbox.env()
    git(env, seed, "init", "-q", "-b", "main")
    (seed / "architecture.yaml").write_text(EXAMPLE.read_text())
    (seed / "docker-compose.yml").write_text(COMPOSE)
    git(env, seed, "add", ".")
    git(env, seed, "commit", "-q", "-m", "architecture")
    git(env, root, "clone", "-q", "--bare", str(seed), "origin.git")
    git(env, root, "clone", "-q", str(root / "origin.git"), "work")
    git(env, work, "checkout", "-q", "-b", "feature")
    text = (work / "architecture.yaml").read_text()
    (work / "architecture.yaml").write_text(
        text.replace("availability: 99.5", "availability: 99.9")
    )
    (bin_dir / "gh").write_text(GH_STUB)
    (bin_dir / "gh").chmod(0o755)
    return sandbox


def git(env: dict[str, str], cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)
