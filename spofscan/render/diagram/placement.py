"""Where each box goes: inside the placement domain (region, zone, VM, ...) it runs on.

A component whose instances all run on one domain is drawn inside it. One whose
replicas are spread over several is drawn in the innermost domain that holds them all
(their lowest common ancestor), and each replica gets a small box of its own inside the
domain it runs on, so that a reviewer sees which replicas share a fate.

>>> from spofscan.model.examples import tiny_architecture
>>> arch = tiny_architecture()
>>> place(arch, ["api", "db"], {"vm"}).parent
{'api': 'vm', 'db': 'vm', 'vm': None}
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from spofscan.model.architecture import Architecture


@dataclass(frozen=True)
class Placement:
    """``parent`` maps each drawn name and domain to the domain it is drawn in (None at
    the top); ``replicas`` maps a spread component to (instance, domain) pairs."""

    parent: Mapping[str, str | None]
    replicas: Mapping[str, tuple[tuple[int, str], ...]]


def place(
    arch: Architecture, names: Collection[str], domains: Collection[str], *, spread: bool = True
) -> Placement:
    """Place ``names`` (components and journeys) and ``domains`` (drawn as clusters);
    with ``spread``, give the replicas of spread components boxes of their own."""
    finder = _Finder(arch, set(domains))
    parent = _without_cycles({name: finder.parent(name) for name in sorted({*names, *domains})})
    replicas: dict[str, tuple[tuple[int, str], ...]] = {}
    for name in sorted(names) if spread else ():
        homes = finder.instance_domains(name)
        if len({home for _, home in homes}) > 1:
            replicas[name] = homes
    return Placement(parent, replicas)


def _without_cycles(parent: dict[str, str | None]) -> dict[str, str | None]:
    """``parent`` with every cycle of domains (a zone that runs on a VM that runs on the
    zone) cut above its first name, which goes to the top: clusters must form a tree."""
    settled: set[str] = set()
    for start in parent:
        path: list[str] = []
        name: str | None = start
        while name is not None and name not in settled and name not in path:
            path.append(name)
            name = parent.get(name)
        if name is not None and name in path:
            parent[min(path[path.index(name) :])] = None
        settled.update(path)
    return parent


class _Finder:
    """Computes enclosing domains with memory; cycles of ``runs_on`` end at the top."""

    def __init__(self, arch: Architecture, domains: set[str]) -> None:
        self.arch = arch
        self.domains = domains
        self.memo: dict[str, str | None] = {}
        self.visiting: set[str] = set()

    def parent(self, name: str) -> str | None:
        if name not in self.memo:
            if name in self.visiting:
                return None
            self.visiting.add(name)
            homes = {home for _, home in self.instance_domains(name)}
            self.memo[name] = self._common(sorted(homes))
            self.visiting.discard(name)
        return self.memo[name]

    def instance_domains(self, name: str) -> tuple[tuple[int, str], ...]:
        """(instance, the domain it is drawn in) for each instance with a drawn host."""
        comp = self.arch.components.get(name)
        if comp is None or not comp.runs_on:
            return ()
        found = []
        for instance in range(comp.replicas):
            home = self._domain_of(comp.host_of(instance) or "")
            if home is not None:
                found.append((instance, home))
        return tuple(found)

    def _domain_of(self, host: str) -> str | None:
        """The host itself when it is drawn as a domain, else the domain it is in."""
        return host if host in self.domains else self.parent(host)

    def _chain(self, domain: str) -> list[str]:
        chain = [domain]
        while (up := self.parent(chain[-1])) is not None and up not in chain:
            chain.append(up)
        return chain

    def _common(self, homes: list[str]) -> str | None:
        if not homes:
            return None
        others = [set(self._chain(home)) for home in homes[1:]]
        return next((d for d in self._chain(homes[0]) if all(d in o for o in others)), None)
