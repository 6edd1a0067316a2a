"""Time ``spofscan render --collapse`` on a synthetic architecture next to Graphviz alone.

The comparison is the one a user feels: the whole command (``spofscan render FILE
--collapse -o OUT.svg``, a fresh process: start-up, load, analyse, build, lay out with
``dot``) against ``dot -Tsvg`` on the ``.dot`` file spofscan writes for the same view.
The goal is the command within 2x of ``dot`` alone. For scale, the table also gives the
start-up of a ``spofscan`` process that does nothing (``spofscan --version``), the
floor of any Python command built on the required libraries (a process that only
imports networkx, PyYAML, Typer and graphviz), and with ``--full`` the time of
``dot -Tsvg`` on the uncollapsed drawing of the same file.

    python benchmarks/bench_render.py                 # 1,000 components
    python benchmarks/bench_render.py 500 2000 --full
    python benchmarks/bench_render.py 10000 --shape chain --shape stacks --repeat 1

Figures are wall-clock seconds, the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SHAPES, generate, to_yaml

SPOFSCAN = str(Path(sys.executable).with_name("spofscan"))
TODAY = "2026-11-25"


def run(*command: str) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def best_of(repeat: int, *command: str) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run(*command)
        times.append(time.perf_counter() - start)
    return min(times)


def render(path: Path, out: Path, *options: str) -> tuple[str, ...]:
    return (SPOFSCAN, "render", str(path), "--today", TODAY, "-o", str(out), *options)


def measure(size: int, tmp: Path, repeat: int, full: bool, seed: int, shape: str) -> list[str]:
    path = tmp / f"{shape}-{size}.yaml"
    path.write_text(to_yaml(generate(size, seed=seed, shape=shape)), encoding="utf-8")
    dot_file, svg = tmp / f"{shape}-{size}.dot", tmp / f"{shape}-{size}.svg"
    run(*render(path, dot_file, "--collapse"))
    ours = best_of(repeat, *render(path, svg, "--collapse"))
    layout = best_of(repeat, "dot", "-Tsvg", str(dot_file), "-o", str(svg))
    start = best_of(repeat, SPOFSCAN, "--version")
    floor = best_of(repeat, sys.executable, "-c", "import networkx, yaml, typer, graphviz")
    row = [shape, f"{size}", f"{ours:.2f}", f"{layout:.2f}", f"{ours / layout:.1f}x"]
    row += [f"{start:.2f}", f"{floor:.2f}"]
    if full:
        run(*render(path, dot_file))
        row.append(f"{best_of(1, 'dot', '-Tsvg', str(dot_file), '-o', str(svg)):.2f}")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--full", action="store_true", help="also lay out the full drawing")
    parser.add_argument("--shape", action="append", choices=SHAPES, help="default: layered")
    args = parser.parse_args()
    if shutil.which("dot") is None:
        sys.exit("Graphviz's dot is missing: install Graphviz to run this benchmark")
    columns = ["shape", "components", "render s", "dot s", "ratio", "start-up s", "imports s"]
    columns += ["full dot s"] if args.full else []
    print(" ".join(f"{c:>11}" for c in columns))
    with tempfile.TemporaryDirectory() as tmp:
        for shape in args.shape or ["layered"]:
            for size in args.sizes:
                row = measure(size, Path(tmp), args.repeat, args.full, args.seed, shape)
                print(" ".join(f"{cell:>11}" for cell in row))


if __name__ == "__main__":
    main()
