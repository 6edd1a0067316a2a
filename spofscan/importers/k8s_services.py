"""Which workloads a Kubernetes Service reaches, and which Service a host name names.

A Service reaches the workloads whose pods carry every label of its selector, in its
namespace. A host names a Service as ``name``, ``name.namespace``,
``name.namespace.svc`` or ``name.namespace.svc.cluster.local``; a name without a
namespace is looked up in the namespace of the workload that writes it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from spofscan.importers.k8s_objects import K8sObject
from spofscan.importers.k8s_workloads import pod_labels

_SUFFIXES = (".svc.cluster.local", ".svc")


def selected(service: K8sObject, workloads: Sequence[K8sObject]) -> list[K8sObject]:
    """The workloads whose pods ``service`` selects (none without a selector)."""
    return Selection(workloads).selected(service)


class Selection:
    """Workloads by namespace and pod label, to answer which of them a selector reaches
    without walking them all: 3,000 Services over 3,000 Deployments compared 9 million
    pairs (31 of the import's 47 CPU seconds)."""

    def __init__(self, workloads: Sequence[K8sObject]) -> None:
        self._workloads = list(workloads)
        self._carrying: dict[tuple[str, str, str], list[int]] = {}
        for index, workload in enumerate(self._workloads):
            for key, value in pod_labels(workload).items():
                self._carrying.setdefault((workload.namespace, key, value), []).append(index)

    def selected(self, service: K8sObject) -> list[K8sObject]:
        """The workloads whose pods ``service`` selects (none without a selector), in
        the order given."""
        selector = service.spec.get("selector")
        if not isinstance(selector, dict) or not selector:
            return []
        each = [
            self._carrying.get((service.namespace, str(k), str(v)), []) for k, v in selector.items()
        ]
        fewest = min(each, key=len)
        others = [set(found) for found in each if found is not fewest]
        return [self._workloads[i] for i in fewest if all(i in found for found in others)]


def service_of(
    host: str, namespace: str, services: Mapping[tuple[str, str], object]
) -> tuple[str, str] | None:
    """The (namespace, name) of the Service ``host`` names from ``namespace``, if any.

    >>> services = {("shop", "db"): 1}
    >>> service_of("db", "shop", services), service_of("db.shop.svc.cluster.local", "", services)
    (('shop', 'db'), ('shop', 'db'))
    >>> service_of("db.example.com", "shop", services) is None
    True
    """
    host = host.rstrip(".")
    for suffix in _SUFFIXES:
        if host.endswith(suffix):
            host = host[: -len(suffix)]
            break
    parts = host.split(".")
    if len(parts) == 1:
        key = (namespace, parts[0])
    elif len(parts) == 2:
        key = (parts[1], parts[0])
    else:
        return None
    return key if key in services else None
