"""Time each report format of ``check`` on one large synthetic architecture.

A file with thousands of SPOFs has tens of thousands of findings, and every format but
the text and Markdown ones lists each of them: the question is whether writing a report
costs in proportion to what it holds, or more. The architecture is checked once (the
analysis and the fixes are not timed); then each format is rendered from that report,
as ``check --format F`` renders it, the best of ``--repeat`` runs, with the size of
what it wrote.

    python benchmarks/bench_reports.py                           # stacks, 10,000
    python benchmarks/bench_reports.py 100000 --shape legacy --repeat 1

Figures are wall-clock seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SHAPES, generate, to_yaml


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", type=int, default=10_000)
    parser.add_argument("--shape", choices=SHAPES, default="stacks")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from spofscan import pipeline
    from spofscan.render.check import render
    from spofscan.report.options import ReportFormat

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{args.shape}-{args.size}.yaml"
        path.write_text(to_yaml(generate(args.size, seed=args.seed, shape=args.shape)))
        report = pipeline.check(path)
    print(
        f"{args.shape}, {args.size:,} components: {len(report.analysis.spofs):,} SPOFs, "
        f"{len(report.findings):,} findings, {len(report.analysis.entrypoints):,} entrypoints"
    )
    print(f"{'format':>10} {'seconds':>9} {'MB':>9}")
    for fmt in ReportFormat:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            text = render(fmt, report)
            times.append(time.perf_counter() - start)
        size = len(text.encode("utf-8")) / 1e6
        print(f"{fmt.value:>10} {min(times):>9.2f} {size:>9.1f}", flush=True)


if __name__ == "__main__":
    main()
