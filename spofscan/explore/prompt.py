"""The interactive explorer: a prompt_toolkit session around the interpreter, with tab
completion, a history kept across sessions, and a reload whenever the file changes.

The file is watched while the prompt waits (a check of its modification time, size and
inode twice a second) and before each command; a file that became invalid shows its
located errors and the session keeps its last good model.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.formatted_text import ANSI
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.patch_stdout import patch_stdout
from prompt_toolkit.shortcuts import print_formatted_text

from spofscan.explore.commands import Interpreter
from spofscan.explore.completion import ExploreCompleter
from spofscan.explore.script import PROMPT

WATCH_SECONDS = 0.5


def history_path() -> Path:
    """Where the history is kept: ``$XDG_STATE_HOME/spofscan/history``, by default
    ``~/.local/state/spofscan/history``."""
    state = os.environ.get("XDG_STATE_HOME") or os.path.expanduser("~/.local/state")
    return Path(state) / "spofscan" / "history"


def _history() -> History:
    path = history_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    except OSError:  # a read-only home: the session goes on, without memory
        return InMemoryHistory()
    return FileHistory(str(path))


def run_prompt(interpreter: Interpreter) -> int:
    """Read commands until ``quit`` or end of input; exit code 0."""
    return asyncio.run(_session(interpreter))


async def _session(interpreter: Interpreter) -> int:
    prompt: PromptSession[str] = PromptSession(
        history=_history(),
        completer=ExploreCompleter(interpreter.session),
        complete_while_typing=False,
    )
    _say(interpreter, "Type help for the commands, quit to leave.\n")
    watcher = asyncio.ensure_future(_watch(interpreter))
    try:
        with patch_stdout(raw=True):
            while True:
                try:
                    line = await prompt.prompt_async(PROMPT)
                except KeyboardInterrupt:
                    continue
                except EOFError:
                    break
                try:
                    _reload_if_changed(interpreter)
                    reply = interpreter.execute(line)
                except KeyboardInterrupt:  # Ctrl-C during a long command: back to the prompt
                    _say(interpreter, "interrupted\n", error=True)
                    continue
                _say(interpreter, reply.text)
                if reply.error:
                    _say(interpreter, f"error: {reply.error}\n", error=True)
                if reply.done:
                    break
    finally:
        watcher.cancel()
    return 0


async def _watch(interpreter: Interpreter) -> None:
    while True:
        await asyncio.sleep(WATCH_SECONDS)
        _reload_if_changed(interpreter)


def _reload_if_changed(interpreter: Interpreter) -> None:
    session = interpreter.session
    if not session.changed_on_disk():
        return
    _say(interpreter, f"{session.path} changed on disk: reloading\n")
    reply = interpreter.execute("reload")
    _say(interpreter, reply.text)
    if reply.error:
        kept = "the file is invalid; keeping the last good model:"
        _say(interpreter, f"{kept}\n{reply.error}\n", error=True)


def _say(interpreter: Interpreter, text: str, *, error: bool = False) -> None:
    if not text:
        return
    if error and interpreter.terminal.color:
        text = f"\x1b[31m{text}\x1b[0m"
    print_formatted_text(ANSI(text), end="", file=sys.stdout)
