"""Read Kubernetes manifests: files, folders and standard input, each of many documents.

Every document is an object with ``apiVersion``, ``kind`` and ``metadata.name``; a
``List`` holds more in its ``items``; an empty document (``---`` alone) is nothing.
Anything else is a located error: a manifest that is not one should be fixed, not half
read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from spofscan.errors import InputError, Location, Problem, input_error
from spofscan.loading.source_map import SourceMap
from spofscan.loading.yaml_source import (
    MAX_FILE_BYTES,
    decode,
    parse_yaml_documents,
    read_text,
    too_large,
)

SUFFIXES = (".yaml", ".yml", ".json")
NAMED_KINDS = frozenset(
    {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Pod",
     "Job", "CronJob", "Service", "ConfigMap", "HorizontalPodAutoscaler",
     "PodDisruptionBudget", "Ingress", "HTTPRoute"}
)  # fmt: skip
"""The kinds the import reads, which must have a name of the form Kubernetes allows."""
_NAME = re.compile(r"[a-z0-9]([-a-z0-9.]*[a-z0-9])?")
STDIN = "-"


@dataclass(frozen=True)
class K8sObject:
    """One Kubernetes object: its kind, namespace (empty when the manifest gives none),
    name, labels and the rest of it, and where it is written."""

    kind: str
    api_version: str
    namespace: str
    name: str
    body: dict[str, Any] = field(repr=False)
    location: Location

    @property
    def labels(self) -> dict[str, str]:
        """The object's own labels."""
        labels = self.body.get("metadata", {}).get("labels")
        return {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}

    @property
    def spec(self) -> dict[str, Any]:
        """The object's spec (an empty mapping when it has none)."""
        spec = self.body.get("spec")
        return spec if isinstance(spec, dict) else {}


def read_objects(
    paths: Sequence[str], stdin: BinaryIO | None = None
) -> tuple[list[K8sObject], list[str]]:
    """Every object in the manifests at ``paths`` (``-``: ``stdin``), and the files read."""
    objects: list[K8sObject] = []
    files: list[str] = []
    for path in paths:
        for file, text in _texts(path, stdin):
            files.append(file)
            objects.extend(_objects(text, file))
    return objects, files


def _texts(path: str, stdin: BinaryIO | None) -> Iterator[tuple[str, str]]:
    if path == STDIN:
        if stdin is None:
            raise input_error(Location("<stdin>"), "no standard input to read")
        data = stdin.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise too_large(len(data), Location("<stdin>"))
        yield "<stdin>", decode(data, "<stdin>")
    elif os.path.isdir(path):
        found = sorted(_manifests(path))
        if not found:
            raise input_error(Location(path), "the folder holds no .yaml, .yml or .json file")
        for file in found:
            yield file, read_text(file, file, what="a Kubernetes manifest")
    else:
        yield path, read_text(path, path, what="a Kubernetes manifest")


def _manifests(folder: str) -> Iterator[str]:
    for root, folders, files in os.walk(folder):
        folders.sort()
        yield from (os.path.join(root, f) for f in files if f.endswith(SUFFIXES))


def _objects(text: str, file: str) -> list[K8sObject]:
    problems: list[Problem] = []
    objects: list[K8sObject] = []
    for document, smap in parse_yaml_documents(text, file):
        if document is None:
            continue
        for item in _items(document, smap):
            if isinstance(item, K8sObject):
                objects.append(item)
            else:
                problems.append(item)
    if problems:
        raise InputError(problems)
    return objects


def _items(document: Any, smap: SourceMap) -> Iterator[K8sObject | Problem]:
    """The objects of one document: itself, or the items of a List."""
    if isinstance(document, dict) and str(document.get("kind", "")).endswith("List"):
        items = document.get("items")
        if isinstance(items, list):
            for i, item in enumerate(items):
                yield _object(item, smap, ("items", i))
            return
    yield _object(document, smap, ())


def _object(value: Any, smap: SourceMap, path: tuple[str | int, ...]) -> K8sObject | Problem:
    """The object ``value``, or the problem that it is none (no kind, no apiVersion)."""
    where = smap.at(path)
    if not isinstance(value, dict):
        return Problem(where, "not a Kubernetes object: a document must be a mapping")
    kind, api = value.get("kind"), value.get("apiVersion")
    missing = [key for key, v in (("apiVersion", api), ("kind", kind)) if not isinstance(v, str)]
    if missing:
        hint = "a Helm chart's file? `helm template` renders the manifests to import"
        return Problem(where, f"not a Kubernetes object: no {' and no '.join(missing)}", hint)
    metadata = value.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    name, namespace = metadata.get("name"), metadata.get("namespace") or ""
    if kind in NAMED_KINDS and not (isinstance(name, str) and _NAME.fullmatch(name)):
        message = f"a {kind} needs a metadata.name of lowercase letters, digits, '-' and '.'"
        named = (*path, "metadata", "name") if name is not None else (*path, "metadata")
        return Problem(smap.key_at(named), message)
    if not isinstance(namespace, str) or not _NAME.fullmatch(namespace or "a"):
        return Problem(smap.at((*path, "metadata", "namespace")), "not a valid namespace")
    return K8sObject(str(kind), str(api), namespace, str(name or ""), value, where)
