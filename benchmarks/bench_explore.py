"""Time each command of ``spofscan explore`` after the load, on synthetic architectures.

The goal: every command answers in under 0.1 s on 1,000 components and under 1 s on
10,000, once the file is loaded (the load is a ``check``: ``bench_check.py`` times it).

    python benchmarks/bench_explore.py            # 1,000 and 10,000 components
    python benchmarks/bench_explore.py 500 2000 --repeat 1
    python benchmarks/bench_explore.py 10000 --shape legacy   # another shape of generate.py

Each command runs through the interpreter the prompt and scripts share, in a session of
its own size, in the order a person might type them; the figure is the time of its first
run (nothing cached for that scenario yet), the worst of ``--repeat`` fresh sessions.
Commands that write a file (``save``, ``render`` to ``.dot``) write to a scratch folder;
``render`` draws the collapsed view from 1,000 components, ``--no-collapse`` every box.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SHAPES, generate, to_yaml

from spofscan.explore.commands import Interpreter
from spofscan.explore.session import Session


def commands(session: Session, scratch: Path) -> list[str]:
    """A session's worth of commands on names of this architecture."""
    arch = session.model.arch
    analysis = session.model.report.analysis
    spof = analysis.spofs[0].component if analysis.spofs else arch.entrypoints[0]
    vms = [n for n, c in arch.components.items() if c.kind == "vm"]
    replicated = next(n for n, c in arch.components.items() if c.replicas > 1)
    zone = next((n for n, c in arch.components.items() if c.kind == "zone"), vms[0])
    entry = arch.entrypoints[0]
    return [
        "status",
        f"fail {zone}",
        f"why {entry}",
        "reset",
        f"fail {vms[len(vms) // 2]}",
        "status",
        "status --json",
        f"why {entry}",
        f"fail {replicated}[0]",
        f"why {replicated}",
        "spofs",
        f"pairs {replicated}",
        "fixes",
        f"fail {spof}",
        f"why {entry}",
        f"restore {spof}",
        "reset",
        "fail no_such_component",
        "help",
        f"save {scratch / 'scenario.txt'}",
        f"fail {vms[len(vms) // 2]}",
        "spofs",
        f"pairs {replicated}",
        f"render {scratch / 'scenario.dot'}",
        f"render {scratch / 'full.dot'} --no-collapse",
    ]


def run_session(path: Path, scratch: Path) -> tuple[float, list[tuple[str, float]]]:
    """Load the file, then time each command once; the load and each command's time."""
    start = time.perf_counter()
    session = Session.open(path)
    loaded = time.perf_counter() - start
    interpreter = Interpreter(session)
    times: list[tuple[str, float]] = []
    for line in commands(session, scratch):
        start = time.perf_counter()
        reply = interpreter.execute(line)
        times.append((line, time.perf_counter() - start))
        if reply.error and not line.startswith("fail no_such"):
            raise SystemExit(f"{line}: {reply.error}")
    return loaded, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shape", choices=SHAPES, default="layered")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        for size in args.sizes:
            path = scratch / f"synthetic-{size}.yaml"
            model = generate(size, seed=args.seed, shape=args.shape)
            path.write_text(to_yaml(model), encoding="utf-8")
            loads, worst = [], list[float]()
            for _ in range(args.repeat):
                loaded, times = run_session(path, scratch)
                loads.append(loaded)
                seconds = [t for _, t in times]
                worst = [max(p) for p in zip(worst or seconds, seconds, strict=True)]
            print(
                f"{size} components ({args.shape}): load {min(loads):.2f} s (best of {args.repeat})"
            )
            for (line, _), slowest in zip(times, worst, strict=True):
                shown = line.replace(str(scratch) + "/", "")
                print(f"  {shown:<40} {slowest * 1000:>8.1f} ms")


if __name__ == "__main__":
    main()
