"""Turn Kubernetes manifests into an architecture: workloads become components.

- Deployments, StatefulSets, DaemonSets, ReplicaSets and bare Pods are components, named
  after the workload (``namespace/name`` only where two would clash); Jobs and CronJobs
  are left out, with a note: they run to completion and serve nobody;
- replicas from ``spec.replicas``, or from the ``minReplicas`` of an HPA that scales
  the workload; a DaemonSet has one on each node;
- a readiness probe is a health check; PodDisruptionBudgets and claims of volumes are
  comments (the format has no place for them), and a stateful kind with a volume gets a
  ``data:`` block;
- an environment value (ConfigMap values included) or an argument naming a Service
  (:mod:`~spofscan.importers.k8s_services`) is a dependency on the workloads that Service
  selects (``any_of`` when several do), with its origin as a comment;
- entrypoints are the workloads behind Services of type LoadBalancer or NodePort, Ingress
  backends and Gateway API HTTPRoute backends;
- placement: ``--nodes`` nodes in ``--zones`` zones, components of their own; a workload
  whose pod anti-affinity or topology spread constraints ask for it has its replicas on
  different nodes (so different zones too, as nodes take the zones in turn); any other
  has all of its replicas on one node, as the scheduler is free to put them.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from spofscan.importers.hosts import ADDRESS_WORDS, hosts_in_arguments, hosts_in_value
from spofscan.importers.imported import Edge, Imported, ImportedComponent
from spofscan.importers.k8s_header import fill_in, guessed, read_notes
from spofscan.importers.k8s_notes import workload_notes
from spofscan.importers.k8s_objects import K8sObject
from spofscan.importers.k8s_routes import (
    ingress_backends,
    route_backends,
    virtual_service_backends,
)
from spofscan.importers.k8s_services import Selection, service_of
from spofscan.importers.k8s_workloads import (
    WORKLOAD_KINDS,
    arguments,
    claims,
    declared_replicas,
    environment,
    has_probe,
    image,
    restart_policy,
    spread,
)
from spofscan.importers.kinds import is_observability, kind_of_image, kind_of_words
from spofscan.words import listed

STATEFUL = frozenset({"database", "queue", "storage", "cache"})


@dataclass(frozen=True)
class Cluster:
    """The nodes and zones the import assumes: ``nodes`` nodes, taking ``zones`` in turn."""

    nodes: int = 3
    zones: tuple[str, ...] = ("a",)

    def node_names(self) -> list[str]:
        """The nodes' names, ``node-1`` onwards."""
        return [f"node-{i + 1}" for i in range(self.nodes)]

    def zone_names(self) -> list[str]:
        """The zones' names, ``zone-a`` for zone ``a``."""
        return [f"zone-{zone}" for zone in self.zones]

    def options(self) -> str:
        """The options that ask for this cluster."""
        return f"--nodes {self.nodes} --zones {','.join(self.zones)}"


def import_kubernetes(
    objects: Sequence[K8sObject], paths: Sequence[str], files: Sequence[str], cluster: Cluster
) -> Imported:
    """The architecture of the Kubernetes ``objects`` read from ``files``, found at
    ``paths`` (as the command line gave them: files, folders, ``-``)."""
    workloads = sorted(
        (o for o in objects if o.kind in WORKLOAD_KINDS), key=lambda o: (o.namespace, o.name)
    )
    names = _component_names(workloads)
    builder = _Builder(objects, workloads, names, cluster)
    components = [builder.component(w) for w in workloads if builder.replicas(w) > 0]
    components += builder.placement_components()
    entrypoints = builder.entrypoints()
    components.sort(key=lambda c: c.name)
    return Imported(
        name=_name(workloads, paths),
        source=f"Imported by `spofscan import k8s` from {listed(paths)}.",
        components=tuple(components),
        entrypoints=entrypoints,
        read=tuple(read_notes(paths, files, objects, builder.running(), builder.stopped())),
        guessed=tuple(
            guessed(components, entrypoints, builder.nodes, builder.zones, cluster.options())
        ),
        fill_in=tuple(fill_in(components, entrypoints)),
    )


def _component_names(workloads: Sequence[K8sObject]) -> dict[tuple[str, str, str], str]:
    """Each workload's component name: its own, or ``namespace/name`` where two clash."""
    counts = Counter(w.name for w in workloads)
    names: dict[tuple[str, str, str], str] = {}
    for w in workloads:
        name = w.name if counts[w.name] == 1 else f"{w.namespace or 'default'}/{w.name}"
        if name in names.values():
            name = f"{name}-{w.kind.lower()}"
        names[(w.kind, w.namespace, w.name)] = name
    return names


