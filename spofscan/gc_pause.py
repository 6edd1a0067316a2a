"""Keep Python's cycle collector out of the way while a model is built and analysed.

Loading a large file creates hundreds of thousands of small, long-lived objects (YAML
nodes, values, locations, model records) and almost no reference cycles. Each full pass
of the cycle collector walks every one of them, and it runs many times while they are
being created: on a 10,000-component file that is more time than the analysis itself.
Reference counting still frees everything that is not in a cycle; the collector runs
again as usual once the outermost paused call returns.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def collector_paused(func: Callable[P, R]) -> Callable[P, R]:
    """``func`` with the cycle collector paused while it runs (nested calls are free)."""

    @functools.wraps(func)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return func(*args, **kwargs)
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            gc.enable()

    return paused
