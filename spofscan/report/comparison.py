"""Compare two versions of an architecture: what a change adds, removes and costs.

A SPOF is matched by its component's name, a finding by
:func:`~spofscan.findings.fingerprint.finding_key` (rule and component, never the line),
an entrypoint by its name. The change *regresses* when it adds a SPOF that no unexpired
accepted risk covers, when the availability of an entrypoint present on both sides,
or of the whole system, falls by more than ``tolerance``: an absolute availability
fraction (``0.0001`` allows a fall of 0.01 percentage points, from 99.95% to 99.94%), or
when an entrypoint present on both sides falls from meeting its objective to missing it,
however small the fall (unless the SLO rule is turned off, as ``check`` lets it pass
then). The objective is the head's: the one the change is judged by. An objective met
again, or missed before already, adds nothing; a further fall of a missed one is the
tolerance's to judge.

Differences of at most :data:`NOISE` are rounding, not change, so a file compared with
itself, or with a reordered copy, never regresses. A Monte Carlo estimate counts as
lower only when the two 95% intervals do not overlap.

>>> from spofscan.analysis.results import Estimate
>>> change = AvailabilityChange("lb", Estimate(0.9995), Estimate(0.999))
>>> change.status, round(change.delta or 0.0, 6), change.lowered(0.0), change.lowered(0.001)
('changed', -0.0005, True, False)
>>> AvailabilityChange("lb", Estimate(0.9995), Estimate(0.999), slo=0.9992).newly_missed
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from spofscan.analysis.results import Analysis, Estimate, Spof
from spofscan.errors import UsageError
from spofscan.findings.finding import Finding
from spofscan.findings.fingerprint import finding_key
from spofscan.findings.rule_ids import SPOF_RULES

NOISE = 1e-12
Status = Literal["added", "removed", "changed", "unchanged"]


@dataclass(frozen=True)
class Version:
    """One side of a comparison: the file's name in messages, its title, its results."""

    file: str
    name: str
    analysis: Analysis
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class AvailabilityChange:
    """An entrypoint's (or the system's) availability before and after, None where
    absent; ``slo`` is the head's objective for it (None: none, or not in the head)."""

    name: str
    before: Estimate | None
    after: Estimate | None
    slo: float | None = None

    @property
    def status(self) -> Status:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed" if self.delta else "unchanged"

    @property
    def delta(self) -> float | None:
        """After minus before, 0.0 within :data:`NOISE`; None unless on both sides."""
        if self.before is None or self.after is None:
            return None
        delta = self.after.value - self.before.value
        return 0.0 if abs(delta) <= NOISE else delta

    def lowered(self, tolerance: float) -> bool:
        """Whether availability fell by more than ``tolerance`` (and beyond the noise)."""
        if self.before is None or self.after is None or self.delta is None:
            return False
        if -self.delta <= tolerance + NOISE:
            return False
        return not _overlap(_interval(self.before), _interval(self.after))

    @property
    def newly_missed(self) -> bool:
        """Whether availability fell (beyond the noise) from meeting ``slo`` to missing it."""
        if self.slo is None or self.before is None or self.after is None:
            return False
        return self.before.value >= self.slo > self.after.value and self.lowered(0.0)


@dataclass(frozen=True)
class SpofChange:
    """A SPOF present on one side only; ``accepted`` when an accepted risk covers it."""

    component: str
    kind: str
    entrypoints: tuple[str, ...]
    accepted: bool = False


@dataclass(frozen=True)
class Regression:
    """Why a change fails: a new SPOF, the system's or an entrypoint's availability that
    fell, or an entrypoint's objective that it newly misses."""

    kind: Literal["spof", "system", "entrypoint", "objective"]
    name: str


