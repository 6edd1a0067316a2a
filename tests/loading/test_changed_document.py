"""A fixed file loaded by checking and building only the entries a fix changed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from spofscan import remediation
from spofscan.analysis.analyse import analyse
from spofscan.loading import load_architecture_text
from spofscan.loading.load import load_architecture_document
from spofscan.remediation import estimated, plan, remediate
from spofscan.remediation.fixes import Candidate
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

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


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


def _texts() -> list[tuple[str, str]]:
    """The examples, and a small file of every generated shape (stacks under one
    region: its fix spreads the region, rewriting most entries)."""
    found = [(path.name, path.read_text()) for path in EXAMPLES]
    for shape in ("layered", "legacy", "chain", "stacks"):
        found.append((f"{shape}.yaml", to_yaml(generate(120, seed=0, shape=shape))))
    return found


@pytest.mark.parametrize(("file", "text"), _texts(), ids=lambda v: v if v.endswith("l") else "")
def test_a_fix_is_measured_on_what_its_snippet_parses_to(
    file: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every candidate measured, exact or estimated, is measured on its entries, not on
    its snippet parsed again: the two are equal, so each number is that of the file a
    user gets by pasting the snippet in."""
    seen: list[Candidate] = []

    def recording(real: Any, at: int) -> Any:
        def measure(*args: Any, **kwargs: Any) -> Any:
            seen.extend(args[at])
            return real(*args, **kwargs)

        return measure

    monkeypatch.setattr(remediation, "measure", recording(plan.measure, 3))
    monkeypatch.setattr(remediation, "estimated_fixes", recording(estimated.estimated_fixes, 3))
    arch = load_architecture_text(text, file)
    remediate(text, arch, analyse(arch))
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
