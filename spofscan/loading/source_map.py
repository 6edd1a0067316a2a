"""Where each value of a parsed YAML file came from.

A value is addressed by its *path*: the tuple of mapping keys and sequence indices that
lead to it from the top, e.g. ``("components", "api", "depends_on", 0)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spofscan.errors import Location

PathItem = str | int
Path = tuple[PathItem, ...]
Mark = tuple[int, int]


@dataclass
class SourceMap:
    """1-based line and column of every value and of every mapping key of a file.

    ``texts`` keeps the source text of scalars that YAML read as booleans or numbers
    (``on``, ``no``, ``2024``), for the places where the format wants text.

    >>> smap = SourceMap("a.yaml")
    >>> smap.values[("name",)] = (2, 7)
    >>> smap.keys[("name",)] = (2, 1)
    >>> str(smap.at(("name",))), str(smap.key_at(("name",)))
    ('a.yaml:2:7', 'a.yaml:2:1')
    >>> str(smap.at(("name", "missing", 3)))
    'a.yaml:2:7'
    """

    file: str
    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)
    texts: dict[Path, str] = field(default_factory=dict)

    def at(self, path: Sequence[PathItem]) -> Location:
        """Location of the value at ``path``, or of its nearest ancestor that has one."""
        return self._find(self.values, tuple(path))

    def key_at(self, path: Sequence[PathItem]) -> Location:
        """Location of the key that names the value at ``path`` (its value's if none)."""
        mark = self.keys.get(tuple(path))
        if mark is None:
            return self.at(path)
        return Location(self.file, *mark)

    def _find(self, marks: dict[Path, Mark], path: Path) -> Location:
        while path:
            mark = marks.get(path)
            if mark is not None:
                return Location(self.file, *mark)
            path = path[:-1]
        return Location(self.file, *marks.get((), (1, 1)))
