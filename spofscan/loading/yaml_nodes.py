"""Turn a composed YAML node tree into plain Python values and a :class:`SourceMap`.

PyYAML's constructor loses line numbers and silently keeps the last of duplicate keys,
so the loader composes the node tree and converts it here. Mapping keys stay the strings
written in the file (a component named ``on`` stays ``"on"``); dates become ISO strings;
values reached again through aliases are counted, and past :data:`ALIAS_BUDGET` nodes the
file is refused instead of expanded (a "billion laughs" alias bomb).
"""

from __future__ import annotations

from typing import Any

import yaml

from spofscan.errors import Location, Problem
from spofscan.loading.scalars import ScalarError, scalar_value
from spofscan.loading.source_map import Path, SourceMap

ALIAS_BUDGET = 10_000
MAX_DEPTH = 64
_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_MERGE = _TAG + "merge"


class NodeError(Exception):
    """Conversion cannot go on (alias bomb, recursion, nesting); carries the problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class NodeConverter:
    """Converts one document; collects problems that do not stop the conversion."""

    def __init__(self, smap: SourceMap, *, aliases: bool = True) -> None:
        """``aliases=False`` promises a document without anchors (no ``&`` in its text),
        so no node can be reached twice and the alias bookkeeping is skipped."""
        self.smap = smap
        self._aliases = aliases
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self._active: set[int] = set()
        self._alias_depth = 0
        self._expanded = 0
        self._alias_root: Path = ()

    def convert(self, node: yaml.Node, path: Path, depth: int = 0) -> Any:
        """The value of ``node``, found at ``path``; records its location."""
        if self._aliases:
            if self._alias_depth or id(node) in self._seen:
                return self._expand(node, path, depth)
            self._seen.add(id(node))
        return self._convert(node, path, depth)

    def _expand(self, node: yaml.Node, path: Path, depth: int) -> Any:
        """A node reached through an alias: count it against the budget."""
        if not self._alias_depth:
            self._alias_root = path
        self._expanded += 1
        if self._expanded > ALIAS_BUDGET:
            message = (
                f"aliases expand to more than {ALIAS_BUDGET:,} values; refusing to expand "
                "them (is this a YAML alias bomb?)"
            )
            hint = "write the repeated parts out, or alias less"
            raise NodeError(Problem(self.smap.at(self._alias_root[:-1]), message, hint))
        if id(node) in self._active:
            raise NodeError(self._problem(node, "an alias refers to the node that contains it"))
        self._alias_depth += 1
        try:
            return self._convert(node, path, depth)
        finally:
            self._alias_depth -= 1

    def _convert(self, node: yaml.Node, path: Path, depth: int) -> Any:
        mark = node.start_mark
        self.smap.values[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            plain = node.tag == _STR and node.style != '"'  # only "..." escapes controls
            return node.value if plain else self._scalar(node, path)
        if depth >= MAX_DEPTH:
            raise NodeError(self._problem(node, f"the YAML nests deeper than {MAX_DEPTH} levels"))
        if not self._aliases:
            return self._collection(node, path, depth)
        self._active.add(id(node))
        try:
            return self._collection(node, path, depth)
        finally:
            self._active.discard(id(node))

    def _collection(self, node: yaml.Node, path: Path, depth: int) -> Any:
        if isinstance(node, yaml.SequenceNode) and node.tag == _TAG + "seq":
            return [self.convert(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode) and node.tag == _TAG + "map":
            return self._mapping(node, path, depth)
        tag = str(node.tag).replace(_TAG, "!!")
        self.problems.append(self._problem(node, f"unsupported YAML tag '{tag}'"))
        return None

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        merges = [value for key, value in node.value if key.tag == _MERGE]
        result = self._merged(merges, path, depth) if merges else {}
        self.smap.values[path] = _mark(node)
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, first_line)
            if key is None:
                continue
            key_path = (*path, key)
            if key in result:
                self._forget(key_path)
            self.smap.keys[key_path] = _mark(key_node)
            result[key] = self.convert(value_node, key_path, depth + 1)
        return result

    def _key(self, node: yaml.Node, first_line: dict[str, int]) -> str | None:
        """The text of a key node, or None (after a problem) for merge and bad keys."""
        if node.tag == _MERGE:
            return None
        if not isinstance(node, yaml.ScalarNode):
            message = "a mapping key must be a name, not a list or mapping"
            self.problems.append(self._problem(node, message))
            return None
        key = str(node.value)
        if node.style == '"' and node.tag == _STR:
            try:
                scalar_value(node)
            except ScalarError as err:
                self.problems.append(self._problem(node, str(err)))
                return None
        if key in first_line:
            message = f"duplicate key '{key}': line {first_line[key]} already defines it"
            self.problems.append(self._problem(node, message, "remove or rename one of them"))
            return None
        first_line[key] = node.start_mark.line + 1
        return key

    def _forget(self, path: Path) -> None:
        """Drop the texts kept under a merged value that an explicit key replaces."""
        for stale in [p for p in self.smap.texts if p[: len(path)] == path]:
            del self.smap.texts[stale]

    def _merged(self, merges: list[yaml.Node], path: Path, depth: int) -> dict[str, Any]:
        """Values of ``<<`` merge keys; earlier sources win over later ones."""
        sources: list[yaml.Node] = []
        for merge in merges:
            sources.extend(merge.value if isinstance(merge, yaml.SequenceNode) else [merge])
        result: dict[str, Any] = {}
        for source in reversed(sources):
            if not isinstance(source, yaml.MappingNode):
                self.problems.append(self._problem(source, "'<<' merges only mappings"))
                continue
            result.update(self.convert(source, path, depth + 1))
        return result

    def _scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        try:
            value = scalar_value(node)
        except ScalarError as err:
            self.problems.append(self._problem(node, str(err)))
            return None
        if isinstance(value, bool | int | float):
            self.smap.texts[path] = str(node.value)
        return value

    def _problem(self, node: yaml.Node, message: str, hint: str | None = None) -> Problem:
        return Problem(Location(self.smap.file, *_mark(node)), message, hint)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1
