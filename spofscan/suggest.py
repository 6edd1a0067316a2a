"""Hints for misspelt names, shared by the loader and the command line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the candidate closest to ``word``, if one is close enough.

    >>> did_you_mean("runs_onn", ["runs_on", "replicas"])
    "did you mean 'runs_on'?"
    >>> did_you_mean("zzz", ["runs_on"]) is None
    True
    """
    choices = [c for c in candidates if c != word]
    folded = {c.lower(): c for c in choices}
    matches = difflib.get_close_matches(word.lower(), list(folded), n=1, cutoff=0.6)
    return f"did you mean '{folded[matches[0]]}'?" if matches else None
