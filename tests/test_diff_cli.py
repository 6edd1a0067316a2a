"""``spofscan diff`` as users and CI meet it: exit codes, golden outputs, the JSON
schema, and ``--base-ref`` against a real, temporary git repository.

Regenerate the golden files after an intended change with
    SPOFSCAN_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_diff_cli.py
"""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_runner import Run, spofscan
from conftest import ROOT, TODAY_TEXT
from golden_files import assert_matches_golden
from jsonschema import Draft202012Validator

from spofscan import pipeline
from spofscan.render.check.markdown import COMMENT_CHARACTERS, FEWER_ROWS
from spofscan.render.diff import markdown as diff_markdown
from spofscan.render.diff.markdown import SHOWN
from spofscan.render.diff.words import EACH_KIND
from spofscan.report.options import DiffFormat

CASES = "tests/cases/diff"
GOLDEN = ROOT / "tests" / "golden" / "diff"
SCHEMA: dict[str, Any] = json.loads((ROOT / "schemas" / "diff.schema.json").read_text())
SUFFIX = {"text": "txt", "markdown": "md", "json": "json"}


def diff(*args: str, cwd: Path = ROOT) -> Run:
    return spofscan("diff", *args, "--today", TODAY_TEXT, cwd=cwd)


def test_every_format_has_a_golden_file() -> None:
    assert {f.value for f in DiffFormat} == set(SUFFIX)


@pytest.mark.parametrize("output_format", sorted(SUFFIX))
def test_golden_output(output_format: str) -> None:
    run = diff(f"{CASES}/base.yaml", f"{CASES}/head.yaml", "-f", output_format)
    assert run.code == 1, run.stderr  # db loses its replica: a new SPOF
    assert_matches_golden(run.stdout, GOLDEN / f"shop.{SUFFIX[output_format]}")


def test_json_matches_its_schema_both_ways() -> None:
    for base, head in (("base", "head"), ("head", "base")):
        run = diff(f"{CASES}/{base}.yaml", f"{CASES}/{head}.yaml", "-f", "json")
        document = json.loads(run.stdout)
        Draft202012Validator(SCHEMA).validate(document)
        assert document["passed"] is (run.code == 0)


def test_the_reverse_change_fails_for_its_own_reasons() -> None:
    run = diff(f"{CASES}/head.yaml", f"{CASES}/base.yaml")
    assert run.code == 1, run.stderr
    verdict = run.stdout.splitlines()[-1]
    assert verdict.startswith("FAILED: new SPOF api; new SPOF legacy; system availability fell")
    # lb falls below its objective: said once, as the objective it newly misses.
    assert "; lb newly misses its objective 99.9%: 99.93991% to 99.89% (-0.05 pp)" in verdict
    assert "lb fell" not in verdict


def test_same_file_passes() -> None:
    example = "examples/two-zones.yaml"
    run = diff(example, example, "-f", "json")
    assert run.code == 0
    document = json.loads(run.stdout)
    assert document["system"]["status"] == "unchanged" and document["regressions"] == []


def test_tolerance_in_points_forgives_a_fall(tmp_path: Path) -> None:
    base = ROOT / "examples" / "two-zones.yaml"
    weaker = base.read_text().replace("availability: 99.995", "availability: 99.99")
    (tmp_path / "head.yaml").write_text(weaker)
    assert diff(str(base), "head.yaml", cwd=tmp_path).code == 1
    assert diff(str(base), "head.yaml", "--tolerance", "0.01%", cwd=tmp_path).code == 0


