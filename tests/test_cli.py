"""The command line as users and CI pipelines meet it (SPEC section 4).

Exit codes and the split between stdout and stderr are checked on a real process,
``python -m spofscan`` with its output through pipes; the rarer corners run the same
entry point in-process (``cli.main`` under a patched ``sys.argv``), which is quicker.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.core
import typer.main
from cli_runner import in_process, spofscan
from conftest import ROOT, TODAY_TEXT

from spofscan import __version__, cli

EXAMPLE = "examples/single-vm.yaml"
LOCATED = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<column>\d+): ", re.MULTILINE)

ONLY_WARNINGS = """\
spofscan: 1
name: only warnings
components:
  web:
    kind: logical
    availability: 100
    depends_on:
      - any_of: [api, fallback]
  api:
    replicas: 2
    availability: 99.9
    runs_on: host          # both replicas on one host: shared fate, but fallback backs it up
  host: {kind: host, availability: 99.9}
  fallback: {availability: 99.9}
"""

ACCEPTED_SPOF = """\
spofscan: 1
name: one accepted risk
components:
  api:
    availability: 99.9
    restart: always
accepted_risks:
  - component: api
    rule: SPOF
    reason: a prototype
    expires: 2027-01-31
"""

WAIVED_SLO = """\
spofscan: 1
name: an objective missed, and waived
slo: 99.99
components:
  api: {availability: 99.9}
accepted_risks:
  - {component: api, rule: SPOF, reason: a prototype}
  - {component: api, rule: SLO, reason: a prototype}
"""

TWO_MISTAKES = """\
spofscan: 1
name: two mistakes
components:
  api:
    availability: 0.999
    depends_on: [dbb]
  db: {}
