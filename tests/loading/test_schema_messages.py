"""Schema errors in plain words, at the right place, all at once."""

from __future__ import annotations

import pytest

from spofscan.errors import InputError
from spofscan.loading import load_architecture_text
from spofscan.loading.load import load_architecture_document

HEAD = "spofscan: 1\nname: x\ncomponents:\n"


def _problems(body: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_architecture_text(HEAD + body, "f.yaml")
    return [str(problem).removeprefix("f.yaml:") for problem in caught.value.problems]


def test_unknown_keys_point_at_the_key_with_a_suggestion() -> None:
    assert _problems("  api:\n    kind: vm\n    replica: 2\n    zzz: 1\n") == [
        "6:5: error: unknown key 'replica' in component 'api' (did you mean 'replicas'?)",
        "7:5: error: unknown key 'zzz' in component 'api'",
    ]


def test_a_missing_key_points_at_the_mapping_that_lacks_it() -> None:
    assert _problems("  db:\n    data:\n      backups:\n        - every: 1h\n") == [
        "7:11: error: 'data.backups[0]' of component 'db' is missing required key 'location'",
        "7:11: error: 'data.backups[0]' of component 'db' is missing required key 'medium'",
    ]


def test_every_error_of_the_file_is_reported() -> None:
    problems = _problems("  a: {kind: vmm}\n  b: {replicas: 0}\n  c: {tags: x}\n  d: 3\n")
    assert [p.split(": error: ")[0] for p in problems] == ["4:13", "5:17", "6:13", "7:6"]


def test_a_value_of_the_wrong_type_is_only_said_once() -> None:
    assert _problems("  a: {runs_on: {x: 1}}\n") == [
        "4:16: error: 'runs_on' of component 'a': expected a name "
        "(examples: api, vm-1, zone-a) or a list, got a mapping"
    ]


def test_any_of_reports_the_branch_that_fits_the_value() -> None:
    assert _problems("  a: {mtbf: -1, mttr: 1h}\n  b: {mtbf: 1h, mttr: soon}\n") == [
        "4:13: error: 'mtbf' of component 'a' must be at least 0, got -1",
        "5:23: error: 'soon' is not a duration (examples: 90s, 45m, 2h30m, 10d)",
    ]


def test_a_dependency_of_the_wrong_shape() -> None:
    assert _problems("  a: {depends_on: [[b]]}\n  b: {}\n") == [
        "4:20: error: 'depends_on[0]' of component 'a': expected a dependency, got a list"
    ]


def test_a_string_where_a_list_is_expected_gets_a_hint() -> None:
    [problem] = _problems("  a: {soft_depends_on: b}\n  b: {}\n")
    assert problem.endswith("got a string ('b') (write a list: [b])")


def test_a_component_named_like_a_key_is_no_indentation_mistake() -> None:
    assert _problems("  api:\n  owner: {kind: service}\n  kind: {}\n") == [
        "4:3: error: component 'api': expected a component, got null (no value) "
        "(give it a value, or write {} for an empty mapping and [] for an empty list)"
    ]


def test_a_document_without_text_gets_no_indentation_hint() -> None:
    document = {"spofscan": 1, "name": "x", "components": {"api": {}, "kind": "vm"}}
    with pytest.raises(InputError) as caught:
        load_architecture_document(document, "made.yaml")
    assert [problem.hint for problem in caught.value.problems] == [None]
