"""The C allocator keeps freed memory for the process's next allocations."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

# Resident memory, in MiB, before and after a 32 MiB array is freed, in a process of its
# own (the setting holds for the whole process); the array is written whole first.
SCRIPT = """
import sys
import numpy as np
from spofscan.allocator import keep_freed_memory

def resident():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20

took = keep_freed_memory() if sys.argv[1] == "kept" else None
block = np.ones(2**22)
before = resident()
del block
print(took, round(before - resident()))
"""


def freed(mode: str) -> tuple[str, int]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, check=True, cwd=ROOT
    )
    took, given_back = done.stdout.split()
    return took, int(given_back)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_freed_memory_stays_with_the_process() -> None:
    assert freed("default") == ("None", 32)  # given back to the system at once
    took, given_back = freed("kept")
    assert took == "True"
    assert given_back == 0
