"""The diagram model: what a picture of an architecture shows, before any drawing syntax.

A :class:`Diagram` is built once from a report (and an optional what-if) and drawn by
the Graphviz and Mermaid renderers alike, so that both say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal[
    "spof",  # one failure of it takes an entrypoint down
    "shared_fate",  # replicas or a redundant group that one common failure defeats
    "redundant",  # needed, but backed up: its failure alone takes nothing down
    "optional",  # only softly needed: its failure degrades, takes nothing down
    "never_fails",  # availability 100: logical components, components modelled perfect
    "unused",  # nothing an entrypoint needs
    "journey",  # a user-visible function
    "failed",  # what-if: failed on purpose
    "down",  # what-if: taken down by the failure
    "degraded",  # what-if: up, but a soft dependency is down
    "reduced",  # what-if: up, but lost some replicas or group members
    "up",  # what-if: unaffected
    "plain",  # structure: the users node, junctions, chips, summaries without a verdict
]
Tone = Literal["plain", "good", "bad"]  # of a title line: neutral, objective met, missed
TitleLine = tuple[str, Tone]
EdgeStyle = Literal["hard", "any", "at_least", "soft", "failover", "entry", "placement"]
NodeRole = Literal["component", "journey", "users", "junction", "replica", "summary"]


@dataclass(frozen=True)
class Node:
    """One box of the picture.

    ``id`` is the component's name for components and journeys (the SVG id), and a
    name that no component can have (it holds brackets) for everything else.
    ``lines`` are the label's lines, the first one the name; ``badge`` is the verdict
    written in the box (``SPOF``, ``DOWN``, ...); ``tooltip`` lists what the report
    says about it.
    """

    id: str
    role: NodeRole
    kind: str
    status: Status
    lines: tuple[str, ...]
    badge: str | None = None
    tooltip: str = ""


@dataclass(frozen=True)
class Cluster:
    """A placement domain (region, zone, VM, host, ...) drawn as a box around what runs
    on it; ``id`` is the component's name; ``nodes`` are the ids drawn directly in it."""

    id: str
    kind: str
    status: Status
    lines: tuple[str, ...]
    badge: str | None
    tooltip: str
    nodes: tuple[str, ...]
    clusters: tuple[Cluster, ...]


@dataclass(frozen=True)
class Edge:
    """A need, from the one that needs to what it needs (``source`` needs ``target``)."""

    source: str
    target: str
    style: EdgeStyle
    label: str | None = None
    status: Status = "plain"


@dataclass(frozen=True)
class Diagram:
    """A whole picture: title lines, nodes, nested placement clusters, edges, the top
    fixes for the side note, which statuses and edge styles the legend explains, and
    the tone of each title line (``good`` an objective met, ``bad`` one missed)."""

    title: tuple[str, ...]
    nodes: tuple[Node, ...]
    clusters: tuple[Cluster, ...]
    edges: tuple[Edge, ...]
    notes: tuple[str, ...]
    statuses: tuple[Status, ...]
    edge_styles: tuple[EdgeStyle, ...]
    title_tones: tuple[Tone, ...] = ()

    def cluster_ids(self) -> frozenset[str]:
        """The ids of every cluster, nested ones included."""
        found: set[str] = set()
        stack = list(self.clusters)
        while stack:
            cluster = stack.pop()
            found.add(cluster.id)
            stack.extend(cluster.clusters)
        return frozenset(found)
