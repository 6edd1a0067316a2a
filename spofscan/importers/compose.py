"""Turn a docker-compose project into an architecture: services become components.

What each service becomes, and why:

- its kind from its image's name (:mod:`~spofscan.importers.kinds`), else a service;
- ``deploy.replicas`` or ``scale`` as replicas (0: left out, it does not run);
- ``restart`` (or ``deploy.restart_policy``) and ``healthcheck`` as the format's own;
- a dependency for each service named by ``depends_on`` (``required: false``: soft),
  ``links``, an environment value (``environment`` and ``env_file``) or a command
  argument that names it as a host (:mod:`~spofscan.importers.hosts`), with a comment
  saying which;
- ``runs_on`` the one host a compose project runs on, which the import adds;
- an entrypoint when it publishes ports.

Names found only in mounted configuration files are listed in the header for the user
to confirm, never made dependencies (:mod:`~spofscan.importers.config_names`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from dotenv import dotenv_values

from spofscan.importers.compose_files import ComposeProject
from spofscan.importers.compose_header import WATCHES, fill_in, guessed, read_notes
from spofscan.importers.config_names import config_mentions
from spofscan.importers.hosts import ADDRESS_WORDS, hosts_in_arguments, hosts_in_value
from spofscan.importers.imported import Edge, Imported, ImportedComponent
from spofscan.importers.kinds import is_observability, kind_of_image, kind_of_words
from spofscan.words import listed

STATEFUL = frozenset({"database", "queue", "storage", "cache"})
_RESTART = {"none": "no", "any": "always", "on-failure": "on-failure"}


def import_compose(project: ComposeProject, env_files: Mapping[str, str] | None = None) -> Imported:
    """The architecture of a compose project read by
    :func:`~spofscan.importers.compose_files.read_project`.

    ``env_files`` maps the path of each ``env_file`` that exists to its text; one missing
    is named in the header.
    """
    running = {n: s for n, s in project.services.items() if _replicas(s) > 0}
    host = _free_name("docker-host", running)
    resolve = _resolver(running)
    components = [
        replace(
            _component(name, service, host, resolve, running, env_files or {}),
            location=project.locations.get(name),
        )
        for name, service in sorted(running.items())
    ]
    host_component = ImportedComponent(
        host, "host", description="the machine docker compose runs the project on", assumed=True
    )
    components.append(host_component)
    entrypoints = tuple(
        sorted(
            n
            for n, s in running.items()
            if s.get("ports") and not is_observability(str(s.get("image", "")))
        )
    )
    mentions = config_mentions(project, running)
    return Imported(
        name=project.name,
        source=f"Imported by `spofscan import compose` from {listed(project.files)}.",
        components=tuple(sorted(components, key=lambda c: c.name)),
        entrypoints=entrypoints,
        read=tuple(read_notes(project, running, env_files or {})),
        guessed=tuple(guessed(components, host, entrypoints)),
        fill_in=tuple(fill_in(components, entrypoints, host, mentions)),
    )


def _component(
    name: str,
    service: dict[str, Any],
    host: str,
    resolve: Callable[[str], str | None],
    running: Mapping[str, Any],
    env_files: Mapping[str, str],
) -> ImportedComponent:
    kind = _kind(name, service)
    edges, notes = _edges(name, service, resolve, running, env_files)
    data_note, replication, volume_notes = _data(service, kind)
    return ImportedComponent(
        name=name,
        kind=kind,
        description=_description(service),
        replicas=_replicas(service),
        restart=_restart(service),
        health_check=_health_check(service),
        runs_on=(host,),
        depends_on=edges,
        notes=(*notes, *volume_notes),
        data_note=data_note,
        replication=replication if _replicas(service) == 1 else None,
    )


def _kind(name: str, service: dict[str, Any]) -> str:
    image = service.get("image")
    guess = kind_of_image(str(image)) if image else kind_of_words(name)
    return guess[0] if guess else "service"


def _description(service: dict[str, Any]) -> str | None:
    if service.get("image"):
        return f"image {service['image']}"
    build = service.get("build")
    context = build.get("context", ".") if isinstance(build, dict) else build
    return f"built from {context}" if context else None


def _replicas(service: dict[str, Any]) -> int:
    deploy = service.get("deploy")
    replicas = deploy.get("replicas") if isinstance(deploy, dict) else None
    if replicas is None:
        replicas = service.get("scale", 1)
    try:
        return max(0, min(int(replicas), 1000))
    except (TypeError, ValueError):
        return 1


def _restart(service: dict[str, Any]) -> str | None:
    restart = service.get("restart")
    if isinstance(restart, str | bool):
        text = "no" if restart is False else str(restart)
        return "on-failure" if text.startswith("on-failure") else text
    deploy = service.get("deploy")
    policy = deploy.get("restart_policy") if isinstance(deploy, dict) else None
    if isinstance(policy, dict):
        return _RESTART.get(str(policy.get("condition", "any")))
    return None


def _health_check(service: dict[str, Any]) -> bool | None:
    check = service.get("healthcheck")
    if not isinstance(check, dict):
        return None
    test = check.get("test")
    disabled = check.get("disable") is True or test == ["NONE"] or test == "NONE"
    return not disabled


def _resolver(running: Mapping[str, dict[str, Any]]) -> Callable[[str], str | None]:
    """The service a host name reaches: a service's name, container name or alias."""
    names: dict[str, str] = {}
    for name, service in running.items():
        networks = service.get("networks")
        for network in networks.values() if isinstance(networks, dict) else ():
            aliases = network.get("aliases", []) if isinstance(network, dict) else []
            names.update((str(alias), name) for alias in aliases)
        if isinstance(service.get("container_name"), str):
            names[service["container_name"]] = name
    names.update((name, name) for name in running)
    return names.get


