"""Converting YAML nodes: values, locations, duplicate keys, aliases and merges."""

from __future__ import annotations

import pytest

from spofscan.errors import InputError
from spofscan.loading.yaml_nodes import ALIAS_BUDGET
from spofscan.loading.yaml_source import parse_yaml


def _problems(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "f.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_values_and_their_locations() -> None:
    value, smap = parse_yaml("a:\n  b: [1, x]\n  'on': no\n", "f.yaml")
    assert value == {"a": {"b": [1, "x"], "on": False}}
    assert str(smap.at(("a", "b", 1))) == "f.yaml:2:10"
    assert str(smap.key_at(("a", "b"))) == "f.yaml:2:3"
    assert str(smap.at(("a", "b", 7, "deeper"))) == "f.yaml:2:6"
    assert smap.texts == {("a", "b", 0): "1", ("a", "on"): "no"}


def test_keys_stay_the_text_written() -> None:
    value, _ = parse_yaml("on: 1\nno: 2\n3: 3\n~: 4\n2027-01-01: 5\n", "f.yaml")
    assert list(value) == ["on", "no", "3", "~", "2027-01-01"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 2027-03-31", "2027-03-31"),
        ("a: 2027-02-30", "2027-02-30"),
        ("a: 2001-12-14t21:59:43.10-05:00", "2001-12-14T21:59:43.100000-05:00"),
        ("a: 1:30", "1:30"),
        ("a: 0x1f", 31),
        ("a: 1_000", 1000),
        ("a: 1.5e+3", 1500.0),
        ("a: !!str 12", "12"),
        ("a: ~", None),
        ("a: =", "="),
    ],
)
def test_scalars(text: str, expected: object) -> None:
    assert parse_yaml(text, "f.yaml")[0] == {"a": expected}


def test_a_duplicate_key_is_located_at_its_second_occurrence() -> None:
    assert _problems("a: 1\nb: 2\na: 3\n") == [
        "f.yaml:3:1: error: duplicate key 'a': line 1 already defines it "
        "(remove or rename one of them)"
    ]


def test_every_yaml_problem_is_reported_at_once() -> None:
    problems = _problems("a: 1\na: 2\nb: !!binary aGk=\nc: .nan\n? [x]\n: 1\n")
    assert [p.split(": error: ")[1][:20] for p in problems] == [
        "duplicate key 'a': l",
        "unsupported YAML tag",
        "'.nan' is not a fini",
        "a mapping key must b",
    ]


def test_aliases_expand_and_merges_let_explicit_keys_win() -> None:
    text = "base: &b {x: 1, y: no}\nother: &o {y: 3, z: 4}\nc:\n  <<: [*b, *o]\n  x: 2\n"
    value, smap = parse_yaml(text, "f.yaml")
    assert value["c"] == {"x": 2, "y": False, "z": 4}
    assert str(smap.key_at(("c", "x"))) == "f.yaml:5:3"
    assert str(smap.key_at(("c", "z"))) == "f.yaml:2:18"


def test_an_overridden_merged_value_forgets_its_text() -> None:
    _, smap = parse_yaml("b: &b {r: no}\nc:\n  <<: *b\n  r: always\n", "f.yaml")
    assert ("c", "r") not in smap.texts


def test_merging_a_scalar_is_a_problem() -> None:
    assert _problems("a: &a 1\nb: {<<: *a}\n") == ["f.yaml:1:4: error: '<<' merges only mappings"]


def test_an_alias_bomb_is_refused_quickly() -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in "bcdefghijklmnop":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 10) + "]")
    [problem] = _problems("\n".join(lines))
    assert f"aliases expand to more than {ALIAS_BUDGET:,} values" in problem
    assert problem.startswith("f.yaml:4:4:")


def test_reasonable_aliases_are_fine() -> None:
    value, _ = parse_yaml("a: &a [1, 2]\nb: [*a, *a, *a]\n", "f.yaml")
    assert value["b"] == [[1, 2]] * 3


def test_a_recursive_alias_is_refused() -> None:
    assert _problems("a: &a [1, *a]\n") == [
        "f.yaml:1:4: error: an alias refers to the node that contains it"
    ]
