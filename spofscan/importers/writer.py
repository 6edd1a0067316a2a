"""Write an import as the text of an architecture file, with comments.

The header says what was read, what was guessed and what to fill in by hand; each
dependency carries a comment naming where the deployment states it. The text is the
same for the same import (everything is sorted), and ``spofscan check`` loads it as it is.

>>> from spofscan.importers.imported import Edge, Imported, ImportedComponent
>>> api = ImportedComponent("api", depends_on=(Edge("db", ("depends_on",)),))
>>> text = architecture_text(Imported("shop", "from compose.yml", (api,), ("api",)))
>>> print(text[text.index("components:"):], end="")
components:
  api:
    kind: service
    depends_on:
      - db  # depends_on
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterable, Iterator

import yaml

from spofscan.importers.imported import Edge, Imported, ImportedComponent

WIDTH = 96
_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*")


def architecture_text(imported: Imported) -> str:
    """The architecture file of ``imported``, header comment first."""
    lines = [*_header(imported), "spofscan: 1", f"name: {scalar(imported.name)}"]
    if imported.description:
        lines.append(f"description: {scalar(imported.description)}")
    lines += ["defaults:", f"  availability: {imported.defaults_availability:g}"]
    if imported.entrypoints:
        lines.append("entrypoints:")
        lines += [f"  - {scalar(name)}" for name in imported.entrypoints]
    lines.append("components:")
    for component in imported.components:
        lines += _component(component)
    return "\n".join(lines) + "\n"


def scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when YAML reads it back as that string, else
    double-quoted (``"no"``, ``"8080"``, ``"a b"``).

    >>> scalar("api-1"), scalar("no"), scalar("8080"), scalar("a: b")
    ('api-1', '"no"', '"8080"', '"a: b"')
    """
    if _PLAIN.fullmatch(text) and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _header(imported: Imported) -> Iterator[str]:
    yield from _comment(imported.source, "")
    for title, items in (
        ("Read", imported.read),
        ("Guessed", imported.guessed),
        ("Fill in by hand", imported.fill_in),
    ):
        if items:
            yield "#"
            yield f"# {title}:"
            for item in items:
                yield from _comment(item, "  - ", "    ")


def _comment(text: str, first: str, rest: str | None = None) -> Iterator[str]:
    wrapped = textwrap.wrap(
        text,
        WIDTH - 2,
        initial_indent=first,
        subsequent_indent=first if rest is None else rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    yield from (f"# {line}" for line in wrapped)


def _component(component: ImportedComponent) -> Iterator[str]:
    yield f"  {scalar(component.name)}:"
    for note in component.notes:
        yield from (f"    {line}" for line in _comment(note, ""))
    yield f"    kind: {component.kind}"
    if component.description:
        yield f"    description: {scalar(component.description)}"
    if component.replicas != 1:
        yield f"    replicas: {component.replicas}"
    if component.restart:
        yield f"    restart: {scalar(component.restart)}"
    if component.health_check is not None:
        yield f"    health_check: {'true' if component.health_check else 'false'}"
    yield from _runs_on(component.runs_on)
    yield from _edges("depends_on", [e for e in component.depends_on if not e.soft])
    soft = [Edge(m, e.origins) for e in component.depends_on if e.soft for m in e.members]
    yield from _edges("soft_depends_on", soft)
    yield from _data(component)


def _runs_on(hosts: tuple[str, ...]) -> Iterator[str]:
    if len(hosts) == 1:
        yield f"    runs_on: {scalar(hosts[0])}"
    elif hosts:
        yield "    runs_on:"
        yield from (f"      - {scalar(host)}" for host in hosts)


def _edges(key: str, edges: Iterable[Edge]) -> Iterator[str]:
    listed = sorted(edges, key=lambda edge: edge.target)
    if listed:
        yield f"    {key}:"
        for edge in listed:
            if edge.any_of:
                group = ", ".join(scalar(member) for member in edge.any_of)
                yield f"      - any_of: [{group}]  # {', '.join(edge.origins)}"
            else:
                yield f"      - {scalar(edge.target)}  # {', '.join(edge.origins)}"


def _data(component: ImportedComponent) -> Iterator[str]:
    if component.data_note is None:
        return
    note = " ".join(component.data_note.split())
    if component.replication is None:
        yield f"    data: {{}}  # {note}"
    else:
        yield f"    data:  # {note}"
        yield f"      replication: {component.replication}"
