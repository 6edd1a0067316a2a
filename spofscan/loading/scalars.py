"""The value of one YAML scalar node, as JSON Schema expects it.

Strings, integers, floats, booleans and null keep their YAML meaning. Dates become ISO
strings (``2027-03-31``) so that the schema's ``format: date`` can check them, and a date
that does not exist (``2027-02-30``) stays the string written, for the schema to refuse.
YAML 1.1 sexagesimal numbers (``1:30`` is 90) stay strings: nobody means them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from collections.abc import Callable
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

_TAG = "tag:yaml.org,2002:"
_CONSTRUCTOR = SafeConstructor()


class ScalarError(Exception):
    """A scalar that has no value spofscan can use."""


def scalar_value(node: yaml.ScalarNode) -> Any:
    """The Python value of ``node``.

    >>> from yaml import ScalarNode
    >>> scalar_value(ScalarNode("tag:yaml.org,2002:timestamp", "2027-03-31"))
    '2027-03-31'
    >>> scalar_value(ScalarNode("tag:yaml.org,2002:int", "1:30"))
    '1:30'
    """
    build = _BUILDERS.get(node.tag)
    if build is None:
        raise ScalarError(f"unsupported YAML tag '{str(node.tag).replace(_TAG, '!!')}'")
    try:
        return build(node)
    except (ValueError, KeyError) as err:
        kind = node.tag.removeprefix(_TAG)
        raise ScalarError(f"'{node.value}' is not a valid {kind}") from err


def _text(node: yaml.ScalarNode) -> str:
    """A string; control characters, which only escapes ("\\e", "\\x01") can write,
    are refused: names and words go into terminals, XML and SVG, which they would break."""
    text = str(node.value)
    bad = _CONTROL.search(text)
    if bad is not None:
        raise ScalarError(f"control character U+{ord(bad[0]):04X} is not allowed in text")
    return text


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _null(node: yaml.ScalarNode) -> None:
    return None


def _bool(node: yaml.ScalarNode) -> bool:
    return bool(_CONSTRUCTOR.construct_yaml_bool(node))


def _int(node: yaml.ScalarNode) -> int | str:
    if ":" in node.value:
        return _text(node)
    value = int(_CONSTRUCTOR.construct_yaml_int(node))
    if abs(value) > _LARGEST:
        raise ScalarError(f"'{_shortened(node.value)}' is too large a number")
    return value


_LARGEST = int(sys.float_info.max)  # what a float can hold: every number becomes one


def _shortened(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:20]}..."


def _float(node: yaml.ScalarNode) -> float | str:
    if ":" in node.value:
        return _text(node)
    value = float(_CONSTRUCTOR.construct_yaml_float(node))
    if not math.isfinite(value):
        raise ScalarError(f"'{node.value}' is not a finite number")
    return value


def _timestamp(node: yaml.ScalarNode) -> str:
    try:
        value = _CONSTRUCTOR.construct_yaml_timestamp(node)
    except ValueError:
        return _text(node)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return _text(node)


_BUILDERS: dict[str, Callable[[yaml.ScalarNode], Any]] = {
    _TAG + "str": _text,
    _TAG + "value": _text,
    _TAG + "merge": _text,
    _TAG + "null": _null,
    _TAG + "bool": _bool,
    _TAG + "int": _int,
    _TAG + "float": _float,
    _TAG + "timestamp": _timestamp,
}
