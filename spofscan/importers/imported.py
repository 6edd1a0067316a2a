"""What an import found: components, their dependencies with where each came from, and
the notes the header of the written file gives.

Immutable values, built by an importer and written by :mod:`spofscan.importers.writer`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spofscan.errors import Location


@dataclass(frozen=True)
class Edge:
    """A dependency on ``target``; ``origins`` say where the files state it
    (``depends_on``, ``env DATABASE_URL``), ``soft`` that the dependent copes without it.

    ``any_of`` names the components behind ``target`` when there are several (a
    Kubernetes Service that selects the pods of three Deployments): one of them is enough.
    """

    target: str
    origins: tuple[str, ...]
    soft: bool = False
    any_of: tuple[str, ...] = ()

    @property
    def members(self) -> tuple[str, ...]:
        """The components this dependency names."""
        return self.any_of or (self.target,)


@dataclass(frozen=True)
class ImportedComponent:
    """One component as the deployment describes it.

    ``notes`` are comments written above the component (what the files say that the
    format cannot hold); ``data_note`` is the comment of a ``data:`` block, written only
    for a component that keeps data. ``assumed`` marks what the import adds and the
    deployment does not describe (the compose host, a cluster's nodes and zones);
    ``location`` is where the deployment defines the component.
    """

    name: str
    kind: str = "service"
    description: str | None = None
    replicas: int = 1
    restart: str | None = None
    health_check: bool | None = None
    runs_on: tuple[str, ...] = ()
    depends_on: tuple[Edge, ...] = ()
    notes: tuple[str, ...] = ()
    data_note: str | None = None
    replication: str | None = None
    assumed: bool = False
    location: Location | None = None


@dataclass(frozen=True)
class Imported:
    """A whole import: the architecture's name and components, and the header's notes.

    ``entrypoints`` empty means none were found, and the format's default applies.
    """

    name: str
    source: str
    components: tuple[ImportedComponent, ...]
    entrypoints: tuple[str, ...] = ()
    read: tuple[str, ...] = ()
    guessed: tuple[str, ...] = ()
    fill_in: tuple[str, ...] = ()
    description: str | None = None
    defaults_availability: float = 99.9
