"""Drift: where a kept architecture and what is deployed disagree.

Compared with an import of the deployment (:mod:`spofscan.importers`), component by
component, by name:

- a component the deployment runs and the architecture lacks (``only-deployed``);
- a component of a kind that is deployed (a service, a database, ...) that the
  architecture has and the deployment does not run (``only-modelled``): hosts, VMs,
  zones, regions, networks, external and logical components are the model's own, and
  never drift;
- replicas that differ (``replicas``);
- a dependency the deployment states and the architecture lacks (``dependency``), from
  one component both have to another both have: the architecture has it when it names
  the target (or, for a Service that selects several workloads, one of them) in
  ``depends_on``, in any group, or in ``soft_depends_on``.

What the import assumes (the compose host, a cluster's nodes and zones) is never
compared. The cost is linear in the components and dependencies of the two sides.

>>> from spofscan.importers.imported import Imported, ImportedComponent
>>> from spofscan.loading import load_architecture_text
>>> text = "spofscan: 1\\nname: a\\ncomponents: {api: {replicas: 2}}\\n"
>>> arch = load_architecture_text(text, "a.yaml")
>>> found = drift(arch, Imported("a", "", (ImportedComponent("api", replicas=3),)), "compose.yml")
>>> [(item.kind, item.component, item.deployed, item.modelled) for item in found.items]
[('replicas', 'api', '3', '2')]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from spofscan.errors import Location
from spofscan.importers.imported import Imported, ImportedComponent
from spofscan.model.architecture import Architecture, Component
from spofscan.words import plural

DriftKind = Literal["only-deployed", "only-modelled", "replicas", "dependency"]
MODEL_ONLY_KINDS = frozenset(
    {"host", "vm", "zone", "region", "provider", "network", "dns", "cdn", "external", "logical"}
)


@dataclass(frozen=True)
class DriftItem:
    """One disagreement, about ``component``, located where it is to be fixed: in the
    architecture, or (for a component it lacks) in the deployment."""

    kind: DriftKind
    component: str
    message: str
    location: Location
    deployed: str | None = None
    modelled: str | None = None


@dataclass(frozen=True)
class Drift:
    """Every disagreement between the architecture ``model`` and the ``deployment``."""

    model: str
    deployment: str
    compared: int
    items: tuple[DriftItem, ...]

    @property
    def drifted(self) -> bool:
        """Whether the two disagree at all."""
        return bool(self.items)


def drift(arch: Architecture, imported: Imported, deployment: str) -> Drift:
    """The drift between ``arch`` and the import of ``deployment``."""
    deployed = {c.name: c for c in imported.components if not c.assumed}
    modelled = {name: c for name, c in arch.components.items() if c.kind not in MODEL_ONLY_KINDS}
    items = [
        *_only_deployed(deployed, arch, deployment),
        *_only_modelled(modelled, deployed, deployment),
        *_replicas(deployed, arch, deployment),
        *_dependencies(deployed, arch, deployment),
    ]
    items.sort(key=lambda i: (i.component, i.kind, i.deployed or ""))
    compared = len(deployed.keys() & arch.components.keys())
    return Drift(arch.file, deployment, compared, tuple(items))


def _only_deployed(
    deployed: dict[str, ImportedComponent], arch: Architecture, deployment: str
) -> Iterator[DriftItem]:
    for name, component in deployed.items():
        if name not in arch.components and name not in arch.journeys:
            yield DriftItem(
                "only-deployed",
                name,
                f"{name} runs in {deployment}, but {arch.file} does not have it",
                component.location or Location(deployment),
                deployed=component.kind,
            )


def _only_modelled(
    modelled: dict[str, Component], deployed: dict[str, ImportedComponent], deployment: str
) -> Iterator[DriftItem]:
    for name, component in modelled.items():
        if name not in deployed:
            yield DriftItem(
                "only-modelled",
                name,
                f"{name} ({component.kind}) is in the architecture, but {deployment} does "
                "not run it",
                component.location,
                modelled=component.kind,
            )


def _replicas(
    deployed: dict[str, ImportedComponent], arch: Architecture, deployment: str
) -> Iterator[DriftItem]:
    for name, component in deployed.items():
        kept = arch.components.get(name)
        if kept is not None and kept.replicas != component.replicas:
            yield DriftItem(
                "replicas",
                name,
                f"{name} runs {plural(component.replicas, 'replica')} in {deployment}, the "
                f"architecture says {kept.replicas}",
                kept.where("replicas"),
                deployed=str(component.replicas),
                modelled=str(kept.replicas),
            )


def _dependencies(
    deployed: dict[str, ImportedComponent], arch: Architecture, deployment: str
) -> Iterator[DriftItem]:
    for name, component in deployed.items():
        kept = arch.components.get(name)
        if kept is None:
            continue
        named = {m for group in kept.depends_on for m in group.members} | set(kept.soft_depends_on)
        for edge in component.depends_on:
            members = [m for m in edge.members if m in arch.components]
            if len(members) < len(edge.members) or named & set(members):
                continue  # a component the architecture lacks is drift already
            origin = ", ".join(o for o in edge.origins if not o.startswith("soft"))
            target = " or ".join(edge.members)
            yield DriftItem(
                "dependency",
                name,
                f"{name} depends on {target} in {deployment} ({origin}), not in the architecture",
                kept.where("depends_on"),
                deployed=target,
            )
