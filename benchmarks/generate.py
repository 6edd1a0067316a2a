"""Generate synthetic spofscan architectures of any size, for benchmarks and tests.

The generated system models a layered, multi-region online service as a cloud team
would describe it:

- **Edge.** A global DNS entry that balances over one managed load balancer per region
  (``any_of``); each regional load balancer routes to that region's edge services.
- **Service tiers.** Several tiers of services; each one depends on a few services of
  the next tier (mostly in its own region), sometimes through redundant groups
  (``any_of`` two equivalent backends, ``at_least: 2`` of three shards), sometimes
  softly (``soft_depends_on``). The last tier depends on data stores.
- **Data stores.** Databases (managed, or a primary and a replica on VMs in two zones),
  caches (one node, or three spread over zones) and queues (a managed queue, or a
  three-broker quorum that needs two brokers). The first database is global: a service
  in every other region uses it too, as an accounts database often is.
- **Infrastructure.** A few regions of three zones each, and VMs spread round-robin over
  the zones. Replicated components are either spread over VMs in different zones, or
  packed onto one VM (replicas that share its fate), or single.
- **Journeys** (optional): user-visible functions, each over DNS, an edge service and
  a backend service.

Every component is named by some other component or journey, so the entrypoints are
DNS (or the journeys). The graph is acyclic, every name is defined and every group is
satisfiable: the output is a valid architecture (format version 1). The output depends
only on ``n`` and the seed, and the YAML never uses anchors or aliases.

That is the default shape, ``layered``; ``--shape`` picks another (``legacy``,
``chain``, ``stacks``: see ``shapes.py``).

Usage::

    python benchmarks/generate.py 10000 --seed 1 -o /tmp/big.yaml
    python benchmarks/generate.py 200 --journeys 3
    python benchmarks/generate.py 10000 --shape legacy

>>> arch = generate(50, seed=7)
>>> len(arch["components"])
50
>>> generate(50, seed=7) == arch
True
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from typing import Any

import yaml
from shapes import BUILDERS

SHAPES = ("layered", *BUILDERS)
MIN_COMPONENTS = 12
ZONES_PER_REGION = 3
ZONE_LETTERS = "abc"

Component = dict[str, Any]


@dataclass(frozen=True)
class Plan:
    """How many components of each layer an architecture of ``n`` components gets."""

    regions: int
    vms: int
    tiers: tuple[int, ...]
    data_stores: int

    @classmethod
    def for_size(cls, n: int) -> Plan:
        """Split ``n`` into layers: ~15% VMs, ~1/6 of the rest data stores, services."""
        if n < MIN_COMPONENTS:
            raise ValueError(f"need at least {MIN_COMPONENTS} components, got {n}")
        regions = 1 if n < 60 else 2 if n < 600 else 3 if n < 6000 else 4
        zones = regions * ZONES_PER_REGION
        vms = max(zones, n * 3 // 20)
        rest = n - regions - zones - vms - (1 + regions)  # the edge: DNS + regional LBs
        data_stores = max(1, rest // 6)
        return cls(regions, vms, _tier_sizes(rest - data_stores, regions), data_stores)


def _tier_sizes(services: int, regions: int) -> tuple[int, ...]:
    """A small edge tier, then deeper tiers of equal size, each with >= one per region."""
    wanted = 2 + sum(services >= limit for limit in (20, 200, 2000))
    tiers = max(1, min(wanted, services // regions))
    if tiers == 1:
        return (services,)
    edge = min(max(regions, services // 10), 10 * regions)
    deep, extra = divmod(services - edge, tiers - 1)
    return (edge, *(deep + (i < extra) for i in range(tiers - 1)))


def _pad(count: int) -> int:
    return len(str(max(count - 1, 1)))


class _Builder:
    """Builds one architecture; the seeded ``rng`` makes every choice."""

    def __init__(self, n: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.plan = Plan.for_size(n)
        self.width = _pad(n)
        self.components: dict[str, Component] = {}
        self.tiers: list[list[tuple[str, int]]] = []  # (name, region) per tier
        self.data: list[tuple[str, int]] = []
        self.slots: dict[tuple[int, int], list[tuple[str, int]]] = {}  # zone -> (name, i)
        self.zone_cursor = [0] * self.plan.regions
        self.named: set[str] = set()

    # --- layers -----------------------------------------------------------------------

    def build(self) -> dict[str, Component]:
        self._add_edge()
        for tier, size in enumerate(self.plan.tiers):
            self.tiers.append([self._add_service(tier, i) for i in range(size)])
        self.data = [self._add_data_store(i) for i in range(self.plan.data_stores)]
        self._wire_services()
        self._wire_data()
        self._add_infrastructure()
        return self.components

    def _add_edge(self) -> None:
        lbs = [f"lb_r{r}" for r in range(self.plan.regions)]
        dns: Component = {"kind": "dns", "availability": 99.999, "health_check": True}
        dns["depends_on"] = [{"any_of": lbs}] if len(lbs) > 1 else list(lbs)
        self.components["dns"] = dns
        for r, name in enumerate(lbs):
            self.components[name] = {
                "kind": "load_balancer",
                "availability": 99.99,
                "health_check": True,
                "runs_on": f"region_{r}",
                "depends_on": [],
            }

    def _add_service(self, tier: int, index: int) -> tuple[str, int]:
        rng = self.rng
        name = f"svc_t{tier}_{index:0{self.width}d}"
        region = index % self.plan.regions
        comp: Component = {"kind": rng.choice(("service", "service", "container"))}
        if rng.random() < 0.3:
            comp["mtbf"] = rng.choice(("240h", "720h", "30d"))
            comp["mttr"] = rng.choice(("2m", "5m", "15m"))
        else:
            comp["availability"] = rng.choice((99.9, 99.95, 99.99))
        comp["restart"] = "always"
        style = rng.choices(("spread", "packed", "single"), weights=(5, 2, 3))[0]
        replicas = {"spread": rng.choice((2, 3, 3, 4, 6)), "packed": rng.choice((2, 3))}
        count = replicas.get(style, 1)
        if count > 1:
            comp["replicas"] = count
        if count >= 4 and rng.random() < 0.5:
            comp["min_healthy"] = count // 2
        comp["health_check"] = rng.random() < 0.7
        self.components[name] = comp
        zones = min(count, ZONES_PER_REGION) if style == "spread" else 1
        self._place(name, region, zones)
        return name, region

    def _add_data_store(self, index: int) -> tuple[str, int]:
        kind = ("database", "cache", "queue", "database", "cache")[index % 5]
        prefix = {"database": "db", "cache": "cache", "queue": "queue"}[kind]
        name = f"{prefix}_{index:0{self.width}d}"
        region = index % self.plan.regions
        managed = self.rng.random() < 0.4
        comp: Component = {"kind": kind}
        self.components[name] = comp
        if managed and kind != "cache":
            comp["availability"] = 99.95
            comp["runs_on"] = f"region_{region}"
        elif kind == "database":
            comp.update(availability=99.95, replicas=2, min_healthy=1)
            self._place(name, region, 2)
        elif kind == "queue":
            comp.update(availability=99.9, replicas=3, min_healthy=2)
            self._place(name, region, 3)
        else:
            comp.update(mtbf="720h", mttr="5m")
            if self.rng.random() < 0.6:
                comp["replicas"] = 3  # e.g. Redis with Sentinel, one node per zone
            self._place(name, region, comp.get("replicas", 1))
        if kind == "database":
            comp["data"] = self._data_protection(managed)
        return name, region

    def _data_protection(self, managed: bool) -> Component:
        backups = [{"every": "24h", "location": "other-region", "medium": "object-storage"}]
        if self.rng.random() < 0.5:
            backups.append({"every": "1h", "location": "same-zone", "medium": "disk"})
        return {
            "replication": "sync" if managed else self.rng.choice(("async", "sync")),
            "failover": "automatic" if managed else self.rng.choice(("automatic", "manual")),
            "restore_time": self.rng.choice(("30m", "1h", "2h")),
            "backups": backups,
        }

    # --- placement --------------------------------------------------------------------

    def _place(self, name: str, region: int, zones: int) -> None:
        """Reserve ``zones`` slots in distinct zones of ``region``; VMs come later."""
        start = self.zone_cursor[region]
        self.zone_cursor[region] = (start + 1) % ZONES_PER_REGION
        self.components[name]["runs_on"] = [""] * zones
        for i in range(zones):
            zone = (start + i) % ZONES_PER_REGION
            self.slots.setdefault((region, zone), []).append((name, i))

    def _add_infrastructure(self) -> None:
        """VMs dealt round-robin to zones, then the zones and the regions."""
        regions, zones = self.plan.regions, self.plan.regions * ZONES_PER_REGION
        for z in range(zones):
            count = self.plan.vms // zones + (z < self.plan.vms % zones)
            self._add_vms(*divmod(z, ZONES_PER_REGION), count)
        for r in range(regions):
            for letter in ZONE_LETTERS:
                self.components[f"zone_r{r}{letter}"] = {
                    "kind": "zone",
                    "availability": 99.99,
                    "runs_on": f"region_{r}",
                }
        for r in range(regions):
            self.components[f"region_{r}"] = {"kind": "region", "availability": 99.995}
        for comp in self.components.values():
            if isinstance(comp.get("runs_on"), list) and len(comp["runs_on"]) == 1:
                comp["runs_on"] = comp["runs_on"][0]

    def _add_vms(self, region: int, zone: int, count: int) -> None:
        """``count`` VMs in one zone; the zone's slots are dealt round-robin to them."""
        letter = ZONE_LETTERS[zone]
        vms = [f"vm_r{region}{letter}_{k:0{self.width}d}" for k in range(count)]
        slots = self.slots.get((region, zone), [])
        self.rng.shuffle(slots)
        for k, (name, i) in enumerate(slots):
            self.components[name]["runs_on"][i] = vms[k % count]
        for vm in vms:
            self.components[vm] = {
                "kind": "vm",
                "availability": self.rng.choice((99.5, 99.9, 99.9, 99.95)),
                "runs_on": f"zone_r{region}{letter}",
            }

    # --- dependencies -----------------------------------------------------------------

    def _wire_services(self) -> None:
        for r in range(self.plan.regions):
            edge = [name for name, region in self.tiers[0] if region == r]
            self.components[f"lb_r{r}"]["depends_on"] = edge or [self.tiers[0][0][0]]
        for tier in range(len(self.tiers) - 1):
            below = self.tiers[tier + 1]
            local = _by_region(below)
            for name, region in self.tiers[tier]:
                self._add_dependencies(name, local.get(region, []), below)
            self._cover(self.tiers[tier], below)
            self._add_soft_dependencies(self.tiers[tier], below)

    def _wire_data(self) -> None:
        bottom = self.tiers[-1]
        local = _by_region(self.data)
        for name, region in bottom:
            targets = self._pick(local.get(region, []), self.data, self.rng.randint(1, 2), name)
            for target in targets:
                self._depend(name, target)
        self._cover(bottom, self.data)
        self._share_global_database(bottom)

    def _share_global_database(self, bottom: list[tuple[str, int]]) -> None:
        """One service per other region also uses the first database, in region 0."""
        shared = self.data[0][0]
        for r in range(1, self.plan.regions):
            users = [
                name
                for name, region in bottom
                if region == r and shared not in _dependency_names(self.components[name])
            ]
            if users:
                self._depend(self.rng.choice(users), shared)

    def _add_dependencies(
        self, name: str, local: list[str], anywhere: list[tuple[str, int]]
    ) -> None:
        rng = self.rng
        for _ in range(rng.randint(1, 3)):
            roll = rng.random()
            size, k = (2, 1) if roll < 0.15 else (3, 2) if roll < 0.25 else (1, 1)
            members = self._pick(local, anywhere, size, name)
            if len(members) < size:
                members = members[:1]
            if not members:
                continue
            if len(members) == 1:
                self._depend(name, members[0])
            else:
                group = {"any_of": members} if k == 1 else {"at_least": k, "of": members}
                self._depend(name, group)

    def _add_soft_dependencies(
        self, above: list[tuple[str, int]], below: list[tuple[str, int]]
    ) -> None:
        """About one in ten services also uses a service below it when it is up."""
        local = _by_region(below)
        for name, region in above:
            if self.rng.random() < 0.1:
                soft = self._pick(local.get(region, []), below, 1, name)
                if soft:
                    self.components[name]["soft_depends_on"] = soft

    def _pick(
        self, local: list[str], anywhere: list[tuple[str, int]], size: int, name: str
    ) -> list[str]:
        """Up to ``size`` distinct names not yet depended on, mostly from ``local``."""
        pool = local if local and self.rng.random() < 0.9 else [n for n, _ in anywhere]
        used = set(_dependency_names(self.components[name]))
        chosen = self.rng.sample(pool, min(len(pool), size + len(used)))
        return [c for c in chosen if c not in used][:size]

    def _depend(self, name: str, entry: str | Component) -> None:
        self.components[name].setdefault("depends_on", []).append(entry)
        self.named.update([entry] if isinstance(entry, str) else _group_members(entry))

    def _cover(self, above: list[tuple[str, int]], below: list[tuple[str, int]]) -> None:
        """Make every name of ``below`` a plain dependency of someone in ``above``."""
        local = _by_region(above)
        for target, region in below:
            if target not in self.named:
                users = local.get(region) or [name for name, _ in above]
                self._depend(self.rng.choice(users), target)


