"""The words of a diagram: each box's label lines and tooltip, the title, the fixes note."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from spofscan.analysis.results import Estimate, WhatIf
from spofscan.findings.finding import Finding
from spofscan.model.architecture import Architecture, Component
from spofscan.render.diagram.model import TitleLine
from spofscan.report.check import CheckReport
from spofscan.units import HOURS_PER_YEAR, human_hours, nines, percent
from spofscan.words import plural

SHOWN_FIXES = 3
TIMES = "\N{MULTIPLICATION SIGN}"
NOTE_WIDTH = 48
NOTE_LINES = 4
TOOLTIP_WIDTH = 90


def availability_words(value: float) -> str:
    """``99.95% · 3.3 nines``, or ``100% · never fails``."""
    count = nines(value)
    if count is None:
        return "100% · never fails"
    return f"{percent(value)} · {count:.1f} nines"


def replica_words(comp: Component) -> str:
    """``x3`` (with a multiplication sign) when one replica is enough, ``2 of 3`` when
    more must be up; empty for a single replica."""
    if comp.replicas == 1:
        return ""
    if comp.min_healthy == 1:
        return f"{TIMES}{comp.replicas}"
    if comp.quorum:
        return f"{comp.min_healthy} of {comp.replicas} (majority)"
    return f"{comp.min_healthy} of {comp.replicas}"


def component_lines(comp: Component) -> tuple[str, ...]:
    """Name; kind and replicas (``managed``, the failover time and a common cause, where
    they apply); availability."""
    managed = "managed" if comp.managed else ""
    failover = f"failover {human_hours(comp.failover_hours)}" if comp.failover_hours > 0 else ""
    cause = "common cause" if comp.common_cause_unavailability > 0 else ""
    kind = " ".join(filter(None, (managed, comp.kind.replace("_", " "), replica_words(comp))))
    return (
        comp.name,
        " · ".join(filter(None, (kind, failover, cause))),
        availability_words(comp.availability),
    )


def ha_words(comp: Component) -> list[str]:
    """What the tooltip says of a component's quorum, failover, common cause, capacity."""
    words = []
    if comp.managed:
        words.append("managed service: the provider's SLA is its availability")
    if comp.quorum:
        words.append(f"quorum: a majority, {comp.min_healthy} of {comp.replicas}")
    if comp.capacity is not None and comp.peak_load is not None:
        words.append(
            f"peak {comp.peak_load:g} at {comp.capacity:g} a replica: needs {comp.min_healthy}"
        )
    if comp.failover_hours > 0:
        share = human_hours(comp.failover_hours_per_year)
        words.append(f"failover {human_hours(comp.failover_hours)} each time: {share} a year")
    if comp.failover is not None and comp.failover.needs:
        words.append(f"fails over only with {', '.join(comp.failover.needs)} up")
    if comp.common_cause_unavailability > 0:
        share = human_hours(comp.common_cause_unavailability * HOURS_PER_YEAR)
        words.append(f"common cause {comp.common_cause_name}: {share} a year")
    return words


def journey_lines(arch: Architecture, name: str) -> tuple[str, ...]:
    """Name; ``journey``; its objective if it has one."""
    slo = arch.slo_of(name)
    return (name, "journey", f"objective {percent(slo)}" if slo is not None else "no objective")


def tooltip(report: CheckReport, name: str, findings: Sequence[Finding]) -> str:
    """What the report says about a component or journey: its ``findings``, each with
    its fix, then the measured fix that buys the most."""
    arch = report.architecture
    lines = [f"{name} ({arch.kind_of(name)})"]
    comp = arch.components.get(name)
    if comp is not None:
        lines.append(f"availability {availability_words(comp.availability)}")
        if comp.runs_on:
            lines.append(f"runs on {', '.join(comp.runs_on)}")
        lines.extend(ha_words(comp))
    for finding in findings:
        accepted = " [accepted risk]" if finding.accepted else ""
        lines.append(f"{finding.severity} {finding.rule}{accepted}: {finding.message}")
        lines.append(f"  fix: {finding.remediation}")
    for fix in [f for f in report.remediation.fixes if f.component == name][:1]:
        saved = human_hours(fix.downtime_saved_hours_per_year)
        lines.append(f"measured fix: {fix.action} (saves {saved} of downtime a year)")
    return "\n".join(_wrap(lines, TOOLTIP_WIDTH))


