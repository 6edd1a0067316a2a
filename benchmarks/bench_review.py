"""Time a click on the review page (``spofscan report``) of a synthetic architecture in
headless Chromium: the goal is every click answered in under 200 ms from 1,000
components (measured at 1,000, 5,000 and 10,000).

A click is timed in the page, from the click event to the second animation frame after
it (the what-if computed, the diagram and the lists repainted), on the buttons of a
seeded sample of components and instances, each failed then restored. The table gives
the median, the 95th percentile and the slowest, the page's size, and the time Chromium
takes to open it.
Needs Debian's ``chromium`` and ``chromium-driver`` (``make chromium``) and selenium.

    python benchmarks/bench_review.py                 # 1,000, 5,000 and 10,000 components
    python benchmarks/bench_review.py 200 1000 --clicks 40
    python benchmarks/bench_review.py 3000 --shape chain   # a file exact in parts
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from browser import chromium, missing, open_page  # noqa: E402
from generate import SHAPES, generate, to_yaml  # noqa: E402

SPOFSCAN = str(Path(sys.executable).with_name("spofscan"))
CLICK = """
var done = arguments[arguments.length - 1];
var button = document.querySelector('[data-toggle="' + CSS.escape(arguments[0]) + '"]');
var start = performance.now();
button.click();
requestAnimationFrame(function () { requestAnimationFrame(function () {
  done(performance.now() - start); }); });
"""


def measure(
    driver: Any, size: int, tmp: Path, clicks: int, seed: int, shape: str = "layered"
) -> list[str]:
    path, page = tmp / f"{shape}-{size}.yaml", tmp / f"{shape}-{size}.html"
    path.write_text(to_yaml(generate(size, seed=seed, shape=shape)), encoding="utf-8")
    subprocess.run([SPOFSCAN, "report", str(path), "--today", "2026-11-25", "-o", str(page)],
                   check=True)  # fmt: skip
    start = time.perf_counter()
    open_page(driver, str(page))
    opened = time.perf_counter() - start
    names: list[str] = driver.execute_script(
        "return Array.from(document.querySelectorAll('[data-toggle]'))"
        ".map(function (b) { return b.dataset.toggle; })"
    )
    step = max(1, len(names) // clicks)
    times = []
    for name in names[::step][:clicks]:
        times += [driver.execute_async_script(CLICK, name) for _ in range(2)]  # fail, restore
    exact = driver.execute_script("return window.spofscan.exact")
    return [
        f"{size}",
        f"{page.stat().st_size / 1e6:.1f}",
        "exact" if exact else "MC",
        f"{opened:.2f}",
        f"{statistics.median(times):.0f}",
        f"{statistics.quantiles(times, n=20)[-1]:.0f}",
        f"{max(times):.0f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 10000])
    parser.add_argument("--clicks", type=int, default=30, help="names clicked per size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=SHAPES, default="layered", help="default: layered")
    args = parser.parse_args()
    reason = missing()
    if reason is not None:
        sys.exit(reason)
    columns = ["components", "page MB", "availability", "open s", "median ms", "p95 ms", "max ms"]
    print(" ".join(f"{c:>12}" for c in columns))
    browser = chromium()
    driver = next(browser)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for size in args.sizes:
                row = measure(driver, size, Path(tmp), args.clicks, args.seed, args.shape)
                print(" ".join(f"{cell:>12}" for cell in row))
    finally:
        browser.close()


if __name__ == "__main__":
    main()
