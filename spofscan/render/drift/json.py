"""``spofscan drift --format json``: the disagreements, for machines.

``{"format": "spofscan-drift/1", "drifted": true, "model": ..., "deployment": ...,
"compared": 12, "items": [{"kind", "component", "message", "file", "line", "column",
"deployed", "modelled"}]}``, items sorted by component and kind.
"""

from __future__ import annotations

from typing import Any

from spofscan.analysis.drift import Drift, DriftItem
from spofscan.json_text import pretty
from spofscan.render.terminal import PLAIN, Terminal

DRIFT_FORMAT = "spofscan-drift/1"


def render(found: Drift, terminal: Terminal = PLAIN) -> str:
    return pretty(drift_document(found))


def drift_document(found: Drift) -> dict[str, Any]:
    """The drift as one JSON object."""
    return {
        "format": DRIFT_FORMAT,
        "drifted": found.drifted,
        "model": found.model,
        "deployment": found.deployment,
        "compared": found.compared,
        "items": [_item(item) for item in found.items],
    }


def _item(item: DriftItem) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "component": item.component,
        "message": item.message,
        "file": item.location.file,
        "line": item.location.line,
        "column": item.location.column,
        "deployed": item.deployed,
        "modelled": item.modelled,
    }
