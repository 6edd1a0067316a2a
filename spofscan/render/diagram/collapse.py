"""The collapsed diagram: a readable picture of a system of a thousand components.

VMs and hosts are not drawn as boxes; zones and regions are. Entrypoints, journeys,
single points of failure, shared fates and failed components keep a box of their own;
every other component is counted into one summary box per placement domain and verdict
(``52 components, redundant: 40 vms, 12 services``). The needs to and from the boxes
of their own are drawn, once between two boxes, as the strongest of them; needs between
two summaries are left out, or they would hide the rest.
"""

from __future__ import annotations

import itertools
import textwrap
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from spofscan.render.diagram import labels
from spofscan.render.diagram.model import Cluster, Diagram, Edge, EdgeStyle, Node, Status
from spofscan.render.diagram.parts import cluster_tree, component_node, finish, users_node
from spofscan.render.diagram.placement import place
from spofscan.render.diagram.scene import USERS, Scene
from spofscan.words import plural

DOMAIN_KINDS = frozenset({"zone", "region", "provider"})
KEPT: frozenset[Status] = frozenset({"spof", "failed", "journey"})
STRENGTH: tuple[EdgeStyle, ...] = ("entry", "hard", "at_least", "any", "failover", "soft")
SHOWN_MEMBERS = 40
SPOF_BOXES = 100  # SPOFs drawn in boxes of their own, at most (worst_spofs)
ENTRY_BOXES = 100  # plain entrypoints drawn in boxes of their own, at most (worst_entrypoints)
STACKING_PAIRS = 400  # invisible edges between every box of two stacked clusters, at most
STACKED_CLUSTERS = 8  # clusters in one stacked in a column, at most; more stand side by side


def collapsed_diagram(scene: Scene) -> Diagram:
    """Summaries per domain and verdict; the notable components on their own."""
    domains = {n for n in scene.names if scene.arch.kind_of(n) in DOMAIN_KINDS}
    placement = place(scene.arch, scene.names, domains, spread=False)
    rep = representatives(scene, placement.parent, kept(scene, domains))
    members: dict[str, list[str]] = defaultdict(list)
    for name, target in rep.items():
        if target != name:
            members[target].append(name)
    nodes = [users_node(scene)]
    nodes += [component_node(scene, n) for n in sorted(rep) if rep[n] == n and n not in domains]
    nodes += [summary_node(scene, node_id, names) for node_id, names in sorted(members.items())]
    homes = {node_id: placement.parent[names[0]] for node_id, names in members.items()}
    clusters = cluster_tree(scene, placement_without(placement.parent, members), domains, homes)
    return finish(scene, nodes, clusters, [*collapsed_edges(scene, rep), *stacking(clusters)])


def representatives(
    scene: Scene, parent: Mapping[str, str | None], keep: set[str]
) -> dict[str, str]:
    """The box each name is drawn in: its own, or the summary it is counted in. A
    summary of one component says less than the component: it keeps its own box."""
    rep = {n: n if n in keep else summary_id(scene, parent[n], n) for n in scene.names}
    sizes = Counter(rep.values())
    return {n: n if sizes[box] == 1 else box for n, box in rep.items()}


def stacking(clusters: Sequence[Cluster]) -> list[Edge]:
    """Invisible edges that stack the clusters inside each cluster in a column, so
    that regions stand side by side and their zones one above the other; a cluster of
    more than ``STACKED_CLUSTERS`` leaves them side by side. A column of the 84 zones of
    a thousand stacks under one region took Graphviz 37 s to lay out (0.07 s side by
    side), and the 834 of ten thousand stacks more than half an hour."""
    edges: list[Edge] = []
    for cluster in clusters:
        if len(cluster.clusters) <= STACKED_CLUSTERS:
            for above, below in itertools.pairwise(cluster.clusters):
                edges += _stacked(_all_nodes(above), below)
        edges += stacking(cluster.clusters)
    return edges


def _stacked(above: list[str], below: Cluster) -> list[Edge]:
    """Invisible edges that put the boxes of ``below`` under those ``above``: from each
    box above to each box below while there are at most ``STACKING_PAIRS`` such pairs,
    else through the cluster itself (an invisible point in it, where edges to a cluster
    end): from each box above to it, and from it to each box below. Either way every
    box below stands under every box above. All pairs of two zones of a thousand kept
    boxes each would be a million edges (a legacy estate of 10,000 components: a 46 MB
    Markdown report, 1.5 million of its lines such links), and even 3,120 of them, among
    the 140 boxes of a chain of 10,000 components, took Graphviz 11 s to lay out."""
    boxes = _all_nodes(below)
    if len(above) * len(boxes) <= STACKING_PAIRS:
        return [Edge(a, b, "placement") for a in above for b in boxes]
    edges = [Edge(a, below.id, "placement") for a in above]
    return edges + [Edge(below.id, b, "placement") for b in boxes]


def _all_nodes(cluster: Cluster) -> list[str]:
    return [*cluster.nodes, *(n for c in cluster.clusters for n in _all_nodes(c))]


