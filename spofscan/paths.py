"""Paths as CI tools want them: relative to the repository's root, with forward slashes.

Code scanning, GitLab's Code Quality and workflow annotations all place a result by its
path from the root of the repository, whatever directory the job ran in; reports meant
to be diffed must never hold an absolute path.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

ROOT_MARKERS = (".git", ".hg", ".svn")


def repository_root(start: Path) -> Path | None:
    """The nearest directory from ``start`` upwards that holds a repository, if any."""
    return next((d for d in (start, *start.parents) if is_repository_root(d)), None)


def is_repository_root(directory: Path) -> bool:
    """Whether ``directory`` holds a repository (git, Mercurial or Subversion)."""
    return any((directory / marker).exists() for marker in ROOT_MARKERS)


def artifact_path(file: str) -> str:
    """``file`` relative to its repository's root, else to the working directory.

    A path outside both stays as given (made relative when that is possible).
    """
    absolute = Path(os.path.abspath(file))
    root = repository_root(absolute.parent) or Path(os.getcwd())
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return _relative_if_possible(file)


def _relative_if_possible(file: str) -> str:
    if not os.path.isabs(file):
        return PurePath(file).as_posix()
    try:
        return Path(os.path.relpath(file)).as_posix()
    except ValueError:  # another drive on Windows
        return PurePath(file).as_posix()
