"""The system's availability under one scenario after another, on one loaded model.

What :func:`spofscan.analysis.availability.availability` gives as ``system`` for the
same evidence and settings, to the last bit, without compiling or drawing again for
each scenario (the explorer asks after every ``fail`` and ``restore``):

- **Exact** (the diagrams fit their budget): the diagrams with nothing forced down are
  compiled once, as ``availability`` compiles them (whole, in parts, or each entrypoint
  apart: :func:`~spofscan.analysis.system_diagram.compile_system`); a scenario's dead
  instances are variables set to probability 0, one pass over the arrays. A node forced
  down is not a variable: when nothing needs it, forcing it down leaves every other
  node's diagram as it was, and the system down if it is an entrypoint (the diagram of
  a journey, the only node a what-if forces down); a node that others need is compiled
  again with it forced down, as ``availability`` does.
- **Monte Carlo**: one draw and the states with nothing failed, kept; each scenario
  evaluates again only the nodes downstream of what it fails
  (:mod:`spofscan.analysis.scenario_samples`).

>>> from spofscan.analysis.compiled_structure import compile_structure
>>> from spofscan.analysis.what_if import resolve_names
>>> from spofscan.model.examples import tiny_architecture
>>> arch = tiny_architecture()
>>> s = compile_structure(arch)
>>> scenarios = Scenarios(s)
>>> evidence = resolve_names(arch, s, ["vm"])
>>> scenarios.system(evidence) == availability(s, evidence).system
True
"""

from __future__ import annotations

import contextlib

from spofscan.analysis.availability import Settings, availability, clamp, instance_probabilities
from spofscan.analysis.bdd import BudgetExceeded, NodeBdds
from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.evidence import NOTHING_DOWN, Evidence
from spofscan.analysis.results import Estimate
from spofscan.analysis.scenario_samples import SampledScenarios
from spofscan.analysis.system_diagram import System, compile_system


class Scenarios:
    """Availability of ``s``'s system under evidence after evidence, with ``settings``;
    the diagram, or the draw, made on first use and kept."""

    def __init__(self, s: Structure, settings: Settings | None = None) -> None:
        self.structure = s
        self.settings = settings or Settings()
        self._diagram: _Diagram | None = None
        self._samples: SampledScenarios | None = None

    def system(self, evidence: Evidence = NOTHING_DOWN) -> Estimate:
        """The system's availability given ``evidence``, as ``availability`` gives it."""
        diagram = self._exact()
        if diagram is not None:
            found = diagram.system(evidence)
            if found is not None:
                return found
        elif not evidence.nodes:
            return self._sampled().estimate(evidence)
        # A node forced down that others need (exact), or any (estimated: with it down
        # the diagram may fit where the whole one did not): as availability does it.
        return availability(self.structure, evidence, self.settings).system

    def _exact(self) -> _Diagram | None:
        s = self.structure
        if self._diagram is None:
            # too large: compile_system remembers it, and the next call fails at once
            with contextlib.suppress(BudgetExceeded):
                self._diagram = _Diagram(s, *compile_system(s, frozenset(), self.settings))
        return self._diagram

    def _sampled(self) -> SampledScenarios:
        if self._samples is None:
            settings = self.settings
            self._samples = SampledScenarios(
                self.structure, samples=settings.samples, seed=settings.seed
            )
        return self._samples


class _Diagram:
    """The diagrams of every node with nothing forced down, and the system's."""

    def __init__(self, s: Structure, diagram: NodeBdds, system: System) -> None:
        self.structure = s
        self.diagram = diagram
        self.compiled = system
        self._needed = {need for n in range(len(s.nodes)) for need in s.requirements(n)}

    def system(self, evidence: Evidence) -> Estimate | None:
        """The exact availability given ``evidence``; None when it forces down a node
        that others need (its diagram would change)."""
        s = self.structure
        if any(node in self._needed for node in evidence.nodes):
            return None
        if any(node in evidence.nodes for node in s.entrypoints):
            return Estimate(0.0)  # an entrypoint down: "all of them up" is false
        probs = instance_probabilities(s, self.diagram, evidence.instances)
        return Estimate(clamp(self.compiled.system(probs)))
