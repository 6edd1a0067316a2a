"""The recipes of docs/ci.md: fenced blocks, and the ones marked ``<!-- recipe: ... -->``.

A marker names the kind of recipe and may give expectations as ``key=value`` words::

    <!-- recipe: shell exit=1 -->
    <!-- recipe: config .spofscan.yaml -->
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conftest import ROOT

CI_DOC = ROOT / "docs" / "ci.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
MARKER = re.compile(r"<!-- recipe: ([\w-]+)((?: [^\s>]+)*) -->\n```(\w+)\n(.*?)^```$", re.M | re.S)


@dataclass(frozen=True)
class Block:
    language: str
    text: str
    line: int


@dataclass(frozen=True)
class Recipe:
    kind: str
    words: tuple[str, ...]
    language: str
    text: str
    line: int

    @property
    def expected(self) -> dict[str, int]:
        """The ``key=number`` words: expected exit codes."""
        pairs = (word.split("=", 1) for word in self.words if "=" in word)
        return {key: int(value) for key, value in pairs}

    def __str__(self) -> str:
        return f"ci.md:{self.line}:{self.kind}"


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def blocks() -> list[Block]:
    text = CI_DOC.read_text(encoding="utf-8")
    return [Block(m[1], m[2], _line(text, m.start())) for m in FENCE.finditer(text)]


def recipes(kind: str | None = None) -> list[Recipe]:
    text = CI_DOC.read_text(encoding="utf-8")
    found = [
        Recipe(m[1], tuple(m[2].split()), m[3], m[4], _line(text, m.start()))
        for m in MARKER.finditer(text)
    ]
    return [r for r in found if kind is None or r.kind == kind]
