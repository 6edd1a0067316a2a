"""Hints for misspelt names, shared by the loader and the command line.

The hint is :func:`difflib.get_close_matches`' closest candidate (case folded, at a
ratio of 0.6 or more). Over thousands of candidates it is found another way, with the
same answer: difflib compares each word with every candidate, which for a file of
10,000 components with a thousand misspelt references (a VM prefix renamed, say) took
36 s. :class:`Hints` bounds every candidate's ratio at once, by the characters it
shares with the word (difflib's own ``quick_ratio``), and compares the best bounded
first, until no bound can beat the best ratio found.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

CUTOFF = 0.6  # difflib's default: how close a candidate must be to be named
MANY = 500  # candidates past which they are bounded all at once
_MAX_CELLS = 20_000_000  # candidates times distinct characters held for the bounds


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the candidate closest to ``word``, if one is close enough.

    >>> did_you_mean("runs_onn", ["runs_on", "replicas"])
    "did you mean 'runs_on'?"
    >>> did_you_mean("zzz", ["runs_on"]) is None
    True
    """
    given = tuple(candidates)
    return _few(word, given) if len(given) < MANY else Hints(given).hint(word)


@functools.lru_cache(maxsize=1024)
def _few(word: str, candidates: tuple[str, ...]) -> str | None:
    """A hint over a short list, remembered: the schema's keys and kinds are the same
    lists for every entry of a file (10,000 entries with one misspelt key each)."""
    return Hints(candidates).hint(word)


class Hints:
    """:func:`did_you_mean` for many words over the same candidates: each word's hint
    is found once, and the candidates' characters are counted once.

    >>> hints = Hints(["vm_own_0001", "vm_own_0002", "svc_0001"])
    >>> hints.hint("vmm_own_0002")
    "did you mean 'vm_own_0002'?"
    """

    def __init__(self, candidates: Iterable[str]) -> None:
        self._candidates = list(candidates)
        self._given = frozenset(self._candidates)
        self._folded = {c.lower(): c for c in self._candidates}
        self._keys = list(self._folded)
        self._found: dict[str, str | None] = {}
        self._bounds: _Bounds | None = None

    def hint(self, word: str) -> str | None:
        if word not in self._found:
            self._found[word] = self._hint(word)
        return self._found[word]

    def _hint(self, word: str) -> str | None:
        if word in self._given:  # the word itself is no hint: leave it out
            folded = {c.lower(): c for c in self._candidates if c != word}
            match = _closest(word.lower(), list(folded))
        else:
            folded = self._folded
            match = self._closest(word.lower())
        return f"did you mean '{folded[match]}'?" if match is not None else None

    def _closest(self, word: str) -> str | None:
        keys = self._keys
        if len(keys) < MANY or not word:
            return _closest(word, keys)
        if self._bounds is None:
            self._bounds = _Bounds.of(keys)
        if self._bounds.counts is None:  # too many distinct characters to hold
            return _closest(word, keys)
        return self._bounds.closest(word, keys)


def _closest(word: str, keys: list[str]) -> str | None:
    matches = difflib.get_close_matches(word, keys, n=1, cutoff=CUTOFF)
    return matches[0] if matches else None


class _Bounds:
    """Each candidate's characters counted (a row per candidate, a column per distinct
    character), so that the characters it shares with a word, and so difflib's upper
    bound on their ratio, are found for every candidate at once."""

    def __init__(self, alphabet: dict[str, int], counts: Any, lengths: Any) -> None:
        self.alphabet = alphabet
        self.counts: np.ndarray | None = counts
        self.lengths: np.ndarray = lengths

    @classmethod
    def of(cls, keys: list[str]) -> _Bounds:
        import numpy as np  # only when a file has thousands of names and a misspelt one

        lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
        codes = np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32)
        points, columns = np.unique(codes, return_inverse=True)
        alphabet = {chr(int(p)): i for i, p in enumerate(points)}
        if len(keys) * len(points) > _MAX_CELLS:
            return cls(alphabet, None, lengths)
        rows = np.repeat(np.arange(len(keys)), lengths)
        flat = np.bincount(rows * len(points) + columns, minlength=len(keys) * len(points))
        counts = flat.reshape(len(keys), len(points)).astype(
            np.min_scalar_type(flat.max(initial=0))
        )
        return cls(alphabet, np.asfortranarray(counts), lengths)  # a word reads a few columns

    def closest(self, word: str, keys: list[str]) -> str | None:
        """``get_close_matches(word, keys, n=1)``: the highest ratio at or over the
        cutoff, the greater candidate among equals. A ratio never exceeds its
        ``quick_ratio`` (the characters both share, twice, over both lengths), so the
        candidates are compared in falling order of it until it falls below the best
        ratio found or the cutoff."""
        import numpy as np

        assert self.counts is not None
        wanted: dict[int, int] = {}
        for char in word:
            column = self.alphabet.get(char)
            if column is not None:
                wanted[column] = wanted.get(column, 0) + 1
        columns = sorted(wanted)
        shared = np.minimum(self.counts[:, columns], [wanted[c] for c in columns]).sum(axis=1)
        bound = 2.0 * shared / (self.lengths + len(word))
        near = np.flatnonzero(bound >= CUTOFF)
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(word)
        best: tuple[float, str] | None = None
        for index in near[np.argsort(-bound[near], kind="stable")]:
            ceiling = float(bound[index])
            if best is not None and ceiling < best[0]:
                break
            matcher.set_seq1(keys[index])
            ratio = matcher.ratio()
            if ratio >= CUTOFF and (best is None or (ratio, keys[index]) > best):
                best = (ratio, keys[index])
        return None if best is None else best[1]
