"""Time the availability of what-if scenarios on a loaded model: computed afresh, as
``spofscan what-if`` does, and from what a loaded model keeps, as the explorer does
(:mod:`spofscan.analysis.scenario_cache`); both give the same number, checked here.
The last column is the whole answer the explorer gives from what it keeps (what is
down, degraded, failed over, and why each entrypoint is down).

    python benchmarks/bench_what_if.py                      # 10,000 components, layered
    python benchmarks/bench_what_if.py 1000 --shape stacks  # an exact (BDD) model
    python benchmarks/bench_what_if.py --shape legacy --fail zone_a --fail zone_b

The scenarios: a few components spread over the file (or the ``--fail`` names), each
alone (from nothing failed), then all of them one after the other, each added to the
ones before (as ``fail`` after ``fail`` grows a scenario in the explorer).
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
from spofscan.analysis.what_if import resolve_names, what_if
from spofscan.loading import load_architecture_text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", type=int, default=10_000)
    parser.add_argument("--shape", choices=SHAPES, default="layered")
    parser.add_argument("--scenarios", type=int, default=4)
    parser.add_argument("--fail", action="append", metavar="NAME", help="fail these instead")
    args = parser.parse_args()
    arch = load_architecture_text(to_yaml(generate(args.size, shape=args.shape)), "bench.yaml")
    s = compile_structure(arch)
    start = time.perf_counter()
    scenarios = Scenarios(s)
    method = scenarios.system().method
    print(f"{args.size} components ({args.shape}, {method}): kept in {_since(start)}")
    names = args.fail or sorted(arch.components)[:: max(1, len(arch.components) // args.scenarios)]
    steps = [[name] for name in names] + [names[: i + 1] for i in range(1, len(names))]
    for failed in steps:
        evidence = resolve_names(arch, s, failed)
        start = time.perf_counter()
        kept = scenarios.system(evidence)
        reused = _since(start)
        start = time.perf_counter()
        fresh = availability(s, evidence).system
        afresh = _since(start)
        start = time.perf_counter()
        answer = what_if(arch, failed, structure=s, scenarios=scenarios)
        answered = _since(start)
        shown = " + ".join(failed) if len(failed) < 3 else f"... + {failed[-1]}"
        same = "same" if kept == fresh == answer.availability_after else "DIFFERENT"
        down = f"{len(answer.entrypoints_down)} entrypoints down"
        print(
            f"  {shown:<44} {reused:>9} kept, {afresh:>9} afresh ({same});"
            f" {answered:>9} the answer ({down})"
        )


def _since(start: float) -> str:
    return f"{(time.perf_counter() - start) * 1000:.1f} ms"


if __name__ == "__main__":
    main()
