"""Diagrams of an architecture (``spofscan render``): a model built once from the report
(:mod:`.build`, :mod:`.collapse`), then drawn in one of the formats.

``dot`` and ``mermaid`` are text spofscan writes itself (:mod:`.dot`, :mod:`.mermaid`);
``svg``, ``png`` and ``pdf`` are laid out by Graphviz (:mod:`.images`). A new format is a
member of :class:`~spofscan.report.options.DiagramFormat`, a module here and a line in
:data:`DRAWERS`; a test proves that every format has one.

>>> format_for("design/shop.svg", None), format_for("shop.mmd", None)
(<DiagramFormat.svg: 'svg'>, <DiagramFormat.mermaid: 'mermaid'>)
>>> format_for("shop.txt", "png")
<DiagramFormat.png: 'png'>
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import PurePath

from spofscan.errors import UsageError
from spofscan.render.diagram.dot import draw_dot
from spofscan.render.diagram.images import draw_image
from spofscan.render.diagram.mermaid import draw_mermaid
from spofscan.render.diagram.model import Diagram
from spofscan.report.options import DiagramFormat

Drawer = Callable[[Diagram], bytes]

DRAWERS: Mapping[DiagramFormat, Drawer] = {
    DiagramFormat.svg: lambda diagram: draw_image(diagram, DiagramFormat.svg),
    DiagramFormat.png: lambda diagram: draw_image(diagram, DiagramFormat.png),
    DiagramFormat.pdf: lambda diagram: draw_image(diagram, DiagramFormat.pdf),
    DiagramFormat.dot: lambda diagram: draw_dot(diagram).encode("utf-8"),
    DiagramFormat.mermaid: lambda diagram: draw_mermaid(diagram).encode("utf-8"),
}

SUFFIXES: Mapping[str, DiagramFormat] = {
    ".svg": DiagramFormat.svg,
    ".png": DiagramFormat.png,
    ".pdf": DiagramFormat.pdf,
    ".dot": DiagramFormat.dot,
    ".gv": DiagramFormat.dot,
    ".mmd": DiagramFormat.mermaid,
    ".mermaid": DiagramFormat.mermaid,
}


def draw(diagram: Diagram, fmt: DiagramFormat) -> bytes:
    """The diagram in ``fmt``, as the bytes of the file to write."""
    return DRAWERS[fmt](diagram)


def format_for(output: str | os.PathLike[str], explicit: str | None) -> DiagramFormat:
    """The format ``explicit`` names, else the one ``output``'s suffix implies."""
    if explicit is not None:
        try:
            return DiagramFormat(explicit)
        except ValueError:
            known = ", ".join(f.value for f in DiagramFormat)
            raise UsageError(f"--format: '{explicit}' is not one of {known}") from None
    suffix = PurePath(output).suffix.lower()
    if suffix not in SUFFIXES:
        known = ", ".join(SUFFIXES)
        raise UsageError(
            f"cannot tell the format of '{os.fspath(output)}' from its suffix "
            f"(known: {known}); give --format"
        )
    return SUFFIXES[suffix]
