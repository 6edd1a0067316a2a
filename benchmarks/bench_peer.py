"""spofscan next to SCRAM, an open-source C++ risk-analysis engine, on the same models.

For each synthetic architecture (``generate.py``, by shape and size) the table gives the
whole of ``spofscan check`` (in a process of its own, imports excluded), the same as a
command (``spofscan check FILE --format json``, wall time: Python's start and the
imports included, as SCRAM's run includes its own), its method and the time of its
availability step alone, then SCRAM's run on the same failure logic
written as an Open-PSA MEF fault tree (``open_psa.py``): ``scram --bdd --probability
true`` (exact, from its BDD), its time and result, and whether the two agree. SCRAM
prints 6 significant digits, so agreement is to that precision.

SCRAM is optional (Debian's ``scram`` package): without it the SCRAM columns are empty.
Each SCRAM run is stopped after ``--timeout`` seconds (default 60) and limited to
``--memory`` GiB (default 8).

    python benchmarks/bench_peer.py                        # the default models
    python benchmarks/bench_peer.py layered:150 stacks:1200 --timeout 120
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import run_child, write_architecture
from open_psa import fault_tree

MODELS = (
    "layered:100",
    "layered:150",
    "layered:300",
    "layered:1000",
    "stacks:120",
    "stacks:1200",
    "legacy:100",
    "legacy:200",
    "legacy:300",
    "chain:300",
)
COLUMNS = (
    ("model", 14),
    ("check s", 8),
    ("command s", 9),
    ("method", 12),
    ("avail. s", 8),
    ("SCRAM s", 8),
    ("SCRAM", 22),
    ("agree", 6),
)


def check(path: Path) -> dict[str, Any]:
    """``spofscan check`` in-process: its time, method and availability, and the time of
    the availability step alone."""
    from spofscan import pipeline
    from spofscan.allocator import keep_freed_memory
    from spofscan.analysis.availability import availability
    from spofscan.analysis.compiled_structure import compile_structure
    from spofscan.loading import load_architecture
    from spofscan.render.check import render
    from spofscan.report.options import ReportFormat

    keep_freed_memory()  # as the command does, before its work
    start = time.perf_counter()
    report = pipeline.check(path)
    render(ReportFormat.json, report)  # as check --format json renders it
    seconds = time.perf_counter() - start
    s = compile_structure(load_architecture(path))
    start = time.perf_counter()
    availability(s)
    step = time.perf_counter() - start
    system = report.analysis.system
    return {"seconds": seconds, "method": system.method, "value": system.value, "step": step}


def scram(xml: Path, timeout: float, memory_gib: float) -> dict[str, Any]:
    """One SCRAM run: its time, and the top event's probability (None: no answer)."""
    out = xml.with_suffix(".out.xml")
    limit = f"ulimit -v {int(memory_gib * 1024 * 1024)}"
    command = ["scram", "--bdd", "--probability", "true", "--importance", "false", "-l", "1"]
    script = f'{limit}; exec "$@"'
    start = time.perf_counter()
    try:
        done = subprocess.run(
            ["bash", "-c", script, "scram", *command, str(xml), "-o", str(out)],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": time.perf_counter() - start, "p_down": None, "why": "timeout"}
    seconds = time.perf_counter() - start
    if done.returncode or not out.exists():
        why = "out of memory" if b"alloc" in done.stderr else f"exit {done.returncode}"
        return {"seconds": seconds, "p_down": None, "why": why}
    found = re.search(r'name="system_down"[^>]*\bprobability="([^"]+)"', out.read_text())
    return {"seconds": seconds, "p_down": float(found.group(1)) if found else None, "why": ""}


def agree(value: float, p_down: float) -> bool:
    """Whether 1 - value is p_down to SCRAM's 6 significant digits."""
    ours = 1.0 - value
    return abs(ours - p_down) <= 5e-6 * max(abs(p_down), 1e-300) + 1e-15


def row(model: str, ours: dict[str, Any], peer: dict[str, Any] | None) -> str:
    peer_seconds = peer_value = agreed = ""
    if peer is not None:
        peer_seconds = f"{peer['seconds']:.2f}"
        if peer["p_down"] is None:
            peer_value = peer["why"]
        else:
            peer_value = f"exact {1.0 - peer['p_down']:.10f}"
            if ours.get("method") == "exact":
                agreed = "yes" if agree(ours["value"], peer["p_down"]) else "NO"
    cells = (
        model,
        f"{ours['seconds']:.2f}",
        f"{ours['command']:.2f}" if "command" in ours else "",
        str(ours.get("method", "")),
        f"{ours['step']:.3f}" if "step" in ours else "",
        peer_seconds,
        peer_value,
        agreed,
    )
    return " ".join(f"{c:>{w}}" for c, (_, w) in zip(cells, COLUMNS, strict=True))


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(check(Path(sys.argv[3]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=list(MODELS), help="shape:size, ...")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a SCRAM run")
    parser.add_argument("--memory", type=float, default=8.0, help="GiB a SCRAM run")
    parser.add_argument("--check-timeout", type=float, default=1800.0)
    args = parser.parse_args()
    from spofscan.analysis.compiled_structure import compile_structure
    from spofscan.loading import load_architecture

    has_scram = shutil.which("scram") is not None
    print(" ".join(f"{name:>{w}}" for name, w in COLUMNS))
    with tempfile.TemporaryDirectory() as scratch:
        for model in args.models:
            shape, size = model.split(":")
            path = Path(scratch) / f"{shape}-{size}.yaml"
            write_architecture(path, int(size), args.seed, shape)
            ours = run_child_check(path, args.check_timeout)
            ours["command"] = command_seconds(path, args.check_timeout)
            peer = None
            if has_scram:
                xml = path.with_suffix(".xml")
                try:
                    xml.write_text(fault_tree(compile_structure(load_architecture(path))))
                except ValueError as err:  # a cycle: no fault tree
                    peer = {"seconds": 0.0, "p_down": None, "why": str(err)[:20]}
                else:
                    peer = scram(xml, args.timeout, args.memory)
            print(row(model, ours, peer), flush=True)
    if not has_scram:
        print("SCRAM is not installed (Debian: apt-get install scram): its columns are empty.")


def command_seconds(path: Path, timeout: float) -> float:
    """Wall time of ``spofscan check`` as a user runs it, JSON written to a file (exit 0
    or 1: findings are no failure here)."""
    report = path.with_suffix(".json")
    command = [sys.executable, "-m", "spofscan", "check", str(path), "--format", "json"]
    start = time.perf_counter()
    done = subprocess.run(
        [*command, "-o", str(report)], capture_output=True, timeout=timeout, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"spofscan check {path.name}: exit {done.returncode}")
    return seconds


def run_child_check(path: Path, timeout: float) -> dict[str, Any]:
    """:func:`check` in a process of its own (``bench_check``'s runner, this file's job)."""
    return run_child("peer", path, timeout, script=__file__)


if __name__ == "__main__":
    main()
