"""Recognise a deployment file given where an architecture was expected.

A docker-compose file or a Kubernetes manifest handed to ``check`` would get a screen of
schema errors that never say what the file is; the loader asks :func:`recognise` first
when a file fails, and says which import to run instead. The test is on the text, by
its top-level keys, so that it works where YAML does not parse as one document (a
manifest of several).

>>> recognise("services:\\n  web:\\n    image: nginx\\n", "compose.yml").message
'this looks like a docker-compose file: run `spofscan import compose compose.yml`'
>>> str(recognise("---\\napiVersion: v1\\nkind: Service\\n", "svc.yaml").location)
'svc.yaml:2:1'
>>> recognise("spofscan: 1\\nservices: {}\\n", "a.yaml") is None
True
"""

from __future__ import annotations

import re
import shlex

from spofscan.errors import Location, Problem

_ARCHITECTURE = re.compile(r"^(spofscan|components)\s*:", re.MULTILINE)
_COMPOSE = re.compile(r"^services\s*:", re.MULTILINE)
_API_VERSION = re.compile(r"^apiVersion\s*:\s*\S", re.MULTILINE)
_KIND = re.compile(r"^kind\s*:\s*[A-Z]\w*\s*$", re.MULTILINE)


def recognise(text: str, file: str) -> Problem | None:
    """The problem to report when ``text`` is a compose file or a Kubernetes manifest
    rather than an architecture; None when it is neither."""
    if _ARCHITECTURE.search(text):
        return None
    api = _API_VERSION.search(text)
    if api and _KIND.search(text):
        where = Location(file, text.count("\n", 0, api.start()) + 1, 1)
        command = f"spofscan import k8s {shlex.quote(file)}"
        return Problem(where, f"this looks like a Kubernetes manifest: run `{command}`")
    services = _COMPOSE.search(text)
    if services:
        where = Location(file, text.count("\n", 0, services.start()) + 1, 1)
        command = f"spofscan import compose {shlex.quote(file)}"
        return Problem(where, f"this looks like a docker-compose file: run `{command}`")
    return None
