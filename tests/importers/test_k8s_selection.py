"""Which workloads a Service selects: the label index answers as comparing every pair
does, on random manifests."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spofscan.errors import Location
from spofscan.importers.k8s_objects import K8sObject
from spofscan.importers.k8s_services import Selection
from spofscan.importers.k8s_workloads import pod_labels

HERE = Location("k8s.yaml", 1, 1)
NAMESPACES = st.sampled_from(["", "shop", "ops"])
LABELS = st.dictionaries(st.sampled_from(["app", "tier", "team"]), st.sampled_from(["a", "b"]))


def deployment(index: int, namespace: str, labels: dict[str, str]) -> K8sObject:
    template = {"metadata": {"labels": labels}, "spec": {"containers": []}}
    body = {"metadata": {"name": f"d{index}"}, "spec": {"template": template}}
    return K8sObject("Deployment", "apps/v1", namespace, f"d{index}", body, HERE)


def service(namespace: str, selector: dict[str, str] | None) -> K8sObject:
    spec = {} if selector is None else {"selector": selector}
    return K8sObject("Service", "v1", namespace, "s", {"spec": spec}, HERE)


def compared(svc: K8sObject, workloads: list[K8sObject]) -> list[K8sObject]:
    """Every pair compared: the definition."""
    wanted = svc.spec.get("selector") or {}
    return [
        w
        for w in workloads
        if wanted
        and w.namespace == svc.namespace
        and all(pod_labels(w).get(k) == v for k, v in wanted.items())
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(NAMESPACES, LABELS), max_size=12),
    st.lists(st.tuples(NAMESPACES, st.one_of(st.none(), LABELS)), min_size=1, max_size=6),
)
def test_the_index_selects_what_comparing_every_pair_does(
    pods: list[tuple[str, dict[str, str]]], services: list[tuple[str, dict[str, str] | None]]
) -> None:
    workloads = [deployment(i, namespace, labels) for i, (namespace, labels) in enumerate(pods)]
    selection = Selection(workloads)
    for namespace, selector in services:
        svc = service(namespace, selector)
        assert selection.selected(svc) == compared(svc, workloads)