def _by_region(layer: list[tuple[str, int]]) -> dict[int, list[str]]:
    """The names of a layer, grouped by region, in layer order."""
    regions: dict[int, list[str]] = {}
    for name, region in layer:
        regions.setdefault(region, []).append(name)
    return regions


def _group_members(entry: Component) -> list[str]:
    members: list[str] = entry["any_of"] if "any_of" in entry else entry["of"]
    return members


def _dependency_names(comp: Component) -> list[str]:
    names: list[str] = []
    for entry in comp.get("depends_on", []):
        names.extend([entry] if isinstance(entry, str) else _group_members(entry))
    names.extend(comp.get("soft_depends_on", []))
    return names


def _journeys(rng: random.Random, count: int, tiers: list[list[str]]) -> dict[str, Component]:
    """Each journey needs DNS, one edge service and, when there is one, a backend."""
    journeys: dict[str, Component] = {}
    for j in range(count):
        services = [rng.choice(tier) for tier in tiers[:2]]
        journeys[f"journey_{j}"] = {
            "slo": rng.choice((99.5, 99.9, 99.95)),
            "depends_on": ["dns", *services],
        }
    return journeys


def generate(n: int, seed: int = 0, journeys: int = 0, shape: str = "layered") -> dict[str, Any]:
    """A valid architecture (format version 1) of exactly ``n`` components, of one of
    the ``SHAPES`` (journeys only in the layered one)."""
    if journeys < 0:
        raise ValueError(f"the number of journeys cannot be negative, got {journeys}")
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}: one of {', '.join(SHAPES)}")
    if shape != "layered":
        if journeys:
            raise ValueError("journeys are only generated in the layered shape")
        if n < MIN_COMPONENTS:
            raise ValueError(f"need at least {MIN_COMPONENTS} components, got {n}")
        return _shaped(n, seed, shape)
    builder = _Builder(n, seed)
    components = builder.build()
    arch: dict[str, Any] = {
        "spofscan": 1,
        "name": f"synthetic architecture of {n} components (seed {seed})",
        "description": "generated by benchmarks/generate.py",
        "slo": 99.9,
        "downtime_cost_per_hour": 10000,
        "defaults": {"availability": 99.9},
        "components": components,
    }
    if journeys:
        tiers = [[name for name, _ in tier] for tier in builder.tiers]
        arch["journeys"] = _journeys(builder.rng, journeys, tiers)
    return arch


