"""Time ``spofscan check`` on synthetic architectures next to the floor it cannot beat.

The floor is reading the same file with PyYAML's C loader and computing networkx's
articulation points of its dependency graph: any tool that reads the YAML and looks at
the graph pays that much. For each shape of ``generate.py`` and each size, the table
gives the floor, the whole of ``spofscan check --format json`` (in-process, imports
excluded), their ratio, the median of the ratios of runs made in pairs (``paired``:
each check right after a floor, so that both meet the machine as it is), the part of
the check spent measuring fixes and the ratio without it, the peak memory (resident
set) of each, the method of the system's availability, the SPOFs, the double faults
listed (``+`` when the search stopped at its budget) and all of them (``None`` when not
known).

Each run is a process of its own, so that its peak memory is its own (``ru_maxrss``
of that child, as ``os.wait4`` reports it: the largest single process, the check's or
one of the workers it forks); one past ``--timeout`` seconds is stopped. "all MB" is
the peak of the memory of the check and its forked workers together, their
proportional set sizes (a page shared by two processes counts half in each) summed,
sampled ten times a second (Linux only; a peak shorter than that can be missed), in a
check run of its own after the timed ones: reading a process's proportional set size
walks its page tables, 25 ms a time for a check of 100,000 components, on a core the
check would use, and holds its memory map meanwhile (`chain:100000`, twice: 21.73 and
20.77 s sampled, 20.55 and 20.61 s not; the sampling took 4.5 s of CPU each time).

    python benchmarks/bench_check.py                  # every shape, 1,000 and 10,000
    python benchmarks/bench_check.py --large          # and 100,000 (slow)
    python benchmarks/bench_check.py 500 2000 --shape legacy --repeat 3

Figures are wall-clock seconds, the best of ``--repeat`` runs, printed as a table; with
``--repeat 5`` the paired ratio is the steadier verdict.

The floor runs as a plain script would, Python's cycle collector on, and most of it is
the collector walking the objects the loader makes (``legacy:100000``: 14.0 s, 3.4 s
of it reading the YAML with the collector paused); the check pauses it. How the two
compare then differs by a third between machines. ``floor*`` is the same floor with
the collector paused, and ``ratio*`` the check against it: a yardstick that moves less
from one machine to the next.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SHAPES

LARGE = 100_000
COLUMNS = (
    ("shape", 8),
    ("components", 10),
    ("floor s", 8),
    ("check s", 8),
    ("ratio", 7),
    ("paired", 7),
    ("floor* s", 8),
    ("ratio*", 7),
    ("fixes s", 8),
    ("w/o fixes", 9),
    ("floor MB", 9),
    ("check MB", 9),
    ("all MB", 7),
    ("method", 12),
    ("SPOFs", 6),
    ("pairs", 8),
    ("all pairs", 10),
)


def floor(path: Path) -> dict[str, Any]:
    """PyYAML's C loader plus networkx's articulation points."""
    import networkx as nx
    import yaml

    if os.environ.get(PAUSED):
        gc.disable()
    start = time.perf_counter()
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
    return {"seconds": time.perf_counter() - start}


def check(path: Path) -> dict[str, Any]:
    """The whole of ``spofscan check --format json``, in-process, and the part of it
    spent measuring fixes (``remediate``)."""
    from spofscan import pipeline
    from spofscan.allocator import keep_freed_memory
    from spofscan.gc_pause import keep_to_the_end
    from spofscan.render.check import render
    from spofscan.report.options import ReportFormat

    measuring = getattr(pipeline, "remediate")  # noqa: B009 (patched below, as pipeline calls it)
    spent = [0.0]

    def timed(*args: Any, **kwargs: Any) -> Any:
        begun = time.perf_counter()
        try:
            return measuring(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - begun

    setattr(pipeline, "remediate", timed)  # noqa: B010
    keep_freed_memory()  # as the command does, before its work
    start = time.perf_counter()
    report = pipeline.check(path)
    keep_to_the_end(len(report.architecture.components))  # as the command does
    render(ReportFormat.json, report)  # as check --format json renders it
    seconds = time.perf_counter() - start
    analysis = report.analysis
    pairs = analysis.cut_sets.order_2
    return {
        "seconds": seconds,
        "fixes": spent[0],
        "method": analysis.system.method,
        "spofs": len(analysis.spofs),
        "pairs": f"{len(pairs)}{'' if analysis.cut_sets.order_2_complete else '+'}",
        "total": analysis.cut_sets.order_2_total,
    }


JOBS = {"floor": floor, "check": check}
# Set in a floor's environment: the same floor, with Python's cycle collector paused
PAUSED = "BENCH_FLOOR_COLLECTOR_PAUSED"


def run_child(
    job: str,
    path: Path,
    timeout: float,
    script: str = __file__,
    *,
    paused: bool = False,
    sampled: bool = False,
) -> dict[str, Any]:
    """Run ``job`` on ``path`` in a new process (``script --child job path``); its
    answer, its peak RSS in MB and, when ``sampled``, the peak of its process tree's
    summed PSS (:func:`tree_pss`; NaN when not). A run past ``timeout`` seconds is
    stopped, and its row says so. ``paused``: the floor with the cycle collector
    paused (:data:`PAUSED`)."""
    env = {**os.environ, PAUSED: "1"} if paused else None
    with tempfile.TemporaryFile() as out:
        command = [sys.executable, script, "--child", job, str(path)]
        child = subprocess.Popen(command, stdout=out, env=env)
        deadline = time.monotonic() + timeout
        peak = tree_pss(child.pid) if sampled else 0
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)  # not poll(): it reaps
        while not pid and time.monotonic() < deadline:
            time.sleep(SAMPLE_SECONDS)
            if sampled:
                peak = max(peak, tree_pss(child.pid))
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        late = not pid
        if late:
            child.kill()
            _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    all_mb = peak / 1024 if peak else float("nan")
    if late or child.returncode:
        why = f"over {timeout:.0f} s" if late else f"exit {child.returncode}"
        return {"seconds": float("nan"), "method": why, "mb": mb, "all_mb": all_mb}
    answer: dict[str, Any] = json.loads(text)
    answer["mb"] = mb
    answer["all_mb"] = all_mb
    return answer


SAMPLE_SECONDS = 0.1


def tree_pss(pid: int) -> int:
    """The proportional set size of process ``pid`` and of every process below it, in
    kilobytes, summed; 0 where /proc does not say (not Linux, or the process is gone)."""
    total = 0
    for each in _tree(pid):
        try:
            with open(f"/proc/{each}/smaps_rollup") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            continue
    return total


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, as /proc lists each thread's children."""
    found, stack = [], [pid]
    while stack:
        each = stack.pop()
        found.append(each)
        try:
            tasks = os.listdir(f"/proc/{each}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{each}/task/{task}/children") as children:
                    stack.extend(int(child) for child in children.read().split())
            except OSError:
                continue
    return found


