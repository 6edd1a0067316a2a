"""Golden files: compare an output with the file kept in ``tests/golden``, or rewrite it.

``SPOFSCAN_UPDATE_GOLDEN=1 .venv/bin/pytest`` rewrites every golden file a test reaches;
review the diff before committing it.

A JSON golden file also matches when the only differences are in the last digits of
floating-point numbers (relative 1e-12): the same sum taken in another order by another
NumPy build or processor is the same answer, and a contract that reads the JSON compares
numbers, not their printing. Everything else must match byte for byte.
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path
from typing import Any

UPDATE = os.environ.get("SPOFSCAN_UPDATE_GOLDEN") == "1"
FLOAT_TOLERANCE = 1e-12


def assert_matches_golden(actual: str, golden: Path) -> None:
    """Hold ``actual`` to the golden file, or write it there when updating."""
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    assert golden.exists(), f"no golden file {golden.name}: run with SPOFSCAN_UPDATE_GOLDEN=1"
    expected = golden.read_text(encoding="utf-8")
    if actual == expected or _same_json(actual, expected):
        return
    assert actual == expected, f"{golden.name} differs; if intended, SPOFSCAN_UPDATE_GOLDEN=1"


def _same_json(actual: str, expected: str) -> bool:
    """Whether two JSON texts differ at most in float digits past the tolerance, and
    are otherwise printed alike (same keys in the same order, same layout)."""
    try:
        left, right = json.loads(actual), json.loads(expected)
    except ValueError:
        return False
    return _close(left, right) and _shape(actual) == _shape(expected)


def _close(left: Any, right: Any) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(left, right, rel_tol=FLOAT_TOLERANCE, abs_tol=0.0)
    if isinstance(left, dict) and isinstance(right, dict):
        return list(left) == list(right) and all(_close(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(_close, left, right))
    return type(left) is type(right) and left == right


def _shape(text: str) -> str:
    """A JSON text with every number written as ``N``: its layout and key order."""
    return _NUMBER.sub("N", text)


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
