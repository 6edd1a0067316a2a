"""One function per import command: read the deployment, build the import, write it.

The command line calls these and writes what they return; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import BinaryIO

from spofscan.importers.compose import import_compose
from spofscan.importers.compose_files import read_project
from spofscan.importers.compose_header import env_file_texts
from spofscan.importers.imported import Imported
from spofscan.importers.k8s_objects import read_objects
from spofscan.importers.kubernetes import Cluster, import_kubernetes
from spofscan.importers.writer import architecture_text


def compose_architecture(
    files: Sequence[str],
    *,
    environ: Mapping[str, str],
    profiles: Sequence[str] = (),
    env_file: str | None = None,
) -> str:
    """The architecture file's text for the compose project of ``files``."""
    return architecture_text(
        compose_import(files, environ=environ, profiles=profiles, env_file=env_file)
    )


def compose_import(
    files: Sequence[str],
    *,
    environ: Mapping[str, str],
    profiles: Sequence[str] = (),
    env_file: str | None = None,
) -> Imported:
    """The import of the compose project of ``files``."""
    project = read_project(files, environ=environ, profiles=profiles, env_file=env_file)
    return import_compose(project, env_file_texts(project))


def kubernetes_architecture(
    paths: Sequence[str],
    *,
    nodes: int = 3,
    zones: Sequence[str] = ("a",),
    stdin: BinaryIO | None = None,
) -> str:
    """The architecture file's text for the Kubernetes manifests at ``paths`` (files,
    folders, ``-`` for ``stdin``), on a cluster of ``nodes`` nodes in ``zones``."""
    return architecture_text(kubernetes_import(paths, nodes=nodes, zones=zones, stdin=stdin))


def kubernetes_import(
    paths: Sequence[str],
    *,
    nodes: int = 3,
    zones: Sequence[str] = ("a",),
    stdin: BinaryIO | None = None,
) -> Imported:
    """The import of the Kubernetes manifests at ``paths``."""
    objects, files = read_objects(paths, stdin)
    return import_kubernetes(objects, paths, files, Cluster(nodes, tuple(zones)))
