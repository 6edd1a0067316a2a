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


def _backend_name(backend: object) -> Iterator[str]:
    if not isinstance(backend, dict):
        return
    service = backend.get("service")
    if isinstance(service, dict) and isinstance(service.get("name"), str):
        yield service["name"]
    elif isinstance(backend.get("serviceName"), str):
        yield backend["serviceName"]
