"""How spofscan writes counts and lists in English: one definition of each, for every
layer's messages.

>>> plural(1, "error"), plural(2, "error"), plural(0, "dependency")
('1 error', '2 errors', '0 dependencies')
>>> listed(["db"]), listed(["db", "cache"]), listed(["db", "cache", "queue"])
('db', 'db and cache', 'db, cache and queue')
>>> listed(["a", "b", "c", "d", "e"], most=4)
'a, b, c and 2 more'
"""

from __future__ import annotations

from collections.abc import Iterable


def plural(count: int, noun: str) -> str:
    """``count`` and the noun, in the plural unless the count is one."""
    if count == 1:
        return f"{count} {noun}"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return f"{count} {noun[:-1]}ies"
    return f"{count} {noun}s"


def listed(items: Iterable[str], *, most: int | None = None) -> str:
    """``a``, ``a and b``, ``a, b and c``; past ``most`` items, the first ``most - 1``
    and how many more; the empty string for none."""
    names = list(items)
    if most is not None and len(names) > most:
        return f"{', '.join(names[: most - 1])} and {len(names) - most + 1} more"
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
