"""Time the commands that should answer at once: ``--version``, ``schema``, ``explain``.

None of them analyses anything, so their time is start-up: the interpreter, Typer, and
whatever spofscan imports before it can answer. For scale, the table starts with the
floors under them, each a fresh process: Python doing nothing, Python importing Typer,
and a one-command Typer program given one argument (Typer 0.29 imports pydantic to
coerce any value that is not a flag, so every spofscan command that takes one, such as
``explain SPOF``, pays that too).

    python benchmarks/bench_startup.py
    python benchmarks/bench_startup.py --repeat 20

Figures are wall-clock seconds, the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

SPOFSCAN = str(Path(sys.executable).with_name("spofscan"))
TYPER_ONE_ARGUMENT = """
import typer
app = typer.Typer()
@app.command()
def main(name: str) -> None:
    pass
app()
"""

COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("python -c pass", (sys.executable, "-c", "pass")),
    ("python -c 'import typer'", (sys.executable, "-c", "import typer")),
    ("a Typer program, one argument", (sys.executable, "-c", TYPER_ONE_ARGUMENT, "x")),
    ("spofscan --version", (SPOFSCAN, "--version")),
    ("spofscan schema", (SPOFSCAN, "schema")),
    ("spofscan explain", (SPOFSCAN, "explain")),
    ("spofscan explain SPOF", (SPOFSCAN, "explain", "SPOF")),
)


def best_of(repeat: int, command: tuple[str, ...]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    width = max(len(name) for name, _ in COMMANDS)
    print(f"{'command':<{width}}  seconds")
    for name, command in COMMANDS:
        print(f"{name:<{width}}  {best_of(args.repeat, command):7.3f}")


if __name__ == "__main__":
    main()