@pytest.mark.parametrize(("slo", "code"), [("99.98", 1), ("99.99", 0), ("99.9", 0)])
def test_a_fall_inside_the_tolerance_fails_when_it_newly_misses_the_objective(
    tmp_path: Path, slo: str, code: int
) -> None:
    # lb falls from 99.98449% to 99.97949%, within 0.01 points: newly below 99.98%;
    # below 99.99% in both versions already; above 99.9% in both.
    text = (
        (ROOT / "examples" / "two-zones.yaml").read_text().replace("slo: 99.9\n", f"slo: {slo}\n")
    )
    (tmp_path / "base.yaml").write_text(text)
    (tmp_path / "head.yaml").write_text(text.replace("availability: 99.995", "availability: 99.99"))
    run = diff("base.yaml", "head.yaml", "--tolerance", "0.01%", cwd=tmp_path)
    assert run.code == code, run.stdout + run.stderr
    verdict = run.stdout.splitlines()[-1]
    if code:
        assert verdict == (
            "FAILED: lb newly misses its objective 99.98%: 99.98449% to 99.97949% (-0.005 pp)"
            " (tolerance 0.01 pp)"
        )
    run = diff("base.yaml", "head.yaml", "--tolerance", "0.01%", "-f", "json", cwd=tmp_path)
    document = json.loads(run.stdout)
    Draft202012Validator(SCHEMA).validate(document)
    regressions = [{"kind": "objective", "name": "lb"}] if code else []
    assert document["regressions"] == regressions
    assert document["entrypoints"][0]["newly_missed"] is bool(code)
    markdown = diff(
        "base.yaml", "head.yaml", "--tolerance", "0.01%", "-f", "markdown", cwd=tmp_path
    )
    assert ("| `lb` |" in markdown.stdout) and (("**-0.005 pp**" in markdown.stdout) is bool(code))
    (tmp_path / ".spofscan.yaml").write_text("disable: [SLO]\n")  # as check: misses pass
    assert diff("base.yaml", "head.yaml", "--tolerance", "0.01%", cwd=tmp_path).code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["examples/two-zones.yaml"], "expected BASE and HEAD, got 1 file"),
        (["a.yaml", "b.yaml", "--base-ref", "HEAD"], "expected one FILE with --base-ref"),
        (["examples/two-zones.yaml"] * 2 + ["--tolerance", "5"], "--tolerance"),
        (["examples/two-zones.yaml", "missing.yaml"], "missing.yaml:1:1: error: no such file"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    run = diff(*args)
    assert run.code == 2
    assert message in run.stderr and run.stdout == ""


def test_an_invalid_file_exits_2_located(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "spofscan: 1\nname: x\ncomponents: {a: {availability: 0.9}}\n"
    )
    run = diff("bad.yaml", str(ROOT / "examples/two-zones.yaml"), cwd=tmp_path)
    assert run.code == 2
    assert run.stderr.startswith("bad.yaml:3:")


# --- --base-ref, in a temporary git repository ------------------------------------------


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose first commit holds infra/arch.yaml as the diff's base case;
    the working tree holds the head case."""
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "infra").mkdir()
    arch = tmp_path / "infra" / "arch.yaml"
    arch.write_text((ROOT / CASES / "base.yaml").read_text())
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    arch.write_text((ROOT / CASES / "head.yaml").read_text())
    return tmp_path


def test_base_ref_reads_the_committed_version(repo: Path) -> None:
    run = diff("arch.yaml", "--base-ref", "main", "-f", "json", cwd=repo / "infra")
    assert run.code == 1, run.stderr
    document = json.loads(run.stdout)
    assert (document["base"], document["head"]) == ("main:infra/arch.yaml", "arch.yaml")
    assert [s["component"] for s in document["spofs"]["added"]] == ["db", "search"]
    assert document["findings"]["removed"][0]["file"] == "main:infra/arch.yaml"


def test_base_ref_of_an_unchanged_file_passes(repo: Path) -> None:
    git(repo, "commit", "-q", "-am", "head")
    assert diff("infra/arch.yaml", "--base-ref", "HEAD", cwd=repo).code == 0


def test_base_ref_errors_name_the_revision(repo: Path) -> None:
    (repo / "infra" / "arch.yaml").write_text("spofscan: 1\nname: x\n")
    git(repo, "commit", "-q", "-am", "broken")
    (repo / "infra" / "arch.yaml").write_text((ROOT / CASES / "head.yaml").read_text())
    run = diff("infra/arch.yaml", "--base-ref", "HEAD", cwd=repo)
    assert run.code == 2
    assert run.stderr.startswith("HEAD:infra/arch.yaml:"), run.stderr


@pytest.mark.parametrize(
    ("file", "ref", "message"),
    [
        ("infra/arch.yaml", "no-such-branch", "unknown git revision 'no-such-branch'"),
        ("infra/new.yaml", "main", "infra/new.yaml:1:1: error: no such file at revision 'main'"),
        ("infra/arch.yaml", "--help", "is not a git revision"),
    ],
)
def test_base_ref_problems_exit_2(repo: Path, file: str, ref: str, message: str) -> None:
    (repo / "infra" / "new.yaml").write_text((ROOT / CASES / "head.yaml").read_text())
    run = diff(file, f"--base-ref={ref}", cwd=repo)
    assert run.code == 2
    assert message in run.stderr, run.stderr


def test_base_ref_outside_a_repository_exits_2(tmp_path: Path) -> None:
    (tmp_path / "arch.yaml").write_text((ROOT / CASES / "head.yaml").read_text())
    run = diff("arch.yaml", "--base-ref", "HEAD", cwd=tmp_path)
    assert run.code == 2
    assert "is not inside a git repository" in run.stderr


def test_rules_turned_off_in_the_configuration_leave_the_diff(tmp_path: Path) -> None:
    config = tmp_path / ".spofscan.yaml"
    config.write_text("disable: [SLO, NO-RESTART]\n")
    cases = [f"{CASES}/base.yaml", f"{CASES}/head.yaml"]
    plain = json.loads(diff(*cases, "--format", "json").stdout)["findings"]
    quiet = json.loads(diff(*cases, "--format", "json", "--config", str(config)).stdout)
    rules = {f["rule"] for side in ("added", "removed") for f in quiet["findings"][side]}
    assert {"SLO", "NO-RESTART"} <= {f["rule"] for f in plain["removed"]}
    assert rules and not rules & {"SLO", "NO-RESTART"}


def test_a_change_of_hundreds_of_spofs_fits_in_a_comment_and_its_verdict_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = yaml.safe_load((ROOT / CASES / "base.yaml").read_text())
    head = copy.deepcopy(base)
    extra = [f"queue-{i:03}" for i in range(120)]
    head["components"]["api"]["depends_on"] += extra
    for name in extra:  # each one a new SPOF
        head["components"][name] = {"kind": "queue", "availability": 99.99}
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(base))
    (tmp_path / "head.yaml").write_text(yaml.safe_dump(head))
    files = [str(tmp_path / "base.yaml"), str(tmp_path / "head.yaml")]
    text = diff(*files)
    verdict = text.stdout.splitlines()[-1]
    named = [f"new SPOF {name}" for name in extra]
    assert verdict.startswith(f"FAILED: {'; '.join(named[:EACH_KIND])}; 115 more new SPOFs; ")
    assert "system availability fell" in verdict and named[EACH_KIND] not in verdict
    assert all(f"  {name}" in text.stdout for name in extra)  # the text lists every one
    run = diff(*files, "-f", "markdown")
    assert run.code == 1 and len(run.stdout) <= COMMENT_CHARACTERS
    assert f"**{verdict}**" in run.stdout
    listed = [line for line in run.stdout.splitlines() if line.startswith("- ")]
    spofs = [line for line in listed if "queue-" in line and "`" not in line]
    assert len(spofs) == SHOWN and f"…and {120 - SHOWN} more: `--format text`" in run.stdout
    comparison = pipeline.diff(files[1], files[0])
    shorter = len(run.stdout) - 1  # one character too long: fewer items in each list
    monkeypatch.setattr(diff_markdown, "COMMENT_CHARACTERS", shorter)
    fewer = diff_markdown.render(comparison)
    assert len(fewer) <= shorter and f"…and {120 - FEWER_ROWS[0]} more" in fewer
