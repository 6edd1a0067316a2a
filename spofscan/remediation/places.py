"""A file's components indexed once for the fixes of many of its weak points.

A region's twin visits every zone, VM and tenant under it, and a second replica's fix
asks who names the component and whether a load balancer already depends on it.
Scanning the whole file for each fix was slow (16 twins of a 10,000-component file
took 0.7 s; a second replica's fix 0.4 s on a chain of 100,000 components):
:class:`Places` answers from indexes built once per file.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Any

from spofscan.remediation.entries import (
    BALANCERS,
    balanced,
    dependency_names,
    runs_on,
    zone_names,
)


class Places:
    """The components of a file: ``tenants``, what runs on each place;
    ``managed_hosts``, the places a managed service runs on; ``zones``, the file's zones
    (looking them up for each fix cost 0.06 s more on 10,000 components); and, built
    when first read, ``users``, who names each component as a plain dependency, and
    ``balanced``, the components a load balancer (or DNS, CDN) depends on."""

    def __init__(self, components: dict[str, Any]) -> None:
        self.components = components
        self.zones = zone_names(components)
        self.tenants: dict[str, list[str]] = {}
        self.managed_hosts: set[str] = set()
        for tenant, body in components.items():
            hosts = dict.fromkeys(runs_on(body))
            for host in hosts:
                self.tenants.setdefault(host, []).append(tenant)
            if isinstance(body, dict) and body.get("managed"):
                self.managed_hosts.update(hosts)

    @cached_property
    def users(self) -> dict[str, list[str]]:
        """The components naming each component as a plain dependency, in file order."""
        found: dict[str, list[str]] = {}
        for user, needs in plain_needs(self.components):
            for name in dict.fromkeys(n for n in needs if isinstance(n, str)):
                found.setdefault(name, []).append(user)
        return found

    @cached_property
    def balanced(self) -> frozenset[str]:
        """The components a load balancer (or DNS, CDN) depends on, in any form."""
        return frozenset[str]().union(
            *(
                dependency_names(body)
                for body in self.components.values()
                if isinstance(body, dict) and body.get("kind") in BALANCERS
            )
        )


def users_of(components: dict[str, Any], name: str, places: Places | None) -> list[str]:
    """The components whose ``depends_on`` names ``name`` as a plain entry, in file
    order; from ``places`` when given."""
    if places is not None:
        return places.users.get(name, [])
    return [user for user, needs in plain_needs(components) if name in needs]


def plain_needs(components: dict[str, Any]) -> Iterator[tuple[str, list[Any]]]:
    """Each component with a ``depends_on`` list, and that list."""
    for user, body in components.items():
        needs = body.get("depends_on") if isinstance(body, dict) else None
        if isinstance(needs, list):
            yield user, needs


def is_balanced(components: dict[str, Any], name: str, places: Places | None) -> bool:
    """:func:`~spofscan.remediation.entries.balanced`, from ``places`` when given."""
    return name in places.balanced if places is not None else balanced(components, name)
