"""Read a docker-compose project as ``docker compose`` would: files merged in order,
variables interpolated from the environment and ``.env``, ``extends`` followed, profiles
applied.

Anchors, aliases and ``<<`` merge keys are YAML's, and the architecture loader's YAML
reader resolves them (refusing alias bombs and duplicate keys, with their locations).
Every problem is a located :class:`~spofscan.errors.InputError`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dotenv import dotenv_values

from spofscan.errors import InputError, Location, Problem, input_error
from spofscan.importers.compose_shape import service_problems, top_problems
from spofscan.importers.interpolation import BadInterpolation, MissingVariable, interpolate
from spofscan.importers.merge import merged, normalised
from spofscan.loading.source_map import Path, SourceMap
from spofscan.loading.yaml_source import parse_yaml, read_text

MAX_COMPOSE_BYTES = 4 * 1024 * 1024
_SERVICE_NAME = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]*")
_NOT_COMPOSE = "a docker-compose file is a mapping with a 'services' mapping"


@dataclass(frozen=True)
class ComposeProject:
    """The services a compose project runs, merged and interpolated, and what was read.

    ``left_out`` are the services the active profiles leave out; ``unset`` the variables
    read as empty because nothing sets them.
    """

    name: str
    files: tuple[str, ...]
    services: dict[str, dict[str, Any]]
    volumes: dict[str, Any]
    configs: dict[str, Any] = field(default_factory=dict)
    profiles: tuple[str, ...] = ()
    profiles_from: str = ""
    left_out: tuple[str, ...] = ()
    env_file: str | None = None
    unset: tuple[str, ...] = ()
    locations: dict[str, Location] = field(default_factory=dict)


def read_project(
    files: Sequence[str],
    *,
    environ: Mapping[str, str],
    profiles: Sequence[str] = (),
    env_file: str | None = None,
) -> ComposeProject:
    """The project of the compose ``files``, merged in order (later ones override).

    ``environ`` is the environment (it wins over ``.env``, read beside the first file
    unless ``env_file`` names another); ``profiles`` the profiles to enable, by default
    those of ``COMPOSE_PROFILES``.
    """
    if not files:
        raise InputError([])
    env, env_read = _environment(files[0], environ, env_file)
    reader = _Reader(env)
    documents = [reader.services(file) for file in files]
    services: dict[str, dict[str, Any]] = {}
    for document in documents:
        for name, service in document.items():
            services[name] = merged(services.get(name, {}), service)
    active, source = _profiles(profiles, env)
    enabled = {n: s for n, s in services.items() if _enabled(s, active)}
    return ComposeProject(
        name=_project_name(reader.top_name, env, files[0]),
        files=tuple(files),
        services=enabled,
        volumes=reader.volumes,
        configs=reader.configs,
        profiles=active,
        profiles_from=source,
        left_out=tuple(sorted(services.keys() - enabled.keys())),
        env_file=env_read,
        unset=tuple(sorted(reader.unset)),
        locations=reader.locations,
    )


def _environment(
    first: str, environ: Mapping[str, str], env_file: str | None
) -> tuple[dict[str, str], str | None]:
    """The variables interpolation sees: ``.env``'s, then the environment's over them."""
    path = env_file or os.path.join(os.path.dirname(first), ".env")
    if not os.path.isfile(path):
        if env_file is not None:
            raise input_error(Location(env_file), "no such file")
        return dict(environ), None
    read_text(path, path, limit=MAX_COMPOSE_BYTES, what="an env file")  # located errors
    values: dict[str, str] = {}
    for key, raw in dotenv_values(path, interpolate=False).items():
        try:
            values[key] = interpolate(raw or "", {**values, **environ}, set())
        except ValueError:
            values[key] = raw or ""
    return {**values, **environ}, path


def _profiles(asked: Sequence[str], env: Mapping[str, str]) -> tuple[tuple[str, ...], str]:
    if asked:
        return tuple(sorted(set(asked))), "--profile"
    named = [p.strip() for p in env.get("COMPOSE_PROFILES", "").split(",") if p.strip()]
    return tuple(sorted(set(named))), "COMPOSE_PROFILES" if named else ""


def _enabled(service: dict[str, Any], active: Sequence[str]) -> bool:
    wanted = service.get("profiles") or []
    return not wanted or "*" in active or any(str(p) in active for p in wanted)


def _project_name(top: str | None, env: Mapping[str, str], first: str) -> str:
    if top:
        return top
    if env.get("COMPOSE_PROJECT_NAME"):
        return env["COMPOSE_PROJECT_NAME"]
    folder = os.path.basename(os.path.dirname(os.path.abspath(first)))
    return folder or "compose"


class _Reader:
    """Reads compose files: interpolated, normalised, ``extends`` resolved."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.unset: set[str] = set()
        self.volumes: dict[str, Any] = {}
        self.configs: dict[str, Any] = {}
        self.locations: dict[str, Location] = {}
        self.top_name: str | None = None
        self._files: dict[str, tuple[dict[str, Any], SourceMap]] = {}

    def services(self, file: str) -> dict[str, dict[str, Any]]:
        """The services of ``file``, with ``extends`` resolved."""
        document, smap = self._document(file)
        if isinstance(document.get("name"), str) and self.top_name is None:
            self.top_name = document["name"]
        if isinstance(document.get("volumes"), dict):
            self.volumes.update(document["volumes"])
        if isinstance(document.get("configs"), dict):
            self.configs.update(document["configs"])
        services = document["services"]
        for name in services:
            self.locations.setdefault(name, smap.key_at(("services", name)))
        return {name: self._resolved(file, name, ()) for name in services}

    def _document(self, file: str) -> tuple[dict[str, Any], SourceMap]:
        if file not in self._files:
            text = read_text(file, file, limit=MAX_COMPOSE_BYTES, what="a docker-compose file")
            document, smap = parse_yaml(text, file)
            _check_shape(document, smap)
            document = self._interpolated(document, smap)
            _check_services(document, smap)
            document["services"] = {
                str(name): normalised(service) for name, service in document["services"].items()
            }
            self._files[file] = (document, smap)
        return self._files[file]

    def _interpolated(self, document: dict[str, Any], smap: SourceMap) -> dict[str, Any]:
        problems: list[Problem] = []

        def walk(value: Any, path: Path) -> Any:
            if isinstance(value, str):
                try:
                    return interpolate(value, self.env, self.unset)
                except (MissingVariable, BadInterpolation) as err:
                    problems.append(Problem(smap.at(path), str(err)))
                    return value
            if isinstance(value, dict):
                return {k: walk(v, (*path, k)) for k, v in value.items()}
            if isinstance(value, list):
                return [walk(v, (*path, i)) for i, v in enumerate(value)]
            return value

        result = {k: v if k.startswith("x-") else walk(v, (k,)) for k, v in document.items()}
        if problems:
            raise InputError(problems)
        return result

    def _resolved(self, file: str, name: str, seen: tuple[tuple[str, str], ...]) -> dict[str, Any]:
        """Service ``name`` of ``file`` merged over the service it extends, if any."""
        document, smap = self._document(file)
        service: dict[str, Any] = document["services"][name]
        extends = service.get("extends")
        if extends is None:
            return service
        where = smap.at(("services", name, "extends"))
        base_file, base_name = _extended(extends, file, where)
        if (base_file, base_name) in (*seen, (file, name)):
            raise input_error(where, f"'extends' of service {name} goes round in a circle")
        base_document, _ = self._document(base_file)
        if base_name not in base_document["services"]:
            raise input_error(
                where, f"'extends' names service {base_name}, which {base_file} lacks"
            )
        base = self._resolved(base_file, base_name, (*seen, (file, name)))
        own = {k: v for k, v in service.items() if k != "extends"}
        return merged(base, own)


