"""The compiled yes/no check agrees with jsonschema, and refuses what it cannot check."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import CASES
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from spofscan.errors import InputError
from spofscan.loading import schema
from spofscan.loading.fast_check import compile_schema
from spofscan.loading.fast_keywords import is_date
from spofscan.loading.yaml_source import parse_yaml

VALIDATOR = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
CHECK = compile_schema(schema())


def _documents() -> list[Any]:
    documents = []
    for path in sorted(CASES.glob("*/*.yaml")):
        try:
            documents.append(parse_yaml(path.read_text(encoding="utf-8"), path.name)[0])
        except InputError:
            continue
    return documents


@pytest.mark.parametrize("document", _documents())
def test_it_agrees_with_jsonschema_on_every_case(document: Any) -> None:
    assert CHECK(document) == VALIDATOR.is_valid(document)


NAMES = st.sampled_from(["api", "db", "vm 1", "a[0]", "", "x"])
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 2000),
    st.floats(-1, 200, allow_nan=False),
    st.sampled_from(
        [
            "99.9%",
            "1h",
            "2h30m",
            "1h1h",
            "30m2h",
            "2 hours",
            "2027-03-31",
            "2027-02-30",
            "no",
            "SPOF",
        ]
    ),
    NAMES,
)
KEYS = st.sampled_from(
    [
        "kind",
        "availability",
        "mtbf",
        "mttr",
        "replicas",
        "min_healthy",
        "runs_on",
        "restart",
        "depends_on",
        "soft_depends_on",
        "tags",
        "health_check",
        "data",
        "any_of",
        "at_least",
        "of",
        "backups",
        "every",
        "location",
        "medium",
        "expires",
        "rule",
        "bogus",
    ]
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)
COMPONENTS = st.dictionaries(NAMES, st.dictionaries(KEYS, VALUES, max_size=5), max_size=3)


@settings(max_examples=300)
@given(components=COMPONENTS, extra=st.dictionaries(KEYS, VALUES, max_size=2))
def test_it_agrees_with_jsonschema_on_random_documents(
    components: dict[str, Any], extra: dict[str, Any]
) -> None:
    document = {"spofscan": 1, "name": "x", "components": components, **extra}
    assert CHECK(document) == VALIDATOR.is_valid(document)


def test_it_refuses_keywords_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="does not support 'oneOf'"):
        compile_schema({"oneOf": [{"type": "string"}]})
    with pytest.raises(ValueError, match="only local"):
        compile_schema({"$ref": "https://example.com/schema"})


def test_json_equality_tells_booleans_from_numbers() -> None:
    check = compile_schema({"enum": [1, [True]], "uniqueItems": True})
    assert check(1) and check([True]) and not check(True) and not check([1])
    assert compile_schema({"uniqueItems": True})([1, True, [1], [True]])
    assert not compile_schema({"uniqueItems": True})([{"a": 1}, {"a": 1}])


DATE_LIKE = st.one_of(
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
    st.from_regex(r"\A[0-9\-: T]{6,12}\Z"),
    st.text(alphabet="0123456789-\n\u0660\u0661\u0662", max_size=12),
    st.sampled_from(["2027-02-29", "2028-02-29", "2027-13-01", "2027-01-31\n", "2027-1-31"]),
    st.integers(),
    st.none(),
)


@settings(max_examples=500)
@given(DATE_LIKE)
def test_its_date_format_is_jsonschemas(value: Any) -> None:
    """The ``date`` format, checked without importing jsonschema, says what jsonschema's
    checker says of any value."""
    assert is_date(value) == Draft202012Validator.FORMAT_CHECKER.conforms(value, "date")
