"""Baselines: written deterministically, read strictly, and failing only on new findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES

from spofscan.errors import InputError
from spofscan.findings.baseline import BASELINE_FORMAT, baseline_text, parse_baseline
from spofscan.findings.fingerprint import fingerprint

from .helpers import example_report, in_process, repository

BEFORE = """\
spofscan: 1
name: shop
components:
  web:
    availability: 99.9
    restart: always
    depends_on: [db]
  db:
    kind: database
    availability: 99.9
    restart: always
"""
MOVED = "# a comment\n# that moves every line\n" + BEFORE
AFTER = BEFORE.replace("depends_on: [db]", "depends_on: [db, cache]") + (
    "  cache:\n    kind: cache\n    availability: 99.9\n"
)


@pytest.mark.parametrize("example", EXAMPLES)
def test_baseline_file_is_sorted_and_round_trips(example: str) -> None:
    report = example_report(example)
    text = baseline_text(report.findings)
    document = json.loads(text)
    assert document["format"] == BASELINE_FORMAT
    entries = document["findings"]
    assert entries == sorted(entries, key=lambda e: (e["rule"], e["component"]))
    assert set(entries[0]) == {"rule", "component", "fingerprint"}
    assert text == baseline_text(reversed(report.findings))
    known = parse_baseline(text, "b.json")
    assert all(known.holds(f) for f in report.findings)
    assert known.fingerprints == {fingerprint(f) for f in report.findings}


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ("{not json", "b.json:1:2:"),
        ('{"format": "other"}', "b.json:1:1:"),
        (f'{{"format": "{BASELINE_FORMAT}", "findings": [{{"rule": "SPOF"}}]}}', "b.json:1:1:"),
        ("[" * 100_000 + "]" * 100_000, "b.json:1:1: error: not a baseline file: nested"),
    ],
)
def test_a_bad_baseline_is_a_located_error(content: str, where: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_baseline(content, "b.json")
    assert str(raised.value).startswith(where)


def test_the_baseline_holds_back_known_findings_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository(tmp_path, {"a.yaml": BEFORE})
    check = ("check", "a.yaml", "--baseline", "ci/baseline.json")
    missing = in_process(monkeypatch, capsys, repo, *check)
    assert missing.code == 2
    assert "ci/baseline.json:1:1: error: no such baseline file" in missing.stderr
    written = in_process(monkeypatch, capsys, repo, *check, "--update-baseline")
    assert written.code == 0 and "wrote" in written.stderr
    first = (repo / "ci/baseline.json").read_text()
    in_process(monkeypatch, capsys, repo, *check, "--update-baseline")
    assert (repo / "ci/baseline.json").read_text() == first
    assert in_process(monkeypatch, capsys, repo, "check", "a.yaml").code == 1
    known = in_process(monkeypatch, capsys, repo, *check)
    assert known.code == 0 and "held back by the baseline" in known.stdout
    (repo / "a.yaml").write_text(MOVED)
    assert in_process(monkeypatch, capsys, repo, *check).code == 0, "moved lines are not new"
    (repo / "a.yaml").write_text(AFTER)
    new = in_process(monkeypatch, capsys, repo, *check, "-f", "json")
    document = json.loads(new.stdout)
    assert new.code == 1 and document["passed"] is False
    fresh = [f for f in document["findings"] if not f["in_baseline"]]
    assert fresh and {f["component"] for f in fresh} == {"cache"}
    assert document["baseline"]["held_back"] == len(document["findings"]) - len(fresh)


def test_update_baseline_needs_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository(tmp_path, {"a.yaml": BEFORE})
    run = in_process(monkeypatch, capsys, repo, "check", "a.yaml", "--update-baseline")
    assert run.code == 2 and "--baseline FILE" in run.stderr