def _edges(
    name: str,
    service: dict[str, Any],
    resolve: Callable[[str], str | None],
    running: Mapping[str, Any],
    env_files: Mapping[str, str],
) -> tuple[tuple[Edge, ...], list[str]]:
    """Every dependency the service states, each with its origins; and notes on the
    dependencies named on services that do not run."""
    origins: dict[str, list[str]] = {}
    soft: set[str] = set()
    notes: list[str] = []
    once = _completed_first(service)
    for target, origin, required in _stated(service, resolve, env_files):
        if origin == "depends_on" and target in once:
            notes.append(
                f"waits for {target} to complete (service_completed_successfully): a step "
                "of its start, not a dependency while it runs"
            )
            continue
        if target not in running:
            notes.append(f"{origin} names {target}, which is not imported (profile or replicas 0)")
            continue
        if target == name:
            continue
        origins.setdefault(target, [])
        if origin not in origins[target]:
            origins[target].append(origin)
        if not required:
            soft.add(target)
    watching = {t for t in origins if is_observability(str(running[t].get("image", "")))}
    edges = tuple(
        Edge(
            t,
            _soft_origins(o, t in watching),
            soft=t in watching or (t in soft and o == ["depends_on"]),
        )
        for t, o in origins.items()
    )
    return edges, notes


def _soft_origins(origins: list[str], watching: bool) -> tuple[str, ...]:
    return (*origins, WATCHES) if watching else tuple(origins)


def _completed_first(service: dict[str, Any]) -> set[str]:
    """The services ``depends_on`` waits for to run to completion (migrations, set-up
    jobs): they are done before this one starts, and it does not need them after."""
    depends_on = service.get("depends_on") or {}
    return {
        str(target)
        for target, condition in depends_on.items()
        if isinstance(condition, dict)
        and condition.get("condition") == "service_completed_successfully"
    }


