"""The JSON answer of ``what-if`` (SPEC section 5): a pure function of the result."""

from __future__ import annotations

from spofscan.analysis.results import WhatIf
from spofscan.json_text import pretty
from spofscan.model.architecture import Architecture
from spofscan.render.check.json import availability_document
from spofscan.render.terminal import PLAIN, Terminal


def render_what_if(arch: Architecture, result: WhatIf, terminal: Terminal = PLAIN) -> str:
    """``what-if --format json`` (SPEC section 5); the terminal does not matter."""
    document = {
        "failed": list(result.failed),
        "down": list(result.down),
        "degraded": list(result.degraded),
        "reduced": list(result.reduced),
        "entrypoints_down": list(result.entrypoints_down),
        "availability_after": result.availability_after.value,
        "availability_after_detail": availability_document(result.availability_after, arch),
        "why": {name: list(path) for name, path in result.why.items()},
        "failed_over": list(result.failed_over),
    }
    return pretty(document)
