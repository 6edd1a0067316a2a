"""A large file's plan: greedy over the fixes measured alone, the combined file measured
at the end.

On a small file, each round of :func:`~spofscan.remediation.greedy.greedy_plan` measures
new fixes on the file as fixed so far. On a large file every measurement is an analysis
of the whole file, so a plan of a dozen rounds would cost dozens of them. Here the plan
takes, among the fixes already measured alone, the best one left (the most saved, or the
most per price when priced), unless it changes an entry a step took already, until their
gains added up would meet every objective; then the combined file is measured once, and
one more step is taken while it misses (at most ``EXTRA_STEPS`` times). Gains do not
quite add up (two fixes in series each save less once the other is in), which is why
the combined file is measured, and the plan's figure is that measurement.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spofscan.remediation.greedy import MAX_PLAN_STEPS, cheapest_gain
from spofscan.remediation.plan import Fix, Plan
from spofscan.remediation.pricing import cost_of_a_nine
from spofscan.remediation.snippets import snippet_names

EXTRA_STEPS = 2  # steps a plan takes, measured again each time, when the sum fell short
MAX_FAILURES = 4  # combined files without an answer before the plan stops (12 steps halve
# to one in four)


@dataclass(frozen=True)
class Reached:
    """Where the combined file stands: its availability, the objectives' verdict and,
    when it is an estimate, the 95% interval of that availability."""

    availability: float
    objectives_met: bool | None
    ci95: tuple[float, float] | None = None


# The combined file of these steps, changing these entries, measured (None: no answer).
Combine = Callable[[list[Fix], set[str]], Reached | None]


def summed_plan(
    fixes: Sequence[Fix],
    start: Reached,
    goals: Sequence[float],
    combine: Combine,
    *,
    priced: bool,
) -> Plan:
    """The plan over ``fixes`` (best first) from ``start``, for the objectives ``goals``
    (module doc); each combined file is measured by ``combine``. When a combined file
    cannot be measured (its diagram outgrows the budget), the last half of the steps
    not measured yet are dropped, again until one can, and the plan goes on with the
    fixes left; after ``MAX_FAILURES`` such files it stops. Steps taken after the last
    combined file that could be measured are left out of it."""
    met = start.objectives_met if goals else None
    reached = start
    left, steps, measured = list(fixes), list[Fix](), list[Fix]()
    taken: set[str] = set()  # the entries the steps change
    expected, tries, failures = start.availability, 0, 0

    def drop_last() -> None:
        nonlocal expected
        gone = steps.pop()
        taken.difference_update(snippet_names(gone.snippet))
        expected -= gone.availability_after - start.availability

    while met is False and left and len(steps) < MAX_PLAN_STEPS:
        best = cheapest_gain(left, start.availability) if priced else left[0]
        left.remove(best)
        touched = set(snippet_names(best.snippet))
        if touched & taken or best.availability_after <= start.availability:
            continue
        steps.append(best)
        taken |= touched
        expected += best.availability_after - start.availability
        if expected < max(goals) and left and len(steps) < MAX_PLAN_STEPS:
            continue
        combined = combine(steps, taken)
        while combined is None and failures < MAX_FAILURES and len(steps) > len(measured):
            failures += 1  # half the steps not measured yet go, until an answer comes
            keep = len(measured) + (len(steps) - len(measured)) // 2
            while len(steps) > keep:
                drop_last()
            if len(steps) > len(measured):
                combined = combine(steps, taken)
        if combined is None:
            if failures >= MAX_FAILURES:
                break
            continue
        reached, measured = combined, list(steps)
        met = combined.objectives_met
        tries += 1
        if tries > EXTRA_STEPS:
            break
    else:  # no fix left to take: the steps taken since the last measurement, measured
        if len(steps) > len(measured) and (combined := combine(steps, taken)) is not None:
            reached, measured, met = combined, list(steps), combined.objectives_met
    value = reached.availability
    if not priced:
        return Plan(tuple(measured), value, met, ci95=reached.ci95)
    price = sum(step.cost_per_month or 0.0 for step in measured)
    nine = cost_of_a_nine(start.availability, value, price)
    return Plan(tuple(measured), value, met, "greedy-priced", price, nine, reached.ci95)
