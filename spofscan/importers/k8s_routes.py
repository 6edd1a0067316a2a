"""The Services that outside traffic reaches through an Ingress or a Gateway API
HTTPRoute, by name, in the route's namespace."""

from __future__ import annotations

from collections.abc import Iterator

from spofscan.importers.k8s_objects import K8sObject


def ingress_backends(ingress: K8sObject) -> Iterator[str]:
    """The Services an Ingress sends to: its default backend and every path's
    (``service.name``, or ``serviceName`` of the older API)."""
    spec = ingress.spec
    yield from _backend_name(spec.get("defaultBackend") or spec.get("backend"))
    for rule in spec.get("rules") or []:
        http = rule.get("http") if isinstance(rule, dict) else None
        for path in (http or {}).get("paths") or []:
            if isinstance(path, dict):
                yield from _backend_name(path.get("backend"))


def route_backends(route: K8sObject) -> Iterator[str]:
    """The Services an HTTPRoute's rules send to (``backendRefs`` of kind Service)."""
    for rule in route.spec.get("rules") or []:
        for ref in (rule.get("backendRefs") or []) if isinstance(rule, dict) else []:
            if isinstance(ref, dict) and ref.get("kind", "Service") == "Service":
                yield str(ref.get("name"))


def virtual_service_backends(service: K8sObject) -> Iterator[str]:
    """The Services an Istio VirtualService bound to a gateway sends to (its routes'
    destination hosts); none for one that only routes inside the mesh."""
    gateways = service.spec.get("gateways")
    if not isinstance(gateways, list) or all(g == "mesh" for g in gateways):
        return
    for route in service.spec.get("http") or []:
        for target in (route.get("route") or []) if isinstance(route, dict) else []:
            destination = target.get("destination") if isinstance(target, dict) else None
            if isinstance(destination, dict) and isinstance(destination.get("host"), str):
                yield destination["host"]


def _backend_name(backend: object) -> Iterator[str]:
    if not isinstance(backend, dict):
        return
    service = backend.get("service")
    if isinstance(service, dict) and isinstance(service.get("name"), str):
        yield service["name"]
    elif isinstance(backend.get("serviceName"), str):
        yield backend["serviceName"]
