"""Tab completion at the explorer's prompt: command names first, then what each
command's arguments name (components, instances and journeys; what is failed; commands).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from prompt_toolkit.completion import CompleteEvent, Completer, Completion, PathCompleter
from prompt_toolkit.document import Document

from spofscan.explore.commands import COMMANDS
from spofscan.explore.session import Session


def candidates(session: Session, line: str) -> tuple[str, list[str]]:
    """The word being typed at the end of ``line``, and what may complete it.

    >>> from spofscan.explore.session import Session
    >>> session = Session.open("examples/two-zones.yaml")
    >>> candidates(session, "fa")
    ('fa', ['fail'])
    >>> candidates(session, "fail zone_a vm_")
    ('vm_', ['vm_a', 'vm_b'])
    """
    words = line.split()
    word = "" if not words or line[-1:].isspace() else words[-1]
    if len(words) - bool(word) == 0:
        return word, _starting([*COMMANDS, "quit"], word)
    command = COMMANDS.get(words[0])
    kind = command.arguments if command is not None else ""
    return word, _starting(_named(session, kind), word.rpartition(",")[2])


def _named(session: Session, kind: str) -> Iterable[str]:
    model = session.model
    if kind == "names":
        return model.names
    if kind == "node":
        return model.arch.node_names()
    if kind == "failed":
        return session.scenario
    if kind == "command":
        return COMMANDS
    return ()


def _starting(names: Iterable[str], prefix: str) -> list[str]:
    return sorted(n for n in names if n.startswith(prefix))


class ExploreCompleter(Completer):
    """prompt_toolkit's view of :func:`candidates`; paths for ``render`` and ``save``."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.paths = PathCompleter(expanduser=True)

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterator[Completion]:
        line = document.text_before_cursor
        words = line.split()
        command = COMMANDS.get(words[0]) if words else None
        if (
            command is not None
            and command.arguments == "path"
            and (len(words) > 1 or line[-1:].isspace())
        ):
            word = "" if line[-1:].isspace() else words[-1]
            yield from self.paths.get_completions(Document(word), complete_event)
            return
        word, found = candidates(self.session, line)
        start = -len(word.rpartition(",")[2])
        after = " " if not line[: len(line) - len(word)].strip() else ""  # "fail ", at once
        for name in found:
            yield Completion(name + after, start_position=start, display=name)
