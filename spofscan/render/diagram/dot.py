"""The diagram as Graphviz dot source: pure, deterministic, and the same bytes every run.

Each component and journey is a node whose SVG id is its name and whose tooltip lists
what the report says about it; placement domains are clusters (region > zone > VM);
the legend and the top fixes are two boxes beside the drawing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import graphviz
from graphviz import quoting

from spofscan.render.diagram.model import (
    Cluster,
    Diagram,
    Edge,
    EdgeStyle,
    Node,
    Status,
    Tone,
)
from spofscan.render.diagram.palette import (
    DOT_SHAPES,
    EDGE_MEANING,
    EDGE_ORDER,
    OUTLINED,
    PAINT,
    STATUS_ORDER,
)

FONT = "Helvetica"
LEGEND, FIXES = "[legend]", "[fixes]"
_EDGE_ATTRS: Mapping[EdgeStyle, dict[str, str]] = {
    "entry": {"penwidth": "2.2", "color": "#37474f"},
    "hard": {"penwidth": "1.4", "color": "#37474f"},
    "any": {"style": "dashed", "penwidth": "1.4", "color": "#37474f"},
    "at_least": {"style": "dashed", "penwidth": "1.4", "color": "#37474f"},
    "soft": {"style": "dotted", "penwidth": "1.4", "color": "#9e9e9e", "arrowhead": "empty"},
    "failover": {"style": "dashed", "penwidth": "1.2", "color": "#6a1b9a", "arrowhead": "odiamond"},
    "placement": {"style": "invis"},
}
_EDGE_SAMPLES: Mapping[EdgeStyle, str] = {
    "entry": "━━━▶",
    "hard": "───▶",
    "any": "╌╌╌▶",
    "at_least": "╌╌╌▶",
    "soft": "┈┈┈▷",
    "failover": "╌╌╌◇",
    "placement": "",
}
_TONES: Mapping[Tone, str] = {"plain": "#000000", "good": "#2e7d32", "bad": "#c62828"}
_LOUD: frozenset[Status] = frozenset({"spof", "failed", "down", "shared_fate"})


def draw_dot(diagram: Diagram) -> str:
    """A diagram model as dot source."""
    graph = graphviz.Digraph("spofscan", strict=False)
    graph.attr(
        "graph",
        label=_title(diagram),
        labelloc="t",
        fontname=FONT,
        rankdir="TB",
        compound="true",
        newrank="true",
        nodesep="0.35",
        ranksep="0.55",
        tooltip=_escape(" · ".join(diagram.title)),
        id="diagram",
    )
    graph.attr("node", fontname=FONT, fontsize="11", style="filled", margin="0.12,0.06")
    graph.attr("edge", fontname=FONT, fontsize="10")
    nodes = {n.id: n for n in diagram.nodes}
    placed = {n for c in _walk(diagram.clusters) for n in c.nodes}
    anchors = _anchored(diagram)
    for node_id in sorted(set(nodes) - placed):
        _node(graph, nodes[node_id])
    for cluster in diagram.clusters:
        _cluster(graph, cluster, nodes, anchors)
    for edge in diagram.edges:
        _edge(graph, edge, anchors)
    _legend(graph, diagram)
    return str(graph.source)


def anchor_of(cluster_id: str) -> str:
    """The id of the invisible node that edges to and from a cluster attach to."""
    return f"{cluster_id}[anchor]"


def _anchored(diagram: Diagram) -> set[str]:
    """Clusters that need an anchor node: edge ends, and those with nothing inside."""
    ends = {e.source for e in diagram.edges} | {e.target for e in diagram.edges}
    return {c.id for c in _walk(diagram.clusters) if c.id in ends or not (c.nodes or c.clusters)}


def _node(graph: graphviz.Digraph, node: Node) -> None:
    shape, extra = DOT_SHAPES.get(node.kind, ("box", ""))
    paint = PAINT[node.status]
    attrs = {
        "id": quoting.nohtml(node.id),
        "label": _label(node.lines, node.badge, small=node.role in ("replica", "junction")),
        "shape": "box" if node.role == "replica" else shape,
        "style": ",".join(filter(None, ("filled", extra, "rounded" * (node.role == "replica")))),
        "fillcolor": paint.fill,
        "color": paint.stroke,
        "fontcolor": paint.text,
        "penwidth": "3" if node.status in _LOUD else "1.4",
        "tooltip": _escape(node.tooltip or node.lines[0]),
    }
    if node.role == "junction":
        attrs.update(fontsize="9", margin="0.02", height="0.3")
    if node.status in OUTLINED:
        attrs["peripheries"] = "2"
    graph.node(quoting.nohtml(node.id), **attrs)


def _cluster(
    graph: graphviz.Digraph, cluster: Cluster, nodes: Mapping[str, Node], anchors: set[str]
) -> None:
    paint = PAINT[cluster.status]
    with graph.subgraph(name=f"cluster_{cluster.id}") as sub:
        sub.attr(
            id=quoting.nohtml(cluster.id),
            label=_cluster_label(cluster),
            labeljust="l",
            style="filled,rounded",
            fillcolor=paint.tint,
            color=paint.stroke,
            fontcolor="#000000",
            fontname=FONT,
            penwidth=_cluster_pen(cluster.status),
            tooltip=_escape(cluster.tooltip),
        )
        if cluster.id in anchors:
            sub.node(
                quoting.nohtml(anchor_of(cluster.id)), shape="point", style="invis", width="0.01"
            )
        for node_id in cluster.nodes:
            _node(sub, nodes[node_id])
        for inner in cluster.clusters:
            _cluster(sub, inner, nodes, anchors)


def _cluster_pen(status: Status) -> str:
    """A cluster's outline: heavy when failed (it cannot be doubled), thick when loud."""
    return "5" if status in OUTLINED else "3.5" if status in _LOUD else "1.6"