"""


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- validate -----------------------------------------------------------------------


def test_validate_valid_file() -> None:
    run = spofscan("validate", EXAMPLE)
    assert run.code == 0
    assert run.stderr == ""
    assert len(run.stdout.splitlines()) == 1
    assert run.stdout.startswith(f"{EXAMPLE}: valid: 5 components")


def test_validate_names_twenty_entrypoints_and_counts_the_rest(tmp_path: Path) -> None:
    services = "".join(f"  s{i:02}: {{kind: service}}\n" for i in range(25))
    path = tmp_path / "many.yaml"
    path.write_text(f"spofscan: 1\nname: many\ncomponents:\n{services}")
    run = spofscan("validate", str(path))
    assert run.code == 0
    named = ", ".join(f"s{i:02}" for i in range(19))
    assert (
        run.stdout
        == f"{path}: valid: 25 components, 0 dependencies, 25 entrypoints ({named} and 6 more)\n"
    )


def test_validate_reports_every_problem_located(tmp_path: Path) -> None:
    write(tmp_path, "arch.yaml", TWO_MISTAKES)
    run = spofscan("validate", "arch.yaml", cwd=tmp_path)
    assert run.code == 2
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 2, lines
    places = [LOCATED.match(line) for line in lines]
    assert all(places), lines
    assert [(m["file"], m["line"]) for m in places if m] == [("arch.yaml", "5"), ("arch.yaml", "6")]
    assert "99.9" in lines[0], "a fraction-looking availability hints at the percent"
    assert "did you mean 'db'" in lines[1]


# --- check: the policy --------------------------------------------------------------


def test_check_fails_on_errors_by_default() -> None:
    run = spofscan("check", EXAMPLE)
    assert run.code == 1
    assert run.stderr == ""
    assert "FAILED" in run.stdout


def test_check_fail_on_never_passes() -> None:
    run = spofscan("check", EXAMPLE, "--fail-on", "never")
    assert run.code == 0
    assert "PASSED" in run.stdout


def test_check_fail_on_warning(tmp_path: Path) -> None:
    write(tmp_path, "arch.yaml", ONLY_WARNINGS)
    default = spofscan("check", "arch.yaml", "--format", "json", cwd=tmp_path)
    findings = json.loads(default.stdout)["findings"]
    assert {f["severity"] for f in findings} == {"warning"}
    assert default.code == 0
    strict = spofscan("check", "arch.yaml", "--fail-on", "warning", cwd=tmp_path)
    assert strict.code == 1


def test_accepted_risk_keeps_an_error_from_failing(tmp_path: Path) -> None:
    write(tmp_path, "arch.yaml", ACCEPTED_SPOF)
    run = spofscan("check", "arch.yaml", "--format", "json", "--today", TODAY_TEXT, cwd=tmp_path)
    assert run.code == 0
    report = json.loads(run.stdout)
    assert report["passed"] is True
    assert [(f["rule"], f["accepted"]) for f in report["findings"]] == [("SPOF", True)]


def test_expired_accepted_risk_fails(tmp_path: Path) -> None:
    write(tmp_path, "arch.yaml", ACCEPTED_SPOF)
    run = spofscan("check", "arch.yaml", "--format", "json", "--today", "2027-02-01", cwd=tmp_path)
    assert run.code == 1
    report = json.loads(run.stdout)
    assert report["passed"] is False
    found = {(f["rule"], f["severity"], f["accepted"]) for f in report["findings"]}
    assert found == {("SPOF", "error", False), ("EXPIRED-RISK", "error", False)}
    expired = next(f for f in report["findings"] if f["rule"] == "EXPIRED-RISK")
    assert expired["line"] == 8, "points at the accepted risk"


def test_accepted_risk_holds_on_its_expiry_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "arch.yaml", ACCEPTED_SPOF)
    assert in_process(monkeypatch, capsys, "check", str(path), "--today", "2027-01-31").code == 0
    assert in_process(monkeypatch, capsys, "check", str(path), "--today", "2027-02-01").code == 1


def test_expired_risk_message_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("check", "examples/multi-region.yaml", "-f", "json", "--today", "2027-07-01")
    run = in_process(monkeypatch, capsys, *args)
    expired = [f for f in json.loads(run.stdout)["findings"] if f["rule"] == "EXPIRED-RISK"]
    assert expired and all("\n" not in f["message"] for f in expired)


def test_missed_objective_fails_even_when_waived(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "arch.yaml", WAIVED_SLO)
    run = in_process(monkeypatch, capsys, "check", str(path), "--format", "json")
    assert json.loads(run.stdout)["entrypoints"][0]["slo_met"] is False
    assert run.code == 1


# --- check: bad input ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("missing.yaml", None, "no such file"),
        ("a-directory", "directory", "directory"),
        ("binary.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("broken.yaml", "spofscan: 1\nname: [unclosed\n", "YAML"),
        ("prose.yaml", "Just some words.\n", "mapping"),
    ],
    ids=["missing", "directory", "binary", "yaml-syntax", "not-a-mapping"],
)
def test_check_bad_input_exits_2(
    tmp_path: Path, name: str, content: str | bytes | None, words: str
) -> None:
    if content == "directory":
        (tmp_path / name).mkdir()
    elif content is not None:
        write(tmp_path, name, content)
    run = spofscan("check", name, "--format", "json", cwd=tmp_path)
    assert run.code == 2
    assert run.stdout == ""
    match = LOCATED.match(run.stderr)
    assert match and match["file"] == name, run.stderr
    assert words.lower() in run.stderr.lower()


def test_what_if_on_a_missing_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run = in_process(monkeypatch, capsys, "what-if", "examples/nope.yaml", "lb")
    assert run.code == 2 and run.stdout == ""
    assert run.stderr.startswith("examples/nope.yaml:1:1: ")


# --- usage errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("check", EXAMPLE, "--no-such-option"),
        ("check", EXAMPLE, "--format", "xml"),
        (),
        ("check",),
    ],
    ids=["unknown-option", "bad-format", "no-arguments", "no-file"],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    run = spofscan(*args)
    assert run.code == 2


@pytest.mark.parametrize(
    "args",
    [
        ("check", EXAMPLE, "--fail-on", "sometimes"),
        ("check", EXAMPLE, "--today", "someday"),
        ("check", EXAMPLE, "examples/two-zones.yaml"),
        ("what-if", EXAMPLE),
        ("schema", "extra"),
        ("frobnicate",),
    ],
    ids=["bad-fail-on", "bad-today", "two-files", "what-if-no-name", "schema-extra", "command"],
)
def test_more_usage_errors_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    run = in_process(monkeypatch, capsys, *args)
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr


MINIMAL_ARGS = {
    "check": (EXAMPLE,),
    "what-if": (EXAMPLE, "vm"),
    "render": (EXAMPLE, "-o", "x.dot"),
    "diff": (EXAMPLE, EXAMPLE),
    "drift": (EXAMPLE, "--compose", "docker-compose.yml"),
}
"""What each command with a choice among options needs besides that option."""


def _choice_options() -> list[tuple[str, str, tuple[str, ...]]]:
    """(command, option, choices) of every option whose value is one of a few words."""
    group = typer.main.get_command(cli.app)
    found = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for param in command.params:
            choices = getattr(param, "type_descriptor", None) and param.type_descriptor.choices
            if isinstance(param, typer.core.TyperOption) and choices:
                found.append((name, param.opts[0], tuple(c.value for c in choices)))
    return found


@pytest.mark.parametrize(("command", "option", "choices"), _choice_options())
def test_a_bad_choice_is_one_plain_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    command: str,
    option: str,
    choices: tuple[str, ...],
) -> None:
    """Not Typer's boxed 'Value error, 'html' is not one of 'text', ...' (issue #17, item 7)."""
    args = [a if a != EXAMPLE else str(ROOT / EXAMPLE) for a in MINIMAL_ARGS[command]]
    run = in_process(monkeypatch, capsys, command, *args, option, "html", cwd=tmp_path)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == f"spofscan: error: {option}: 'html' is not one of {', '.join(choices)}\n"