def write_architecture(path: Path, size: int, seed: int, shape: str) -> None:
    """``generate.py``'s architecture, written by a process of its own: a child forked
    from a process that grew large would start with its peak memory (Linux keeps the
    largest resident set across ``exec``)."""
    generator = Path(__file__).with_name("generate.py")
    command = [sys.executable, str(generator), str(size), "--seed", str(seed), "--shape", shape]
    subprocess.run([*command, "-o", str(path)], check=True)


def best_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest of ``runs``, with the largest peak memory of them."""
    best = min(runs, key=lambda run: (run["seconds"] != run["seconds"], run["seconds"]))
    return {**best, "mb": max(run["mb"] for run in runs)}


def in_pairs(repeat: int, path: Path, timeout: float) -> tuple[dict[str, Any], dict[str, Any]]:
    """The floor and the check, each the best of ``repeat`` runs, run in pairs (a
    floor, then a check, right after it), with the median of the pairs' ratios as
    ``paired`` in the check's answer. A floor of a second or less moves by a quarter
    between runs on a shared machine, and the best of each side can come from minutes
    apart; a pair's two runs meet the same machine."""
    floors, checks, paused = [], [], []
    for _ in range(repeat):
        floors.append(run_child("floor", path, timeout))
        checks.append(run_child("check", path, timeout))
        paused.append(run_child("floor", path, timeout, paused=True))
    ratios = [c["seconds"] / f["seconds"] for f, c in zip(floors, checks, strict=True)]
    steady = min(p["seconds"] for p in paused)
    watched = run_child("check", path, timeout, sampled=True)  # its time not counted
    return {**best_of(floors), "paused": steady}, {
        **best_of(checks),
        "all_mb": watched["all_mb"],
        "paired": statistics.median(ratios),
    }


def row(shape: str, size: int, base: dict[str, Any], ours: dict[str, Any]) -> str:
    cells = (
        shape,
        f"{size:,}",
        f"{base['seconds']:.2f}",
        f"{ours['seconds']:.2f}",
        f"{ours['seconds'] / base['seconds']:.1f}x",
        f"{ours['paired']:.1f}x",
        f"{base['paused']:.2f}",
        f"{ours['seconds'] / base['paused']:.1f}x",
        f"{ours['fixes']:.2f}" if "fixes" in ours else "",
        f"{(ours['seconds'] - ours['fixes']) / base['seconds']:.1f}x" if "fixes" in ours else "",
        f"{base['mb']:.0f}",
        f"{ours['mb']:.0f}",
        f"{ours['all_mb']:.0f}",
        ours.get("method", ""),
        str(ours.get("spofs", "")),
        str(ours.get("pairs", "")),
        str(ours.get("total", "")),
    )
    return " ".join(f"{c:>{w}}" for c, (_, w) in zip(cells, COLUMNS, strict=True))


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(JOBS[sys.argv[2]](Path(sys.argv[3]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--large", action="store_true", help=f"add {LARGE:,} components")
    parser.add_argument("--shape", action="append", choices=SHAPES, help="default: all")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per run")
    args = parser.parse_args()
    sizes = [*args.sizes, LARGE] if args.large else args.sizes
    print(" ".join(f"{c:>{w}}" for c, w in COLUMNS), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for shape in args.shape or SHAPES:
            for size in sizes:
                path = Path(tmp) / f"{shape}-{size}.yaml"
                write_architecture(path, size, args.seed, shape)
                base, ours = in_pairs(args.repeat, path, args.timeout)
                print(row(shape, size, base, ours), flush=True)


if __name__ == "__main__":
    main()
