"""Time the availability of what-if scenarios on a loaded model: computed afresh, as
``spofscan what-if`` does, and from what a loaded model keeps, as the explorer does
(:mod:`spofscan.analysis.scenario_cache`); both give the same number, checked here.

    python benchmarks/bench_what_if.py                      # 10,000 components, layered
    python benchmarks/bench_what_if.py 1000 --shape stacks  # an exact (BDD) model

The scenarios: a few components spread over the file, each alone (from nothing
failed), then all of them one after the other, each added to the ones before (as
``fail`` after ``fail`` grows a scenario in the explorer).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SHAPES, generate, to_yaml

from spofscan.analysis.availability import availability
from spofscan.analysis.compiled_structure import compile_structure
from spofscan.analysis.scenario_cache import Scenarios
from spofscan.analysis.what_if import resolve_names
from spofscan.loading import load_architecture_text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", type=int, default=10_000)
    parser.add_argument("--shape", choices=SHAPES, default="layered")
    parser.add_argument("--scenarios", type=int, default=4)
    args = parser.parse_args()
    arch = load_architecture_text(to_yaml(generate(args.size, shape=args.shape)), "bench.yaml")
    s = compile_structure(arch)
    start = time.perf_counter()
    scenarios = Scenarios(s)
    method = scenarios.system().method
    print(f"{args.size} components ({args.shape}, {method}): kept in {_since(start)}")
    names = sorted(arch.components)[:: max(1, len(arch.components) // args.scenarios)]
    steps = [[name] for name in names] + [names[: i + 1] for i in range(1, len(names))]
    for failed in steps:
        evidence = resolve_names(arch, s, failed)
        start = time.perf_counter()
        kept = scenarios.system(evidence)
        reused = _since(start)
        start = time.perf_counter()
        fresh = availability(s, evidence).system
        shown = " + ".join(failed) if len(failed) < 3 else f"... + {failed[-1]}"
        same = "same" if kept == fresh else "DIFFERENT"
        print(f"  {shown:<44} {reused:>9} kept, {_since(start):>9} afresh ({same})")


def _since(start: float) -> str:
    return f"{(time.perf_counter() - start) * 1000:.1f} ms"


if __name__ == "__main__":
    main()
