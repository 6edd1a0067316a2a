"""The shapes of the compose keys the import reads, checked before it reads them.

The Compose Specification lets many keys take two forms (a list or a mapping, a string
or a list); a value of neither form is reported where it is written, all at once, as
``docker compose config`` would refuse it. Keys the import does not read are not
checked: they are the deployment's business.

>>> from spofscan.loading.source_map import SourceMap
>>> problems = service_problems("web", {"depends_on": "db", "ports": [80]}, SourceMap("c.yml"))
>>> [p.message for p in problems]
["'depends_on' of service web must be a list of names or a mapping, not a string ('db')"]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from spofscan.errors import Problem
from spofscan.loading.source_map import SourceMap
from spofscan.loading.wording import kind_of_value

SCALAR = (str, int, float, bool)
NAME_LIST = "a list of names"
SHAPES: dict[str, tuple[tuple[type, ...], str]] = {
    "image": ((str,), "a string"),
    "container_name": ((str,), "a string"),
    "network_mode": ((str,), "a string"),
    "restart": ((str, bool), "a string"),
    "scale": ((int, str), "a whole number"),
    "depends_on": ((list, dict), "a list of names or a mapping"),
    "links": ((list,), NAME_LIST),
    "volumes_from": ((list,), NAME_LIST),
    "profiles": ((list,), NAME_LIST),
    "environment": ((list, dict), "a list of KEY=value or a mapping"),
    "labels": ((list, dict), "a list of KEY=value or a mapping"),
    "env_file": ((str, list), "a path or a list of them"),
    "command": ((str, list, type(None)), "a string or a list"),
    "entrypoint": ((str, list, type(None)), "a string or a list"),
    "ports": ((list,), "a list"),
    "volumes": ((list,), "a list"),
    "configs": ((list,), "a list"),
    "networks": ((list, dict), "a list of names or a mapping"),
    "deploy": ((dict, type(None)), "a mapping"),
    "healthcheck": ((dict,), "a mapping"),
    "extends": ((str, dict), "a service name or a mapping"),
    "build": ((str, dict), "a path or a mapping"),
}
ITEMS: dict[str, tuple[tuple[type, ...], str]] = {
    "links": ((str,), "a name"),
    "volumes_from": ((str,), "a name"),
    "profiles": ((str,), "a name"),
    "environment": (SCALAR, "KEY=value"),
    "labels": (SCALAR, "KEY=value"),
    "command": (SCALAR, "a word"),
    "entrypoint": (SCALAR, "a word"),
    "ports": ((str, int, dict), "a port or a mapping"),
    "volumes": ((str, dict), "a volume or a mapping"),
    "configs": ((str, dict), "a name or a mapping"),
    "env_file": ((str, dict), "a path or a mapping"),
    "networks": ((str,), "a name"),
}
NESTED: dict[tuple[str, str], tuple[tuple[type, ...], str]] = {
    ("deploy", "replicas"): ((int, str), "a whole number"),
    ("deploy", "restart_policy"): ((dict,), "a mapping"),
    ("healthcheck", "test"): ((str, list), "a string or a list"),
}
_RESTART = re.compile(r"no|always|unless-stopped|on-failure(:\d+)?")
_TOP = {"services": dict, "volumes": dict, "configs": dict, "networks": dict, "name": str}


def top_problems(document: dict[str, Any], smap: SourceMap) -> Iterator[Problem]:
    """Top-level keys of the wrong shape (``services`` is checked before)."""
    for key, kind in _TOP.items():
        value = document.get(key)
        if value is not None and not isinstance(value, kind):
            what = "a mapping" if kind is dict else "a string"
            message = f"'{key}' must be {what}, not {kind_of_value(value)}"
            yield Problem(smap.at((key,)), message)


def service_problems(name: str, service: dict[str, Any], smap: SourceMap) -> list[Problem]:
    """Every key of service ``name`` whose value has a shape the specification refuses."""
    problems: list[Problem] = []
    for key, (kinds, what) in SHAPES.items():
        if key not in service:
            continue
        value, path = service[key], ("services", name, key)
        if not isinstance(value, kinds):
            message = f"'{key}' of service {name} must be {what}, not {kind_of_value(value)}"
            problems.append(Problem(smap.at(path), message))
            continue
        problems += _item_problems(name, key, value, smap)
        problems += _nested_problems(name, key, value, smap)
    restart = service.get("restart")
    if restart is True or (isinstance(restart, str) and not _RESTART.fullmatch(restart)):
        message = (
            f"'restart' of service {name} must be no, always, on-failure[:N] or "
            f"unless-stopped, not {kind_of_value(restart)}"
        )
        problems.append(Problem(smap.at(("services", name, "restart")), message))
    return problems


def _item_problems(name: str, key: str, value: Any, smap: SourceMap) -> Iterator[Problem]:
    shape = ITEMS.get(key)
    if shape is None:
        return
    kinds, what = shape
    if isinstance(value, list):
        items = list(enumerate(value))
    elif key in ("environment", "labels") and isinstance(value, dict):
        items = [(k, v) for k, v in value.items() if v is not None]
    else:
        return
    for index, item in items:
        if not isinstance(item, kinds):
            message = f"each of '{key}' of service {name} must be {what}, not {kind_of_value(item)}"
            yield Problem(smap.at(("services", name, key, index)), message)


def _nested_problems(name: str, key: str, value: Any, smap: SourceMap) -> Iterator[Problem]:
    if key == "depends_on" and isinstance(value, list):
        for index, item in enumerate(value):
            if not isinstance(item, str):
                message = f"each of 'depends_on' of service {name} must be a name"
                yield Problem(smap.at(("services", name, key, index)), message)
    if key == "depends_on" and isinstance(value, dict):
        for target, condition in value.items():
            if condition is not None and not isinstance(condition, dict):
                message = f"'depends_on' {target} of service {name} must be a mapping"
                yield Problem(smap.at(("services", name, key, target)), message)
    if not isinstance(value, dict):
        return
    for (outer, inner), (kinds, what) in NESTED.items():
        if outer == key and inner in value and not isinstance(value[inner], kinds):
            message = (
                f"'{key}.{inner}' of service {name} must be {what}, "
                f"not {kind_of_value(value[inner])}"
            )
            yield Problem(smap.at(("services", name, key, inner)), message)
