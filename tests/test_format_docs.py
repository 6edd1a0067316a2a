"""docs/format.md documents every key of the schema, in the schema's own words.

Each property of the schema must have a table row in format.md whose first cell is its
path (``components.<name>.runs_on``) and whose last cell is its description, word for
word: edit one and this test makes you edit the other. Complete YAML examples in the
page (those that start a file with ``spofscan: 1``) must load.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from spofscan.loading import load_architecture_text
from spofscan.loading.schema import schema_properties

FORMAT_MD = Path(__file__).parents[1] / "docs" / "format.md"
TEXT = FORMAT_MD.read_text(encoding="utf-8")
ROWS = {
    match["path"]: match["last"].strip()
    for match in re.finditer(r"^\| `(?P<path>[^`]+)` \|.*\|(?P<last>[^|]*)\|$", TEXT, re.M)
}
PROPERTIES = list(schema_properties())
BLOCKS = re.findall(r"```yaml\n(.*?)```", TEXT, re.S)


@pytest.mark.parametrize(("path", "description"), PROPERTIES, ids=[p for p, _ in PROPERTIES])
def test_every_schema_property_is_documented_in_the_same_words(path: str, description: str) -> None:
    assert path in ROWS, f"format.md has no table row for `{path}`"
    assert ROWS[path] == description


def test_the_page_documents_nothing_the_schema_lacks() -> None:
    assert sorted(ROWS) == sorted(path for path, _ in PROPERTIES)


def test_every_key_appears_in_a_yaml_example() -> None:
    examples = "\n".join(BLOCKS)
    keys = {path.split(".")[-1].removesuffix("[]") for path, _ in PROPERTIES}
    missing = sorted(key for key in keys if not re.search(rf"\b{key}:", examples))
    assert missing == []


@pytest.mark.parametrize("block", [b for b in BLOCKS if "\nspofscan: 1\n" in "\n" + b])
def test_complete_examples_load(block: str) -> None:
    assert load_architecture_text(block, "format.md").components


def test_the_page_covers_the_rules_around_the_keys() -> None:
    for heading in ("Durations", "Percents", "Placement", "Entrypoints", "Editor support"):
        assert f"## {heading}" in TEXT
    assert "# yaml-language-server: $schema=" in TEXT
