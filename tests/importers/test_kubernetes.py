"""Each Kubernetes feature the importer reads, on small manifests written for the test."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from compose_helpers import block, dependencies, line_of

from spofscan.analysis.analyse import analyse
from spofscan.errors import InputError
from spofscan.importers.run import kubernetes_architecture
from spofscan.loading import load_architecture_text
from spofscan.model import Architecture


def deployment(
    name: str,
    replicas: int = 1,
    *,
    kind: str = "Deployment",
    image: str | None = None,
    container: dict[str, Any] | None = None,
    pod: dict[str, Any] | None = None,
) -> str:
    """A workload whose pods carry ``app: name``; ``pod`` keys go in the pod spec,
    ``container`` keys in its one container."""
    main = {"name": "main", "image": image or f"example/{name}:1", **(container or {})}
    spec = {"containers": [main], **(pod or {})}
    body: dict[str, Any] = {
        "apiVersion": "apps/v1",
        "kind": kind,
        "metadata": {"name": name},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": spec},
        },
    }
    if kind == "DaemonSet":
        del body["spec"]["replicas"]
    return yaml.safe_dump(body, sort_keys=False)


def service(name: str, app: str | None = None, service_type: str = "ClusterIP") -> str:
    body = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name},
        "spec": {"type": service_type, "selector": {"app": app or name}, "ports": [{"port": 80}]},
    }
    return yaml.safe_dump(body, sort_keys=False)


def manifest(*documents: str) -> str:
    return "---\n".join(documents)


def imported(tmp_path: Path, text: str, **options: Any) -> tuple[str, Architecture, dict[str, Any]]:
    path = tmp_path / "manifest.yaml"
    path.write_text(text, encoding="utf-8")
    out = kubernetes_architecture([str(path)], **options)
    return out, load_architecture_text(out, "imported.yaml"), yaml.safe_load(out)


def env(**values: str) -> dict[str, Any]:
    return {"env": [{"name": k, "value": v} for k, v in values.items()]}


def test_workloads_become_components(tmp_path: Path) -> None:
    text = manifest(
        deployment("web", 3),
        deployment("db", 1, kind="StatefulSet", image="postgres:16"),
        deployment("agent", kind="DaemonSet"),
        "apiVersion: v1\nkind: Pod\nmetadata: {name: debug}\nspec:\n"
        "  restartPolicy: Never\n  containers: [{name: a, image: busybox}]\n",
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec: {}\n",
    )
    out, arch, doc = imported(tmp_path, text)
    assert set(arch.components) == {
        "web", "db", "agent", "debug", "node-1", "node-2", "node-3", "zone-a",
    }  # fmt: skip
    assert arch.components["web"].replicas == 3
    assert doc["components"]["db"]["kind"] == "database"
    assert arch.components["agent"].replicas == 3  # one on each node
    assert doc["components"]["agent"]["runs_on"] == ["node-1", "node-2", "node-3"]
    assert doc["components"]["debug"]["restart"] == "no"
    assert "left out, since they run to completion and serve nobody: CronJob nightly" in out


def test_an_hpa_gives_the_replicas_its_minimum(tmp_path: Path) -> None:
    hpa = (
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\n"
        "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n"
        "  minReplicas: 4\n  maxReplicas: 10\n"
    )
    out, arch, _ = imported(tmp_path, manifest(deployment("web", 2), hpa))
    assert arch.components["web"].replicas == 4
    assert "# replicas: the minimum of HorizontalPodAutoscaler web (maxReplicas 10)" in out


@pytest.mark.parametrize(
    "value",
    [
        "db",
        "db:5432",
        "db.shop",
        "db.shop.svc",
        "db.shop.svc.cluster.local:5432",
        "postgres://app:secret@db.shop.svc.cluster.local:5432/app",
    ],
)
def test_an_env_value_naming_a_service_is_a_dependency(tmp_path: Path, value: str) -> None:
    api = deployment("api", container=env(DATABASE_HOST=value))
    db = deployment("database", image="postgres:16")
    text = manifest(api, db, service("db", app="database"))
    text = text.replace("metadata:\n  name:", "metadata:\n  namespace: shop\n  name:")
    out, _, doc = imported(tmp_path, text)
    assert dependencies(doc, "api") == ["database"]
    assert line_of(block(out, "api"), "- database").strip() == "- database  # env DATABASE_HOST"


def test_a_configmap_value_and_an_argument_are_dependencies_too(tmp_path: Path) -> None:
    config = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: params}\ndata: {redis: cache:6379}\n"
    )
    api = deployment(
        "api",
        container={
            "env": [
                {"name": "R", "valueFrom": {"configMapKeyRef": {"name": "params", "key": "redis"}}}
            ],
            "args": ["--queue-host", "queue", "serve"],
        },
    )
    text = manifest(
        api, config, deployment("cache"), service("cache"), deployment("queue"), service("queue")
    )
    out, _, doc = imported(tmp_path, text)
    assert dependencies(doc, "api") == ["cache", "queue"]
    assert "- queue  # args --queue-host" in out and "- cache  # env R" in out


def test_a_service_selecting_several_workloads_is_any_of(tmp_path: Path) -> None:
    reviews = [
        deployment(f"reviews-v{i}").replace("app: reviews-v", "app: reviews\n      v: ")
        for i in (1, 2)
    ]
    page = deployment("page", container=env(REVIEWS_HOSTNAME="reviews"))
    _, arch, doc = imported(tmp_path, manifest(page, *reviews, service("reviews")))
    assert doc["components"]["page"]["depends_on"] == [{"any_of": ["reviews-v1", "reviews-v2"]}]
    spofs = {s.component for s in analyse(arch).spofs}
    assert "reviews-v1" not in spofs and "reviews-v2" not in spofs


def test_anti_affinity_spreads_replicas_and_otherwise_they_share_a_node(tmp_path: Path) -> None:
    anti = {
        "affinity": {
            "podAntiAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": [
                    {
                        "labelSelector": {"matchLabels": {"app": "web"}},
                        "topologyKey": "kubernetes.io/hostname",
                    }
                ]
            }
        }
    }
    out, arch, doc = imported(
        tmp_path, manifest(deployment("web", 3, pod=anti), deployment("api", 2))
    )
    assert doc["components"]["web"]["runs_on"] == ["node-1", "node-2", "node-3"]
    assert doc["components"]["api"]["runs_on"] == "node-1"
    assert "# no pod anti-affinity or topology spread: its replicas may share a node" in out
    spofs = {s.component for s in analyse(arch).spofs}
    assert "node-1" in spofs and "web" not in spofs


def test_zone_spread_and_the_cluster_options(tmp_path: Path) -> None:
    spread = {
        "topologySpreadConstraints": [
            {
                "maxSkew": 1,
                "topologyKey": "topology.kubernetes.io/zone",
                "whenUnsatisfiable": "DoNotSchedule",
            }
        ]
    }
    out, _, doc = imported(
        tmp_path, deployment("web", 3, pod=spread), nodes=6, zones=["a", "b", "c"]
    )
    assert doc["components"]["web"]["runs_on"] == ["node-1", "node-2", "node-3"]
    zones = [doc["components"][f"node-{i}"]["runs_on"] for i in (1, 2, 3)]
    assert zones == ["zone-a", "zone-b", "zone-c"]
    assert "as --nodes 6 --zones a,b,c say" in " ".join(out.split())


def test_probes_budgets_and_claims(tmp_path: Path) -> None:
    db = deployment(
        "db",
        1,
        kind="StatefulSet",
        image="mysql:8",
        container={"livenessProbe": {"tcpSocket": {"port": 3306}}},
    )
    claim = "  - metadata: {name: data}\n    spec: {resources: {requests: {storage: 10Gi}}}\n"
    db = db.replace("  template:", f"  volumeClaimTemplates:\n{claim}  template:")
    web = deployment("web", 2, container={"readinessProbe": {"httpGet": {"path": "/", "port": 80}}})
    pdb = (
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\n"
        "spec:\n  minAvailable: 1\n  selector: {matchLabels: {app: web}}\n"
    )
    out, _, doc = imported(tmp_path, manifest(db, web, pdb))
    assert doc["components"]["web"]["health_check"] is True
    assert "health_check" not in doc["components"]["db"]
    assert "# a liveness probe restarts it; no readiness probe" in block(out, "db")
    assert "PodDisruptionBudget web: minAvailable 1" in block(out, "web")
    assert "claim template data (10Gi) per replica; no backup stated" in block(out, "db")


EDGE = "apiVersion: v1\nkind: Service\nmetadata: {name: edge}\n"


@pytest.mark.parametrize(
    "route",
    [
        EDGE + "spec: {type: LoadBalancer, selector: {app: web}}\n",
        EDGE + "spec: {type: NodePort, selector: {app: web}}\n",
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: edge}\nspec:\n  rules:\n"
        "  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n"
        "        backend: {service: {name: web, port: {number: 80}}}\n",
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: edge}\n"
        "spec:\n  rules:\n  - backendRefs: [{name: web, port: 80}]\n",
    ],
    ids=["LoadBalancer", "NodePort", "Ingress", "HTTPRoute"],
)
def test_entrypoints_are_what_outside_traffic_reaches(tmp_path: Path, route: str) -> None:
    text = manifest(deployment("web"), service("web"), deployment("worker"), route)
    _, arch, _ = imported(tmp_path, text)
    assert arch.entrypoints == ("web",)


def test_lists_namespaces_and_unknown_kinds(tmp_path: Path) -> None:
    in_a = deployment("api").replace(
        "metadata:\n  name: api", "metadata:\n  name: api\n  namespace: a"
    )
    in_b = deployment("api").replace(
        "metadata:\n  name: api", "metadata:\n  name: api\n  namespace: b"
    )
    items = yaml.safe_load(in_a)
    listing = yaml.safe_dump({"apiVersion": "v1", "kind": "List", "items": [items]})
    crd = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"
    out, arch, _ = imported(
        tmp_path, manifest(listing, in_b, crd, crd.replace("name: w", "name: v"))
    )
    assert {"a/api", "b/api"} <= set(arch.components)
    assert "skipped, as they neither run nor route: 2 Widget" in out


def test_standard_input(tmp_path: Path) -> None:
    stdin = io.BytesIO(deployment("web").encode())
    out = kubernetes_architecture(["-"], stdin=stdin)
    assert "Imported by `spofscan import k8s` from -." in out and "  web:\n" in out


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\n- just\n- a list\n",
            5,
            "a document must be a mapping",
        ),
        ("---\nhello: world\n", 2, "not a Kubernetes object: no apiVersion and no kind"),
        ("apiVersion: v1\nkind: Service\nmetadata: {name: [\n", 4, "invalid YAML"),
    ],
)
def test_garbage_is_a_located_error(tmp_path: Path, text: str, line: int, message: str) -> None:
    with pytest.raises(InputError) as raised:
        imported(tmp_path, text)
    (problem,) = raised.value.problems
    assert problem.location.line == line and message in problem.message


def test_an_alias_bomb_is_refused(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 10)}]\n" for a, b in zip("abcd", "bcde", strict=True)
    )
    with pytest.raises(InputError, match="alias bomb"):
        imported(
            tmp_path,
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n"
            + "  "
            + bomb.replace("\n", "\n  "),
        )


def test_a_workload_without_a_name_is_a_located_error(tmp_path: Path) -> None:
    text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels: {app: x}\nspec: {}\n"
    with pytest.raises(InputError) as raised:
        imported(tmp_path, text)
    (problem,) = raised.value.problems
    assert problem.location.line == 3
    assert problem.message.startswith("a Deployment needs a metadata.name")
