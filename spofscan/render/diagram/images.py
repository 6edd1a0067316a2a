"""The images: ``svg``, ``png`` and ``pdf``, laid out from the dot source by Graphviz's
``dot`` program, which must be installed; the same input gives the same bytes."""

from __future__ import annotations

import re
import shutil
import subprocess

import graphviz

from spofscan.errors import SpofscanError, UsageError
from spofscan.render.diagram.dot import draw_dot
from spofscan.render.diagram.model import Diagram
from spofscan.report.options import DiagramFormat

_CREATION_DATE = re.compile(rb"/CreationDate \(D:\d{14}Z\)")
INSTALL_HINT = (
    "Graphviz's 'dot' program is needed to draw {fmt} images and was not found on PATH; "
    "install Graphviz (Debian/Ubuntu: apt-get install graphviz; Fedora: dnf install "
    "graphviz; macOS: brew install graphviz; Windows: winget install graphviz), or write "
    "a .dot or .mmd file, which needs no Graphviz"
)


def draw_image(diagram: Diagram, fmt: DiagramFormat) -> bytes:
    """The diagram laid out by Graphviz into an image of format ``fmt``."""
    return run_dot(draw_dot(diagram), fmt.value)


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
