"""What a Kubernetes workload says about itself: its pods' template, replicas, probes,
environment, arguments, volumes and how it asks to be spread over nodes or zones."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from spofscan.importers.k8s_objects import K8sObject

WORKLOAD_KINDS = frozenset(
    {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Pod"}
)
BATCH_KINDS = frozenset({"Job", "CronJob"})
NODE_KEYS = frozenset({"kubernetes.io/hostname"})
ZONE_KEYS = frozenset({"topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"})
ConfigMaps = Mapping[tuple[str, str], Mapping[str, str]]


@dataclass(frozen=True)
class Spread:
    """How a workload asks its replicas to be spread: over ``node`` or ``zone``, and
    whether the scheduler must (``required``) or only should."""

    over: str
    required: bool


def pod_spec(workload: K8sObject) -> dict[str, Any]:
    """The spec of the workload's pods."""
    if workload.kind == "Pod":
        return workload.spec
    template = workload.spec.get("template")
    spec = template.get("spec") if isinstance(template, dict) else None
    return spec if isinstance(spec, dict) else {}


def pod_labels(workload: K8sObject) -> dict[str, str]:
    """The labels of the workload's pods, which Services select."""
    if workload.kind == "Pod":
        return workload.labels
    template = workload.spec.get("template")
    metadata = template.get("metadata") if isinstance(template, dict) else None
    labels = metadata.get("labels") if isinstance(metadata, dict) else None
    return {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}


def containers(workload: K8sObject) -> list[dict[str, Any]]:
    """The workload's containers (init containers left out: they run to completion)."""
    found = pod_spec(workload).get("containers")
    return [c for c in found if isinstance(c, dict)] if isinstance(found, list) else []


def declared_replicas(workload: K8sObject) -> int:
    """``spec.replicas``, 1 when absent (a bare Pod is one)."""
    if workload.kind == "Pod":
        return 1
    replicas = workload.spec.get("replicas", 1)
    return replicas if isinstance(replicas, int) and not isinstance(replicas, bool) else 1


def has_probe(workload: K8sObject, probe: str) -> bool:
    """Whether a container of the workload has ``probe`` (``readinessProbe``, ...)."""
    return any(isinstance(c.get(probe), dict) for c in containers(workload))


def restart_policy(workload: K8sObject) -> str:
    """What restarts a failed container: a controller's pods always restart."""
    if workload.kind != "Pod":
        return "always"
    policy = str(pod_spec(workload).get("restartPolicy", "Always"))
    return {"Always": "always", "OnFailure": "on-failure", "Never": "no"}.get(policy, "always")


def spread(workload: K8sObject) -> Spread | None:
    """How the workload asks to be spread: pod anti-affinity or topology spread
    constraints on the node or zone key; None when it does not."""
    spec = pod_spec(workload)
    found: list[Spread] = []
    affinity = spec.get("affinity")
    anti = affinity.get("podAntiAffinity") if isinstance(affinity, dict) else None
    if isinstance(anti, dict):
        for term in _list(anti.get("requiredDuringSchedulingIgnoredDuringExecution")):
            found += _spread_of(term.get("topologyKey"), required=True)
        for weighted in _list(anti.get("preferredDuringSchedulingIgnoredDuringExecution")):
            preferred = weighted.get("podAffinityTerm")
            if isinstance(preferred, dict):
                found += _spread_of(preferred.get("topologyKey"), required=False)
    for constraint in _list(spec.get("topologySpreadConstraints")):
        required = constraint.get("whenUnsatisfiable", "DoNotSchedule") == "DoNotSchedule"
        found += _spread_of(constraint.get("topologyKey"), required=required)
    if not found:
        return None
    return max(found, key=lambda s: (s.required, s.over == "zone"))


def _spread_of(key: Any, *, required: bool) -> list[Spread]:
    if key in ZONE_KEYS:
        return [Spread("zone", required)]
    if key in NODE_KEYS:
        return [Spread("node", required)]
    return []


def environment(workload: K8sObject, config_maps: ConfigMaps) -> dict[str, str]:
    """Every variable the workload's containers set, with the values of the ConfigMaps
    they read (``valueFrom.configMapKeyRef`` and ``envFrom.configMapRef``)."""
    values: dict[str, str] = {}
    namespace = workload.namespace
    for container in containers(workload):
        for source in _list(container.get("envFrom")):
            ref = source.get("configMapRef")
            if isinstance(ref, dict):
                prefix = str(source.get("prefix", ""))
                data = config_maps.get((namespace, str(ref.get("name"))), {})
                values.update((prefix + k, v) for k, v in data.items())
        for variable in _list(container.get("env")):
            name, value = variable.get("name"), _env_value(variable, namespace, config_maps)
            if isinstance(name, str) and value is not None:
                values[name] = value
    return dict(sorted(values.items()))


def _env_value(variable: dict[str, Any], namespace: str, config_maps: ConfigMaps) -> str | None:
    if "value" in variable:
        return None if variable["value"] is None else str(variable["value"])
    source = variable.get("valueFrom")
    ref = source.get("configMapKeyRef") if isinstance(source, dict) else None
    if isinstance(ref, dict):
        return config_maps.get((namespace, str(ref.get("name"))), {}).get(str(ref.get("key")))
    return None


def arguments(workload: K8sObject) -> dict[str, list[str]]:
    """Each container's command and arguments, by container name."""
    found: dict[str, list[str]] = {}
    for container in containers(workload):
        words = [str(w) for key in ("command", "args") for w in _list_of_any(container.get(key))]
        if words:
            found[str(container.get("name", ""))] = words
    return found


def claims(workload: K8sObject) -> list[str]:
    """The persistent volumes the workload's pods keep data in: a StatefulSet's claim
    templates (one volume per replica) and the claims its pods mount."""
    found = []
    for template in _list(workload.spec.get("volumeClaimTemplates")):
        metadata = template.get("metadata")
        name = metadata.get("name") if isinstance(metadata, dict) else None
        size = _size(template.get("spec"))
        found.append(f"claim template {name}{size} per replica")
    for volume in _list(pod_spec(workload).get("volumes")):
        claim = volume.get("persistentVolumeClaim")
        if isinstance(claim, dict):
            found.append(f"claim {claim.get('claimName')}")
    return found


def _size(spec: Any) -> str:
    resources = spec.get("resources") if isinstance(spec, dict) else None
    requests = resources.get("requests") if isinstance(resources, dict) else None
    storage = requests.get("storage") if isinstance(requests, dict) else None
    return f" ({storage})" if storage else ""


def image(workload: K8sObject) -> str:
    """The image of the workload's first container."""
    found = containers(workload)
    return str(found[0].get("image", "")) if found else ""


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _list_of_any(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