def _shaped(n: int, seed: int, shape: str) -> dict[str, Any]:
    return {
        "spofscan": 1,
        "name": f"synthetic {shape} architecture of {n} components (seed {seed})",
        "description": f"generated by benchmarks/generate.py --shape {shape}",
        "slo": 99.9,
        "downtime_cost_per_hour": 10000,
        "components": BUILDERS[shape](random.Random(seed), n),
    }


class _NoAliasDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Safe dumper (libyaml when present) that never writes anchors or aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def to_yaml(arch: dict[str, Any]) -> str:
    """The architecture as YAML text, keys in insertion (layer) order."""
    text: str = yaml.dump(
        arch,
        Dumper=_NoAliasDumper,
        sort_keys=False,
        default_flow_style=None,
        width=100,
        allow_unicode=True,
    )
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help=f"number of components (>= {MIN_COMPONENTS})")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--journeys", type=int, default=0, help="number of journeys")
    parser.add_argument("--shape", choices=SHAPES, default="layered", help="default: layered")
    parser.add_argument("-o", "--output", help="write here instead of standard output")
    args = parser.parse_args(argv)
    try:
        arch = generate(args.n, args.seed, args.journeys, args.shape)
    except ValueError as error:
        parser.error(str(error))
    header = f"# generated by: python benchmarks/generate.py {args.n} --seed {args.seed}"
    if args.journeys:
        header += f" --journeys {args.journeys}"
    if args.shape != "layered":
        header += f" --shape {args.shape}"
    text = f"{header}\n{to_yaml(arch)}"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
