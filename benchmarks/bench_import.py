"""Time ``spofscan import`` on the real deployments in tests/fixtures, in this process.

Each line is one import: the files read, the components written, and the best of
``--repeat`` runs in seconds (reading, YAML, the import and the text; no analysis).
For scale, the last column is what PyYAML's own safe loader takes to merely load the
same files: the import's own work is the difference.

    python benchmarks/bench_import.py
    python benchmarks/bench_import.py --repeat 10
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import yaml

from spofscan.importers.imported import Imported
from spofscan.importers.run import compose_import, kubernetes_import

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

IMPORTS: tuple[tuple[str, str], ...] = (
    ("compose", "sentry-self-hosted/docker-compose.yml"),
    ("compose", "mastodon/docker-compose.yml"),
    ("k8s", "argocd-ha/manifests/ha/install.yaml"),
    ("k8s", "online-boutique/kubernetes-manifests"),
)


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def yaml_only(path: Path) -> None:
    files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    for file in files:
        list(yaml.load_all(file.read_text(encoding="utf-8"), Loader=LOADER))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    os.chdir(FIXTURES)
    print(f"{'import':8} {'path':45} {'components':>10} {'seconds':>8} {'yaml only':>10}")
    for kind, path in IMPORTS:
        if kind == "compose":
            run: Callable[[], Imported] = partial(compose_import, [path], environ={})
        else:
            run = partial(kubernetes_import, [path])
        imported = run()
        seconds = best(run, repeat)
        floor = best(partial(yaml_only, Path(path)), repeat)
        count = len(imported.components)
        print(f"{kind:8} {path:45} {count:>10} {seconds:>8.3f} {floor:>10.3f}")


if __name__ == "__main__":
    main()
