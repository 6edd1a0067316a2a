"""System failure frequency, MTBF and MTTR from the components' MTBF and MTTR.

Each basic event e alternates between up (for MTBF_e on average) and down (MTTR_e), so
in steady state it fails a_e * lambda_e = 1 / (MTBF_e + MTTR_e) times an hour. For
independent events, the system fails at the rate

    omega = sum over e of B_e * a_e * lambda_e

where B_e = dA/da_e is the Birnbaum importance of the event's own variable: the
probability that the rest of the system is in a state where e alone decides. Then the
system's mean up time between failures is MTBF = A / omega and its mean time to repair
MTTR = (1 - A) / omega, so that A = MTBF / (MTBF + MTTR) holds for the system too.

The rate needs every event that matters (B_e > 0) to give an MTBF and an MTTR: a
partial sum would undercount failures and make the system look sturdier than it is. So
the numbers are given only when coverage is complete; otherwise ``coverage`` says what
share of the unavailability the events with MTBF and MTTR account for: 1 minus the
unavailability left if they never failed, over the whole unavailability.

One backward pass over the diagram gives every B_e (:func:`spofscan.analysis.bdd_arrays.gradient`),
so the cost is linear in the diagram's size; over a system compiled in modules, one
pass over each part and the chain rule (:mod:`spofscan.analysis.modular`).

>>> from spofscan.model.examples import tiny_architecture
>>> from spofscan.analysis.analyse import analyse
>>> analyse(tiny_architecture()).frequency.missing
('api', 'db', 'vm')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spofscan.analysis.bdd_arrays import Evaluation
from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.results import FailureFrequency
from spofscan.units import HOURS_PER_YEAR
from spofscan.words import listed

TINY = 1e-15  # a Birnbaum importance below this is floating-point dust, not influence
NOT_EXACT = "the availability is a Monte Carlo estimate; MTBF and MTTR need the exact diagram"


def failure_frequency(
    s: Structure,
    var_of: dict[tuple[int, int], int],
    at: Evaluation,
    system_at: Callable[[Sequence[float]], float],
) -> FailureFrequency:
    """Failures a year, MTBF and MTTR of the system: ``var_of`` gives the level of each
    event's variable; ``at`` is the system's availability at the variables'
    probabilities, with its gradient; ``system_at`` its availability at others."""
    system, probs, grad = at.value, at.probs, at.gradient
    events = range(len(s.events))
    levels = {e: var_of.get((s.event_node[e], s.event_instance[e])) for e in events}
    relevant = {e: lvl for e, lvl in levels.items() if lvl is not None and grad[lvl] > TINY}
    if not relevant or system >= 1.0:
        return FailureFrequency(0.0, None, None, 1.0, reason="no failure is possible")
    covered = [e for e in relevant if _has_rates(s, e)]
    coverage = _coverage(system_at, probs, [relevant[e] for e in covered], system)
    if len(covered) < len(relevant):
        missing = sorted({s.events[e].component for e in relevant if e not in covered})
        verb = "gives" if len(missing) == 1 else "give"
        reason = f"{listed(missing, most=4)} {verb} no MTBF and MTTR"
        return FailureFrequency(None, None, None, coverage, tuple(missing), reason)
    per_hour = sum(grad[lvl] * _rate(s, e) for e, lvl in relevant.items())
    if not per_hour > 0.0:  # MTBFs so long that the rates underflow
        return FailureFrequency(None, None, None, coverage, reason=TOO_RARE)
    return FailureFrequency(
        per_hour * HOURS_PER_YEAR, system / per_hour, (1.0 - system) / per_hour, coverage
    )


TOO_RARE = "the failure rates are too small to compute (MTBFs of astronomical length)"


def not_exact() -> FailureFrequency:
    """The frequency of a Monte Carlo estimate: not computed, and why."""
    return FailureFrequency(None, None, None, None, reason=NOT_EXACT)


def _has_rates(s: Structure, e: int) -> bool:
    event = s.events[e]
    return event.mtbf_hours is not None and event.mttr_hours is not None


def _rate(s: Structure, e: int) -> float:
    """a_e * lambda_e: how often event e fails, per hour, in steady state."""
    event = s.events[e]
    assert event.mtbf_hours is not None
    return event.availability / event.mtbf_hours


def _coverage(
    system_at: Callable[[Sequence[float]], float],
    probs: Sequence[float],
    levels: list[int],
    system: float,
) -> float:
    """1 - (unavailability left if the ``levels`` never failed) / unavailability."""
    perfect = list(probs)
    for level in levels:
        perfect[level] = 1.0
    left = 1.0 - system_at(perfect)
    return min(1.0, max(0.0, 1.0 - left / (1.0 - system)))