def test_the_choices_are_those_of_every_command() -> None:
    found = {(command, option) for command, option, _ in _choice_options()}
    assert found == {
        ("check", "--format"),
        ("check", "--fail-on"),
        ("what-if", "--format"),
        ("render", "--format"),
        ("diff", "--format"),
        ("drift", "--format"),
    }


def test_a_close_choice_is_suggested_and_a_bad_number_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run = in_process(monkeypatch, capsys, "check", EXAMPLE, "-f", "jsno")
    assert run.stderr.endswith("(did you mean 'json'?)\n")
    run = in_process(monkeypatch, capsys, "check", EXAMPLE, "--seed", "x")
    assert (run.code, run.stderr) == (2, "spofscan: error: --seed: 'x' is not a whole number\n")


@pytest.mark.parametrize("command", [(), ("check",), ("render",), ("explain",)])
def test_help_shows_flags_without_a_type(command: tuple[str, ...]) -> None:
    run = spofscan(*command, "--help")
    assert run.code == 0
    assert "<bool>" not in run.stdout
    assert re.search(r"--help +Show this message", run.stdout), run.stdout


# --- schema, version, entry points --------------------------------------------------


def test_schema_prints_the_shipped_schema() -> None:
    run = spofscan("schema")
    assert run.code == 0 and run.stderr == ""
    shipped = json.loads((ROOT / "schemas" / "architecture.schema.json").read_text())
    assert json.loads(run.stdout) == shipped


def test_version() -> None:
    run = spofscan("--version")
    assert run.code == 0
    assert run.stdout.strip() == f"spofscan {__version__}"