def _name(workloads: Sequence[K8sObject], paths: Sequence[str]) -> str:
    """The namespace of every workload, else the first path's name (standard input:
    ``kubernetes``)."""
    namespaces = sorted({w.namespace for w in workloads if w.namespace})
    if len(namespaces) == 1:
        return namespaces[0]
    first = os.path.basename(os.path.normpath(paths[0])) if paths else "-"
    return "kubernetes" if first == "-" else first.rsplit(".", 1)[0]


class _Builder:
    """Builds the components of one import; knows every object of the manifests."""

    def __init__(
        self,
        objects: Sequence[K8sObject],
        workloads: Sequence[K8sObject],
        names: Mapping[tuple[str, str, str], str],
        cluster: Cluster,
    ) -> None:
        self.objects = objects
        self.workloads = workloads
        self.names = names
        self.cluster = cluster
        self.nodes = _free(cluster.node_names(), names.values())
        self.zones = _free(cluster.zone_names(), [*names.values(), *self.nodes])
        self.config_maps = {
            (o.namespace, o.name): _data(o) for o in objects if o.kind == "ConfigMap"
        }
        selection = Selection(workloads)
        self.services = {
            (o.namespace, o.name): [self._name(w) for w in selection.selected(o)]
            for o in objects
            if o.kind == "Service"
        }
        self.hpas = self._hpas()
        self.budgets = [o for o in objects if o.kind == "PodDisruptionBudget"]
        # the workloads whose replicas go on one node, each with its turn among them
        self.one_node = {
            id(w): turn for turn, w in enumerate(w for w in workloads if self._on_one_node(w))
        }
        self.images = {self._name(w): image(w) for w in reversed(workloads)}  # the first's

    def _on_one_node(self, workload: K8sObject) -> bool:
        """Whether all of the workload's replicas go on one node (the nodes are taken in
        turn by such workloads)."""
        if workload.kind == "DaemonSet":
            return False
        return spread(workload) is None or self.replicas(workload) == 1

    def _name(self, workload: K8sObject) -> str:
        return self.names[(workload.kind, workload.namespace, workload.name)]

    def _hpas(self) -> dict[tuple[str, str, str], K8sObject]:
        found = {}
        for hpa in (o for o in self.objects if o.kind == "HorizontalPodAutoscaler"):
            target = hpa.spec.get("scaleTargetRef")
            if isinstance(target, dict):
                found[(str(target.get("kind")), hpa.namespace, str(target.get("name")))] = hpa
        return found

    def replicas(self, workload: K8sObject) -> int:
        """How many pods run: an HPA's minimum, a DaemonSet's nodes, else its spec's."""
        if workload.kind == "DaemonSet":
            return len(self.nodes)
        hpa = self.hpas.get((workload.kind, workload.namespace, workload.name))
        if hpa is not None:
            least = hpa.spec.get("minReplicas", 1)
            return max(0, min(least, 1000)) if isinstance(least, int) else 1
        return max(0, min(declared_replicas(workload), 1000))

    def component(self, workload: K8sObject) -> ImportedComponent:
        """The component of one workload."""
        replicas = self.replicas(workload)
        kind = _kind(workload)
        kept = claims(workload)
        notes = [*self._notes(workload), *([] if kind in STATEFUL else _claim_notes(kept))]
        stateful = kind in STATEFUL and (kept or kind != "cache")
        data_note = None
        if stateful:
            data_note = (
                f"in {listed(kept)}; no backup stated"
                if kept
                else ("no persistent volume: the data lives in the pod and goes with it")
            )
        return ImportedComponent(
            name=self._name(workload),
            kind=kind,
            description=f"{workload.kind} {_qualified(workload)}, image {image(workload)}",
            replicas=replicas,
            restart=restart_policy(workload),
            health_check=True if has_probe(workload, "readinessProbe") else None,
            runs_on=tuple(self._placement(workload, replicas)),
            depends_on=tuple(self._edges(workload)),
            notes=tuple(notes),
            data_note=data_note,
            replication="none" if stateful and replicas == 1 else None,
            location=workload.location,
        )

    def _placement(self, workload: K8sObject, replicas: int) -> list[str]:
        if workload.kind == "DaemonSet":
            return list(self.nodes)
        if not self._on_one_node(workload):
            return self.nodes[: max(1, min(replicas, len(self.nodes)))]
        return [self.nodes[self.one_node[id(workload)] % len(self.nodes)]]

    def _notes(self, workload: K8sObject) -> Iterator[str]:
        hpa = self.hpas.get((workload.kind, workload.namespace, workload.name))
        return workload_notes(workload, self.replicas(workload), len(self.nodes), hpa, self.budgets)

    def _edges(self, workload: K8sObject) -> Iterator[Edge]:
        own = self._name(workload)
        found: dict[tuple[str, ...], tuple[str, list[str]]] = {}

        def resolve(host: str) -> str | None:
            key = service_of(host, workload.namespace, self.services)
            return None if key is None else f"{key[0]}\0{key[1]}"

        def add(ref: str, origin: str) -> None:
            namespace, service = ref.split("\0")
            members = tuple(sorted(set(self.services[(namespace, service)]) - {own}))
            if members:
                found.setdefault(members, (service, []))[1].append(origin)

        for key, value in environment(workload, self.config_maps).items():
            for ref in hosts_in_value(value, resolve, address=bool(ADDRESS_WORDS.search(key))):
                add(ref, f"env {key}")
        for words in arguments(workload).values():
            for ref, option in hosts_in_arguments(words, resolve):
                add(ref, "args" if option == "command" else f"args {option}")
        for members, (service, origins) in found.items():
            unique = list(dict.fromkeys(origins))
            if len(members) > 1:
                unique.append(f"Service {service}")
            watching = all(is_observability(self._image_of(m)) for m in members)
            if watching:
                unique.append("soft: it only watches")
            target = members[0] if len(members) == 1 else service
            yield Edge(
                target, tuple(unique), soft=watching, any_of=members if len(members) > 1 else ()
            )

    def _image_of(self, component: str) -> str:
        return self.images.get(component, "")

    def placement_components(self) -> list[ImportedComponent]:
        """The nodes and zones."""
        zone_of = [self.zones[i % len(self.zones)] for i in range(len(self.nodes))]
        nodes = [
            ImportedComponent(
                node,
                "host",
                description="a node of the cluster (assumed)",
                assumed=True,
                runs_on=(zone,),
            )
            for node, zone in zip(self.nodes, zone_of, strict=True)
        ]
        zones = [
            ImportedComponent(
                zone, "zone", description="a zone of the cluster (assumed)", assumed=True
            )
            for zone in self.zones
        ]
        return nodes + zones

    def entrypoints(self) -> tuple[str, ...]:
        """The workloads outside traffic reaches."""
        found: set[str] = set()
        for o in self.objects:
            if o.kind == "Service" and o.spec.get("type") in ("LoadBalancer", "NodePort"):
                found.update(self.services.get((o.namespace, o.name), []))
            elif o.kind == "Ingress":
                found.update(self._backends(o, ingress_backends(o)))
            elif o.kind == "HTTPRoute":
                found.update(self._backends(o, route_backends(o)))
            elif o.kind == "VirtualService" and o.api_version.startswith("networking.istio.io"):
                found.update(self._backends(o, virtual_service_backends(o)))
        return tuple(sorted(found))

    def running(self) -> list[K8sObject]:
        """The workloads that run a pod or more."""
        return [w for w in self.workloads if self.replicas(w) > 0]

    def stopped(self) -> list[str]:
        """The components of the workloads scaled to zero."""
        return sorted(self._name(w) for w in self.workloads if self.replicas(w) == 0)

    def _backends(self, route: K8sObject, services: Iterator[str]) -> Iterator[str]:
        for service in services:
            key = service_of(service, route.namespace, self.services)
            yield from self.services.get(key, []) if key is not None else []


def _kind(workload: K8sObject) -> str:
    guess = kind_of_image(image(workload)) or kind_of_words(workload.name)
    return guess[0] if guess else "service"


def _qualified(workload: K8sObject) -> str:
    return f"{workload.namespace}/{workload.name}" if workload.namespace else workload.name


def _claim_notes(kept: Sequence[str]) -> list[str]:
    return [f"keeps data in {listed(kept)}"] if kept else []


def _data(config_map: K8sObject) -> dict[str, str]:
    data = config_map.body.get("data")
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _free(wanted: Sequence[str], taken: Iterable[str]) -> list[str]:
    """The ``wanted`` names, each made free of ``taken`` (and of the others) by a suffix."""
    used = set(taken)
    result = []
    for name in wanted:
        free, n = name, 1
        while free in used:
            n += 1
            free = f"{name}-{n}"
        used.add(free)
        result.append(free)
    return result
