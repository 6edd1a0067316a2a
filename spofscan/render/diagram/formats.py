"""The diagram formats: which one a file's suffix asks for, and drawing each into bytes.

``dot`` and ``mermaid`` are text that spofscan writes itself; ``svg``, ``png`` and
``pdf`` are laid out by Graphviz's ``dot`` program, which must be installed.

>>> format_for("design/shop.svg", None), format_for("shop.mmd", None)
('svg', 'mermaid')
>>> format_for("shop.txt", "png")
'png'
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import PurePath

import graphviz

from spofscan.errors import SpofscanError, UsageError
from spofscan.render.diagram.model import Diagram
from spofscan.render.graphviz_dot import draw_dot
from spofscan.render.mermaid import draw_mermaid

IMAGE_FORMATS = ("svg", "png", "pdf")
TEXT_FORMATS: Mapping[str, Callable[[Diagram], str]] = {"dot": draw_dot, "mermaid": draw_mermaid}
FORMATS = (*IMAGE_FORMATS, *TEXT_FORMATS)
SUFFIXES: Mapping[str, str] = {
    ".svg": "svg",
    ".png": "png",
    ".pdf": "pdf",
    ".dot": "dot",
    ".gv": "dot",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
}
_CREATION_DATE = re.compile(rb"/CreationDate \(D:\d{14}Z\)")
INSTALL_HINT = (
    "Graphviz's 'dot' program is needed to draw {fmt} images and was not found on PATH; "
    "install Graphviz (Debian/Ubuntu: apt-get install graphviz; Fedora: dnf install "
    "graphviz; macOS: brew install graphviz; Windows: winget install graphviz), or write "
    "a .dot or .mmd file, which needs no Graphviz"
)


def format_for(output: str | os.PathLike[str], explicit: str | None) -> str:
    """The format ``explicit`` names, else the one ``output``'s suffix implies."""
    if explicit is not None:
        if explicit not in FORMATS:
            raise UsageError(f"--format: '{explicit}' is not one of {', '.join(FORMATS)}")
        return explicit
    suffix = PurePath(output).suffix.lower()
    if suffix not in SUFFIXES:
        known = ", ".join(SUFFIXES)
        raise UsageError(
            f"cannot tell the format of '{os.fspath(output)}' from its suffix "
            f"(known: {known}); give --format"
        )
    return SUFFIXES[suffix]


def draw(diagram: Diagram, fmt: str) -> bytes:
    """The diagram in ``fmt``, as the bytes of the file to write."""
    if fmt in TEXT_FORMATS:
        return TEXT_FORMATS[fmt](diagram).encode("utf-8")
    return run_dot(draw_dot(diagram), fmt)


def run_dot(source: str, fmt: str) -> bytes:
    """Lay out dot ``source`` with Graphviz's ``dot`` into an image of format ``fmt``."""
    if shutil.which("dot") is None:
        raise UsageError(INSTALL_HINT.format(fmt=fmt))
    try:
        data: bytes = graphviz.pipe("dot", fmt, source.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound:
        raise UsageError(INSTALL_HINT.format(fmt=fmt)) from None
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or b"").decode("utf-8", "replace").strip()
        raise SpofscanError(f"Graphviz's dot failed to draw the diagram: {detail}") from None
    return _without_time(data) if fmt == "pdf" else data


def _without_time(pdf: bytes) -> bytes:
    """A PDF whose creation date (cairo writes the time of the run) is the Unix epoch, so
    that the same input gives the same bytes; same length, so the offsets still hold."""
    return _CREATION_DATE.sub(b"/CreationDate (D:19700101000000Z)", pdf, count=1)
