"""Rules that weigh dependencies against the availability objectives.

SINGLE-REGION: an entrypoint aims at 99.99% or more (the multi-zone/region tier of
:mod:`spofscan.findings.tiers`, where a single region is an error), and every entrypoint
depends on one region: a region whose failure alone takes every entrypoint down, or the
only region that any entrypoint needs (through ``depends_on`` and ``runs_on``). Regions
must be modelled as components of kind ``region`` for the rule to see them.

DEPENDENCY-NINES: a hard dependency of an entrypoint (a component whose whole failure
takes the entrypoint down) needs one nine more than the entrypoint's objective, since
its downtime is all the entrypoint's too. The dependency is measured as a whole: its own
availability counts its instances only (k of n, binomially), not what it runs on or
needs, which are judged as dependencies in their own right. A single point of failure is
left to its SPOF (or EXTERNAL-SPOF) finding: one problem, one finding.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from spofscan.analysis.reachability import needed_by
from spofscan.analysis.results import Analysis
from spofscan.findings.finding import Finding, RuleContext, make_finding
from spofscan.findings.tiers import strictest
from spofscan.model.architecture import Architecture, Component
from spofscan.units import nines, percent
from spofscan.words import named

EPSILON = 1e-9


def single_regions(arch: Architecture, analysis: Analysis) -> list[str]:
    """The regions every entrypoint depends on (empty when none, or several, are)."""
    everyone = set(arch.entrypoints)
    culprits = {
        s.component for s in analysis.spofs if s.kind == "region" and set(s.entrypoints) >= everyone
    }
    per_entry = [{n for n in needed_by(arch, [e]) if arch.kind_of(n) == "region"} for e in everyone]
    regions = set().union(*per_entry)
    if len(regions) == 1 and all(per_entry):
        culprits |= regions
    return sorted(culprits)


def single_region(ctx: RuleContext) -> Iterator[Finding]:
    """A region every entrypoint depends on, under an objective of 99.99% or more."""
    arch, analysis = ctx.arch, ctx.analysis
    aims = [e.slo for e in analysis.entrypoints if e.slo is not None]
    if not aims or not strictest(aims).zones_and_regions:
        return
    for region in single_regions(arch, analysis):
        comp = arch.components[region]
        message = (
            f"every entrypoint depends on region {region}, yet an objective is "
            f"{percent(max(aims))}: one regional outage takes the whole system down"
        )
        yield make_finding("SINGLE-REGION", region, comp.kind, message, comp.location)


def asked_nines(objective: float) -> float:
    """The nines an objective asks of each hard dependency: one more than its own, and
    infinitely many for 100%.

    >>> round(asked_nines(0.999), 6), asked_nines(1.0)
    (4.0, inf)
    """
    n = nines(objective)
    return math.inf if n is None else n + 1


def own_availability(comp: Component) -> float:
    """Probability that at least ``min_healthy`` of the instances are up, by themselves."""
    n, k, a = comp.replicas, comp.min_healthy, comp.availability
    return sum(math.comb(n, j) * a**j * (1 - a) ** (n - j) for j in range(k, n + 1))


def dependency_nines(ctx: RuleContext) -> Iterator[Finding]:
    """A hard dependency, not already a SPOF, with fewer nines as a whole than its
    entrypoint's objective plus one."""
    arch, analysis = ctx.arch, ctx.analysis
    slos = {e.name: e.slo for e in analysis.entrypoints if e.slo is not None}
    spofs = {spof.component for spof in analysis.spofs}
    for name, entrypoints in analysis.hard_dependencies.items():
        if name in spofs:
            continue
        comp = arch.components[name]
        own = own_availability(comp)
        own_nines = nines(own)
        if own_nines is None:  # a dependency that never fails has every nine asked of it
            continue
        short = [
            e
            for e in entrypoints
            if e != name and e in slos and own_nines < asked_nines(slos[e]) - EPSILON
        ]
        if short:
            strictest = max(slos[e] for e in short)
            message = (
                f"{name} is a hard dependency of {named(short)} with {own_nines:.2f} nines "
                f"({_as_a_whole(comp)}{percent(own)}); an objective of {percent(strictest)} "
                f"asks for {asked_nines(strictest):.2f} in its dependencies"
            )
            yield make_finding("DEPENDENCY-NINES", name, comp.kind, message, comp.location)


def _as_a_whole(comp: Component) -> str:
    """How a replicated dependency is measured: ``2 replicas, 1 needed: ``."""
    if comp.replicas == 1:
        return ""
    return f"{comp.replicas} replicas, {comp.min_healthy} needed: "