def _extended(extends: Any, file: str, where: Location) -> tuple[str, str]:
    """The file and service an ``extends`` names."""
    if isinstance(extends, str):
        return file, extends
    if not isinstance(extends, dict) or not isinstance(extends.get("service"), str):
        raise input_error(where, "'extends' is a service name or a mapping with 'service'")
    other = extends.get("file")
    if other is None:
        return file, extends["service"]
    return os.path.join(os.path.dirname(file), str(other)), extends["service"]


def _check_services(document: dict[str, Any], smap: SourceMap) -> None:
    """Every key the import reads has a shape the Compose Specification allows."""
    problems = list(top_problems(document, smap))
    for name, service in document["services"].items():
        problems += service_problems(str(name), service, smap)
    if problems:
        raise InputError(problems)


def _check_shape(document: Any, smap: SourceMap) -> None:
    if document is None:
        raise input_error(Location(smap.file), "the file is empty", _NOT_COMPOSE)
    if not isinstance(document, dict) or not isinstance(document.get("services"), dict):
        where = smap.at(("services",)) if isinstance(document, dict) else smap.at(())
        raise input_error(where, "not a docker-compose file: no 'services' mapping", _NOT_COMPOSE)
    for name, service in document["services"].items():
        if not _SERVICE_NAME.fullmatch(str(name)):
            message = f"'{name}' is not a service name: letters, digits, '.', '_' and '-'"
            raise input_error(smap.key_at(("services", name)), message)
        if not isinstance(service, dict):
            message = f"service {name} must be a mapping of keys"
            raise input_error(smap.at(("services", name)), message)
