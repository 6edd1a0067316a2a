"""Time one compose project of thousands of services on one docker host, as a user meets it.

The project is written as a compose file (each service needs one to three of the five
before it, the first needs the database; one in ten runs three replicas, three in ten
restart by themselves; seeded), imported by ``spofscan import compose``, then checked
and drawn, each as a fresh process: every service is an entrypoint or on the way to
one, and the docker host and the database take down every one of them. Printed per
size: the import, the check (its availability method and how many of its fixes were
measured exactly), and ``render`` to SVG (the collapsed view from 1,000 components), in
wall-clock seconds, the best of ``--repeat``.

    python benchmarks/bench_compose.py                 # 1,000, 3,000 and 5,000 services
    python benchmarks/bench_compose.py 3000 --repeat 3
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import yaml
from bench_faults import SPOFSCAN, rows_by_size, timed

WINDOW = 5  # a service needs some of the services this far before it


def project(services: int, seed: int = 0) -> dict[str, Any]:
    """The compose document: ``db`` and ``services`` services ``svc0000``, ..."""
    rng = random.Random(seed)
    found: dict[str, Any] = {"db": {"image": "postgres:16"}}
    for i in range(services):
        service: dict[str, Any] = {"image": f"registry.example/app{i}:1.{i % 10}"}
        before = range(max(0, i - WINDOW), i)
        needs = sorted(rng.sample(before, min(i, rng.randint(1, 3)))) if i else []
        service["depends_on"] = [f"svc{j:04}" for j in needs] if i else ["db"]
        if rng.random() < 0.1:
            service["deploy"] = {"replicas": 3}
        if rng.random() < 0.3:
            service["restart"] = "always"
        found[f"svc{i:04}"] = service
    return {"services": found}


def row(services: int, folder: Path, repeat: int) -> str:
    compose, arch = folder / "compose.yaml", folder / f"arch-{services}.yaml"
    report, drawing = folder / "report.json", folder / "drawing.svg"
    compose.write_text(yaml.safe_dump(project(services), sort_keys=False))
    imported, _ = timed([SPOFSCAN, "import", "compose", str(compose), "-o", str(arch)], (0,), 1)
    check = [SPOFSCAN, "check", str(arch), "--format", "json", "-o", str(report)]
    checked, _ = timed(check, (0, 1), repeat)
    drawn, _ = timed([SPOFSCAN, "render", str(arch), "-o", str(drawing)], (0,), repeat)
    found = json.loads(report.read_text())
    fixes = found["remediations"]
    exact = sum(fix["method"] == "exact" for fix in fixes)
    method = found["availability"]["method"]
    return (
        f"| {services:,} | {imported:.2f} | {checked:.2f} | {method} | {exact} of {len(fixes)} "
        f"| {drawn:.2f} |"
    )


def main() -> None:
    header = ["services", "import s", "check s", "method", "exact fixes", "render s"]
    rows_by_size(__doc__.splitlines()[0], header, row, [1_000, 3_000, 5_000])


if __name__ == "__main__":
    main()