def _stated(
    service: dict[str, Any],
    resolve: Callable[[str], str | None],
    env_files: Mapping[str, str],
) -> Iterator[tuple[str, str, bool]]:
    """(target, origin, required) of every dependency the service states."""
    depends_on = service.get("depends_on")
    for target, condition in (depends_on or {}).items():
        required = not (isinstance(condition, dict) and condition.get("required") is False)
        yield str(target), "depends_on", required
    for link in service.get("links") or []:
        yield str(link).split(":", 1)[0], "links", True
    network = service.get("network_mode")
    if isinstance(network, str) and network.startswith("service:"):
        yield network.removeprefix("service:"), "network_mode", True  # its network, its fate
    for source in service.get("volumes_from") or []:
        name = str(source).split(":", 1)[0]
        if not name.startswith("container:"):
            yield name, "volumes_from", True
    for key, value in _environment(service, env_files).items():
        address = bool(ADDRESS_WORDS.search(key))
        for target in hosts_in_value(value, resolve, address=address):
            yield target, f"env {key}", True
    for key in ("entrypoint", "command"):
        arguments = service.get(key)
        if isinstance(arguments, list):
            for target, option in hosts_in_arguments([str(a) for a in arguments], resolve):
                yield target, key if option == "command" else f"{key} {option}", True


def _environment(service: dict[str, Any], env_files: Mapping[str, str]) -> dict[str, str]:
    """The service's variables: its env files', then ``environment`` over them."""
    values: dict[str, str] = {}
    for entry in service.get("env_file") or []:
        path = entry.get("path") if isinstance(entry, dict) else entry
        text = env_files.get(str(path))
        if text is not None:
            read = dotenv_values(stream=io.StringIO(text), interpolate=False)
            values.update((k, v) for k, v in read.items() if v is not None)
    environment = service.get("environment")
    if isinstance(environment, dict):
        values.update((k, v) for k, v in environment.items() if v is not None)
    return dict(sorted(values.items()))


def _data(service: dict[str, Any], kind: str) -> tuple[str | None, str | None, list[str]]:
    """The note of a ``data:`` block (stateful kinds), its replication, and notes."""
    named, bound = _volumes(service)
    if kind not in STATEFUL:
        kept = [f"volume {v}" for v in named]
        note = f"keeps data in {listed(kept)} on the host" if kept else None
        return None, None, [note] if note else []
    if named or bound:
        where = listed([*(f"volume {v}" for v in named), *(f"folder {b}" for b in bound)])
        return f"in {where} on the host; no backup stated", "none", []
    if kind == "cache":
        return None, None, []
    return "no volume: the data lives in the container and goes with it", "none", []


def _volumes(service: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Named volumes and bound host folders the service mounts (read-only ones left out)."""
    named: list[str] = []
    bound: list[str] = []
    for volume in service.get("volumes") or []:
        source, read_only, kind = _volume(volume)
        if not source or read_only or kind not in ("volume", "bind"):
            continue
        if kind == "bind":
            bound.append(source)
        else:
            named.append(source)
    return named, bound


def _volume(volume: Any) -> tuple[str, bool, str]:
    if isinstance(volume, dict):
        source = str(volume.get("source") or "")
        return source, volume.get("read_only") is True, str(volume.get("type", "volume"))
    parts = str(volume).split(":")
    if len(parts) < 2:
        return "", False, "volume"  # an anonymous volume
    source, mode = parts[0], parts[2] if len(parts) > 2 else "rw"
    is_path = source.startswith((".", "/", "~"))
    if is_path and source.endswith((".sock", ".conf", ".json", ".yml", ".yaml", ".xml")):
        return source, True, "bind"  # a socket or a configuration file: not data
    return source, "ro" in mode.split(","), "bind" if is_path else "volume"


def _free_name(wanted: str, taken: Mapping[str, Any]) -> str:
    name, n = wanted, 1
    while name in taken:
        n += 1
        name = f"{wanted}-{n}"
    return name
