"""The services a string names as a host: in an environment value or a command argument.

A name counts as a host when it is written as one: before a port (``db:5432``), in a URL
(``postgres://user:secret@db/app``, ``redis://cache``), or alone as the value of a
variable or option whose name says it holds an address (``DB_HOST=db``,
``--rpc-host=broker``, ``-h edge-router``). A bare word anywhere else is not a host: in
``run web``, ``web`` is a subcommand, not a service.

``resolve`` turns a host into a component name, or None when it names none (each
importer knows its own names: compose aliases, Kubernetes ``svc.ns.svc.cluster.local``).

>>> names = {"db": "db", "web": "web", "edge-router": "edge-router"}.get
>>> hosts_in_value("postgres://app:secret@db:5432/app", names, address=False)
['db']
>>> hosts_in_value("web", names, address=False), hosts_in_value("web", names, address=True)
([], ['web'])
>>> hosts_in_arguments(["-d", "60", "-h", "edge-router", "run", "web"], names)
[('edge-router', '-h')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

Resolve = Callable[[str], str | None]

ADDRESS_WORDS = re.compile(
    r"host|addr|url|uri|server|endpoint|broker|dsn|service|upstream|backend|peer|seed|"
    r"node|cluster|target|proxy|bootstrap|connect",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"[\s,;\"'()\[\]{}<>|&?=]+")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_PORT = re.compile(r"^([A-Za-z0-9_][A-Za-z0-9_.-]*):(\d{1,5})$")
_HOST = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def hosts_in_value(text: str, resolve: Resolve, *, address: bool) -> list[str]:
    """The components ``text`` names as hosts, in order, each once; ``address`` says the
    variable or option holding it is named for an address, so a bare name counts."""
    found: list[str] = []
    for token in _SEPARATORS.split(text):
        host, strong = _host_of(token)
        if host is None or not (strong or address):
            continue
        name = resolve(host)
        if name is not None and name not in found:
            found.append(name)
    return found


def hosts_in_arguments(arguments: Sequence[str], resolve: Resolve) -> list[tuple[str, str]]:
    """The components a command's arguments name as hosts, each with the option that
    holds it (``--rpc-host``), or ``command`` when the argument stands alone."""
    found: list[tuple[str, str]] = []
    for i, argument in enumerate(arguments):
        option, value = _option_value(arguments, i, argument)
        address = option is not None and (option == "-h" or bool(ADDRESS_WORDS.search(option)))
        for name in hosts_in_value(value, resolve, address=address):
            if name not in (known for known, _ in found):
                found.append((name, option or "command"))
    return found


def _option_value(arguments: Sequence[str], i: int, argument: str) -> tuple[str | None, str]:
    """The option an argument is the value of, and that value."""
    if argument.startswith("-") and "=" in argument:
        option, _, value = argument.partition("=")
        return option, value
    previous = arguments[i - 1] if i else ""
    if previous.startswith("-") and "=" not in previous and not argument.startswith("-"):
        return previous, argument
    return None, argument


def _host_of(token: str) -> tuple[str | None, bool]:
    """The host a token names, and whether it is plainly written as one (URL or port)."""
    rest = _SCHEME.sub("", token)
    strong = rest != token
    if strong:
        rest = rest.split("/", 1)[0].rpartition("@")[2]
    port = _PORT.match(rest)
    if port:
        return port[1], True
    rest = rest.rstrip("/") if not strong else rest
    if _HOST.match(rest):
        return rest, strong
    return None, False
