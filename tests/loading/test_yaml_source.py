"""Reading files and parsing YAML: every failure is a located InputError."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from conftest import CASES

from spofscan.errors import InputError
from spofscan.loading import load_architecture, load_architecture_text, yaml_source
from spofscan.loading.yaml_source import MAX_FILE_BYTES, parse_yaml

VALID = "spofscan: 1\nname: x\ncomponents:\n  api: {}\n"


def _problems(path: Path | str, **kwargs: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_architecture(path, **kwargs)
    return [str(problem) for problem in caught.value.problems]


def _text_problems(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_architecture_text(text, "f.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert _problems(path) == [f"{path}:1:1: error: no such file"]


def test_a_directory(tmp_path: Path) -> None:
    assert _problems(tmp_path, display_name="dir") == [
        "dir:1:1: error: is a directory, not an architecture file"
    ]


def test_a_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 10 * 1024 * 1024)
    [problem] = _problems(path, display_name="huge.yaml")
    assert problem.startswith(
        "huge.yaml:1:1: error: the file is too large (30 MB; the limit is 20 MB)"
    )


def test_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(VALID)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", refuse)
    assert _problems(path, display_name="s.yaml") == [
        "s.yaml:1:1: error: cannot read the file: permission denied"
    ]


def test_binary_junk(tmp_path: Path) -> None:
    path = tmp_path / "junk.bin"
    path.write_bytes(b"spofscan: 1\nname: \x89PNG\x00\x01\x02\xff")
    assert _problems(path, display_name="junk") == [
        "junk:2:11: error: this is a binary file, not YAML text (it contains NUL bytes)"
    ]


def test_random_bytes_never_raise_anything_but_input_errors(tmp_path: Path) -> None:
    path = tmp_path / "random.bin"
    for seed in range(50):
        path.write_bytes(os.urandom(64 + seed))
        with pytest.raises(InputError):
            load_architecture(path)


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("spofscan: 1\nname: café\n".encode("latin-1"))
    [problem] = _problems(path, display_name="l.yaml")
    assert problem.startswith("l.yaml:2:10: error: the file is not valid UTF-8 text (byte 0xe9)")


def test_byte_order_marks_are_understood(tmp_path: Path) -> None:
    for encoding in ("utf-8-sig", "utf-16"):
        path = tmp_path / f"{encoding}.yaml"
        path.write_bytes(VALID.encode(encoding))
        assert list(load_architecture(path).components) == ["api"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{", "f.yaml:2:1: error: invalid YAML: did not find expected node content"),
        ("a: [1,\nb: 2", "f.yaml:3:1: error: invalid YAML: did not find expected ',' or ']'"),
        ("a: 'x", "f.yaml:1:6: error: invalid YAML: found unexpected end of stream"),
        ("a: *x", "f.yaml:1:4: error: invalid YAML: found undefined alias"),
        ("a: 1\nb: \x07", "f.yaml:2:4: error: character U+0007 is not allowed in YAML"),
        ("- - -", "f.yaml:1:1: error: the file holds a list, not a mapping of keys"),
        ("just text", "f.yaml:1:1: error: the file holds a string ('just text')"),
        ("", "f.yaml:1:1: error: the file is empty"),
        ("---\n...\n", "f.yaml:1:1: error: the file is empty"),
        ("a: 1\n---\nb: 2", "f.yaml:2:1: error: the file holds more than one YAML document"),
    ],
)
def test_yaml_that_is_not_an_architecture(text: str, expected: str) -> None:
    [problem] = _text_problems(text)
    assert problem.startswith(expected)


def test_truncations_of_a_valid_file_fail_cleanly() -> None:
    text = (CASES / "valid" / "spec-example.yaml").read_text()
    for end in range(0, len(text), 7):
        try:
            load_architecture_text(text[:end], "cut.yaml")
        except InputError as err:
            assert all(p.location.line >= 1 for p in err.problems)


def test_the_pure_python_parser_gives_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = parse_yaml(VALID + "  db: {mtbf: 1:30, on: no}\n", "f.yaml")
    monkeypatch.setattr(yaml_source, "_Loader", yaml_source.loader_class(yaml.SafeLoader))
    slow = parse_yaml(VALID + "  db: {mtbf: 1:30, on: no}\n", "f.yaml")
    assert fast[0] == slow[0] and fast[1] == slow[1]
    [problem] = _text_problems("a: 1\nb: é\x07")
    assert problem.startswith("f.yaml:2:5: error: character U+0007")


def test_deep_nesting_is_refused() -> None:
    [problem] = _text_problems("a: " + "[" * 500 + "]" * 500)
    assert "nests deeper than 64 levels" in problem


def _outcomes() -> dict[str, list[tuple[int, int, str]]]:
    outcomes: dict[str, list[tuple[int, int, str]]] = {}
    for path in sorted(CASES.glob("*/*.yaml")):
        try:
            load_architecture(path)
            outcomes[path.name] = []
        except InputError as err:
            outcomes[path.name] = [
                (p.location.line, p.location.column, p.message.split(":")[0]) for p in err.problems
            ]
    return outcomes


def test_every_case_fails_alike_without_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    with_libyaml = _outcomes()
    monkeypatch.setattr(yaml_source, "_Loader", yaml_source.loader_class(yaml.SafeLoader))
    assert _outcomes() == with_libyaml
