"""95% intervals of a share of samples: Clopper-Pearson's for the estimates, Wilson's for
the differences of paired estimates.

Clopper-Pearson's (exact binomial) interval holds the true proportion with probability
at least 0.95 whatever it is, five nines and more included, where Wilson's score
interval does not (docs/analysis.md); Wilson's, cheaper and two-sided about the share,
bounds the shares whose difference a paired estimate reports
(:mod:`spofscan.analysis.paired`).
"""

from __future__ import annotations

import math

from spofscan.analysis.results import Estimate

_Z95 = 1.959963984540054


def clopper_pearson(hits: int, n: int) -> tuple[float, float]:
    """The 95% Clopper-Pearson (exact binomial) interval of the proportion ``hits / n``:
    it holds the true proportion with probability at least 0.95, whatever it is. From
    the quantiles of the failures' share, which are small numbers near five nines."""
    from scipy.special import betaincinv  # only estimates pay for importing SciPy

    failed = n - hits
    low = 0.0 if failed == 0 else float(betaincinv(failed, n - failed + 1, 0.025))
    high = 1.0 if failed == n else float(betaincinv(failed + 1, n - failed, 0.975))
    return 1.0 - high, 1.0 - low


def wilson(hits: int, n: int) -> Estimate:
    """The proportion ``hits / n`` with its 95% Wilson score interval."""
    p = hits / n
    denom = 1 + _Z95**2 / n
    centre = (p + _Z95**2 / (2 * n)) / denom
    half = _Z95 * math.sqrt(p * (1 - p) / n + _Z95**2 / (4 * n * n)) / denom
    return Estimate(p, "monte-carlo", (max(0.0, centre - half), min(1.0, centre + half)))
