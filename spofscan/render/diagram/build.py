"""Build the diagram model from a check report, as a view asks: the boxes, the nested
placement clusters, the needs between them, the title and the fixes note."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from spofscan.model.architecture import Architecture
from spofscan.render.diagram import labels
from spofscan.render.diagram.edges import dependency_edges, replica_edges
from spofscan.render.diagram.model import Cluster, Diagram, Edge, Node, Status
from spofscan.render.diagram.placement import Placement, place
from spofscan.render.diagram.scene import USERS, Scene, View, make_scene

if TYPE_CHECKING:
    from spofscan.pipeline import CheckReport

__all__ = ["USERS", "Scene", "View", "build_diagram"]


def build_diagram(report: CheckReport, view: View | None = None) -> Diagram:
    """The diagram of ``report`` as ``view`` asks for it (by default: all of it)."""
    scene = make_scene(report, view or View())
    if scene.view.collapse:
        from spofscan.render.diagram.collapse import collapsed_diagram

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


def users_node(scene: Scene) -> Node:
    """The ``users`` circle at the top, from which every entrypoint is reached."""
    return Node(USERS, "users", "users", "plain", ("users",), tooltip="the users")


def component_node(scene: Scene, name: str) -> Node:
    """The box of a component or journey: its id is its name."""
    arch = scene.arch
    comp = arch.components.get(name)
    lines = labels.component_lines(comp) if comp else labels.journey_lines(arch, name)
    return Node(
        name,
        "component" if comp else "journey",
        arch.kind_of(name),
        scene.statuses[name],
        lines,
        scene.badge(name),
        labels.tooltip(scene.report, name),
    )


def replica_nodes(scene: Scene, placement: Placement) -> list[Node]:
    """A small box per replica of each spread component, in the domain it runs on."""
    result = scene.view.what_if
    nodes = []
    for name, homes in placement.replicas.items():
        comp = scene.arch.components[name]
        for instance, _home in homes:
            status, host = scene.statuses[name], comp.host_of(instance)
            if result is not None:
                lost = f"{name}[{instance}]" in result.failed or host in result.down
                status = "failed" if name in result.failed else "down" if lost else "up"
            tip = f"{name}[{instance}]: replica {instance} of {name}, runs on {host}"
            nodes.append(
                Node(
                    f"{name}[{instance}]",
                    "replica",
                    comp.kind,
                    status,
                    (f"{name}[{instance}]",),
                    tooltip=tip,
                )
            )
    return nodes


def _home(owner: str, placement: Placement, domains: set[str]) -> str | None:
    """Where a junction is drawn: in its owner's cluster (or the owner's own, for a domain)."""
    return owner if owner in domains else placement.parent.get(owner)


def cluster_tree(
    scene: Scene,
    parent: Mapping[str, str | None],
    domains: set[str],
    extra: Mapping[str, str | None],
) -> tuple[Cluster, ...]:
    """The nested clusters, each with the nodes drawn directly in it: ``parent`` places
    components and domains, ``extra`` the other nodes (junctions, replicas, summaries)."""
    children: dict[str | None, list[str]] = {}
    for name, home in [*parent.items(), *extra.items()]:
        children.setdefault(home, []).append(name)

    def build(domain: str) -> Cluster:
        inside = sorted(children.get(domain, []))
        comp = scene.arch.components[domain]
        return Cluster(
            domain,
            comp.kind,
            scene.statuses[domain],
            labels.component_lines(comp),
            scene.badge(domain),
            labels.tooltip(scene.report, domain),
            tuple(n for n in inside if n not in domains),
            tuple(build(d) for d in inside if d in domains),
        )

    return tuple(build(d) for d in sorted(children.get(None, [])) if d in domains)


def finish(
    scene: Scene, nodes: list[Node], clusters: Sequence[Cluster], edges: list[Edge]
) -> Diagram:
    """Sort everything, name the statuses and edge styles in use, add title and notes."""
    statuses = {n.status for n in nodes} | set(_cluster_statuses(clusters))
    result = scene.view.what_if
    if result is None:
        title = labels.check_title(scene.report, scene.view.journey)
        notes = labels.fix_notes(scene.report)
    else:
        title = labels.what_if_title(scene.arch, result, scene.report.analysis.system)
        notes = ()
    return Diagram(
        tuple(text for text, _ in title),
        tuple(sorted(nodes, key=lambda n: n.id)),
        tuple(clusters),
        tuple(sorted(set(edges), key=lambda e: (e.source, e.target, e.style))),
        notes,
        tuple(sorted(statuses)),
        tuple(sorted({e.style for e in edges})),
        tuple(tone for _, tone in title),
    )


def _cluster_statuses(clusters: Sequence[Cluster]) -> Iterator[Status]:
    for cluster in clusters:
        yield cluster.status
        yield from _cluster_statuses(cluster.clusters)
