"""Freed memory kept by the C allocator for the next allocation, not given back at once.

The analyses of large files make and drop numpy temporaries of megabytes by the
thousand (the failure draws of an estimate: about ten of 2 MB for each of a hundred
blocks at 100,000 components). By default glibc's allocator hands such blocks back to
the system when they are freed (blocks of more than its threshold, 128 KiB at first,
are mapped and unmapped one by one; the top of its heap is trimmed past twice that),
and takes fresh pages again for the next: each page then costs a fault, zeroed by the
kernel. On the machines measured, such faults are slow, and slower still while a
process forked beside (the structural analyses, the chunks shared) faults in pages of
its own: drawing the failures of ``legacy:100000`` took 0.9 s alone, 3.1 s beside the
structural analyses. Freed blocks of up to ``MAPPED_FROM`` are therefore taken from the
heap and the heap is trimmed only past ``TRIMMED_FROM`` free at its top: pages once
faulted in are used again. ``benchmarks/README.md`` has the figures.

Linux with glibc only (``mallopt``); elsewhere nothing changes.
"""

from __future__ import annotations

import ctypes
import sys

MAPPED_FROM = 64 * 2**20  # blocks of at least this many bytes mapped on their own
TRIMMED_FROM = 256 * 2**20  # free bytes at the top of the heap before it is given back

_M_TRIM_THRESHOLD = -1  # mallopt's parameters (malloc.h)
_M_MMAP_THRESHOLD = -3


def keep_freed_memory() -> bool:
    """Tell the C allocator to keep freed memory (module doc) for the rest of the
    process and the processes it forks; True when it took the settings."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    mapped = mallopt(_M_MMAP_THRESHOLD, MAPPED_FROM)
    trimmed = mallopt(_M_TRIM_THRESHOLD, TRIMMED_FROM)
    return bool(mapped and trimmed)
