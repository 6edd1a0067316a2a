"""Time the import and check of Kubernetes manifests of thousands of workloads.

The manifests are one file of Deployments, each with the Service that selects its pods
by an ``app`` label; a workload names one to three of the five before it in an
environment variable (``http://app0003:8080``), and runs one, two or three replicas
(seeded). It is imported by ``spofscan import k8s``, then checked, each as a fresh
process. Printed per size: the import and the check in wall-clock seconds, the best of
``--repeat``, and the components the import wrote.

    python benchmarks/bench_k8s.py                   # 1,000, 3,000 and 10,000 workloads
    python benchmarks/bench_k8s.py 3000 --repeat 3
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml
from bench_faults import SPOFSCAN, rows_by_size, timed

WINDOW = 5  # a workload needs some of the workloads this far before it


def manifests(workloads: int, seed: int = 0) -> list[dict[str, Any]]:
    """A Deployment and a Service for each of ``workloads`` apps ``app0000``, ..."""
    rng = random.Random(seed)
    documents: list[dict[str, Any]] = []
    for i in range(workloads):
        name = f"app{i:04}"
        needs = sorted(rng.sample(range(max(0, i - WINDOW), i), min(i, rng.randint(1, 3))))
        env = [{"name": f"APP{j}_URL", "value": f"http://app{j:04}:8080"} for j in needs]
        container = {"name": name, "image": f"registry.example/{name}:1", "env": env}
        template = {"metadata": {"labels": {"app": name}}, "spec": {"containers": [container]}}
        documents.append(
            {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "metadata": {"name": name},
                "spec": {
                    "replicas": rng.choice([1, 1, 2, 3]),
                    "selector": {"matchLabels": {"app": name}},
                    "template": template,
                },
            }
        )
        documents.append(
            {
                "apiVersion": "v1",
                "kind": "Service",
                "metadata": {"name": name},
                "spec": {"selector": {"app": name}, "ports": [{"port": 8080}]},
            }
        )
    return documents


def row(workloads: int, folder: Path, repeat: int) -> str:
    source, arch = folder / "manifests.yaml", folder / f"arch-{workloads}.yaml"
    source.write_text(yaml.safe_dump_all(manifests(workloads), sort_keys=False))
    importing = [SPOFSCAN, "import", "k8s", str(source), "-o", str(arch), "--force"]
    imported, _ = timed(importing, (0,), repeat)
    check = [SPOFSCAN, "check", str(arch), "--format", "json", "-o", str(folder / "out.json")]
    checked, _ = timed(check, (0, 1), repeat)
    written = yaml.safe_load(arch.read_text())["components"]
    return f"| {workloads:,} | {len(written):,} | {imported:.2f} | {checked:.2f} |"


def main() -> None:
    header = ["workloads", "components", "import s", "check s"]
    rows_by_size(__doc__.splitlines()[0], header, row, [1_000, 3_000, 10_000])


if __name__ == "__main__":
    main()
