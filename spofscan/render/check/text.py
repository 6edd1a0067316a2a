"""The text report for people, drawn with rich: a pure function from report to text."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from spofscan.analysis.results import Analysis, CutSets, Estimate, costliest_first
from spofscan.findings.finding import Finding
from spofscan.model.architecture import Architecture
from spofscan.render.check.fixes import remediation_lines
from spofscan.render.check.headline import frequency_lines, tier_line
from spofscan.render.check.verdict import verdict_line
from spofscan.render.terminal import PLAIN, Terminal, to_text
from spofscan.report.check import CheckReport
from spofscan.units import (
    availability_cells,
    downtime_hours_per_year,
    human_hours,
    nines,
    percent,
)
from spofscan.words import joined, plural

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SHOWN_DOUBLE_FAULTS = 5
# A terminal shows this many SPOFs (those that cost the most) and unredundant chains: at
# 100,000 components, 35,516 SPOFs took rich 14 s to lay out as a table nobody reads.
# Each SPOF is also a finding; the JSON report lists every one.
SHOWN_SPOFS = 50
SHOWN_CHAINS = 50
SHOWN_IMPORTANCE = 5


def render_check(report: CheckReport, terminal: Terminal = PLAIN) -> str:
    """``check --format text``."""
    arch, analysis = report.architecture, report.analysis
    parts: list[RenderableType] = [
        _title(arch),
        availability_line("System", analysis.system, arch.system_objective),
        *frequency_lines(analysis),
        *_cost_line(arch, analysis.system),
        tier_line(arch, report.tier),
        _entrypoint_table(analysis),
        *_spof_section(arch, analysis),
        *_double_faults(analysis),
        *_importance(analysis),
        *_failover_lines(arch),
        *_findings(report.findings, report.in_baseline),
        *_disabled(report.disabled),
        _verdict(report),
        *remediation_lines(report),
    ]
    return to_text(parts, terminal)


def _title(arch: Architecture) -> Text:
    text = Text(f"{arch.name}", style="bold")
    text.append(
        f"  ({arch.file}: {plural(len(arch.components), 'component')}, "
        f"{plural(len(arch.entrypoints), 'entrypoint')})\n",
        style="dim",
    )
    return text


def availability_text(estimate: Estimate) -> str:
    """``99.95% (3.3 nines, 4.4 h down a year)``, with the interval of an estimate."""
    value = estimate.value
    n = nines(value)
    if n is not None:
        shown = f"{n:.2f} nines"
    elif estimate.method == "exact":
        shown = "no failure possible"
    else:
        shown = "no failure in any sample"
    text = f"{percent(value)} ({shown}, {human_hours(downtime_hours_per_year(value))} down a year)"
    if estimate.ci95:
        low, high = estimate.ci95
        text += f", Monte Carlo 95% interval {percent(low)} to {percent(high)}"
    return text


def availability_line(label: str, estimate: Estimate, slo: float | None) -> Text:
    text = Text(f"{label} availability: ", style="bold")
    text.append(availability_text(estimate))
    if slo is not None:
        met = estimate.value >= slo
        text.append(f"  objective {percent(slo)} ", style="dim")
        text.append("met" if met else "MISSED", style="green" if met else "bold red")
    return text


def _cost_line(arch: Architecture, estimate: Estimate) -> list[RenderableType]:
    rate = arch.downtime_cost_per_hour
    if rate is None:
        return []
    hours = downtime_hours_per_year(estimate.value)
    return [
        Text(
            f"Downtime cost: about {hours * rate:,.0f} a year "
            f"({human_hours(hours)} at {rate:,.0f} an hour)"
        )
    ]


def _entrypoint_table(analysis: Analysis) -> Table:
    table = Table(title="Entrypoints", title_justify="left", expand=False)
    for column in ("entrypoint", "availability", "nines", "downtime a year", "objective"):
        table.add_column(column)
    for entry in analysis.entrypoints:
        objective = "-"
        if entry.slo is not None:
            objective = f"{percent(entry.slo)} " + ("met" if entry.slo_met else "MISSED")
        table.add_row(
            entry.name,
            *availability_cells(entry.availability.value),
            Text(objective, style="green" if entry.slo_met else "red") if entry.slo else "-",
        )
    return table


def _spof_section(arch: Architecture, analysis: Analysis) -> list[RenderableType]:
    if not analysis.spofs:
        return [Text("No single point of failure.", style="green")]
    shown = analysis.costliest([spof.component for spof in analysis.spofs], SHOWN_SPOFS)
    more = len(analysis.spofs) - len(shown)
    title = f"Single points of failure ({len(analysis.spofs):,})"
    if more:
        title += f", the {len(shown):,} that cost the most"
    table = Table(title=title, title_justify="left")
    for column in ("component", "kind", "takes down", "defined at"):
        table.add_column(column)
    for spof in analysis.spofs:
        if spof.component not in shown:
            continue
        where = arch.components[spof.component].location
        table.add_row(
            Text(spof.component, style="bold red"),
            spof.kind,
            joined(spof.entrypoints),
            f"{where.file}:{where.line}",
        )
    parts: list[RenderableType] = [table]
    if more:
        parts.append(Text(f"  and {more:,} more: the JSON report lists every one (spofs)"))
    chains = [
        f"  {entry}: {' -> '.join(chain)}"
        for entry in sorted(analysis.chains)
        for chain in analysis.chains[entry]
        if len(chain) > 1
    ]
    if chains:
        parts.append(Text("Unredundant chains (each arrow a dependency nothing backs up):"))
        parts += [Text(line) for line in chains[:SHOWN_CHAINS]]
    if len(chains) > SHOWN_CHAINS:
        left = len(chains) - SHOWN_CHAINS
        parts.append(Text(f"  and {left:,} more: the JSON report lists every one (chains)"))
    return parts


def _double_faults(analysis: Analysis) -> list[RenderableType]:
    pairs = analysis.cut_sets.order_2
    if not pairs:
        return [Text("\nNo double fault takes an entrypoint down.")]
    partial = "" if analysis.cut_sets.order_2_complete else _partial(analysis.cut_sets)
    count = plural(len(pairs), "pair")
    text = Text(f"\nDouble faults: {count} of failures take an entrypoint down{partial}")
    shown = ", ".join(" + ".join(p) for p in pairs[:SHOWN_DOUBLE_FAULTS])
    more = (
        f", and {len(pairs) - SHOWN_DOUBLE_FAULTS:,} more"
        if len(pairs) > SHOWN_DOUBLE_FAULTS
        else ""
    )
    return [text, Text(f"  {shown}{more}")]


def _partial(cuts: CutSets) -> str:
    """What a search stopped at its budget says about the pairs it did not list."""
    if cuts.order_2_total is None:
        return " (search stopped at its budget)"
    return f" (search stopped at its budget; {cuts.order_2_total:,} in all)"


def _importance(analysis: Analysis) -> list[RenderableType]:
    known = [i for i in analysis.importance if i.criticality]
    ranked = sorted(known, key=lambda i: costliest_first(i.criticality, i.component))
    ranked = ranked[:SHOWN_IMPORTANCE]
    if not ranked:
        return []
    table = Table(title="What costs the most availability", title_justify="left")
    for column in ("component", "share of downtime", "Birnbaum importance"):
        table.add_column(column)
    for imp in ranked:
        birnbaum = "n/a" if imp.birnbaum is None else f"{imp.birnbaum:.4g}"
        table.add_row(imp.component, f"{imp.criticality or 0.0:.1%}", birnbaum)
    return [Text(""), table]


def _failover_lines(arch: Architecture) -> list[RenderableType]:
    """The downtime failovers cost, component by component, with the rate they assume."""
    paying = arch.failing_over
    if not paying:
        return []
    lines = [Text("Failover time (paid each time the active instance fails):", style="bold")]
    for comp in paying:
        mtbf, assumed = comp.mtbf_or_default
        source = f"the default for a {comp.kind}" if assumed else "its mtbf"
        lines.append(
            Text(
                f"  {comp.name}: {human_hours(comp.failover_hours_per_year)}"
                f" a year: {comp.failovers_per_year:.3g} failovers a year x "
                f"{human_hours(comp.failover_hours)} (MTBF {mtbf:,.0f} h, {source})"
            )
        )
    return [Text("\n").join(lines)]


def _findings(
    findings: Iterable[Finding], known: Callable[[Finding], bool]
) -> list[RenderableType]:
    lines: list[RenderableType] = [Text("\nFindings:", style="bold")]
    for finding in findings:
        line = Text(f"{finding.location}: ")
        line.append(finding.severity, style=_STYLE[finding.severity])
        line.append(f" {finding.message} ({finding.rule})")
        if finding.accepted:
            line.append(" [accepted risk]", style="dim")
        elif known(finding):
            line.append(" [in baseline]", style="dim")
        lines.append(line)
    return lines if len(lines) > 1 else [Text("\nNo findings.", style="green")]


def _disabled(rules: Iterable[str]) -> list[RenderableType]:
    names = sorted(rules)
    return [Text(f"Rules turned off: {', '.join(names)}", style="dim")] if names else []


def _verdict(report: CheckReport) -> Text:
    style = "bold green" if report.passed else "bold red"
    return Text(f"\n{verdict_line(report)}", style=style)
