"""A test double that records the variable orders each whole diagram a module builds is
tried in (:class:`~spofscan.analysis.bdd.NodeBdds`'s ``force_first`` and
``force_only``)."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

from spofscan.analysis.bdd import NodeBdds


def recorded_orders(monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> list[str]:
    """The orders of each diagram ``module`` compiles from now on, recorded as it is
    built: ``"force only"``, ``"force first"`` or ``"depth-first, force"``."""
    orders: list[str] = []

    class Recorded(NodeBdds):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if kwargs.get("force_only"):
                orders.append("force only")
            elif kwargs.get("force_first"):
                orders.append("force first")
            else:
                orders.append("depth-first, force")
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(module, "NodeBdds", Recorded)
    return orders
