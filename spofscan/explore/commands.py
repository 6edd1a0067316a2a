"""The explorer's commands: one line in, text out, the same for the prompt and for scripts.

Each command is a function of the session and its arguments that returns what to print;
:data:`COMMANDS` maps their names to them, with the usage and help that ``help`` shows and
the kind of argument that completion offers. A bad command raises :class:`UsageError` (or
an :class:`InputError` with located problems, from a reload), which
:meth:`Interpreter.execute` turns into a :class:`Reply` with an error: no error ends a
session.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import RenderableType

from spofscan.analysis.what_if import unknown_name
from spofscan.atomic_write import write_atomically
from spofscan.errors import InputError, SpofscanError, UsageError
from spofscan.explore import views
from spofscan.explore.session import Session
from spofscan.gc_pause import collector_paused
from spofscan.model.architecture import split_instance
from spofscan.render.terminal import PLAIN, Terminal, to_text
from spofscan.render.what_if.json import render_what_if
from spofscan.suggest import did_you_mean

Handler = Callable[[Session, list[str]], "str | list[RenderableType]"]


@dataclass(frozen=True)
class Command:
    """A command: what it does, how it is called, and what its arguments name."""

    handler: Handler
    usage: str
    help: str
    arguments: str = ""  # for completion: names, failed, node, number, path, command


@dataclass(frozen=True)
class Reply:
    """What a line gave: text to print, an error (the session goes on), or the end."""

    text: str = ""
    error: str = ""
    done: bool = False


class Interpreter:
    """Runs command lines against one session; output drawn for ``terminal``."""

    def __init__(self, session: Session, terminal: Terminal = PLAIN) -> None:
        self.session = session
        self.terminal = terminal

    @collector_paused
    def execute(self, line: str) -> Reply:
        """Run one line; never raises for bad input (an internal error says so). The
        cycle collector waits meanwhile: a pass over a large model costs more than most
        commands."""
        try:
            words = shlex.split(line, comments=True)
        except ValueError as error:  # an unclosed quote
            return Reply(error=f"cannot read the line: {error}")
        if not words:
            return Reply()
        name, arguments = words[0], words[1:]
        if name in ("quit", "exit"):
            return Reply(done=True)
        command = COMMANDS.get(name)
        if command is None:
            return Reply(error=_unknown_command(name))
        try:
            output = command.handler(self.session, arguments)
        except InputError as error:
            return Reply(error="\n".join(str(p) for p in error.problems))
        except SpofscanError as error:
            return Reply(error=str(error))
        except Exception as error:  # a bug: say so, and keep the session
            return Reply(error=f"internal error: {type(error).__name__}: {error}")
        return Reply(text=output if isinstance(output, str) else to_text(output, self.terminal))


def _unknown_command(name: str) -> str:
    hint = did_you_mean(name, [*COMMANDS, "quit"])
    message = f"no command '{name}' (help lists them)"
    return f"{message}; {hint}" if hint else message


# --- the scenario -------------------------------------------------------------------


def _fail(session: Session, args: list[str]) -> list[RenderableType]:
    _needs(args, "fail NAME...")
    session.fail(args)
    return views.headline(session.model, session.result())


def _restore(session: Session, args: list[str]) -> list[RenderableType]:
    _needs(args, "restore NAME...")
    session.restore(args)
    return views.headline(session.model, session.result())


def _reset(session: Session, args: list[str]) -> list[RenderableType]:
    _no_arguments(args, "reset")
    session.reset()
    return views.headline(session.model, session.result())


def _status(session: Session, args: list[str]) -> str | list[RenderableType]:
    if args == ["--json"]:
        return render_what_if(session.model.arch, session.result())
    if args:
        raise UsageError(f"status takes no argument but --json, not {' '.join(args)!r}")
    return views.status(session.model, session.result())


def _why(session: Session, args: list[str]) -> list[RenderableType]:
    name = _one(args, "why NAME")
    arch = session.model.arch
    if name not in arch.components and name not in arch.journeys:
        instance = split_instance(name)
        if instance is not None and instance[0] in arch.components:
            raise UsageError(f"why takes a component or journey: try why {instance[0]}")
        raise UsageError(unknown_name(name, arch.node_names()))
    return views.why(session.model, session.state(), name, session.scenario)


def _spofs(session: Session, args: list[str]) -> list[RenderableType]:
    if args not in ([], ["all"]):
        raise UsageError("usage: spofs [all]")
    return views.spofs(session.model, session.scenario, session.further(), every=args == ["all"])


def _pairs(session: Session, args: list[str]) -> list[RenderableType]:
    every = len(args) == 2 and args[1] == "all"
    name = _one(args[:1] if every else args, "pairs NAME [all]")
    model = session.model
    s = model.structure
    if name in model.arch.components:
        events = [e for e in s.instance_events[s.index[name]] if e >= 0]
    elif name in model.arch.journeys:
        events = []
    elif name in model.names:
        events = [e for e, event in enumerate(s.events) if event.name == name]
    else:
        raise UsageError(unknown_name(name, model.names))
    return views.pairs(model, name, events, session.scenario, session.further(), every)


# --- the model ----------------------------------------------------------------------


def _fixes(session: Session, args: list[str]) -> list[RenderableType]:
    _no_arguments(args, "fixes")
    return views.fixes(session.model, session.scenario)


def _apply(session: Session, args: list[str]) -> list[RenderableType]:
    value = _one(args, "apply N")
    if not value.isdigit():
        raise UsageError(f"apply takes the number of a fix (see: fixes), not '{value}'")
    before = session.model
    after = session.apply(int(value))
    return [*views.applied(before, after), *views.headline(after, session.result())]


def _undo(session: Session, args: list[str]) -> list[RenderableType]:
    _no_arguments(args, "undo")
    undone = session.undo()
    return [*views.undone(undone, session.model), *views.headline(session.model, session.result())]


def _reload(session: Session, args: list[str]) -> list[RenderableType]:
    _no_arguments(args, "reload")
    outcome = session.reload()
    return [
        *views.reloaded(session.model, outcome.dropped, outcome.fixes_dropped),
        *views.headline(session.model, session.result()),
    ]


# --- files --------------------------------------------------------------------------


def _render(session: Session, args: list[str]) -> str:
    from spofscan import pipeline
    from spofscan.render.diagram import format_for
    from spofscan.report.review import COLLAPSE_FROM

    views_asked = [a for a in args if a in ("--collapse", "--no-collapse")]
    out = _one([a for a in args if a not in views_asked], RENDER_USAGE)
    if len(views_asked) > 1:
        raise UsageError(f"usage: {RENDER_USAGE} (one of --collapse, --no-collapse)")
    count = len(session.model.arch.components)
    collapse = views_asked == ["--collapse"] or (not views_asked and count >= COLLAPSE_FROM)
    fmt = format_for(out, None)
    result = session.result() if session.scenario else None
    _write(out, pipeline.draw_what_if(session.model.report, result, fmt, collapse=collapse))
    failed = f", {len(session.scenario):,} failed" if session.scenario else ""
    view = ", collapsed" if collapse else ""
    if collapse and not views_asked:
        view = f", collapsed: {count:,} components; --no-collapse draws each one"
    return f"Wrote {out} ({fmt.value}{failed}{view})\n"


RENDER_USAGE = "render OUT [--collapse | --no-collapse]"


def _save(session: Session, args: list[str]) -> str:
    out = _one(args, "save FILE")
    header = f"# spofscan explore {shlex.quote(session.path)} --script {shlex.quote(out)}\n"
    _write(out, (header + session.script()).encode("utf-8"))
    return f"Saved the scenario to {out} (replay it with --script {out})\n"


def _write(out: str, data: bytes) -> None:
    try:
        write_atomically(Path(out), data)
    except OSError as error:
        raise UsageError(f"cannot write {out}: {error.strerror or error}") from None


def _help(session: Session, args: list[str]) -> str:
    if args:
        name = _one(args, "help [COMMAND]")
        command = COMMANDS.get(name)
        if command is None:
            raise UsageError(_unknown_command(name))
        return f"{command.usage}\n  {command.help}\n"
    width = max(len(c.usage) for c in COMMANDS.values())
    lines = [f"  {c.usage:<{width}}  {c.help}" for c in COMMANDS.values()]
    lines.append(f"  {'quit':<{width}}  End the session (also exit, or Ctrl-D).")
    names = "NAME: a component, an instance (api[1]) or a journey; a,b for several."
    return "Commands:\n" + "\n".join(lines) + f"\n{names}\n"


# --- arguments ----------------------------------------------------------------------


def _needs(args: Sequence[str], usage: str) -> None:
    if not args:
        raise UsageError(f"usage: {usage}")


def _one(args: Sequence[str], usage: str) -> str:
    if len(args) != 1:
        raise UsageError(f"usage: {usage}")
    return args[0]


def _no_arguments(args: Sequence[str], usage: str) -> None:
    if args:
        raise UsageError(f"usage: {usage} (no arguments)")


COMMANDS: dict[str, Command] = {
    "fail": Command(_fail, "fail NAME...", "Fail these too (added to the scenario).", "names"),
    "restore": Command(_restore, "restore NAME...", "Bring failed names back.", "failed"),
    "reset": Command(_reset, "reset", "Restore everything."),
    "status": Command(
        _status, "status [--json]", "What is down and why; --json as what-if prints it."
    ),
    "why": Command(_why, "why NAME", "The chain of needs that took NAME down.", "node"),
    "spofs": Command(
        _spofs,
        "spofs [all]",
        "The single points of failure (50 at most, unless all); with some failed, what one"
        " more downs.",
    ),
    "pairs": Command(
        _pairs,
        "pairs NAME [all]",
        "The double faults that include NAME, from the scenario (50 at most, unless all).",
        "names",
    ),
    "fixes": Command(_fixes, "fixes", "The suggested fixes, numbered, best first."),
    "apply": Command(
        _apply, "apply N", "Apply fix N in memory and show the new headline.", "number"
    ),
    "undo": Command(_undo, "undo", "Take back the last fix applied."),
    "render": Command(
        _render,
        RENDER_USAGE,
        "Draw the scenario (svg, png, pdf, dot, mmd); collapsed from 1,000 components.",
        "path",
    ),
    "save": Command(_save, "save FILE", "Save the scenario as a script (--script FILE).", "path"),
    "reload": Command(_reload, "reload", "Read the file again, keeping the scenario."),
    "help": Command(_help, "help [COMMAND]", "List the commands, or explain one.", "command"),
}
