"""The diagram as a Mermaid flowchart, for Markdown pages on GitHub and GitLab: pure.

>>> from spofscan.render.diagram.model import Diagram, Node
>>> users = Node("[users]", "users", "users", "plain", ("users",))
>>> print(draw_mermaid(Diagram(("tiny",), (users,), (), (), (), ("plain",), ())))
---
title: 'tiny'
---
flowchart TB
  n__users_(("<b>users</b>")):::plain
  classDef plain fill:#ffffff,stroke:#616161,color:#000000
<BLANKLINE>
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from spofscan.analysis.results import WhatIf
from spofscan.render.diagram.build import View, build_diagram
from spofscan.render.diagram.model import Cluster, Diagram, Edge, Node, Status
from spofscan.render.diagram.palette import (
    EDGE_ORDER,
    MERMAID_SHAPES,
    OUTLINED,
    PAINT,
    STATUS_ORDER,
)
from spofscan.report.check import CheckReport

_ARROWS = {
    "entry": "==>",
    "hard": "-->",
    "any": "-.->",
    "at_least": "-.->",
    "soft": "-.->",
    "failover": "-.-o",
    "placement": "~~~",
}
_LINK_STYLES = {
    "any": "stroke-dasharray:6 4",
    "at_least": "stroke-dasharray:6 4",
    "soft": "stroke:#9e9e9e,stroke-dasharray:2 3",
    "failover": "stroke:#6a1b9a,stroke-dasharray:4 3",
}


def render_mermaid(
    report: CheckReport,
    *,
    collapse: bool = False,
    what_if: WhatIf | None = None,
    journey: str | None = None,
) -> str:
    """The Mermaid source (no Markdown fences) of the report's diagram."""
    return draw_mermaid(build_diagram(report, View(what_if, journey, collapse)))


def draw_mermaid(diagram: Diagram) -> str:
    """A diagram model as Mermaid flowchart source."""
    ids = mermaid_ids([n.id for n in diagram.nodes] + sorted(diagram.cluster_ids()))
    nodes = {n.id: n for n in diagram.nodes}
    placed = {n for c in _walk(diagram.clusters) for n in c.nodes}
    title = " · ".join(diagram.title[:2]).replace("'", "''")
    lines = ["---", f"title: '{title}'", "---", "flowchart TB"]
    lines += [_node(nodes[n], ids) for n in sorted(nodes) if n not in placed]
    for cluster in diagram.clusters:
        lines += _subgraph(cluster, nodes, ids, 1)
    lines += _edges(_drawn(diagram), ids)
    lines += _legend(diagram)
    lines += [f"  classDef {s} {_paint(s)}" for s in STATUS_ORDER if s in diagram.statuses]
    lines += [_cluster_style(c, ids) for c in _walk(diagram.clusters)]
    return "\n".join(lines) + "\n"


def mermaid_ids(names: Iterable[str]) -> dict[str, str]:
    """Safe, distinct Mermaid ids: ``n_`` and the name with other characters as ``_``."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(names):
        base = "n_" + re.sub(r"[^A-Za-z0-9_]", "_", name)
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}_{number}"
        taken.add(candidate)
        ids[name] = candidate
    return ids


def _quote(text: str) -> str:
    """A double-quoted Mermaid string; quotes and angle brackets as entities."""
    escaped = text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
    return f'"{escaped}"'


def _label(lines: Iterable[str], badge: str | None, *, bold: bool = True) -> str:
    """Label lines joined by ``<br/>``; the name and the badge in bold."""
    name, *rest = [_quote(line)[1:-1] for line in lines]
    parts = [f"<b>{name}</b>" if bold else name]
    if badge:
        parts.append(f"<b>{_quote(badge)[1:-1]}</b>")
    return "<br/>".join([*parts, *rest])


def _node(node: Node, ids: Mapping[str, str], indent: int = 1) -> str:
    opening, closing = MERMAID_SHAPES.get(node.kind, ("[", "]"))
    if node.role == "replica":
        opening, closing = "[", "]"
    label = _label(node.lines, node.badge)
    return f'{"  " * indent}{ids[node.id]}{opening}"{label}"{closing}:::{node.status}'


def _subgraph(
    cluster: Cluster, nodes: Mapping[str, Node], ids: Mapping[str, str], depth: int
) -> list[str]:
    pad = "  " * depth
    name, *rest = cluster.lines
    label = _label((name, " · ".join(rest)), cluster.badge)
    lines = [f'{pad}subgraph {ids[cluster.id]}["{label}"]']
    lines += [_node(nodes[n], ids, depth + 1) for n in cluster.nodes]
    for inner in cluster.clusters:
        lines += _subgraph(inner, nodes, ids, depth + 1)
    return [*lines, f"{pad}end"]


def _drawn(diagram: Diagram) -> list[Edge]:
    """The edges Mermaid draws: not the invisible ones that stack a cluster's boxes
    through the cluster (Graphviz's anchor point in it; Mermaid has none, and a link
    from a subgraph to a node inside it is no help to its layout)."""
    clusters = diagram.cluster_ids()
    return [
        e
        for e in diagram.edges
        if e.style != "placement" or not (e.source in clusters or e.target in clusters)
    ]


def _edges(edges: Iterable[Edge], ids: Mapping[str, str]) -> list[str]:
    lines: list[str] = []
    styled: dict[str, list[int]] = {}
    for number, edge in enumerate(edges):
        label = f"|{_quote(edge.label)}|" if edge.label else ""
        lines.append(f"  {ids[edge.source]} {_ARROWS[edge.style]}{label} {ids[edge.target]}")
        styled.setdefault(edge.style, []).append(number)
    for style in EDGE_ORDER:
        if style in _LINK_STYLES and style in styled:
            numbers = ",".join(str(n) for n in styled[style])
            lines.append(f"  linkStyle {numbers} {_LINK_STYLES[style]}")
    return lines


def _legend(diagram: Diagram) -> list[str]:
    shown = [s for s in STATUS_ORDER if s in diagram.statuses and PAINT[s].meaning]
    if not shown and not diagram.notes:
        return []
    lines = ['  subgraph legend_["legend"]']
    lines += [f'    legend_{s}["{_quote(_meaning(s))[1:-1]}"]:::{s}' for s in shown]
    if diagram.notes:
        lines.append(f'    legend_fixes_["{_label(diagram.notes, None, bold=False)}"]')
    return [*lines, "  end"]


def _meaning(status: Status) -> str:
    """The legend's words for a status, after its mark if it has one."""
    paint = PAINT[status]
    return f"{paint.mark} {paint.meaning}" if paint.mark else paint.meaning


def _paint(status: Status) -> str:
    paint = PAINT[status]
    heavy = ",stroke-width:4px" if status in OUTLINED else ""
    return f"fill:{paint.fill},stroke:{paint.stroke},color:{paint.text}{heavy}"


def _cluster_style(cluster: Cluster, ids: Mapping[str, str]) -> str:
    paint = PAINT[cluster.status]
    width = 4 if cluster.status in OUTLINED else 2
    return (
        f"  style {ids[cluster.id]} fill:{paint.tint},stroke:{paint.stroke},stroke-width:{width}px"
    )


def _walk(clusters: Iterable[Cluster]) -> Iterator[Cluster]:
    for cluster in clusters:
        yield cluster
        yield from _walk(cluster.clusters)
