"""Shapes of synthetic architectures beside ``generate.py``'s layered service.

Each builder returns the ``components`` of a valid architecture (format version 1) of
exactly ``n`` components, from a seeded ``random.Random``; every choice is the seed's.

- **legacy**: an estate grown over years in one data centre. Up to 100 gateways (the
  entrypoints) over three tiers of services and a layer of databases; a fifth of the
  services run alone on a VM of their own, a third of the databases are single, the rest
  are replicated over a shared pool of VMs in three zones; a few services of each tier
  are a core that many above need. About a quarter of the components are single points
  of failure.
- **chain**: deep dependency chains, each headed by an entrypoint: every link needs the
  next (now and then through an ``any_of`` of the next two), the last a database; half
  of the links run single on a VM, half replicated over two zones. A failure deep in a
  chain takes down everything above it.
- **stacks**: independent stacks under one region, each its own zone, VMs, load
  balancer (the stack's entrypoint), services and database. The stacks share only the
  region, so the system's availability is the region's times the product of each
  stack's availability with the region up (:func:`stack_members` lists a stack's
  components, so that a test can check that closed form).

>>> len(legacy(random.Random(0), 400))
400
>>> len(chain(random.Random(0), 400)), len(stacks(random.Random(0), 400))
(400, 400)
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

Component = dict[str, Any]

ZONES = ("a", "b", "c")
MAX_GATEWAYS = 100
STACK_SIZE = 12  # components of a typical stack (each between 6 and about 20)


def _name(prefix: str, index: int, count: int) -> str:
    return f"{prefix}_{index:0{len(str(max(count - 1, 1)))}d}"


def _names(prefix: str, count: int) -> list[str]:
    return [_name(prefix, i, count) for i in range(count)]


def _site(components: dict[str, Component], region: str) -> list[str]:
    """One region of three zones; the zones' names."""
    components[region] = {"kind": "region", "availability": 99.995}
    zones = [f"zone_{z}" for z in ZONES]
    for zone in zones:
        components[zone] = {"kind": "zone", "availability": 99.99, "runs_on": region}
    return zones


def _vm(zone: str, rng: random.Random) -> Component:
    return {"kind": "vm", "availability": rng.choice((99.5, 99.9, 99.9, 99.95)), "runs_on": zone}


def _hosts(hosts: list[str]) -> str | list[str]:
    return hosts[0] if len(hosts) == 1 else hosts


# --- legacy -------------------------------------------------------------------------


