"""The images: ``svg``, ``png`` and ``pdf``, laid out from the dot source by Graphviz's
``dot`` program, which must be installed; the same input gives the same bytes.

``dot`` runs at most ``LAYOUT_SECONDS``: a drawing of thousands of boxes can take it an
hour (the 3,001 services of one compose project in full: 6 minutes, 3.4 million edge
crossings), and an unreadable picture is not worth the wait. The Graphviz of Debian 12
(2.43) also fails on some large drawings with ``trouble in init_rank`` (the full view of
a 1,000-component legacy estate); those are laid out again without the invisible edges
that only arrange boxes (replicas under their component, zones in a column).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace

from spofscan.errors import SpofscanError, UsageError
from spofscan.render.diagram.dot import draw_dot
from spofscan.render.diagram.model import Diagram
from spofscan.report.options import DiagramFormat
from spofscan.words import plural

LAYOUT_SECONDS = 300  # the longest Graphviz may take to lay a drawing out
STDERR_LINES = 5  # lines of Graphviz's complaint a failure quotes

_CREATION_DATE = re.compile(rb"/CreationDate \(D:\d{14}Z\)")
INSTALL_HINT = (
    "Graphviz's 'dot' program is needed to draw {fmt} images and was not found on PATH; "
    "install Graphviz (Debian/Ubuntu: apt-get install graphviz; Fedora: dnf install "
    "graphviz; macOS: brew install graphviz; Windows: winget install graphviz), or write "
    "a .dot or .mmd file, which needs no Graphviz"
)


class RankTrouble(SpofscanError):
    """Graphviz's ``trouble in init_rank``: a fault of its own, not of the drawing."""


def draw_image(diagram: Diagram, fmt: DiagramFormat) -> bytes:
    """The diagram laid out by Graphviz into an image of format ``fmt``; again without
    its arranging edges where Graphviz cannot rank it with them."""
    size = f"{len(diagram.nodes):,} boxes and {plural(len(diagram.edges), 'edge')}"
    try:
        return run_dot(draw_dot(diagram), fmt.value, size)
    except RankTrouble:
        edges = tuple(e for e in diagram.edges if e.style != "placement")
        return run_dot(draw_dot(replace(diagram, edges=edges)), fmt.value, size)


def run_dot(source: str, fmt: str, size: str = "the diagram") -> bytes:
    """Lay out dot ``source`` with Graphviz's ``dot`` into an image of format ``fmt``;
    ``size`` says how big the drawing is, should Graphviz not finish in time."""
    if shutil.which("dot") is None:
        raise UsageError(INSTALL_HINT.format(fmt=fmt))
    try:
        done = subprocess.run(
            ["dot", f"-T{fmt}"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=LAYOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError(INSTALL_HINT.format(fmt=fmt)) from None
    except subprocess.TimeoutExpired:
        raise SpofscanError(
            f"Graphviz's dot did not lay out {size} within {LAYOUT_SECONDS} s: draw fewer "
            "(--collapse, --journey NAME), or write a .dot file and lay it out with dot "
            "yourself"
        ) from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()
        if "trouble in init_rank" in detail:
            raise RankTrouble(detail)
        raise SpofscanError(f"Graphviz's dot failed to draw the diagram: {_first(detail)}")
    return _without_time(done.stdout) if fmt == "pdf" else done.stdout


def _first(detail: str) -> str:
    """The first ``STDERR_LINES`` lines of Graphviz's complaint (it can list thousands)."""
    lines = detail.splitlines()
    if len(lines) <= STDERR_LINES:
        return detail
    return "\n".join([*lines[:STDERR_LINES], f"... and {len(lines) - STDERR_LINES:,} more lines"])


def _without_time(pdf: bytes) -> bytes:
    """A PDF whose creation date (cairo writes the time of the run) is the Unix epoch, so
    that the same input gives the same bytes; same length, so the offsets still hold."""
    return _CREATION_DATE.sub(b"/CreationDate (D:19700101000000Z)", pdf, count=1)
