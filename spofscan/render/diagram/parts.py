"""The parts every drawing of a view is made of, full or collapsed: the users circle,
a component's box, the nested placement clusters, and the finish (sorting, title, notes)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from spofscan.render.diagram import labels
from spofscan.render.diagram.model import Cluster, Diagram, Edge, Node, Status
from spofscan.render.diagram.scene import USERS, Scene


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
        labels.tooltip(scene.report, name, scene.findings.get(name, ())),
    )


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
            labels.tooltip(scene.report, domain, scene.findings.get(domain, ())),
            tuple(n for n in inside if n not in domains),
            tuple(build(d) for d in inside if d in domains),
        )

    return tuple(build(d) for d in sorted(children.get(None, [])) if d in domains)


def finish(
    scene: Scene, nodes: list[Node], clusters: Sequence[Cluster], edges: list[Edge]
) -> Diagram:
    """Sort everything, name the statuses and edge styles in use, add title and notes."""
    statuses = {n.status for n in nodes} | set(_cluster_statuses(clusters))
    if any(scene.lost_instances(n) for n in scene.names):
        statuses.add("failed")  # the failed instance is marked on its component's box
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
