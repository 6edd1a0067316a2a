"""A fixed file loaded by checking and building only the entries a fix changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from measured_candidates import EXAMPLES, file_id, measured_candidates, texts

from spofscan.analysis.analyse import analyse
from spofscan.loading import load_architecture_text
from spofscan.loading.entrypoints import changed_entrypoints, entrypoints
from spofscan.loading.load import load_architecture_document
from spofscan.loading.source_map import SourceMap
from spofscan.remediation import remediate
from spofscan.remediation.snippets import (
    apply_entries,
    apply_snippet,
    load_document,
    parse_document,
    pasted,
    render_snippet,
    snippet_entries,
    snippet_names,
    with_entries,
)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_fix_loads_as_the_whole_file_would(path: Path) -> None:
    """Each example's fixes, pasted in: the architecture built from the changed entries
    and the base's other components equals the one built from the whole document."""
    text = path.read_text()
    arch = load_architecture_text(text, path.name)
    fixes = remediate(text, arch, analyse(arch)).fixes
    document = parse_document(text, path.name)
    base = load_architecture_document(document, path.name)
    for fix in fixes:
        fixed = apply_snippet(document, fix.snippet)
        whole = load_document(fixed, path.name)
        changed = load_document(fixed, path.name, base, snippet_entries(fix.snippet))
        assert whole is not None and changed == whole, fix.component
        # parsed once, its entries not copied: the same document, the original untouched
        again, names = pasted(document, fix.snippet)
        assert again == apply_entries(document, snippet_entries(fix.snippet)) == fixed
        assert names == snippet_names(fix.snippet) == set(snippet_entries(fix.snippet))
    assert document == parse_document(text, path.name)


@pytest.mark.parametrize(("file", "text"), texts(120, 0), ids=file_id)
def test_a_fix_is_measured_on_what_its_snippet_parses_to(
    file: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every candidate measured, exact or estimated, is measured on its entries, not on
    its snippet parsed again: the two are equal, so each number is that of the file a
    user gets by pasting the snippet in."""
    arch = load_architecture_text(text, file)
    seen = measured_candidates(arch, text, monkeypatch)
    document = parse_document(text, file)
    for candidate in seen:
        parsed = snippet_entries(render_snippet(candidate.entries))
        assert parsed == candidate.entries, candidate.component
        assert with_entries(document, candidate.entries) == pasted(
            document, render_snippet(candidate.entries)
        )
    assert seen or not analyse(arch).spofs, file  # a file with SPOFs has candidates


EXAMPLE = ROOT / "examples" / "microservices.yaml"


@pytest.mark.parametrize(
    "entry",
    [
        {"replicas": "two"},  # breaks the schema
        {"depends_on": ["no_such_component"]},  # names nothing
        {"replicas": 2, "min_healthy": 3},  # more healthy than there are
        {"mtbf": "0h", "mttr": "1h"},  # no time between failures
        {"availability": 0.999},  # a fraction written as a percent
        {"depends_on": [{"at_least": 3, "of": ["a", "b"]}]},  # a group larger than it is
    ],
)
def test_a_changed_entry_that_is_wrong_is_refused(entry: dict[str, object]) -> None:
    text = EXAMPLE.read_text()
    document = parse_document(text, EXAMPLE.name)
    base = load_architecture_document(document, EXAMPLE.name)
    name = next(iter(document["components"]))
    body = {**document["components"][name], **entry}
    fixed = apply_entries(document, {name: body})
    assert load_document(fixed, EXAMPLE.name) is None
    assert load_document(fixed, EXAMPLE.name, base, [name]) is None


def test_a_new_entry_that_takes_a_journeys_name_is_refused() -> None:
    """Only the changed entries are checked alone; clashes with the rest still count."""
    text = """\
spofscan: 1
name: journeys
components:
  web: {kind: service, depends_on: [db]}
  db: {kind: database}
journeys:
  checkout: {depends_on: [web]}
"""
    document = parse_document(text, "j.yaml")
    base = load_architecture_document(document, "j.yaml")
    fixed = apply_entries(document, {"checkout": {"kind": "service"}})
    assert load_document(fixed, "j.yaml", base, ["checkout"]) is None


@pytest.mark.parametrize(("file", "text"), texts(120, 1), ids=file_id)
def test_a_fixed_files_entrypoints_are_found_from_its_base(
    file: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entrypoints of every measured fix's file, found from the base document's
    counts and the changed entries, are those found by reading every entry."""
    arch = load_architecture_text(text, file)
    document = parse_document(text, file)
    smap = SourceMap(file)
    for candidate in measured_candidates(arch, text, monkeypatch):
        fixed, names = with_entries(document, candidate.entries)
        found = changed_entrypoints(fixed, smap, document, names)
        assert found == entrypoints(fixed, smap), candidate.component


BASE = """\
spofscan: 1
name: counted
components:
  web: {kind: service, depends_on: [api]}
  api: {kind: service, depends_on: [db], runs_on: vm}
  admin: {kind: service, depends_on: [db]}
  db: {kind: database, runs_on: vm}
  vm: {kind: vm}
journeys:
  browse: {depends_on: [web]}
"""


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        # api, named only by web, is named no more (web is still named by the journey)
        ({"web": {"kind": "service"}}, ("api", "admin", "browse")),
        # admin is named now, by a new entry
        ({"gateway": {"kind": "service", "depends_on": ["admin"]}}, ("gateway", "browse")),
        # an entry that names itself does not count
        ({"db": {"kind": "database", "runs_on": "vm", "depends_on": ["db"]}}, ("admin", "browse")),
        # vm loses one of the two entries that named it
        ({"api": {"kind": "service", "depends_on": ["db", "db"]}}, ("admin", "browse")),
        (
            {"admin": {"kind": "service", "depends_on": ["web"]}, "web": {"kind": "service"}},
            ("api", "admin", "browse"),
        ),
    ],
    ids=["unnamed", "newly-named", "names-itself", "one-of-two", "two-entries"],
)
def test_changed_entries_move_the_entrypoints_as_a_whole_reading_does(
    entries: dict[str, Any], expected: tuple[str, ...]
) -> None:
    document = parse_document(BASE, "counted.yaml")
    smap = SourceMap("counted.yaml")
    assert entrypoints(document, smap) == ("admin", "browse")
    fixed, names = with_entries(document, entries)
    assert changed_entrypoints(fixed, smap, document, names) == expected
    assert entrypoints(fixed, smap) == expected


def test_a_fixed_file_loaded_from_its_base_document_has_its_entrypoints() -> None:
    document = parse_document(BASE, "counted.yaml")
    base = load_architecture_document(document, "counted.yaml")
    fixed, names = with_entries(document, {"web": {"kind": "service"}})
    loaded = load_document(fixed, "counted.yaml", base, names, document)
    assert loaded is not None
    assert loaded == load_architecture_document(fixed, "counted.yaml")
    assert loaded.entrypoints == ("api", "admin", "browse")
