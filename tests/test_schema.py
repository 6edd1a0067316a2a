"""The JSON Schema of the format: shipped twice identically, valid, fully described."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from conftest import ROOT
from jsonschema import Draft202012Validator

from spofscan.findings.rule_ids import RULE_IDS
from spofscan.loading import schema, schema_text
from spofscan.model import architecture as model

REPO_COPY = ROOT / "schemas" / "architecture.schema.json"
PACKAGE_COPY = ROOT / "spofscan" / "schemas" / "architecture.schema.json"


def _subschemas(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema (a dict) anywhere in the schema, with a JSON-pointer-ish place."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _subschemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _subschemas(value, f"{where}/{index}")


def test_the_two_copies_are_byte_identical() -> None:
    assert REPO_COPY.read_bytes() == PACKAGE_COPY.read_bytes()


def test_schema_text_is_the_shipped_file() -> None:
    assert schema_text() == PACKAGE_COPY.read_text(encoding="utf-8")
    assert schema() == schema() and schema() is not schema()


def test_it_is_a_valid_draft_2020_12_schema() -> None:
    document = schema()
    Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"] and document["title"]


def test_every_property_has_a_description() -> None:
    undescribed = [
        f"{where}/{name}"
        for where, node in _subschemas(schema())
        if where.split("/")[-1] != "examples"
        for name, sub in node.get("properties", {}).items()
        if not sub.get("description")
    ]
    assert undescribed == []
    assert all(definition.get("description") for definition in schema()["$defs"].values())


def test_every_object_forbids_unknown_keys() -> None:
    objects = [
        where
        for where, node in _subschemas(schema())
        if "properties" in node and node.get("additionalProperties") is not False
    ]
    assert objects == []


def test_enums_match_the_model_and_the_rule_catalog() -> None:
    defs = schema()["$defs"]
    component, data = defs["component"]["properties"], defs["data"]["properties"]
    backup = defs["backup"]["properties"]
    assert tuple(component["kind"]["enum"]) == model.KINDS
    assert tuple(component["restart"]["enum"]) == model.RESTART_POLICIES
    assert tuple(data["replication"]["enum"]) == model.REPLICATION_MODES
    assert tuple(data["failover"]["enum"]) == model.FAILOVER_MODES
    assert tuple(backup["location"]["enum"]) == model.BACKUP_LOCATIONS
    assert tuple(backup["medium"]["enum"]) == model.BACKUP_MEDIA
    assert tuple(defs["accepted_risk"]["properties"]["rule"]["enum"]) == RULE_IDS


def test_the_examples_in_the_schema_are_valid() -> None:
    validator = Draft202012Validator(schema())
    for where, node in _subschemas(schema()):
        for example in node.get("examples", []) if isinstance(node.get("examples"), list) else []:
            subschema = {**node, "$defs": schema()["$defs"]}
            assert Draft202012Validator(subschema).is_valid(example), (where, example)
    assert validator.is_valid({"spofscan": 1, "name": "x", "components": {"a": {}}})
