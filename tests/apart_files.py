"""A file whose entrypoints compile apart, and a test double that makes them: every
diagram compiled whole outgrows its budget (:mod:`spofscan.analysis.entrypoints_apart`)."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from spofscan.analysis import system_diagram
from spofscan.analysis.bdd import BudgetExceeded, NodeBdds
from spofscan.analysis.entrypoints_apart import apart_split

# vm_a is series for one_head (which runs on it alone), not for two_head (whose tail has
# a replica on vm_b), and vm_b the other way round.
CHAINS = """\
spofscan: 1
name: two chains over shared VMs
components:
  vm_a: {kind: vm, availability: 99.5}
  vm_b: {kind: vm, availability: 99.5}
  one_head: {kind: service, availability: 99.9, runs_on: vm_a, depends_on: [one_tail]}
  one_tail: {kind: service, availability: 99.9, replicas: 2, runs_on: [vm_a, vm_b]}
  two_head: {kind: service, availability: 99.9, runs_on: vm_b, depends_on: [two_tail]}
  two_tail: {kind: service, availability: 99.9, replicas: 2, runs_on: [vm_a, vm_b]}
"""


def whole_outgrows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every diagram compiled whole outgrows its budget, diagrams in parts do not, and
    the entrypoints are compiled apart whenever one reads another's series variable."""

    class Outgrown(NodeBdds):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if kwargs.get("split") is None:
                raise BudgetExceeded("compiled whole")
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(system_diagram, "NodeBdds", Outgrown)
    always = functools.partial(apart_split, where_it_pays=False)
    monkeypatch.setattr(system_diagram, "apart_split", always)