@dataclass(frozen=True)
class Comparison:
    """Everything ``spofscan diff`` reports about the change from ``base`` to ``head``."""

    base: str
    head: str
    name: str
    system: AvailabilityChange
    entrypoints: tuple[AvailabilityChange, ...]
    spofs_added: tuple[SpofChange, ...]
    spofs_removed: tuple[SpofChange, ...]
    findings_added: tuple[Finding, ...]
    findings_removed: tuple[Finding, ...]
    tolerance: float = 0.0
    objectives: bool = True  # whether an objective newly missed fails the change

    @property
    def regressions(self) -> tuple[Regression, ...]:
        """New unaccepted SPOFs, fallen availabilities (the system's first), then
        objectives newly missed, whatever the tolerance."""
        spofs = [Regression("spof", s.component) for s in self.spofs_added if not s.accepted]
        system = [Regression("system", SYSTEM)] if self.system.lowered(self.tolerance) else []
        fallen = [
            Regression("entrypoint", change.name)
            for change in self.entrypoints
            if change.lowered(self.tolerance)
        ]
        missed = [Regression("objective", c.name) for c in self.entrypoints if self.gates(c)]
        return (*spofs, *system, *fallen, *missed)

    def gates(self, change: AvailabilityChange) -> bool:
        """Whether ``change`` newly misses an objective, and that fails the change."""
        return self.objectives and change.newly_missed

    @property
    def passed(self) -> bool:
        return not self.regressions


SYSTEM = "system"


def compare(
    base: Version, head: Version, tolerance: float = 0.0, *, objectives: bool = True
) -> Comparison:
    """The change from ``base`` to ``head``, judged with ``tolerance`` (a fraction);
    an objective newly missed fails it unless ``objectives`` is False."""
    return Comparison(
        base=base.file,
        head=head.file,
        name=head.name,
        system=AvailabilityChange(SYSTEM, base.analysis.system, head.analysis.system),
        entrypoints=_entrypoints(base.analysis, head.analysis),
        spofs_added=_spofs(head, base),
        spofs_removed=_spofs(base, head),
        findings_added=_findings(head.findings, base.findings),
        findings_removed=_findings(base.findings, head.findings),
        tolerance=tolerance,
        objectives=objectives,
    )


def parse_tolerance(text: str) -> float:
    """A tolerance as a fraction, from a fraction (``0.0001``) or points (``0.01%``).

    >>> parse_tolerance("0.0001"), parse_tolerance("0.01%"), parse_tolerance("0")
    (0.0001, 0.0001, 0.0)
    """
    points = text.strip().endswith("%")
    try:
        value = float(text.strip().removesuffix("%"))
    except ValueError:
        value = math.nan
    if not 0.0 <= value < (100.0 if points else 1.0):
        raise UsageError(f"--tolerance: '{text}' is not a fraction in [0, 1) nor a percent")
    return value / 100.0 if points else value


def _entrypoints(base: Analysis, head: Analysis) -> tuple[AvailabilityChange, ...]:
    """Head's entrypoints in its order, then those only the base has, in the base's."""
    before = {e.name: e.availability for e in base.entrypoints}
    after = {e.name: e.availability for e in head.entrypoints}
    slo = {e.name: e.slo for e in head.entrypoints}
    names = [*after, *(name for name in before if name not in after)]
    return tuple(AvailabilityChange(n, before.get(n), after.get(n), slo.get(n)) for n in names)


def _spofs(side: Version, other: Version) -> tuple[SpofChange, ...]:
    """SPOFs of ``side`` whose component is no SPOF in ``other``, by name."""
    known = {spof.component for spof in other.analysis.spofs}
    accepted = {f.component for f in side.findings if f.rule in SPOF_RULES and f.accepted}
    fresh: Iterable[Spof] = (s for s in side.analysis.spofs if s.component not in known)
    changes = (
        SpofChange(s.component, s.kind, s.entrypoints, s.component in accepted) for s in fresh
    )
    return tuple(sorted(changes, key=lambda change: change.component))


def _findings(side: Iterable[Finding], other: Iterable[Finding]) -> tuple[Finding, ...]:
    """Findings of ``side`` (in its order, one per key) whose key ``other`` lacks."""
    known = {finding_key(f) for f in other}
    kept: dict[tuple[str, str], Finding] = {}
    for finding in side:
        if finding_key(finding) not in known:
            kept.setdefault(finding_key(finding), finding)
    return tuple(kept.values())


def _interval(estimate: Estimate) -> tuple[float, float]:
    """A Monte Carlo estimate's 95% interval; an exact value is an interval of one point."""
    return estimate.ci95 or (estimate.value, estimate.value)


def _overlap(first: tuple[float, float], second: tuple[float, float]) -> bool:
    return first[0] <= second[1] and second[0] <= first[1]
