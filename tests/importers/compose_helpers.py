"""Write a compose project into a folder and import it, for the importer's tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from spofscan.importers.run import compose_architecture
from spofscan.loading import load_architecture_text
from spofscan.model import Architecture


def write(folder: Path, files: Mapping[str, str]) -> list[str]:
    """Write ``files`` (name: text) into ``folder``; their paths, in order."""
    paths = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def imported(
    folder: Path,
    files: Mapping[str, str],
    *,
    environ: Mapping[str, str] | None = None,
    profiles: Sequence[str] = (),
    read: Sequence[str] | None = None,
) -> tuple[str, Architecture, dict[str, Any]]:
    """The text of the import of ``files`` (only ``read`` of them, if given, in that
    order), the architecture it loads as, and its plain document."""
    paths = write(folder, files)
    chosen = [str(folder / name) for name in read] if read is not None else paths[:1]
    text = compose_architecture(chosen, environ=environ or {}, profiles=profiles)
    return text, load_architecture_text(text, "imported.yaml"), yaml.safe_load(text)


def dependencies(document: dict[str, Any], name: str) -> list[str]:
    """The names a component of a written document depends on."""
    return list(document["components"][name].get("depends_on", []))


def block(text: str, component: str) -> str:
    """The lines a written file gives one component."""
    lines = text.splitlines()
    start = lines.index(f"  {component}:")
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")), len(lines)
    )
    return "\n".join(lines[start:end])


def line_of(text: str, fragment: str) -> str:
    """The one line of ``text`` that holds ``fragment``."""
    lines = [line for line in text.splitlines() if fragment in line]
    assert len(lines) == 1, lines
    return lines[0]
