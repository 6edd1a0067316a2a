"""Indented JSON written fast is the standard library's, byte for byte."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from spofscan.render.json_text import indented

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
KEYS = st.text() | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=4), inner, max_size=5)
        | st.dictionaries(KEYS, inner, max_size=3)
    ),
    max_leaves=40,
)


@settings(max_examples=500)
@given(VALUES)
def test_indented_equals_json_dumps_with_indent(value: Any) -> None:
    assert indented(value) == json.dumps(value, indent=2)


def test_a_report_shaped_document() -> None:
    """Lists of flat mappings inside mappings, as the reports are: the C encoder's part
    and the walked part meet at the right indentation."""
    document = {
        "format": "x/1",
        "findings": [{"rule": "SPOF", "line": n, "accepted": False} for n in range(3)],
        "spofs": [{"component": "db", "entrypoints": ["lb", "api"]}],
        "empty": {"list": [], "map": {}},
        "nested": [[1, [2, [3]]], {"a": {"b": {"c": "d\n\u00e9"}}}],
    }
    text = indented(document)
    assert text == json.dumps(document, indent=2)
    assert json.loads(text) == document
