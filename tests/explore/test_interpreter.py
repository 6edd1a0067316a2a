"""The explorer's commands, through its scripted mode: the same lines a person types,
the same text printed. ``status --json`` answers as ``what-if --format json`` does."""

from __future__ import annotations

import io
import itertools
import json
import random
import shutil
import sys
from pathlib import Path

import pytest
from cli_runner import in_process, spofscan
from conftest import EXAMPLES, ROOT

from spofscan.analysis.what_if import failure_state
from spofscan.explore.commands import Interpreter
from spofscan.explore.script import run_script
from spofscan.explore.session import Session
from spofscan.explore.views import SHOWN_SPOFS

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, to_yaml

_SESSIONS: dict[str, Session] = {}


def explorer(example: str) -> Interpreter:
    """A fresh scenario on an example (its model loaded once for the whole module)."""
    if example not in _SESSIONS:
        _SESSIONS[example] = Session.open(f"examples/{example}.yaml")
    session = _SESSIONS[example]
    session.reset()
    while len(session.models) > 1:
        session.undo()
    return Interpreter(session)


def run(interpreter: Interpreter, *lines: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_script(interpreter, lines, out, err=err)
    return code, out.getvalue(), err.getvalue()


def status_json(interpreter: Interpreter, names: list[str]) -> str:
    code, _, err = run(interpreter, "fail " + " ".join(names))
    assert code == 0, err
    code, out, err = run(interpreter, "status --json")
    assert code == 0, err
    return out


def scenarios() -> list[tuple[str, list[str]]]:
    """Every component and journey of every example alone, and a seeded sample of pairs."""
    found: list[tuple[str, list[str]]] = []
    for example in EXAMPLES:
        names = list(explorer(example).session.model.names)
        found.extend((example, [name]) for name in names if "[" not in name)
        pick = random.Random(example)
        found.extend((example, pick.sample(names, 2)) for _ in range(6))
    return found


@pytest.mark.parametrize(("example", "names"), scenarios(), ids=lambda v: str(v))
def test_status_json_is_what_if_json(
    example: str,
    names: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    expected = in_process(
        monkeypatch, capsys, "what-if", f"examples/{example}.yaml", *names, "--format", "json"
    )
    assert expected.code == 0
    assert status_json(explorer(example), names) == expected.stdout


def test_estimates_under_scenarios_are_what_if_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file too large for an exact answer: the session keeps one draw and the states
    with nothing failed, scenario after scenario, and answers as ``what-if`` does from a
    draw of its own, to the last digit."""
    path = tmp_path / "generated.yaml"
    path.write_text(to_yaml(generate(400, seed=0, journeys=1)), encoding="utf-8")
    interpreter = Interpreter(Session.open(path))
    assert interpreter.session.model.report.analysis.system.method == "monte-carlo"
    comps = interpreter.session.model.arch.components
    vm, other_vm = sorted(n for n, c in comps.items() if c.kind == "vm")[:2]
    zone = sorted(n for n, c in comps.items() if c.kind == "zone")[-1]
    replicated = sorted(n for n, c in comps.items() if c.replicas > 1)[0]
    journey = sorted(interpreter.session.model.arch.journeys)[0]
    for names in ([vm], [other_vm, f"{replicated}[1]"], [zone], [vm], [journey]):
        run(interpreter, "reset")
        expected = in_process(monkeypatch, capsys, "what-if", str(path), *names, "--format", "json")
        assert expected.code == 0
        assert status_json(interpreter, names) == expected.stdout
    # fail after fail grows the last scenario; restore starts from nothing failed
    run(interpreter, "reset")
    for line in (f"fail {vm}", f"fail {replicated}[1]", f"fail {zone}", f"restore {vm}"):
        code, _, err = run(interpreter, line)
        assert code == 0, err
        scenario = interpreter.session.scenario
        expected = in_process(
            monkeypatch, capsys, "what-if", str(path), *scenario, "--format", "json"
        )
        assert run(interpreter, "status --json")[1] == expected.stdout


def test_the_scenario_grows_and_shrinks() -> None:
    session = explorer("two-zones").session
    code, out, _ = run(Interpreter(session), "fail zone_a", "fail app[1],db_vm_b", "restore zone_a")
    assert code == 0
    assert session.scenario == ["app[1]", "db_vm_b"]
    assert out.splitlines()[0].startswith("Failed: zone_a. Down: 3,")
    assert run(Interpreter(session), "reset")[1].startswith("Nothing failed.\n")
    assert session.scenario == []


def test_status_says_what_what_if_says(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    what_if = in_process(monkeypatch, capsys, "what-if", "examples/two-zones.yaml", "zone_a")
    _, out, _ = run(explorer("two-zones"), "fail zone_a", "status")
    status = out.split("Failed: zone_a\n", 1)[1]
    for line in what_if.stdout.splitlines()[1:-1]:  # the question and availability differ
        assert line in status


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("fial db", "no command 'fial' (help lists them); did you mean 'fail'?"),
        ("fail dbb", "'dbb' is not a component, journey or instance of this architecture"),
        ("fail app[5]", "'app[5]': app has 2 replica(s), numbered from 0 to 1"),
        ("fail zone_a,,db", "'zone_a,,db' names nothing (an empty name)"),
        ("fail", "usage: fail NAME..."),
        ("restore db", "'db' is not failed: nothing is"),
        ("why nope", "'nope' is not a component, journey or instance of this architecture"),
        ("status --yaml", "status takes no argument but --json"),
        ("spofs every", "usage: spofs [all]"),
        ("apply 9", "no fix 9: the fixes are numbered from 1 to 2 (see: fixes)"),
        ("apply one", "apply takes the number of a fix (see: fixes), not 'one'"),
        ("undo", "nothing to undo: no fix is applied"),
        ("fail 'db", "cannot read the line: No closing quotation"),
        ("render out.txt", "cannot tell the format of 'out.txt' from its suffix"),
    ],
)
def test_a_bad_command_ends_a_script_with_exit_2(line: str, message: str) -> None:
    code, out, err = run(explorer("two-zones"), "spofs", line, "fixes")
    assert code == 2
    assert out.startswith("Single points of failure: 2\n")
    assert "Fixes" not in out  # nothing after the bad command runs
    assert err.startswith("spofscan: error: ")
    assert message in err


def test_why_follows_the_chain_of_needs() -> None:
    _, out, _ = run(
        explorer("two-zones"),
        "fail zone_a",
        "why vm_a",
        "why app",
        "why vm_b",
        "why zone_a",
        "why app[0]",
    )
    assert "vm_a is down: vm_a -> zone_a (failed)\n" in out
    assert "app is up, with 1 of its 2 instances down (it needs 1)\n" in out
    assert "vm_b is up: nothing it needs is down.\n" in out
    assert "zone_a is down: it was failed" in out


def test_why_takes_a_component_not_an_instance() -> None:
    code, _, err = run(explorer("two-zones"), "why app[0]")
    assert code == 2
    assert "why takes a component or journey: try why app" in err


def test_why_an_entrypoint_is_down_as_what_if_says() -> None:
    interpreter = explorer("microservices")
    session = interpreter.session
    session.fail(["node_a"])
    for entry, chain in session.result().why.items():
        assert (
            run(interpreter, f"why {entry}")[1]
            == f"{entry} is down: {' -> '.join(chain)} (failed)\n"
        )


def test_pairs_are_the_double_faults_of_check() -> None:
    interpreter = explorer("two-zones")
    pairs = interpreter.session.model.report.analysis.cut_sets.order_2
    _, out, _ = run(interpreter, "pairs db")
    listed = [line.strip() for line in out.splitlines()[1:]]
    assert listed == [f"{a} + {b}" for a, b in pairs if a.startswith("db[") or b.startswith("db[")]
    assert out.startswith(f"Double faults with db: {len(listed)}\n")
    _, out, _ = run(interpreter, "pairs db[0]")
    assert "  db[0] + db[1]\n" in out
    assert "  db[1] + zone_a\n" not in out


def test_pairs_of_a_spof_say_it_is_one() -> None:
    _, out, _ = run(explorer("single-vm"), "pairs vm")
    assert "vm is a single point of failure on its own (see: spofs)" in out


def test_spofs_with_nothing_failed_are_those_of_check() -> None:
    interpreter = explorer("two-zones")
    _, out, _ = run(interpreter, "spofs")
    spofs = interpreter.session.model.report.analysis.spofs
    assert out.splitlines() == [
        f"Single points of failure: {len(spofs)}",
        *(f"  {s.component} ({s.kind}) takes down {', '.join(s.entrypoints)}" for s in spofs),
    ]


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> Session:
    """A legacy estate of 400 components, with more SPOFs than ``spofs`` shows."""
    path = tmp_path_factory.mktemp("estate") / "legacy.yaml"
    path.write_text(to_yaml(generate(400, seed=0, shape="legacy")))
    return Session.open(str(path))


def test_spofs_of_an_estate_are_the_costliest_and_all_lists_every_one(estate: Session) -> None:
    estate.reset()
    analysis = estate.model.report.analysis
    names = [spof.component for spof in analysis.spofs]
    assert len(names) > SHOWN_SPOFS
    _, out, _ = run(Interpreter(estate), "spofs")
    listed = [line.split()[0] for line in out.splitlines()[1:-1]]
    assert set(listed) == analysis.costliest(names, SHOWN_SPOFS)
    assert listed == [name for name in names if name in set(listed)]  # in the file's order
    assert (
        out.splitlines()[-1] == f"  …and {len(names) - SHOWN_SPOFS} more: spofs all lists every one"
    )
    _, out, _ = run(Interpreter(estate), "spofs all")
    assert [line.split()[0] for line in out.splitlines()[1:]] == names


def test_spofs_of_an_estate_under_a_scenario_show_the_new_ones_first(estate: Session) -> None:
    estate.reset()
    interpreter = Interpreter(estate)
    pairs = [name for name, c in sorted(estate.model.arch.components.items()) if c.replicas == 2]
    code, _, err = run(interpreter, "fail " + " ".join(f"{name}[0]" for name in pairs[:40]))
    assert code == 0, err  # the other replica of each: a new SPOF
    _, every, _ = run(interpreter, "spofs all")
    _, some, _ = run(interpreter, "spofs")
    rows = [line for line in every.splitlines() if ") takes down " in line]
    shown = [line for line in some.splitlines() if ") takes down " in line]
    assert len(rows) > SHOWN_SPOFS and len(shown) == SHOWN_SPOFS
    assert shown == [line for line in rows if line in set(shown)]  # in order
    new = {line for line in rows if line.endswith("[new]")}
    assert len(new) > 0
    assert new <= set(shown) if len(new) <= SHOWN_SPOFS else set(shown) <= new
    assert f"  …and {len(rows) - SHOWN_SPOFS:,} more: spofs all lists every one" in some


def entrypoints_down(session: Session, more: list[str]) -> set[str]:
    """What ``what-if`` would find down among the entrypoints, the scenario and ``more``
    failed: the oracle for the answers under a scenario."""
    arch = session.model.arch
    state = failure_state(arch, [*session.scenario, *more], session.model.structure)
    return {e for e in arch.entrypoints if state.structure.index[e] in state.effect.down}


def listed_events(session: Session, line: str) -> list[str]:
    """The events a line of ``spofs`` names: a component stands for all its instances."""
    shown = line.strip().split(" (")[0].split(", ")
    events = session.model.report.analysis.events
    return [e.name for name in shown for e in events if name in (e.name, e.component)]


@pytest.mark.parametrize(
    ("example", "scenario"),
    [("two-zones", "zone_a"), ("two-zones", "app[0]"), ("microservices", "node_a")],
)
def test_spofs_under_a_scenario_are_what_one_more_failure_takes_down(
    example: str, scenario: str
) -> None:
    interpreter = explorer(example)
    session = interpreter.session
    _, out, _ = run(interpreter, f"fail {scenario}", "spofs")
    lines = out[out.index("Single points of failure now") :].splitlines()
    assert lines[0].startswith(f"Single points of failure now, with {scenario} failed: ")
    now = entrypoints_down(session, [])
    want = {
        e.name: sorted(entrypoints_down(session, [e.name]) - now)
        for e in session.model.report.analysis.events
    }
    want = {name: down for name, down in want.items() if down}
    got = {
        event: line.split(" takes down ")[1].removesuffix(" [new]").split(", ")
        for line in lines[2:-1]
        for event in listed_events(session, line)
    }
    assert got == want
    assert int(lines[0].rsplit(": ", 1)[1]) == len(want)
    file_spofs = {name for (name,) in session.model.report.analysis.cut_sets.order_1}
    for line in lines[2:-1]:
        assert line.endswith(" [new]") == (not set(listed_events(session, line)) <= file_spofs)


def test_spofs_when_every_entrypoint_is_down() -> None:
    _, out, _ = run(explorer("two-zones"), "fail lb", "spofs")
    assert out.endswith(
        "Single points of failure now, with lb failed: 0\n"
        "  every entrypoint is down already: no further failure matters\n"
    )


def test_pairs_under_a_scenario_are_what_two_more_failures_take_down() -> None:
    interpreter = explorer("two-zones")
    session = interpreter.session
    _, out, _ = run(interpreter, "fail vm_a", "pairs db")
    lines = out[out.index("Double faults with db now") :].splitlines()
    assert lines[0] == f"Double faults with db now, with vm_a failed: {len(lines) - 1}"
    now = entrypoints_down(session, [])
    names = [e.name for e in session.model.report.analysis.events]
    alone = {n for n in names if entrypoints_down(session, [n]) - now}
    want = [
        f"  {a} + {b}"
        for a, b in itertools.combinations(sorted(names), 2)
        if "db[" in a + b and not {a, b} & alone and entrypoints_down(session, [a, b]) - now
    ]
    assert lines[1:] == want
    assert "  db[0] + zone_b" not in want  # zone_b alone takes lb down now


def test_pairs_of_what_is_down_already_or_never_fails() -> None:
    _, out, _ = run(explorer("two-zones"), "fail zone_a", "pairs db_vm_a")
    assert out.endswith(
        "Double faults with db_vm_a now, with zone_a failed: 0\n"
        "  db_vm_a is down already: failing it changes nothing\n"
    )
    _, out, _ = run(explorer("microservices"), "fail zone_a", "pairs browse")
    assert out.endswith("  browse never fails by itself: it is in no double fault\n")


def test_fixes_under_a_scenario_say_they_are_the_file_s() -> None:
    _, out, _ = run(explorer("two-zones"), "fail zone_a", "fixes")
    assert "Measured with nothing failed; apply N keeps the scenario and shows it.\n" in out


def test_apply_measures_as_check_does_and_undo_takes_it_back() -> None:
    interpreter = explorer("two-zones")
    session = interpreter.session
    fix = session.model.report.remediation.fixes[1]
    before = status_json(interpreter, ["zone_a"])
    code, out, _ = run(interpreter, "fixes", "apply 2")
    assert code == 0
    assert f"  2. {fix.component} ({fix.rule}): {fix.action}" in out
    assert f"Applied fix 2: {fix.action}\n" in out
    assert session.model.report.analysis.system.value == pytest.approx(fix.availability_after)
    assert "Single points of failure: 2 -> 1\n" in out
    assert session.scenario == ["zone_a"]  # the scenario stays
    _, out, _ = run(interpreter, "spofs")
    assert out.startswith("Single points of failure now (with 1 fix applied), with zone_a failed:")
    assert out.endswith("With nothing failed: 1 single point of failure (see: reset).\n")
    code, out, _ = run(interpreter, "undo", "status --json")
    assert code == 0
    assert out.startswith(f"Took back fix 2: {fix.action}\n")
    assert out[out.index("{\n") :] == before


def test_a_saved_scenario_replays(tmp_path: Path) -> None:
    interpreter = explorer("two-zones")
    saved = tmp_path / "scenario.txt"
    code, out, _ = run(interpreter, "apply 2", "fail zone_a 'app[1]'", f"save {saved}")
    assert code == 0
    assert out.endswith(f"Saved the scenario to {saved} (replay it with --script {saved})\n")
    assert saved.read_text().splitlines()[1:] == ["apply 2", "fail zone_a 'app[1]'"]
    before = run(interpreter, "status --json")[1]
    replay = spofscan("explore", "examples/two-zones.yaml", "--script", str(saved))
    assert replay.code == 0
    again = spofscan(
        "explore",
        "examples/two-zones.yaml",
        "--script",
        "-",
        input=saved.read_text() + "status --json\n",
    )
    assert again.stdout.endswith(before)


def test_render_draws_what_render_draws(tmp_path: Path) -> None:
    interpreter = explorer("two-zones")
    out_file = tmp_path / "scenario.dot"
    code, out, _ = run(interpreter, "fail zone_a db[1]", f"render {out_file}")
    assert code == 0
    assert out.endswith(f"Wrote {out_file} (dot, 2 failed)\n")
    cli = spofscan(
        "render", "examples/two-zones.yaml", "zone_a,db[1]", "-o", "-", "--format", "dot"
    )
    assert out_file.read_text() == cli.stdout


def test_render_collapses_large_files_as_the_page_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spofscan.report import review

    monkeypatch.setattr(review, "COLLAPSE_FROM", 10)  # two-zones has 10 components
    interpreter = explorer("two-zones")
    collapsed, full = tmp_path / "collapsed.dot", tmp_path / "full.dot"
    code, out, _ = run(
        interpreter, "fail zone_a", f"render {collapsed}", f"render {full} --no-collapse"
    )
    assert code == 0
    chosen = "collapsed: 10 components; --no-collapse draws each one"
    assert f"Wrote {collapsed} (dot, 1 failed, {chosen})\n" in out
    assert out.endswith(f"Wrote {full} (dot, 1 failed)\n")
    cli = spofscan(
        "render", "examples/two-zones.yaml", "zone_a", "-o", "-", "--format", "dot", "--collapse"
    )
    assert collapsed.read_text() == cli.stdout
    assert full.read_text() != cli.stdout
    monkeypatch.setattr(review, "COLLAPSE_FROM", 11)
    _, out, _ = run(interpreter, f"render {full}", f"render {collapsed} --collapse")
    assert out == f"Wrote {full} (dot, 1 failed)\nWrote {collapsed} (dot, 1 failed, collapsed)\n"
    code, _, err = run(interpreter, f"render {full} --collapse --no-collapse")
    assert code == 2 and "one of --collapse, --no-collapse" in err


def test_reload_keeps_the_names_the_file_still_has(tmp_path: Path) -> None:
    file = tmp_path / "arch.yaml"
    shutil.copy(ROOT / "examples" / "two-zones.yaml", file)
    interpreter = Interpreter(Session.open(file))
    assert run(interpreter, "fail zone_a db_vm_b")[0] == 0
    text = file.read_text()
    file.write_text(text.replace("db_vm_b", "db_vm_c"))
    code, out, _ = run(interpreter, "reload")
    assert code == 0
    assert f"Reloaded {file}:" in out
    assert "No longer in the file, restored: db_vm_b\n" in out
    assert interpreter.session.scenario == ["zone_a"]
    file.write_text(text.replace("kind: zone", "kind: zoen", 1))
    code, _, err = run(interpreter, "reload")
    assert code == 2
    assert f"{file}:" in err and "zoen" in err  # located
    assert interpreter.session.model.arch.components["db_vm_c"]  # the last good model stays
    assert not interpreter.session.changed_on_disk()  # and is not retried until it changes


def test_help_lists_every_command_and_explains_one() -> None:
    from spofscan.explore.commands import COMMANDS

    _, out, _ = run(explorer("single-vm"), "help", "help fail")
    for command in COMMANDS.values():
        assert f"  {command.usage}" in out
    assert out.endswith("fail NAME...\n  Fail these too (added to the scenario).\n")


def test_quit_ends_a_script_early_and_comments_are_skipped() -> None:
    code, out, _ = run(explorer("single-vm"), "# a comment", "", "quit", "fial")
    assert (code, out) == (0, "")


def test_the_command_line_runs_a_script_and_stops_at_a_bad_command(tmp_path: Path) -> None:
    script = tmp_path / "session.txt"
    script.write_text("fail vm\nfail nope\nstatus\n")
    done = spofscan("explore", "examples/single-vm.yaml", "--script", str(script), "--echo")
    assert done.code == 2
    assert done.stdout.startswith("explore> fail vm\nFailed: vm.")
    assert done.stdout.endswith("explore> fail nope\n")
    assert "'nope' is not a component" in done.stderr


def test_standard_input_is_a_script_when_it_is_not_a_terminal() -> None:
    done = spofscan("explore", "examples/single-vm.yaml", input="fail vm\nstatus --json\n")
    assert done.code == 0
    assert json.loads(done.stdout[done.stdout.index("{\n") :])["failed"] == ["vm"]


def test_an_invalid_file_or_script_is_reported_as_bad_input(tmp_path: Path) -> None:
    done = spofscan("explore", "examples/nothing.yaml", input="")
    assert (done.code, done.stderr) == (2, "examples/nothing.yaml:1:1: error: no such file\n")
    done = spofscan("explore", "examples/single-vm.yaml", "--script", str(tmp_path / "none"))
    assert done.code == 2
    assert "--script: cannot read" in done.stderr


def test_a_bug_in_a_command_is_an_error_not_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    from spofscan.explore import commands

    def broken(session: Session, args: list[str]) -> str:
        raise RuntimeError("boom")

    monkeypatch.setitem(commands.COMMANDS, "spofs", commands.Command(broken, "spofs", "?"))
    interpreter = explorer("single-vm")
    reply = interpreter.execute("spofs")
    assert (reply.error, reply.done) == ("internal error: RuntimeError: boom", False)
    assert interpreter.execute("status").text.startswith("Failed: none\n")


def test_pairs_list_fifty_and_all_lists_every_one(tmp_path: Path) -> None:
    needs = [f"s{i:02}" for i in range(60)]
    components: dict[str, object] = {
        "web": {"availability": 99.99, "depends_on": [{"any_of": ["a", "b"]}]},
        "a": {"availability": 99.9, "depends_on": needs},
        "b": {"availability": 99.9},
    }
    components.update({name: {"availability": 99.9} for name in needs})
    path = tmp_path / "pairs.yaml"
    path.write_text(json.dumps({"spofscan": 1, "name": "pairs", "components": components}))
    interpreter = Interpreter(Session.open(str(path)))
    _, every, _ = run(interpreter, "pairs b all")
    _, some, _ = run(interpreter, "pairs b")
    rows = [line for line in every.splitlines() if " + " in line]
    assert len(rows) == 61 and every.splitlines()[0] == "Double faults with b: 61"
    assert [line for line in some.splitlines() if " + " in line] == rows[:SHOWN_SPOFS]
    assert some.splitlines()[-1] == "  …and 11 more: pairs b all lists every one"
    code, _, err = run(interpreter, "pairs b every")
    assert code == 2 and "usage: pairs NAME [all]" in err
