"""The Services that outside traffic reaches through an Ingress or a Gateway API
HTTPRoute, by name, in the route's namespace."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spofscan.importers.k8s_objects import K8sObject


def ingress_backends(ingress: K8sObject) -> Iterator[str]:
    """The Services an Ingress sends to: its default backend and every path's
    (``service.name``, or ``serviceName`` of the older API)."""
    spec = ingress.spec
    yield from _backend_name(spec.get("defaultBackend") or spec.get("backend"))
    for rule in _mappings(spec.get("rules")):
        http = rule.get("http")
        for path in _mappings(http.get("paths") if isinstance(http, dict) else None):
            yield from _backend_name(path.get("backend"))


def route_backends(route: K8sObject) -> Iterator[str]:
    """The Services an HTTPRoute's rules send to (``backendRefs`` of kind Service)."""
    for rule in _mappings(route.spec.get("rules")):
        for ref in _mappings(rule.get("backendRefs")):
            if ref.get("kind", "Service") == "Service" and isinstance(ref.get("name"), str):
                yield ref["name"]


def virtual_service_backends(service: K8sObject) -> Iterator[str]:
    """The Services an Istio VirtualService bound to a gateway sends to (its routes'
    destination hosts); none for one that only routes inside the mesh."""
    gateways = service.spec.get("gateways")
    if not isinstance(gateways, list) or all(g == "mesh" for g in gateways):
        return
    for route in _mappings(service.spec.get("http")):
        for target in _mappings(route.get("route")):
            destination = target.get("destination")
            if isinstance(destination, dict) and isinstance(destination.get("host"), str):
                yield destination["host"]


def _mappings(value: object) -> list[dict[str, Any]]:
    """The mappings of a list, or none when ``value`` is not a list."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _backend_name(backend: object) -> Iterator[str]:
    if not isinstance(backend, dict):
        return
    service = backend.get("service")
    if isinstance(service, dict) and isinstance(service.get("name"), str):
        yield service["name"]
    elif isinstance(backend.get("serviceName"), str):
        yield backend["serviceName"]
