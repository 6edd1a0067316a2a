"""Time files with much wrong in them: the cost must follow the file's size, not that.

Each case starts from a generated file (``generate.py``) and changes it the way a
large estate goes wrong in one edit, then runs the command a user would run on it, as a
fresh process:

- ``renamed zone``: zone ``zone_a`` renamed where it is defined, not where it is used
  (a thousand references to one unknown name); ``validate``.
- ``renamed VMs``: every VM renamed (``vm_...`` to ``host_...``) where it is defined
  (a thousand references, each to another unknown name); ``validate``.
- ``misspelt key``: ``availability`` misspelt in every component; ``validate``.
- ``cyclic chains``: the chain shape, every link also needing the head of its chain (a
  monitor, a registry), so that each chain is one cycle; ``check``.
- ``waived SPOFs``: every service and database waived as an accepted risk (SPOF, to be
  retired), thousands of waivers; ``check --format sarif``, whose results carry them.

Beside each, the same command on the file as generated (``clean``): a case should cost
about what its clean file costs, whatever is wrong in it. Every run is checked for its
exit code (2 for the broken files, 0 or 1 for a check); seconds are wall-clock, the
best of ``--repeat``.

    python benchmarks/bench_faults.py                 # 10,000 components
    python benchmarks/bench_faults.py 1000 10000 --repeat 3
    python benchmarks/bench_faults.py --case "waived SPOFs"
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from generate import generate

SPOFSCAN = str(Path(sys.executable).with_name("spofscan"))
Document = dict[str, Any]


def renamed_zone(document: Document) -> Document:
    components = document["components"]
    document["components"] = {("zone_q" if n == "zone_a" else n): b for n, b in components.items()}
    return document


def renamed_vms(document: Document) -> Document:
    components = document["components"]
    document["components"] = {
        ("host_" + n[3:] if b.get("kind") == "vm" and n.startswith("vm_") else n): b
        for n, b in components.items()
    }
    return document


def misspelt_key(document: Document) -> Document:
    for body in document["components"].values():
        if "availability" in body:
            body["availabilty"] = body.pop("availability")
    return document


def cyclic_chains(document: Document) -> Document:
    """Each chain's links (``chain_<c>_<k>``) also need its head (``k`` = 0)."""
    chains: dict[str, list[str]] = {}
    for name in document["components"]:
        if name.startswith("chain_"):
            chains.setdefault(name.rsplit("_", 1)[0], []).append(name)
    for links in chains.values():
        head = min(links)
        for link in links:
            if link != head:
                document["components"][link].setdefault("depends_on", []).append(head)
    document["entrypoints"] = sorted(min(links) for links in chains.values())
    return document


def waived_spofs(document: Document) -> Document:
    document["accepted_risks"] = [
        {"component": name, "rule": "SPOF", "reason": "to be retired", "expires": "2099-12-31"}
        for name, body in document["components"].items()
        if body["kind"] in ("service", "database")
    ]
    return document


Case = tuple[str, str, str, Callable[[Document], Document], tuple[int, ...]]
CASES: tuple[Case, ...] = (  # name, shape, command, change, exit codes expected
    ("renamed zone", "legacy", "validate", renamed_zone, (2,)),
    ("renamed VMs", "legacy", "validate", renamed_vms, (2,)),
    ("misspelt key", "legacy", "validate", misspelt_key, (2,)),
    ("cyclic chains", "chain", "check", cyclic_chains, (0, 1)),
    ("waived SPOFs", "legacy", "check", waived_spofs, (0, 1)),
)


def timed(command: list[str], expected: tuple[int, ...], repeat: int) -> tuple[float, int]:
    """Best wall-clock seconds of ``repeat`` runs, and the lines it wrote to stderr."""
    best, lines = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(command, check=False, capture_output=True, text=True)
        best = min(best, time.perf_counter() - start)
        if done.returncode not in expected:
            sys.exit(f"{' '.join(command)}: exit {done.returncode}\n{done.stderr[-2000:]}")
        lines = len(done.stderr.splitlines())
    return best, lines


def rows_by_size(
    description: str, header: list[str], row: Callable[[int, Path, int], str], sizes: list[int]
) -> None:
    """A command line of sizes (default ``sizes``) and ``--repeat``, and the Markdown
    table of ``row(size, folder, repeat)`` for each, in a scratch folder."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("sizes", type=int, nargs="*", default=sizes)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    with tempfile.TemporaryDirectory(prefix="spofscan-bench-") as folder:
        for size in args.sizes:
            print(row(size, Path(folder), args.repeat), flush=True)


def run_case(case: Case, n: int, folder: str, repeat: int) -> str:
    """One row of the table: the clean file's time, the broken one's, its error lines."""
    name, shape, command, change, expected = case
    clean, broken = Path(folder, "clean.yaml"), Path(folder, "broken.yaml")
    clean.write_text(yaml.safe_dump(generate(n, shape=shape), sort_keys=False))
    broken.write_text(yaml.safe_dump(change(generate(n, shape=shape)), sort_keys=False))
    out = ["--format", "sarif", "-o", str(Path(folder, "out.sarif"))] if command == "check" else []
    base, _ = timed([SPOFSCAN, command, str(clean), *out], (0, 1), repeat)
    seconds, lines = timed([SPOFSCAN, command, str(broken), *out], expected, repeat)
    return f"| {name} | {n:,} | {command} | {base:.2f} | {seconds:.2f} | {lines:,} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[10_000])
    parser.add_argument("--repeat", type=int, default=1)
    names = [case[0] for case in CASES]
    parser.add_argument("--case", action="append", choices=names, help="default: every case")
    args = parser.parse_args()
    print("| case | components | command | clean s | broken s | error lines |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="spofscan-faults-") as folder:
        for n in args.sizes:
            for case in CASES:
                if args.case and case[0] not in args.case:
                    continue
                print(run_case(case, n, folder, args.repeat), flush=True)


if __name__ == "__main__":
    main()
