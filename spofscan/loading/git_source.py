"""Read a file as it was at a git revision, for ``spofscan diff --base-ref REF``.

The file's path is taken relative to the root of the repository that holds it, and the
version at ``REF`` is named ``REF:path`` in messages, as ``git show REF:path`` names it.
Whatever goes wrong (git missing, not a repository, an unknown revision, a file absent
at that revision) is a :class:`~spofscan.errors.SpofscanError`, never a traceback.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from spofscan.errors import Location, UsageError, input_error
from spofscan.loading.yaml_source import MAX_FILE_BYTES, decode


def read_at_revision(path: str | os.PathLike[str], ref: str) -> tuple[str, str]:
    """The text of ``path`` at revision ``ref``, and its name ``REF:path`` for locations."""
    if not ref or ref.startswith("-"):
        raise UsageError(f"--base-ref: '{ref}' is not a git revision")
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise input_error(Location(os.fspath(path)), "no such file or directory")
    root = _git(["rev-parse", "--show-toplevel"], directory)
    if root is None:
        raise UsageError(f"--base-ref: {os.fspath(path)} is not inside a git repository")
    relative = _relative(directory, os.path.basename(path), os.fsdecode(root).strip())
    if _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], directory) is None:
        raise UsageError(f"--base-ref: unknown git revision '{ref}'")
    name = f"{ref}:{relative}"
    data = _git(["cat-file", "blob", name], directory)
    if data is None:
        raise input_error(Location(name), f"no such file at revision '{ref}'")
    if len(data) > MAX_FILE_BYTES:
        raise input_error(Location(name), "the file is too large")
    return decode(data, name), name


def _relative(directory: str, base_name: str, root: str) -> str:
    """The path of ``base_name`` in ``directory`` relative to ``root``, with slashes."""
    try:
        inside = Path(os.path.realpath(directory)).relative_to(os.path.realpath(root))
    except ValueError:
        raise UsageError(f"--base-ref: {directory} is outside the repository {root}") from None
    return (inside / base_name).as_posix()


def _git(args: list[str], directory: str) -> bytes | None:
    """git's stdout, or None when it fails; a usage error when git cannot be run."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=directory, capture_output=True, check=False, timeout=60
        )
    except FileNotFoundError:
        raise UsageError("--base-ref needs git, and git is not installed") from None
    except (OSError, subprocess.TimeoutExpired) as err:
        raise UsageError(f"--base-ref: cannot run git: {err}") from None
    return done.stdout if done.returncode == 0 else None
