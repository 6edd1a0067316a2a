"""Load an architecture file: YAML with a line map, schema validation, names resolved.

>>> arch = load_architecture_text(
...     "spofscan: 1\\nname: demo\\ncomponents:\\n  api: {availability: 99.5}\\n", "demo.yaml"
... )
>>> arch.components["api"].availability, arch.entrypoints
(0.995, ('api',))
"""

from spofscan.loading.load import load_architecture, load_architecture_text
from spofscan.loading.schema import schema, schema_text

__all__ = ["load_architecture", "load_architecture_text", "schema", "schema_text"]
