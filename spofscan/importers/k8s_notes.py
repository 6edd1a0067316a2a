"""The comments an imported workload carries: what its manifests say about its
availability that the architecture format cannot hold, or that the import guessed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spofscan.importers.k8s_objects import K8sObject
from spofscan.importers.k8s_services import selected
from spofscan.importers.k8s_workloads import has_probe, spread


def workload_notes(
    workload: K8sObject,
    replicas: int,
    nodes: int,
    hpa: K8sObject | None,
    budgets: Sequence[K8sObject],
) -> Iterator[str]:
    """The notes of one workload of ``replicas`` pods on a cluster of ``nodes`` nodes,
    scaled by ``hpa`` if any; ``budgets``: the manifests' PodDisruptionBudgets."""
    asked = spread(workload)
    if asked is None and replicas > 1 and workload.kind != "DaemonSet":
        yield "no pod anti-affinity or topology spread: its replicas may share a node"
    elif asked is not None and not asked.required and replicas > 1:
        yield (
            f"spread over {asked.over}s as preferred, not required: the scheduler may still "
            "put replicas together"
        )
    if asked is not None and asked.required and replicas > nodes:
        yield f"{replicas} replicas must be spread over {nodes} nodes: some cannot be scheduled"
    if hpa is not None:
        yield (
            f"replicas: the minimum of HorizontalPodAutoscaler {hpa.name} "
            f"(maxReplicas {hpa.spec.get('maxReplicas', '?')})"
        )
    yield from _budgets(workload, budgets)
    if not has_probe(workload, "readinessProbe") and has_probe(workload, "livenessProbe"):
        yield "a liveness probe restarts it; no readiness probe takes a failed pod out of service"


def _budgets(workload: K8sObject, budgets: Sequence[K8sObject]) -> Iterator[str]:
    """The PodDisruptionBudgets of ``budgets`` that select the workload's pods."""
    for budget in budgets:
        if budget.namespace == workload.namespace and selected(_selector(budget), [workload]):
            limits = [f"{k} {budget.spec[k]}" for k in ("minAvailable", "maxUnavailable")
                      if k in budget.spec]  # fmt: skip
            yield (
                f"PodDisruptionBudget {budget.name}: {', '.join(limits)} (it bounds drains "
                "and upgrades; failures ignore it)"
            )


def _selector(budget: K8sObject) -> K8sObject:
    """A PodDisruptionBudget's ``matchLabels``, in the shape of a Service's selector."""
    selector = budget.spec.get("selector")
    labels = selector.get("matchLabels") if isinstance(selector, dict) else None
    body = {"spec": {"selector": labels or {}}}
    return K8sObject("Service", "v1", budget.namespace, budget.name, body, budget.location)