class _Legacy:
    """Gateways over three tiers of services over databases, in one data centre."""

    def __init__(self, rng: random.Random, n: int) -> None:
        self.rng, self.n = rng, n
        self.components: dict[str, Component] = {}
        self.named: set[str] = set()
        rest = n - 4 - self.gateway_count()
        self.service_count = rest * 45 // 100
        self.database_count = max(1, rest * 12 // 100)
        self.vm_count = rest - self.service_count - self.database_count

    def gateway_count(self) -> int:
        return min(MAX_GATEWAYS, max(1, self.n // 50))

    def build(self) -> dict[str, Component]:
        zones = _site(self.components, "region_0")
        singles = -(-self.service_count // 5) - (-self.database_count // 3)
        pool = [_name("vm_pool", i, self.vm_count) for i in range(self.vm_count - singles)]
        for i, vm in enumerate(pool):
            self.components[vm] = _vm(zones[i % 3], self.rng)
        self.pool, self.zones, self.own_vms = _Cursor(pool), zones, 0
        gateways = _names("gw", self.gateway_count())
        tiers = self._split(_names("svc", self.service_count))
        databases = _names("db", self.database_count)
        for i, name in enumerate(s for tier in tiers for s in tier):
            self._service(name, alone=i % 5 == 0)
        for i, name in enumerate(databases):
            self._database(name, single=i % 3 == 0)
        for gateway in gateways:
            self.components[gateway] = {"kind": "load_balancer", "availability": 99.99}
        for above, below in zip([gateways, *tiers], [*tiers, databases], strict=True):
            self._wire(above, below)
        return self.components

    def _split(self, services: list[str]) -> list[list[str]]:
        third = max(1, len(services) // 3)
        return [services[:third], services[third : 2 * third], services[2 * third :]]

    def _own_vm(self) -> str:
        name = _name("vm_own", self.own_vms, self.vm_count)
        self.components[name] = _vm(self.zones[self.own_vms % 3], self.rng)
        self.own_vms += 1
        return name

    def _service(self, name: str, alone: bool) -> None:
        comp: Component = {"kind": self.rng.choice(("service", "service", "container"))}
        comp["availability"] = self.rng.choice((99.9, 99.95, 99.99))
        if alone:
            comp["runs_on"] = self._own_vm()
        else:
            comp["replicas"] = self.rng.choice((2, 2, 3))
            comp["runs_on"] = _hosts(self.pool.take(comp["replicas"]))
        self.components[name] = comp

    def _database(self, name: str, single: bool) -> None:
        comp: Component = {"kind": "database", "availability": 99.95}
        if single:
            comp["runs_on"] = self._own_vm()
        else:
            comp.update(replicas=2, min_healthy=1, runs_on=_hosts(self.pool.take(2)))
        self.components[name] = comp

    def _wire(self, above: list[str], below: list[str]) -> None:
        """Each of ``above`` needs one to three of ``below`` (a quarter of the needs an
        ``any_of`` of two), and three in ten also one of the first fiftieth of
        ``below`` (the shared core: authentication, configuration and the like); every
        one of ``below`` is needed by someone."""
        core = below[: max(1, len(below) // 500)]
        for name in above:
            deps: list[Any] = []
            for _ in range(self.rng.randint(1, 3)):
                if len(below) > 1 and self.rng.random() < 0.25:
                    deps.append({"any_of": self.rng.sample(below, 2)})
                else:
                    deps.append(self.rng.choice(below))
            if self.rng.random() < 0.5:
                deps.append(self.rng.choice(core))
            self.components[name]["depends_on"] = _distinct(deps)
        for target in below:
            if target not in self.named:
                user = self.rng.choice(above)
                self.components[user]["depends_on"] = _distinct(
                    [*self.components[user]["depends_on"], target]
                )
        for name in above:
            self.named.update(_members(self.components[name]["depends_on"]))


def _members(deps: list[Any]) -> list[str]:
    return [m for d in deps for m in ([d] if isinstance(d, str) else d["any_of"])]


def _distinct(deps: list[Any]) -> list[Any]:
    """The entries of ``deps``, dropping any that names a member named before."""
    seen: set[str] = set()
    kept = []
    for dep in deps:
        members = _members([dep])
        if not seen.intersection(members):
            kept.append(dep)
            seen.update(members)
    return kept


def legacy(rng: random.Random, n: int) -> dict[str, Component]:
    """The legacy estate of ``n`` components (see the module doc)."""
    return _Legacy(rng, n).build()


# --- chain --------------------------------------------------------------------------


def chain(rng: random.Random, n: int) -> dict[str, Component]:
    """Deep chains of services (see the module doc): about 3 * sqrt(n) links each."""
    components: dict[str, Component] = {}
    zones = _site(components, "region_0")
    rest = n - 4
    vm_count = max(3, rest * 15 // 100)
    vms = [_name("vm", i, vm_count) for i in range(vm_count)]
    for i, vm in enumerate(vms):
        components[vm] = _vm(zones[i % 3], rng)
    links = rest - vm_count
    hosts = _Cursor(vms)
    depth = max(2, int(3 * math.sqrt(n)))
    chains = max(1, links // depth)
    for c in range(chains):
        length = links // chains + (c < links % chains)
        _one_chain(components, rng, _name("chain", c, chains), length, hosts)
    return components


def _one_chain(
    components: dict[str, Component],
    rng: random.Random,
    prefix: str,
    length: int,
    vms: _Cursor,
) -> None:
    """``length`` links: services down to a database at the end."""
    names = [f"{prefix}_{k:04d}" for k in range(length)]
    for k, name in enumerate(names):
        last = k == length - 1
        comp: Component = {"kind": "database" if last else "service", "availability": 99.95}
        if rng.random() < 0.5:
            comp["runs_on"] = _hosts(vms.take(1))
        else:
            comp["replicas"] = 2
            comp["runs_on"] = _hosts(vms.take(2))
        if k + 2 < length and rng.random() < 0.1:
            comp["depends_on"] = [{"any_of": [names[k + 1], names[k + 2]]}]
        elif not last:
            comp["depends_on"] = [names[k + 1]]
        components[name] = comp


# --- stacks -------------------------------------------------------------------------


def stack_count(n: int) -> int:
    """How many stacks an architecture of ``n`` components holds."""
    return max(1, (n - 1) // STACK_SIZE)


def stacks(rng: random.Random, n: int) -> dict[str, Component]:
    """Independent stacks under one region (see the module doc)."""
    components: dict[str, Component] = {"region": {"kind": "region", "availability": 99.995}}
    count = stack_count(n)
    for i in range(count):
        size = (n - 1) // count + (i < (n - 1) % count)
        components.update(_stack(rng, _name("s", i, count), size))
    return components


def stack_members(components: dict[str, Component], stack: str) -> dict[str, Component]:
    """The components of one stack (by its prefix, such as ``s_03``) and the region."""
    mine = {k: v for k, v in components.items() if k.startswith(f"{stack}_")}
    return {"region": components["region"], **mine}


def _stack(rng: random.Random, prefix: str, size: int) -> dict[str, Component]:
    """One stack of ``size`` components: a zone, VMs, a load balancer over services
    that call one another down to a database; every VM hosts something."""
    vm_count = max(2, size // 4)
    vms = [f"{prefix}_vm{k}" for k in range(vm_count)]
    out: dict[str, Component] = {f"{prefix}_zone": {"kind": "zone", "availability": 99.99}}
    out[f"{prefix}_zone"]["runs_on"] = "region"
    for vm in vms:
        out[vm] = _vm(f"{prefix}_zone", rng)
    services = [f"{prefix}_svc{k}" for k in range(size - vm_count - 3)]
    cursor = _Cursor(vms)
    out[f"{prefix}_lb"] = {"kind": "load_balancer", "availability": 99.99}
    out[f"{prefix}_lb"]["depends_on"] = [services[0]] if services else [f"{prefix}_db"]
    for k, name in enumerate(services):
        replicas = rng.choice((1, 2, 2, 3))
        comp: Component = {"availability": rng.choice((99.9, 99.95)), "replicas": replicas}
        comp["runs_on"] = _hosts(cursor.take(replicas))
        comp["depends_on"] = _stack_needs(rng, services[k + 1 :], f"{prefix}_db")
        out[name] = comp
    db: Component = {"kind": "database", "availability": 99.95}
    db.update(replicas=2, min_healthy=1, runs_on=_hosts(cursor.take(2)))
    out[f"{prefix}_db"] = db
    return out


def _stack_needs(rng: random.Random, below: list[str], database: str) -> list[Any]:
    if not below:
        return [database]
    if len(below) >= 2 and rng.random() < 0.3:
        return [{"any_of": below[:2]}, database] if rng.random() < 0.5 else [{"any_of": below[:2]}]
    return [below[0]]


class _Cursor:
    """Hands out hosts round-robin, so that every VM of a stack hosts something."""

    def __init__(self, hosts: list[str]) -> None:
        self.hosts, self.next = hosts, 0

    def take(self, count: int) -> list[str]:
        """``count`` hosts in a row (fewer, all distinct, when there are fewer hosts:
        instance ``i`` then runs on the ``i mod len``-th)."""
        count = min(count, len(self.hosts))
        taken = [self.hosts[(self.next + k) % len(self.hosts)] for k in range(count)]
        self.next += count
        return taken


BUILDERS: dict[str, Callable[[random.Random, int], dict[str, Component]]] = {
    "legacy": legacy,
    "chain": chain,
    "stacks": stacks,
}
