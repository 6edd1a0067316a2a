"""The header of a compose import: what was read, what was guessed, what to fill in,
and the ``env_file`` files the services name."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from spofscan.importers.compose_files import ComposeProject
from spofscan.importers.config_names import ConfigMention
from spofscan.importers.imported import ImportedComponent
from spofscan.importers.reach import unreached
from spofscan.words import listed

WATCHES = "soft: it only watches"
"""The origin that marks a dependency on a tracer or a metrics collector."""


def read_notes(
    project: ComposeProject, running: Mapping[str, Any], env_files: Mapping[str, str]
) -> Iterator[str]:
    order = " (merged in this order)" if len(project.files) > 1 else ""
    yield f"compose files: {listed(project.files)}{order}"
    yield (
        f"variables: from {project.env_file} and the environment"
        if project.env_file
        else ("variables: from the environment (no .env file)")
    )
    if project.profiles:
        yield f"profiles: {listed(project.profiles)} (from {project.profiles_from})"
    else:
        yield "profiles: none enabled (--profile or COMPOSE_PROFILES enable one)"
    yield f"services: {len(running)} imported"
    if project.left_out:
        yield f"left out by their profiles: {listed(project.left_out)}"
    stopped = sorted(n for n in project.services if n not in running)
    if stopped:
        yield f"left out with replicas 0: {listed(stopped)}"
    missing = sorted(_env_file_paths(running) - env_files.keys())
    if missing:
        yield (
            f"env files not found, so the dependencies they may name are not seen: "
            f"{listed(missing)}"
        )
    if project.unset:
        yield f"variables nothing sets, read as empty: {listed(project.unset)}"


def _env_file_paths(running: Mapping[str, dict[str, Any]]) -> set[str]:
    paths: set[str] = set()
    for service in running.values():
        for entry in service.get("env_file") or []:
            paths.add(str(entry.get("path") if isinstance(entry, dict) else entry))
    return paths


def env_file_texts(project: ComposeProject) -> dict[str, str]:
    """The text of every ``env_file`` the running services name that can be read."""
    base = os.path.dirname(project.files[0])
    texts: dict[str, str] = {}
    for path in sorted(_env_file_paths(project.services)):
        full = os.path.join(base, path)
        if os.path.isfile(full) and os.path.getsize(full) < 1024 * 1024:
            with open(full, encoding="utf-8", errors="replace") as stream:
                texts[path] = stream.read()
    return texts


def guessed(
    components: Sequence[ImportedComponent], host: str, entrypoints: tuple[str, ...]
) -> Iterator[str]:
    kinds: dict[str, list[str]] = {}
    for component in components:
        if component.kind not in ("service", "host"):
            kinds.setdefault(component.kind, []).append(component.name)
    if kinds:
        guesses = "; ".join(f"{kind}: {listed(names)}" for kind, names in sorted(kinds.items()))
        yield f"kinds, from the images' names (every other service is a service): {guesses}"
    yield (
        f"placement: every service runs on {host}, the one machine a compose project runs "
        "on; on a swarm or several machines, say where each runs (runs_on)"
    )
    yield (
        "dependencies: from depends_on and links, and from environment values and command "
        "arguments that name another service as a host; each says where it came from"
    )
    # one pass over the needs (each service against every other's: 26 s at 10,000)
    watched = {
        e.target for c in components for e in c.depends_on if e.soft and WATCHES in e.origins
    }
    watchers = sorted(c.name for c in components if c.name in watched)
    if watchers:
        yield (
            f"soft dependencies on {listed(watchers)}: tracing, metrics or logs, whose loss "
            "the services that report to them survive"
        )
    if entrypoints:
        yield (
            "entrypoints: the services that publish ports, tracing and metrics aside: "
            f"{listed(entrypoints)}"
        )
    else:
        yield "entrypoints: no service publishes a port, so every component nothing names is one"


def fill_in(
    components: Sequence[ImportedComponent],
    entrypoints: tuple[str, ...],
    host: str,
    mentions: list[ConfigMention],
) -> Iterator[str]:
    yield (
        "availability: every component takes defaults.availability; give each the one "
        "measured or promised (availability, or mtbf and mttr)"
    )
    keeping = [c.name for c in components if c.data_note is not None]
    if keeping:
        yield f"data: how the data of {listed(keeping)} is backed up (data.backups)"
    yield f"placement of {host}: the zone or region it is in, if any (runs_on)"
    if entrypoints:
        alone = unreached(components, entrypoints)
        if alone:
            yield (
                f"no entrypoint reaches {listed(alone)}, so no finding is about them: add the "
                "dependencies the files do not state (calls through configuration or service "
                "discovery), or name what users wait on in entrypoints or journeys"
            )
    for mention in mentions:
        yield mention.text()
