"""Golden imports of real projects' Kubernetes manifests (tests/fixtures, unchanged
copies), and the single points of failure an engineer reading them would name.

The cluster is the default one (three nodes, one zone): a workload with one replica
is a SPOF, and so is the node it lands on; replicas spread by anti-affinity are not.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, TODAY
from golden_files import assert_matches_golden

from spofscan import pipeline
from spofscan.importers.run import kubernetes_architecture

FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden" / "imports"

BOUTIQUE_SPOFS = {
    # no replicas declared: every service the frontend calls, directly or not, is one
    "frontend", "adservice", "cartservice", "checkoutservice", "currencyservice",
    "emailservice", "paymentservice", "productcatalogservice", "recommendationservice",
    "shippingservice", "redis-cart", "node-1", "node-2", "node-3", "zone-a",
}  # fmt: skip

PROJECTS = {
    "online-boutique": ("online-boutique/release/kubernetes-manifests.yaml", BOUTIQUE_SPOFS),
    # the kustomize base, a folder of files, is the same system
    "online-boutique-base": ("online-boutique/kubernetes-manifests", BOUTIQUE_SPOFS),
    # the HA install runs the API server, repo server, Redis and its HAProxy as spread
    # replicas; the controllers and Dex run one replica each
    "argocd-ha": (
        "argocd-ha/manifests/ha/install.yaml",
        {
            "argocd-application-controller", "argocd-applicationset-controller",
            "argocd-dex-server", "argocd-notifications-controller",
            "node-1", "node-2", "node-3", "zone-a",
        },
    ),
    # the Istio gateway routes to productpage, one replica
    "bookinfo": ("istio-bookinfo/samples/bookinfo", {"productpage-v1", "node-2", "zone-a"}),
    # the front-end's NodePort Service is the way in; it finds the rest by names in code
    "sock-shop-k8s": (
        "sock-shop/deploy/kubernetes/complete-demo.yaml",
        {"front-end", "node-2", "zone-a"},
    ),
}  # fmt: skip


def _import(project: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(FIXTURES)
    return kubernetes_architecture([PROJECTS[project][0]])


@pytest.mark.parametrize("project", sorted(PROJECTS))
def test_golden_import(project: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_matches_golden(_import(project, monkeypatch), GOLDEN / f"{project}.yaml")


@pytest.mark.parametrize("project", sorted(PROJECTS))
def test_the_import_finds_the_spofs_the_project_has(
    project: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _import(project, monkeypatch)
    report = pipeline.check_text(text, f"{project}.yaml", today=TODAY, max_pairs=0)
    assert {spof.component for spof in report.analysis.spofs} == PROJECTS[project][1]


def test_argocd_reads_redis_through_its_configmap(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _import("argocd-ha", monkeypatch)
    assert text.count("- argocd-redis-ha-haproxy  # env REDIS_SERVER") == 3
    assert "3 CustomResourceDefinition" in re.sub(r"\n#\s+", " ", text)  # a wrapped line


def test_kompose_manifests_without_dependencies_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    text = kubernetes_architecture(["deathstarbench-hotelreservation/hotelReservation/kubernetes"])
    assert "dependencies: the manifests state none" in text
    assert "claim geo-pvc" in text  # MongoDB keeps its data in a claim