def check_title(report: CheckReport, journey: str | None) -> tuple[TitleLine, ...]:
    """Name; availability against the objective; the count of SPOFs."""
    arch, analysis = report.architecture, report.analysis
    lines: list[TitleLine] = [(arch.name, "plain")]
    if journey is not None:
        entry = next(e for e in analysis.entrypoints if e.name == journey)
        what = "journey" if journey in arch.journeys else "entrypoint"
        lines.append(_prefixed(f"{what} {journey}: ", judged(entry.availability, entry.slo)))
    elif len(arch.distinct_objectives) == 1:
        lines.append(_prefixed("availability ", judged(analysis.system, arch.system_objective)))
    else:
        lines.append((f"availability {judged(analysis.system, None)[0]}", "plain"))
        lines += [
            _prefixed(f"{e.name}: ", judged(e.availability, e.slo)) for e in analysis.entrypoints
        ]
    count = sum(journey is None or journey in s.entrypoints for s in analysis.spofs)
    lines.append((f"{plural(count, 'single point')} of failure", "bad" if count else "good"))
    return tuple(lines)


def what_if_title(arch: Architecture, result: WhatIf, before: Estimate) -> tuple[TitleLine, ...]:
    """The question; the availability after; which entrypoints go down."""
    verb = "fails" if len(result.failed) == 1 else "fail"
    gone = ", ".join(result.entrypoints_down) or "none"
    after = f"{percent(result.availability_after.value)} (before: {percent(before.value)})"
    return (
        (f"{arch.name}: what if {', '.join(result.failed)} {verb}?", "plain"),
        (f"availability after: {after}", "plain"),
        (f"entrypoints down: {gone}", "bad" if result.entrypoints_down else "good"),
    )


def judged(estimate: Estimate, slo: float | None) -> TitleLine:
    """``99.44% (2.25 nines) vs objective 99.9%: MISSED``, and whether it is met."""
    count = nines(estimate.value)
    text = percent(estimate.value) + (f" ({count:.2f} nines)" if count is not None else "")
    if estimate.method != "exact":
        text = "about " + text
    if slo is None:
        return text, "plain"
    met = estimate.value >= slo
    return f"{text} vs objective {percent(slo)}: {'met' if met else 'MISSED'}", (
        "good" if met else "bad"
    )


def _prefixed(prefix: str, line: TitleLine) -> TitleLine:
    return prefix + line[0], line[1]


def fix_notes(report: CheckReport) -> tuple[str, ...]:
    """The side note: the fixes that buy the most (those of accepted risks last, and
    marked), one wrapped paragraph each; and how many went unmeasured, if any did."""
    useful = [f for f in report.fixes if f.downtime_saved_hours_per_year > 0]
    note = report.remediation.unmeasured_note
    unmeasured = textwrap.wrap(f"{note[:1].upper()}{note[1:]}.", NOTE_WIDTH) if note else []
    if not useful:
        return tuple(unmeasured)
    shown = useful[:SHOWN_FIXES]
    last = " (accepted risks last)" if report.accepted_fix(shown[-1]) else ""
    # an exact file's fixes that outgrew the budget are estimated among exact ones
    every = all(fix.downtime_saved_ci95 is not None for fix in shown)
    estimated = " (Monte Carlo estimates)" if every else ""
    lines = [f"Top fixes, by downtime saved a year{estimated}{last}:"]
    for number, fix in enumerate(shown, start=1):
        saved = human_hours(fix.downtime_saved_hours_per_year).replace(" ", "\u00a0")
        accepted = "accepted risk; " if report.accepted_fix(fix) else ""
        about = "about " if fix.downtime_saved_ci95 is not None and not every else ""
        text = f"{number}. {fix.component} ({accepted}saves {about}{saved}): {fix.action}"
        lines.extend(textwrap.wrap(text, NOTE_WIDTH, subsequent_indent="   ", max_lines=NOTE_LINES))
    return (*lines, *unmeasured)


def _wrap(lines: Sequence[str], width: int) -> list[str]:
    """Each line wrapped to ``width``, continuations indented two more than the line.
    A short, plain line is kept as it is, as textwrap would keep it (a drawing has
    tens of thousands of tooltip lines, most of them short)."""
    wrapped: list[str] = []
    for line in lines:
        if len(line) <= width and line.isprintable() and not line.endswith(" "):
            wrapped.append(line)
            continue
        indent = " " * (len(line) - len(line.lstrip()) + 2)
        wrapped.extend(textwrap.wrap(line, width, subsequent_indent=indent) or [""])
    return wrapped


def wrap_text(text: str, width: int = TOOLTIP_WIDTH) -> list[str]:
    """One paragraph wrapped for a tooltip."""
    return textwrap.wrap(text, width, subsequent_indent="  ")
