"""The diagram as inline SVG for the review page: Graphviz's drawing, with every drawn
component, journey and replica made a control the page's script and keyboard users reach.

Each ``<g>`` of a node or cluster whose id is a name of the architecture (``api``) or of
an instance (``api[0]``) gets ``data-component`` (the test hook), ``tabindex``, a role and
a label. The XML is parsed and written again, so comments and the DOCTYPE are dropped and
every text stays escaped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Collection

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)


def interactive_svg(svg: bytes, names: Collection[str]) -> str:
    """Graphviz's SVG with the nodes and clusters named in ``names`` made clickable."""
    root = ET.fromstring(svg)
    root.set("role", "group")
    root.set("aria-label", "architecture diagram: select a component to fail or restore it")
    for group in root.iter(f"{{{SVG}}}g"):
        name = group.get("id")
        if name is not None and name in names and group.get("class") in ("node", "cluster"):
            group.set("data-component", name)
            group.set("tabindex", "0")
            group.set("role", "button")
            group.set("aria-label", f"{name}: fail or restore")
            group.set("aria-pressed", "false")
    return ET.tostring(root, encoding="unicode")
