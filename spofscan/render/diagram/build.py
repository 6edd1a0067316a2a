"""Build the diagram model from a check report, as a view asks: the boxes, the nested
placement clusters, the needs between them, the title and the fixes note."""

from __future__ import annotations

from collections.abc import Sequence

from spofscan.model.architecture import Architecture
from spofscan.render.diagram.collapse import collapsed_diagram
from spofscan.render.diagram.edges import dependency_edges, replica_edges
from spofscan.render.diagram.model import Diagram, Node
from spofscan.render.diagram.parts import cluster_tree, component_node, finish, users_node
from spofscan.render.diagram.placement import Placement, place
from spofscan.render.diagram.scene import USERS, Scene, View, make_scene
from spofscan.render.diagram.status import BADGES, replica_status
from spofscan.report.check import CheckReport

__all__ = ["USERS", "Scene", "View", "build_diagram"]


def build_diagram(report: CheckReport, view: View | None = None) -> Diagram:
    """The diagram of ``report`` as ``view`` asks for it (by default: all of it)."""
    scene = make_scene(report, view or View())
    if scene.view.collapse:
        return collapsed_diagram(scene)
    domains = hosting(scene.arch, scene.names)
    placement = place(scene.arch, scene.names, domains)
    nodes = [users_node(scene)]
    nodes += [component_node(scene, n) for n in scene.names if n not in domains]
    nodes += replica_nodes(scene, placement)
    junctions, edges = dependency_edges(scene)
    homes = {j.id: _home(j.id.rpartition("[")[0], placement, domains) for j in junctions}
    for name, instances in placement.replicas.items():
        homes.update((f"{name}[{i}]", home) for i, home in instances)
    edges += replica_edges(placement)
    clusters = cluster_tree(scene, placement.parent, domains, homes)
    return finish(scene, [*nodes, *junctions], clusters, edges)


def hosting(arch: Architecture, names: Sequence[str]) -> set[str]:
    """The names that something in ``names`` runs on: they are drawn as clusters."""
    drawn = set(names)
    return {h for n in names if n in arch.components for h in arch.components[n].runs_on} & drawn


def replica_nodes(scene: Scene, placement: Placement) -> list[Node]:
    """A small box per replica of each spread component, in the domain it runs on."""
    result = scene.view.what_if
    nodes = []
    for name, homes in placement.replicas.items():
        comp = scene.arch.components[name]
        for instance, _home in homes:
            status, host = scene.statuses[name], comp.host_of(instance)
            if result is not None:
                status = replica_status(result, name, instance, host)
            tip = f"{name}[{instance}]: replica {instance} of {name}, runs on {host}"
            badge = BADGES["failed"] if status == "failed" else None
            box = f"{name}[{instance}]"
            nodes.append(Node(box, "replica", comp.kind, status, (box,), badge, tip))
    return nodes


def _home(owner: str, placement: Placement, domains: set[str]) -> str | None:
    """Where a junction is drawn: in its owner's cluster (or the owner's own, for a domain)."""
    return owner if owner in domains else placement.parent.get(owner)
