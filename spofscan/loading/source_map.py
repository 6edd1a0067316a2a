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
    _siblings: dict[Path, tuple[Path, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _places: dict[Path, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def at(self, path: Sequence[PathItem]) -> Location:
        """Location of the value at ``path``, or of its nearest ancestor that has one."""
        return self._find(self.values, tuple(path))

    def key_at(self, path: Sequence[PathItem]) -> Location:
        """Location of the key that names the value at ``path`` (its value's if none)."""
        mark = self.keys.get(tuple(path))
        if mark is None:
            return self.at(path)
        return Location(self.file, *mark)

    def key_beside(self, path: Sequence[PathItem], step: int) -> Path | None:
        """The path of the key written ``step`` keys after the one of ``path`` (before it
        when negative) in the same mapping, in the file's order; None past either end.

        Indexed once, on first use: the keys are all recorded by then.

        >>> smap = SourceMap("a.yaml")
        >>> smap.keys.update({("c", "api"): (4, 3), ("c", "kind"): (5, 3), ("name",): (1, 1)})
        >>> smap.key_beside(("c", "kind"), -1), smap.key_beside(("c", "kind"), 1)
        (('c', 'api'), None)
        """
        if not self._places:
            self._index_keys()
        place = self._places.get(tuple(path))
        if place is None or place + step < 0:
            return None
        siblings = self._siblings[tuple(path)[:-1]]
        return siblings[place + step] if place + step < len(siblings) else None

    def has_keys(self, path: Sequence[PathItem]) -> bool:
        """Whether the value at ``path`` is a mapping with at least one key."""
        if not self._places:
            self._index_keys()
        return tuple(path) in self._siblings

    def _index_keys(self) -> None:
        grouped: dict[Path, list[Path]] = {}
        for path in sorted(self.keys, key=self.keys.__getitem__):
            grouped.setdefault(path[:-1], []).append(path)
        for parent, paths in grouped.items():
            self._siblings[parent] = tuple(paths)
            self._places.update((path, place) for place, path in enumerate(paths))

    def _find(self, marks: dict[Path, Mark], path: Path) -> Location:
        while path:
            mark = marks.get(path)
            if mark is not None:
                return Location(self.file, *mark)
            path = path[:-1]
        return Location(self.file, *marks.get((), (1, 1)))
