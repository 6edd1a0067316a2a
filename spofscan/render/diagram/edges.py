"""The needs drawn between boxes: users to entrypoints, dependencies (through a junction
box for each group of alternatives), soft dependencies, and the invisible edges that
arrange replica boxes."""

from __future__ import annotations

from spofscan.model.architecture import DependencyGroup
from spofscan.render.diagram.model import Edge, EdgeStyle, Node, Status
from spofscan.render.diagram.placement import Placement
from spofscan.render.diagram.scene import USERS, Scene
from spofscan.render.diagram.status import BADGES

REPLICA_COLUMNS = 3


def dependency_edges(scene: Scene) -> tuple[list[Node], list[Edge]]:
    """Users to entrypoints, then every need between drawn names; a junction box stands
    for each group of alternatives (``any of 2``, ``2 of 3``)."""
    arch, drawn = scene.arch, set(scene.names)
    entries = [scene.view.journey] if scene.view.journey else arch.entrypoints
    edges = [Edge(USERS, e, "entry", status=scene.statuses[e]) for e in entries]
    junctions: list[Node] = []
    for name in scene.names:
        for index, group in enumerate(arch.dependencies_of(name)):
            junction, needs = group_edges(scene, name, index, group)
            junctions.extend(junction)
            edges.extend(needs)
        comp = arch.components.get(name)
        soft = comp.soft_depends_on if comp else ()
        edges.extend(Edge(name, s, "soft", status=scene.statuses[s]) for s in soft if s in drawn)
        takeover = comp.failover.needs if comp and comp.failover else ()
        edges.extend(
            Edge(name, n, "failover", status=scene.statuses[n]) for n in takeover if n in drawn
        )
    return junctions, edges


def group_edges(
    scene: Scene, owner: str, index: int, group: DependencyGroup
) -> tuple[list[Node], list[Edge]]:
    """Edges to each member of a plain need; a junction box and edges through it for a
    group of alternatives."""
    members = [m for m in group.members if m in scene.statuses]
    if group.kind == "all":
        return [], [Edge(owner, m, "hard", status=scene.statuses[m]) for m in members]
    style: EdgeStyle = "any" if group.kind == "any" else "at_least"
    words = (
        f"any of {len(group.members)}" if style == "any" else f"{group.k} of {len(group.members)}"
    )
    junction_id = f"{owner}[g{index}]"
    status = junction_status(scene, owner, index, group)
    tip = f"{owner} needs {words}: {', '.join(group.members)}"
    node = Node(
        junction_id,
        "junction",
        "group",
        status,
        (words,),
        BADGES.get(status) if status == "shared_fate" else None,
        tip,
    )
    edges = [Edge(owner, junction_id, style, status=status)]
    edges += [Edge(junction_id, m, style, status=scene.statuses[m]) for m in members]
    return [node], edges


def junction_status(scene: Scene, owner: str, index: int, group: DependencyGroup) -> Status:
    """Does the group hold (what-if), and is it real redundancy or a shared fate (check)?"""
    result = scene.view.what_if
    if result is not None:
        down = sum(m in result.down for m in group.members)
        if len(group.members) - down < group.k:
            return "down"
        return "reduced" if down else "up"
    if (owner, index) in scene.shared_groups:
        return "shared_fate"
    return "redundant" if group.k < len(group.members) else "plain"


def replica_edges(placement: Placement) -> list[Edge]:
    """Invisible edges that keep each replica box under its component, and arrange the
    replica boxes of one domain in rows of ``REPLICA_COLUMNS``, not one long row."""
    edges: list[Edge] = []
    by_home: dict[str, list[str]] = {}
    for name, instances in placement.replicas.items():
        for instance, home in instances:
            edges.append(Edge(name, f"{name}[{instance}]", "placement"))
            by_home.setdefault(home, []).append(f"{name}[{instance}]")
    for boxes in by_home.values():
        boxes.sort()
        edges += [
            Edge(a, b, "placement") for a, b in zip(boxes, boxes[REPLICA_COLUMNS:], strict=False)
        ]
    return edges
