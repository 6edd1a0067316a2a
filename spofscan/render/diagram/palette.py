"""Colours and shapes of a diagram, shared by the Graphviz and Mermaid renderers.

Colours say the verdict (red: a single point of failure or down; orange: redundancy that
one common failure defeats; green: real redundancy or up; yellow: degraded), shapes say
the kind. The legend's words for each are here too, so that docs and pictures agree.
What a what-if fails on purpose is set apart from what it takes down by more than a
darker red: a double (Graphviz) or heavy (Mermaid) outline and a mark, which hold in
grey print too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from spofscan.render.diagram.model import EdgeStyle, Status

FAILED_MARK = "\N{MULTIPLICATION X}"  # in a failed box's badge and its legend swatch


@dataclass(frozen=True)
class Paint:
    """How one status is drawn: box fill, border and text colours; a cluster's tint; the
    legend's words; a mark its badge and legend swatch carry, if any."""

    fill: str
    stroke: str
    text: str
    tint: str
    meaning: str
    mark: str = ""


PAINT: Mapping[Status, Paint] = {
    "spof": Paint("#d32f2f", "#7f0000", "#ffffff", "#ffebee", "single point of failure"),
    "shared_fate": Paint(
        "#fb8c00", "#a84300", "#000000", "#fff3e0", "fake redundancy: replicas share a fate"
    ),
    "redundant": Paint("#a5d6a7", "#1b5e20", "#000000", "#f1f8e9", "redundant: survives alone"),
    "optional": Paint("#ffffff", "#757575", "#000000", "#fafafa", "optional: soft need only"),
    "never_fails": Paint("#eceff1", "#90a4ae", "#37474f", "#f5f7f8", "never fails (100%)"),
    "unused": Paint("#f5f5f5", "#bdbdbd", "#757575", "#fafafa", "not needed by any entrypoint"),
    "journey": Paint("#e1bee7", "#6a1b9a", "#000000", "#f3e5f5", "journey (user function)"),
    "failed": Paint(
        "#4a0000", "#000000", "#ffffff", "#ffcdd2", "failed on purpose (the what-if)", FAILED_MARK
    ),
    "down": Paint("#e53935", "#7f0000", "#ffffff", "#ffebee", "down: taken down by it"),
    "degraded": Paint("#fdd835", "#8d6e00", "#000000", "#fffde7", "degraded: soft need down"),
    "reduced": Paint("#fff59d", "#8d6e00", "#000000", "#fffde7", "up, lost some redundancy"),
    "up": Paint("#a5d6a7", "#1b5e20", "#000000", "#f1f8e9", "up: survives"),
    "plain": Paint("#ffffff", "#616161", "#000000", "#ffffff", ""),
}
STATUS_ORDER: tuple[Status, ...] = tuple(PAINT)
OUTLINED: frozenset[Status] = frozenset({"failed"})  # drawn with a double or heavy outline

EDGE_MEANING: Mapping[EdgeStyle, str] = {
    "entry": "users reach an entrypoint",
    "hard": "needs (hard dependency)",
    "any": "needs any one of a group",
    "at_least": "needs k of a group",
    "soft": "uses if up (soft dependency)",
    "failover": "needs only to fail over",
    "placement": "one replica, drawn where it runs",
}
EDGE_ORDER: tuple[EdgeStyle, ...] = tuple(EDGE_MEANING)

# Graphviz shape and extra style per kind.
DOT_SHAPES: Mapping[str, tuple[str, str]] = {
    "load_balancer": ("hexagon", ""),
    "service": ("box", "rounded"),
    "container": ("box", "rounded"),
    "function": ("parallelogram", ""),
    "vm": ("box3d", ""),
    "host": ("box3d", ""),
    "database": ("cylinder", ""),
    "cache": ("cylinder", ""),
    "queue": ("cds", ""),
    "storage": ("folder", ""),
    "model": ("note", ""),
    "network": ("ellipse", ""),
    "dns": ("ellipse", ""),
    "cdn": ("ellipse", ""),
    "zone": ("tab", ""),
    "region": ("tab", ""),
    "provider": ("tab", ""),
    "external": ("octagon", ""),
    "logical": ("box", "rounded,dashed"),
    "other": ("box", ""),
    "journey": ("box", "rounded"),
    "users": ("circle", ""),
    "group": ("diamond", ""),
    "summary": ("box3d", ""),
}

# Mermaid flowchart node brackets per kind.
MERMAID_SHAPES: Mapping[str, tuple[str, str]] = {
    "load_balancer": ("{{", "}}"),
    "service": ("(", ")"),
    "container": ("(", ")"),
    "function": ("[/", "/]"),
    "vm": ("[[", "]]"),
    "host": ("[[", "]]"),
    "database": ("[(", ")]"),
    "cache": ("[(", ")]"),
    "queue": (">", "]"),
    "storage": ("[(", ")]"),
    "model": ("[/", "\\]"),
    "network": ("([", "])"),
    "dns": ("([", "])"),
    "cdn": ("([", "])"),
    "zone": ("[[", "]]"),
    "region": ("[[", "]]"),
    "provider": ("[[", "]]"),
    "external": ("[\\", "/]"),
    "logical": ("(", ")"),
    "other": ("[", "]"),
    "journey": ("([", "])"),
    "users": ("((", "))"),
    "group": ("{", "}"),
    "summary": ("[[", "]]"),
}
