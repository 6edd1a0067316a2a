"""A compose service in one shape, and the merge of one service definition over another.

Compose lets many keys take a short form (``environment`` as a list of ``KEY=value``,
``depends_on`` as a list of names, ``command`` as one string); :func:`normalised` turns
each into its long form so that later steps read one shape. :func:`merged` applies an
override file, or an ``extends`` child, over its base as the Compose Specification's merge
rules say: mappings merge key by key, the lists of ``ports``, ``volumes`` and the like
add up, and every other value is replaced.

>>> base = normalised({"environment": ["A=1", "B"], "ports": ["80:80"], "command": "run a"})
>>> base["environment"], base["command"]
({'A': '1', 'B': None}, ['run', 'a'])
>>> over = normalised({"environment": {"B": 2}, "ports": ["443:443"], "command": ["x"]})
>>> merged(base, over)
{'environment': {'A': '1', 'B': '2'}, 'ports': ['80:80', '443:443'], 'command': ['x']}
"""

from __future__ import annotations

import shlex
from typing import Any

_APPENDED = frozenset(
    {
        "cap_add", "cap_drop", "configs", "devices", "dns", "dns_search", "env_file",
        "expose", "external_links", "links", "ports", "profiles", "secrets", "security_opt",
        "tmpfs", "volumes", "volumes_from",
    }
)  # fmt: skip
_MAPPED = frozenset({"environment", "labels", "annotations", "extra_hosts", "sysctls"})


def normalised(service: dict[str, Any]) -> dict[str, Any]:
    """``service`` with its short forms written long."""
    result = dict(service)
    for key in _MAPPED & result.keys():
        result[key] = _mapping(result[key])
    if "depends_on" in result:
        result["depends_on"] = _depends_on(result["depends_on"])
    if isinstance(result.get("networks"), list):
        result["networks"] = {str(name): None for name in result["networks"]}
    for key in ("command", "entrypoint"):
        if isinstance(result.get(key), str):
            result[key] = split_command(result[key])
    if isinstance(result.get("env_file"), str | dict):
        result["env_file"] = [result["env_file"]]
    return result


def split_command(command: str) -> list[str]:
    """A command written as one string, split as a shell would (or at spaces, when its
    quotes do not close)."""
    try:
        return shlex.split(command)
    except ValueError:
        return command.split()


def merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` merged over ``base``; neither is changed."""
    result = dict(base)
    for key, value in over.items():
        old = result.get(key)
        if key in _APPENDED and isinstance(old, list) and isinstance(value, list):
            result[key] = old + [item for item in value if item not in old]
        elif isinstance(old, dict) and isinstance(value, dict):
            result[key] = merged(old, value)
        else:
            result[key] = value
    return result


def _mapping(value: Any) -> Any:
    """``environment`` and the like: a list of ``KEY=value`` (or ``KEY``) as a mapping."""
    if isinstance(value, dict):
        return {str(k): None if v is None else _text(v) for k, v in value.items()}
    if isinstance(value, list):
        pairs = (str(item).partition("=") for item in value)
        return {key: (text if sep else None) for key, sep, text in pairs}
    return value


def _depends_on(value: Any) -> Any:
    if isinstance(value, list):
        return {str(name): {"condition": "service_started"} for name in value}
    return value


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