def _edge(graph: graphviz.Digraph, edge: Edge, anchors: set[str]) -> None:
    attrs = dict(_EDGE_ATTRS[edge.style])
    if edge.label:
        attrs["label"] = _escape(edge.label)
    if edge.status in ("failed", "down") and edge.style != "placement":
        attrs.update(color="#c62828", penwidth="2.4")
    source, target = edge.source, edge.target
    clipped = edge.style != "placement"  # an invisible edge may run into its own cluster
    if source in anchors:
        if clipped:
            attrs["ltail"] = f"cluster_{source}"
        source = anchor_of(source)
    if target in anchors:
        if clipped:
            attrs["lhead"] = f"cluster_{target}"
        target = anchor_of(target)
    # graph.edge() would read a colon in a name as a port: quote the names ourselves.
    # A name like <b> is a name, not an HTML string: nohtml keeps it quoted.
    statement = (
        f"{quoting.quote(quoting.nohtml(source))} -> {quoting.quote(quoting.nohtml(target))}"
    )
    graph.body.append(f"\t{statement}{quoting.attr_list(kwargs=attrs)}\n")


def _legend(graph: graphviz.Digraph, diagram: Diagram) -> None:
    rows = [
        f'<tr>{_swatch(s)}<td align="left">{_html(PAINT[s].meaning)}</td></tr>'
        for s in STATUS_ORDER
        if s in diagram.statuses and PAINT[s].meaning
    ]
    rows += [
        f'<tr><td>{_EDGE_SAMPLES[s]}</td><td align="left">{_html(EDGE_MEANING[s])}</td></tr>'
        for s in EDGE_ORDER
        if s in diagram.edge_styles and s not in ("entry", "placement")
    ]
    if any(n.role == "replica" for n in diagram.nodes):
        rows.append(
            f'<tr><td>x[0]</td><td align="left">{_html(EDGE_MEANING["placement"])}</td></tr>'
        )
    table = (
        '<table border="0" cellspacing="2" cellpadding="2">'
        '<tr><td colspan="2"><b>legend</b></td></tr>'
    )
    graph.node(
        LEGEND,
        label=f"<{table}{''.join(rows)}</table>>",
        shape="box",
        style="rounded",
        color="#9e9e9e",
        id="legend",
        tooltip="legend",
    )
    if diagram.notes:
        text = "".join(f"{_escape(line)}\\l" for line in diagram.notes)
        graph.node(
            FIXES,
            label=text,
            shape="note",
            style="filled",
            fillcolor="#fffde7",
            color="#9e9e9e",
            fontsize="10",
            id="fixes",
            tooltip="top fixes",
        )


def _swatch(status: Status) -> str:
    """The legend's sample of a status: its colours, its outline, its mark."""
    paint = PAINT[status]
    border = "2" if status in OUTLINED else "1"
    mark = f'<font color="{paint.text}"><b>{_html(paint.mark)}</b></font>' if paint.mark else " "
    return (
        f'<td bgcolor="{paint.fill}" color="{paint.stroke}" border="{border}" width="18">'
        f"{mark}</td>"
    )


def _title(diagram: Diagram) -> str:
    lines = diagram.title
    plain: list[Tone] = ["plain"] * len(lines)
    tones = [*diagram.title_tones, *plain]
    head = f'<font point-size="18"><b>{_html(lines[0])}</b></font>'
    rest = [
        f'<br/><font point-size="13" color="{_TONES[tone]}">{_html(line)}</font>'
        for line, tone in zip(lines[1:], tones[1:], strict=False)
    ]
    return f"<{head}{''.join(rest)}<br/> >"


def _label(lines: Iterable[str], badge: str | None, *, small: bool = False) -> str:
    first, *rest = lines
    size = "9" if small else "12"
    parts = [f'<font point-size="{size}"><b>{_html(first)}</b></font>']
    if badge:
        parts.append(f'<font point-size="12"><b>{_html(badge)}</b></font>')
    parts += [f'<font point-size="9">{_html(line)}</font>' for line in rest]
    return "<" + "<br/>".join(parts) + ">"


def _cluster_label(cluster: Cluster) -> str:
    name, *rest = cluster.lines
    paint = PAINT[cluster.status]
    cells = [f'<td><font point-size="12"><b>{_html(name)}</b></font></td>']
    if cluster.badge:
        cells.append(
            f'<td bgcolor="{paint.fill}"><font face="{FONT}" point-size="11" color="{paint.text}">'
            f"<b>{_html(cluster.badge)}</b></font></td>"
        )
    details = f'<font point-size="9">{_html(" · ".join(rest))}</font>' if rest else ""
    return (
        '<<table border="0" cellborder="0" cellspacing="2" cellpadding="1"><tr>'
        f'{"".join(cells)}</tr><tr><td colspan="{len(cells)}" align="left">{details}</td></tr>'
        "</table>>"
    )


def _html(text: str) -> str:
    """Text for an HTML-like label."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _escape(text: str) -> str:
    """Text for a quoted dot string: backslashes doubled, newlines as ``\\n``."""
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def _walk(clusters: Iterable[Cluster]) -> Iterable[Cluster]:
    for cluster in clusters:
        yield cluster
        yield from _walk(cluster.clusters)
