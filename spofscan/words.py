"""How spofscan writes counts and lists in English: one definition of each, for every
layer's messages.

>>> plural(1, "error"), plural(2, "error"), plural(0, "dependency"), plural(3002, "node")
('1 error', '2 errors', '0 dependencies', '3,002 nodes')
>>> listed(["db"]), listed(["db", "cache"]), listed(["db", "cache", "queue"])
('db', 'db and cache', 'db, cache and queue')
>>> listed(["a", "b", "c", "d", "e"], most=4)
'a, b, c and 2 more'
>>> named(f"svc{i}" for i in range(25))[-30:]
'svc16, svc17, svc18 and 6 more'
>>> joined(["db", "cache"], wrap=lambda name: f"`{name}`")
'`db`, `cache`'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

NAMED = 20  # names a message or an action lists before it says how many more


def plural(count: int, noun: str) -> str:
    """``count`` (with thousands separated) and the noun, in the plural unless the count
    is one."""
    if count == 1:
        return f"{count} {noun}"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return f"{count:,} {noun[:-1]}ies"
    return f"{count:,} {noun}s"


def listed(items: Iterable[str], *, most: int | None = None) -> str:
    """``a``, ``a and b``, ``a, b and c``; past ``most`` items, the first ``most - 1``
    and how many more; the empty string for none."""
    names = list(items)
    if most is not None and len(names) > most:
        return f"{', '.join(names[: most - 1])} and {len(names) - most + 1:,} more"
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def named(items: Iterable[str]) -> str:
    """:func:`listed`, at most ``NAMED`` names: a message about a component that takes
    down a thousand entrypoints must not name all of them (the report's lists do)."""
    return listed(items, most=NAMED)


def joined(items: Iterable[str], *, wrap: Callable[[str], str] = str) -> str:
    """``a, b, c`` (each through ``wrap``), for a table's cell: at most ``NAMED`` names,
    then how many more."""
    names = list(items)
    if len(names) <= NAMED:
        return ", ".join(map(wrap, names))
    shown = ", ".join(map(wrap, names[: NAMED - 1]))
    return f"{shown} and {len(names) - NAMED + 1:,} more"
