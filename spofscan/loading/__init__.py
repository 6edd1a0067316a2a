"""Load an architecture file: YAML with a line map, schema validation, names resolved.

>>> from spofscan.loading import load_architecture_text
>>> arch = load_architecture_text(
...     "spofscan: 1\\nname: demo\\ncomponents:\\n  api: {availability: 99.5}\\n", "demo.yaml"
... )
>>> arch.components["api"].availability, arch.entrypoints
(0.995, ('api',))

The loaders (``load_architecture``, ``load_architecture_text``,
``load_text_and_document``) are imported on first use: they build the model, which
needs networkx, and ``spofscan schema`` or a module that only validates should not pay
for that (see ``benchmarks/bench_startup.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spofscan.loading.schema import schema, schema_text

if TYPE_CHECKING:
    from spofscan.loading.load import (
        load_architecture,
        load_architecture_text,
        load_text_and_document,
    )

__all__ = [
    "load_architecture",
    "load_architecture_text",
    "load_text_and_document",
    "schema",
    "schema_text",
]

_FROM_LOAD = frozenset({"load_architecture", "load_architecture_text", "load_text_and_document"})


def __getattr__(name: str) -> Any:
    """The loaders, imported from :mod:`spofscan.loading.load` when first asked for."""
    if name not in _FROM_LOAD:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from spofscan.loading import load

    value = getattr(load, name)
    globals()[name] = value
    return value
