"""Lines of the text report that stand under the system's availability: the system's
MTBF and MTTR, and the availability tier with what it asks of the design."""

from __future__ import annotations

from rich.text import Text

from spofscan.analysis.results import Analysis
from spofscan.findings.tiers import Tier, tier_of
from spofscan.model.architecture import Architecture
from spofscan.units import human_hours


def frequency_lines(analysis: Analysis) -> list[Text]:
    """``System MTBF: ...``; nothing when no component gives an MTBF and an MTTR."""
    rate = analysis.frequency
    if rate is None or not any(e.mtbf_hours is not None for e in analysis.events):
        return []
    text = Text("System MTBF: ", style="bold")
    if rate.mtbf_hours is not None and rate.mttr_hours is not None:
        failures = rate.failures_per_year or 0.0
        text.append(
            f"{human_hours(rate.mtbf_hours)} between failures ({failures:.3g} failures a "
            f"year), MTTR {human_hours(rate.mttr_hours)}"
        )
    elif rate.failures_per_year == 0.0:
        text.append("no failure is possible")
    else:
        text.append(f"not computed: {rate.reason}")
        if rate.coverage is not None:
            share = 1 - rate.coverage
            text.append(f" ({share:.1%} of the downtime comes from components without them)")
    return [text]


def tier_line(arch: Architecture, tier: Tier) -> Text:
    """The tier of the strictest objective, what it asks of the design, and the entrypoints
    whose objectives fall in a laxer tier."""
    judged = any(arch.slo_of(entry) is not None for entry in arch.entrypoints)
    text = Text("Tier: ", style="bold")
    text.append(tier.label if judged else f"{tier.label}, the default without an objective")
    text.append(f": {tier.asks}")
    others = [(entry, tier_of(arch.slo_of(entry))) for entry in arch.entrypoints]
    laxer = [f"{entry}: {t.name} tier, {t.band}" for entry, t in others if t != tier]
    if laxer:
        text.append(f" ({'; '.join(laxer)})", style="dim")
    return text
