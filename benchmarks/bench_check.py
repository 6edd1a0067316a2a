"""Time ``spofscan check`` on synthetic architectures next to the floor it cannot beat.

The floor is reading the same file with PyYAML's C loader and computing networkx's
articulation points of its dependency graph: any tool that reads the YAML and looks at
the graph pays that much. The goal is a 10,000-component check within 3x the floor.

    python benchmarks/bench_check.py            # 1,000 and 10,000 components
    python benchmarks/bench_check.py 500 2000   # other sizes

Figures are wall-clock seconds, the best of ``--repeat`` runs, printed as a table.
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate, to_yaml

from spofscan import pipeline
from spofscan.analysis.analyse import analyse
from spofscan.loading import load_architecture
from spofscan.render.check.json import render_check


def floor(path: Path) -> None:
    """PyYAML's C loader plus networkx's articulation points."""
    with path.open("rb") as handle:
        data = yaml.load(handle, Loader=yaml.CSafeLoader)
    graph: nx.Graph[str] = nx.Graph()
    for name, comp in data["components"].items():
        graph.add_node(name)
        for dep in comp.get("depends_on", []):
            members = [dep] if isinstance(dep, str) else dep.get("any_of") or dep["of"]
            graph.add_edges_from((name, m) for m in members)
        for other in comp.get("soft_depends_on", []):
            graph.add_edge(name, other)
        hosts = comp.get("runs_on", [])
        for host in [hosts] if isinstance(hosts, str) else hosts:
            graph.add_edge(name, host)
    list(nx.articulation_points(graph))


def check(path: Path) -> None:
    """The whole of ``spofscan check --format json``, in-process."""
    render_check(pipeline.check(path))


def best_of(repeat: int, job: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return min(times)


def stages(path: Path) -> dict[str, float]:
    """Time of loading and of analysing, separately, once."""
    start = time.perf_counter()
    arch = load_architecture(path)
    loaded = time.perf_counter()
    result = analyse(arch)
    analysed = time.perf_counter()
    print(
        f"    {len(arch.components)} components, {len(result.events)} events, "
        f"{len(result.spofs)} SPOFs, {len(result.cut_sets.order_2)} double faults"
        f"{'' if result.cut_sets.order_2_complete else ' (budget reached)'}, "
        f"availability by {result.system.method}"
    )
    return {"load": loaded - start, "analyse": analysed - loaded}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    columns = ("components", "floor s", "check s", "ratio", "load s", "analyse s")
    widths = (10, 9, 9, 7, 8, 10)
    print(" ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"synthetic-{size}.yaml"
            path.write_text(to_yaml(generate(size, seed=args.seed)), encoding="utf-8")
            base = best_of(args.repeat, functools.partial(floor, path))
            ours = best_of(args.repeat, functools.partial(check, path))
            parts = stages(path)
            print(
                f"{size:>10} {base:>9.2f} {ours:>9.2f} {ours / base:>6.1f}x "
                f"{parts['load']:>8.2f} {parts['analyse']:>10.2f}"
            )


if __name__ == "__main__":
    main()
