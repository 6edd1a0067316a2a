"""Service names written in the configuration files a compose service mounts.

A name in a configuration file may be a dependency (``"addr": "user-mongodb"``) or may
not (a comment, a log tag); only a person can tell, so the import lists these names for
the user to confirm and never makes them dependencies. Files are read from the project's
folder, the mounted folders' files too, within bounds (:data:`MAX_FILES`,
:data:`MAX_FILE_BYTES`), binary files skipped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from spofscan.importers.compose_files import ComposeProject
from spofscan.words import listed

MAX_FILES = 50
MAX_FILE_BYTES = 256 * 1024


@dataclass(frozen=True)
class ConfigMention:
    """Services named in one configuration file, mounted by ``mounted_by``."""

    file: str
    mounted_by: tuple[str, ...]
    names: tuple[str, ...]

    def text(self) -> str:
        """The header's line about this file."""
        return (
            f"{self.file} (mounted by {listed(self.mounted_by)}) names {listed(self.names)}: "
            "dependencies, perhaps; confirm each and add it to depends_on by hand"
        )


def config_mentions(
    project: ComposeProject, running: Mapping[str, dict[str, Any]]
) -> list[ConfigMention]:
    """For each configuration file the running services mount, the services it names."""
    base = os.path.dirname(project.files[0])
    mounted: dict[str, set[str]] = {}
    for name, service in running.items():
        for source in _sources(service, project.configs):
            for file in _files(os.path.normpath(os.path.join(base, source))):
                mounted.setdefault(file, set()).add(name)
    if not mounted:  # a pattern for each of 10,000 services took 1.2 s to compile
        return []
    patterns = {name: _word(name) for name in running}
    mentions = []
    for file, services in sorted(mounted.items()):
        text = _text(file)
        names = tuple(sorted(n for n, p in patterns.items() if text and p.search(text)))
        if names:
            shown = os.path.relpath(file, base) if base else file
            mentions.append(ConfigMention(shown, tuple(sorted(services)), names))
    return mentions


def _sources(service: dict[str, Any], configs: Mapping[str, Any]) -> Iterator[str]:
    for volume in service.get("volumes") or []:
        source = volume.get("source") if isinstance(volume, dict) else str(volume).split(":")[0]
        if isinstance(source, str) and source.startswith("."):  # the project's own files
            yield source
    for config in service.get("configs") or []:
        name = config.get("source") if isinstance(config, dict) else config
        defined = configs.get(str(name))
        if isinstance(defined, dict) and isinstance(defined.get("file"), str):
            yield defined["file"]


def _files(path: str) -> list[str]:
    if os.path.isfile(path):
        return [path]
    if not os.path.isdir(path) or path == os.path.abspath(os.sep):
        return []
    found: list[str] = []
    for folder, subfolders, files in os.walk(path):
        subfolders.sort()
        found += [os.path.join(folder, f) for f in sorted(files)]
        if len(found) >= MAX_FILES:
            break
    return found[:MAX_FILES]


def _text(path: str) -> str | None:
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            return None
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError:
        return None
    return None if b"\0" in data else data.decode("utf-8", errors="replace")


def _word(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9_.-]){re.escape(name)}(?![A-Za-z0-9_-])")