def kept(scene: Scene, domains: set[str]) -> set[str]:
    """Names that keep a box of their own: entrypoints, journeys and the notable ones,
    among them those the what-if fails an instance of; of the SPOFs, the
    ``SPOF_BOXES`` that account for the most downtime (:func:`worst_spofs`); of the
    entrypoints, the ``ENTRY_BOXES`` least available (:func:`worst_entrypoints`)."""
    if scene.view.journey:
        entries = {scene.view.journey}
    else:
        entries = worst_entrypoints(scene, set(scene.arch.entrypoints))
    notable = {n for n in scene.names if scene.statuses[n] in KEPT or scene.lost_instances(n)}
    spofs = {n for n in notable if scene.statuses[n] == "spof" and not scene.lost_instances(n)}
    notable -= spofs - worst_spofs(scene, spofs)
    return (entries & set(scene.names)) | notable | domains


def worst_spofs(scene: Scene, spofs: set[str]) -> set[str]:
    """The ``SPOF_BOXES`` of ``spofs`` with the largest share of the downtime (by name
    among equals). A legacy estate of 10,000 components has 2,678 SPOFs: a box each
    took Graphviz 159 s to lay out, and made a picture nobody could read; the others
    are counted into a summary per zone, as the redundant ones are."""
    return scene.report.analysis.costliest(spofs, SPOF_BOXES)


def worst_entrypoints(scene: Scene, entries: set[str]) -> set[str]:
    """The ``ENTRY_BOXES`` of ``entries`` with the lowest availability (by name among
    equals). The 3,001 services of one compose project have 750 entrypoints (those that
    publish ports): a box each made a row 60,000 points wide; the others are counted
    into the summaries (a journey, a SPOF or a failed one keeps its box all the same)."""
    if len(entries) <= ENTRY_BOXES:
        return entries
    value = {e.name: e.availability.value for e in scene.report.analysis.entrypoints}
    return set(sorted(entries, key=lambda name: (value.get(name, 1.0), name))[:ENTRY_BOXES])


def summary_id(scene: Scene, home: str | None, name: str) -> str:
    """The id of the summary box ``name`` is counted in (brackets: never a component)."""
    return f"[{home or ''}:{scene.statuses[name]}]"


def summary_node(scene: Scene, node_id: str, names: list[str]) -> Node:
    """A box that counts components of one verdict in one domain, by kind."""
    status = scene.statuses[names[0]]
    kinds = Counter(scene.arch.kind_of(n) for n in names)
    title = plural(len(names), "component")
    by_kind = [plural(count, kind.replace("_", " ")) for kind, count in sorted(kinds.items())]
    meaning = status.replace("_", " ")
    shown = ", ".join(names[:SHOWN_MEMBERS]) + (", ..." if len(names) > SHOWN_MEMBERS else "")
    tooltip = "\n".join(labels.wrap_text(f"{title} ({meaning}): {shown}"))
    lines = (title, meaning, *textwrap.wrap(", ".join(by_kind), 36))
    return Node(node_id, "summary", "summary", status, lines, None, tooltip)


def placement_without(
    parent: Mapping[str, str | None], members: Mapping[str, list[str]]
) -> dict[str, str | None]:
    """The placement of the names still drawn on their own."""
    counted = {name for names in members.values() for name in names}
    return {name: home for name, home in parent.items() if name not in counted}


def collapsed_edges(scene: Scene, rep: Mapping[str, str]) -> list[Edge]:
    """The needs that touch a box of its own, once between two boxes."""
    arch = scene.arch
    entries = [scene.view.journey] if scene.view.journey else arch.entrypoints
    found: dict[tuple[str, str], set[tuple[EdgeStyle, str]]] = defaultdict(set)
    for entry in entries:
        found[(USERS, rep[entry])].add(("entry", ""))
    for name in scene.names:
        for target, style, label in _needs(scene, name):
            source, end = rep[name], rep.get(target)
            if end is not None and end != source and not (_summary(source) and _summary(end)):
                found[(source, end)].add((style, label))
    return [_merged(scene, source, target, kinds) for (source, target), kinds in found.items()]


def _summary(node_id: str) -> bool:
    return node_id.startswith("[") and node_id != USERS


def _merged(scene: Scene, source: str, target: str, kinds: set[tuple[EdgeStyle, str]]) -> Edge:
    """One edge for all the needs between two boxes, drawn as the strongest of them."""
    style = min((k for k, _ in kinds), key=STRENGTH.index)
    words = {label for k, label in kinds if k == style}
    label = words.pop() if len(words) == 1 and len(kinds) == 1 else None
    return Edge(source, target, style, label or None, scene.statuses.get(target, "plain"))


def _needs(scene: Scene, name: str) -> Iterable[tuple[str, EdgeStyle, str]]:
    for group in scene.arch.dependencies_of(name):
        n = len(group.members)
        style: EdgeStyle = {"all": "hard", "any": "any", "at_least": "at_least"}[group.kind]  # type: ignore[assignment]
        label = "" if style == "hard" else f"any of {n}" if style == "any" else f"{group.k} of {n}"
        for member in group.members:
            yield member, style, label
    comp = scene.arch.components.get(name)
    for soft in comp.soft_depends_on if comp else ():
        yield soft, "soft", ""
    for need in comp.failover.needs if comp and comp.failover else ():
        yield need, "failover", ""