ANALYSIS = ("networkx", "numpy", "dd", "spofscan.pipeline")


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (("--version",), (*ANALYSIS, "pydantic")),
        (("schema",), (*ANALYSIS, "pydantic")),
        (("explain",), ANALYSIS),  # Typer coerces its RULE, None, through pydantic
        (("explain", "SPOF"), ANALYSIS),
    ],
)
def test_answering_at_once_loads_no_analysis(
    args: tuple[str, ...], absent: tuple[str, ...]
) -> None:
    """Start-up (issue #17, item 14), counted in modules, not timed. Typer 0.29 imports
    pydantic, 0.1 s, for any parameter but a flag, even its own --help left at None."""
    code = (
        "import sys\n"
        f"sys.argv = ['spofscan', *{list(args)!r}]\n"
        "from spofscan.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert not set(done.stderr.split()) & set(absent)


def test_python_dash_m_help() -> None:
    run = spofscan("--help")
    assert run.code == 0
    for command in ("check", "validate", "what-if", "schema"):
        assert command in run.stdout


def test_help_texts_survive_rich_markup() -> None:
    """Help is rendered by rich, which drops what reads as a tag, such as "[default: x]"."""
    import typer.main
    from rich.markup import render

    from spofscan.cli import app

    group = typer.main.get_command(app)
    texts = []
    for command in group.commands.values():  # type: ignore[attr-defined]
        texts += [command.help or ""]
        texts += [getattr(param, "help", None) or "" for param in command.params]
    assert len(texts) > 20
    assert [t for t in texts if render(t).plain != t] == []


# --- what-if ------------------------------------------------------------------------


def test_what_if_text() -> None:
    run = spofscan("what-if", "examples/three-containers-one-vm.yaml", "vm")
    assert run.code == 0 and run.stderr == ""
    down = next(line for line in run.stdout.splitlines() if line.startswith("Down:"))
    assert down == "Down: api, nginx, vm"
    assert "Entrypoints down: nginx" in run.stdout
    assert "\x1b" not in run.stdout


def test_what_if_json() -> None:
    run = spofscan("what-if", "examples/two-zones.yaml", "zone_a", "zone_b", "--format", "json")
    assert run.code == 0 and run.stderr == ""
    result = json.loads(run.stdout)
    assert result["failed"] == ["zone_a", "zone_b"]
    assert {"app", "db", "lb", "zone_a", "zone_b"} <= set(result["down"])
    assert result["entrypoints_down"] == ["lb"]
    assert result["availability_after"] == 0.0


def test_what_if_unknown_name_hints() -> None:
    run = spofscan("what-if", "examples/two-zones.yaml", "aap")
    assert run.code == 2
    assert run.stdout == ""
    assert "did you mean 'app'" in run.stderr


def test_what_if_one_instance() -> None:
    run = spofscan("what-if", "examples/two-zones.yaml", "app[1]", "--format", "json")
    assert run.code == 0
    result = json.loads(run.stdout)
    assert result["failed"] == ["app[1]"]
    assert result["down"] == [] and result["entrypoints_down"] == []
    assert result["reduced"] == ["app"]
    assert 0.0 < result["availability_after"] < 1.0


@pytest.mark.parametrize("name", ["app[2]", "app[", "lbb"])
def test_what_if_bad_instance_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    run = in_process(monkeypatch, capsys, "what-if", "examples/two-zones.yaml", name)
    assert run.code == 2
    assert run.stdout == ""
    assert name in run.stderr


def test_what_if_text_reads_well(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: 'Availability after availability:', and '-0.00 nines' once everything is
    down (nines = -log10(1 - 0) is -0.0)."""
    run = in_process(monkeypatch, capsys, "what-if", EXAMPLE, "vm")
    assert run.code == 0
    assert " 0% (" in run.stdout
    assert "availability availability" not in run.stdout.lower()
    assert "-0.00 nines" not in run.stdout
    as_json = in_process(monkeypatch, capsys, "what-if", EXAMPLE, "vm", "-f", "json")
    assert '"nines": -0.0' not in as_json.stdout


TWO_ZONES = str(ROOT / "examples" / "two-zones.yaml")


@pytest.mark.parametrize(
    "names", [("vm_a", "db_vm_a"), ("vm_a,db_vm_a",), ("vm_a", "db_vm_a,vm_a")], ids=str
)
def test_what_if_takes_names_and_lists(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], names: tuple[str, ...]
) -> None:
    run = in_process(monkeypatch, capsys, "what-if", TWO_ZONES, *names, "-f", "json")
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["failed"] == ["db_vm_a", "vm_a"]


@pytest.mark.parametrize(
    "args",
    [
        ("vm_a", "db_vm_a", "-o", "{out}"),
        ("vm_a,db_vm_a", "-o", "{out}"),
        ("--what-if", "vm_a", "db_vm_a", "-o", "{out}"),  # issue #17: 'unexpected extra argument'
        ("-o", "{out}", "--what-if", "vm_a", "--what-if", "db_vm_a"),
    ],
    ids=["names", "a-list", "option-then-name", "options"],
)
def test_render_takes_names_as_what_if_does(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    args: tuple[str, ...],
) -> None:
    expected, out = tmp_path / "expected.mmd", tmp_path / "out.mmd"
    day = ("--today", TODAY_TEXT)
    options = ("-o", str(expected), "--what-if", "vm_a,db_vm_a", *day)
    assert in_process(monkeypatch, capsys, "render", TWO_ZONES, *options).code == 0
    given = [a.format(out=out) for a in args]
    run = in_process(monkeypatch, capsys, "render", TWO_ZONES, *given, *day)
    assert run.code == 0, run.stderr
    assert out.read_bytes() == expected.read_bytes()


@pytest.mark.parametrize(
    ("command", "name"),
    [("what-if", ""), ("what-if", "vm_a,,db_vm_a"), ("render", ""), ("render", "vm_a,")],
)
def test_an_empty_name_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    command: str,
    name: str,
) -> None:
    output = ("-o", str(tmp_path / "x.mmd")) if command == "render" else ()
    run = in_process(monkeypatch, capsys, command, TWO_ZONES, name, *output)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == f"spofscan: error: {name!r} names nothing (an empty name)\n"


def test_a_name_with_a_comma_stays_whole(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    arch = "spofscan: 1\nname: commas\ncomponents:\n  'eu,us': {availability: 99.9}\n"
    path = write(tmp_path, "arch.yaml", arch)
    run = in_process(monkeypatch, capsys, "what-if", str(path), "eu,us", "-f", "json")
    assert json.loads(run.stdout)["failed"] == ["eu,us"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_an_error_not_a_traceback() -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = subprocess.run(
            [sys.executable, "-m", "spofscan", "check", "examples/two-zones.yaml"],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr == "spofscan: error: cannot write the output: No space left on device\n"


def test_check_output_dash_is_stdout(tmp_path: Path) -> None:
    run = spofscan("check", str(ROOT / "examples" / "two-zones.yaml"), "-o", "-", cwd=tmp_path)
    assert run.stdout.startswith("Web app across two zones") and not (tmp_path / "-").exists()


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux only")
def test_a_file_name_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    name = os.fsdecode(b"shop-\xff.yaml")
    (tmp_path / name).write_bytes((ROOT / "examples" / "two-zones.yaml").read_bytes())
    sarif = spofscan("check", name, "-f", "sarif", cwd=tmp_path)
    assert (
        json.loads(sarif.stdout)["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
            "artifactLocation"
        ]["uri"]
        == "shop-%FF.yaml"
    )
    text = spofscan("check", name, "-o", "report.txt", cwd=tmp_path)
    assert text.code == 1 and b"shop-\xff.yaml" in (tmp_path / "report.txt").read_bytes()


# --- internal errors ----------------------------------------------------------------


def _a_bug(*args: object, **kwargs: object) -> None:
    raise ValueError("the impossible\nhappened")


def _main_with_a_bug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    monkeypatch.setattr("spofscan.pipeline.fail", _a_bug)
    monkeypatch.setattr(sys, "argv", ["spofscan", *args])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    code = exited.value.code
    return code if isinstance(code, int) else -1, capsys.readouterr().err


def test_an_internal_error_exits_2_in_two_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug must not exit 1, which CI reads as 'policy failed' (issue #17, item 11)."""
    monkeypatch.delenv("SPOFSCAN_DEBUG", raising=False)
    code, err = _main_with_a_bug(monkeypatch, capsys, "what-if", EXAMPLE, "vm")
    assert code == 2
    assert err.splitlines() == [
        "spofscan: internal error: ValueError: the impossible happened",
        "spofscan: please report this bug on spofscan's issue tracker, with the output of: "
        f"spofscan --debug what-if {EXAMPLE} vm",
    ]


@pytest.mark.parametrize(
    ("debug", "environment"), [(("--debug",), None), ((), "1")], ids=["option", "environment"]
)
def test_debug_prints_the_traceback(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    debug: tuple[str, ...],
    environment: str | None,
) -> None:
    if environment is None:
        monkeypatch.delenv("SPOFSCAN_DEBUG", raising=False)
    else:
        monkeypatch.setenv("SPOFSCAN_DEBUG", environment)
    code, err = _main_with_a_bug(monkeypatch, capsys, *debug, "what-if", EXAMPLE, "vm")
    assert code == 2
    assert err.startswith("Traceback (most recent call last):")
    assert "in _a_bug" in err
    assert err.splitlines()[-2:] == [
        "spofscan: internal error: ValueError: the impossible happened",
        "spofscan: please report this bug on spofscan's issue tracker, with the traceback above",
    ]


def test_debug_is_off_again_in_the_next_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SPOFSCAN_DEBUG", raising=False)
    _main_with_a_bug(monkeypatch, capsys, "--debug", "what-if", EXAMPLE, "vm")
    code, err = _main_with_a_bug(monkeypatch, capsys, "what-if", EXAMPLE, "vm")
    assert code == 2 and "Traceback" not in err
