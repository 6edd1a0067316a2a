"""What Tab offers at the explorer's prompt, without a terminal (the pseudo-terminal
test in test_prompt.py checks that the prompt uses it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from spofscan.explore.completion import ExploreCompleter
from spofscan.explore.session import Session


@pytest.fixture(scope="module")
def completer() -> ExploreCompleter:
    return ExploreCompleter(Session.open("examples/microservices.yaml"))


def offered(completer: ExploreCompleter, line: str) -> list[str]:
    found = completer.get_completions(Document(line), CompleteEvent())
    return [completion.text for completion in found]


def test_commands_complete_with_their_space(completer: ExploreCompleter) -> None:
    assert offered(completer, "re") == ["reload ", "render ", "reset ", "restore "]
    assert offered(completer, "help sp") == ["spofs"]


def test_names_of_components_instances_and_journeys(completer: ExploreCompleter) -> None:
    arch = completer.session.model.arch
    journey = next(iter(arch.journeys))
    assert offered(completer, f"fail {journey[:-1]}") == [journey]
    replicated = next(n for n, c in arch.components.items() if c.replicas > 1)
    assert f"{replicated}[1]" in offered(completer, f"pairs {replicated}")
    assert offered(completer, f"why {replicated}") == [replicated]  # no instances for why


def test_restore_offers_what_is_failed_and_lists_complete_after_commas(
    completer: ExploreCompleter,
) -> None:
    session = completer.session
    session.fail(["node_a"])
    try:
        assert offered(completer, "restore ") == ["node_a"]
        assert "node_b" in offered(completer, "fail node_a,node_")
    finally:
        session.reset()


def test_files_complete_for_render_and_save(
    completer: ExploreCompleter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "drill.txt").write_text("")
    monkeypatch.chdir(tmp_path)
    assert offered(completer, "save dr") == ["ill.txt"]
    assert offered(completer, "render ") == ["drill.txt"]
