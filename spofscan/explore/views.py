"""The explorer's answers in words: pure functions from the session's values to rich
renderables, which :mod:`spofscan.explore.commands` draws for a terminal of some width."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.text import Text

from spofscan.analysis.results import Estimate, WhatIf
from spofscan.analysis.scenario_cut_sets import FurtherFailures
from spofscan.analysis.what_if import FailureState
from spofscan.explore.session import Model
from spofscan.remediation import Fix
from spofscan.render.check.text import availability_line, availability_text
from spofscan.render.what_if.text import names_line, outcome_lines
from spofscan.units import downtime_hours_per_year, human_hours, percent
from spofscan.words import joined, plural

Lines = list[RenderableType]


def headline(model: Model, result: WhatIf) -> Lines:
    """Two lines after each change of the scenario: what is down, and the availability."""
    if not result.failed:
        first = Text("Nothing failed.")
    else:
        entries = len(result.entrypoints_down)
        first = Text(f"Failed: {', '.join(result.failed)}. ")
        first.append(
            f"Down: {len(result.down):,}, degraded: {len(result.degraded):,}, "
            f"lost redundancy: {len(result.reduced):,}, "
        )
        first.append(
            f"entrypoints down: {entries} of {len(model.arch.entrypoints):,}",
            style="bold red" if entries else "green",
        )
    return [first, *_availability(model, result)]


def status(model: Model, result: WhatIf) -> Lines:
    """What the scenario does, as ``what-if`` says it, and the availability now."""
    lines: Lines = [names_line("Failed", result.failed, "bold"), *outcome_lines(result)]
    return lines + _availability(model, result)


def _availability(model: Model, result: WhatIf) -> Lines:
    objective = model.arch.system_objective
    now = availability_line("Now, system", result.availability_after, objective)
    base = model.report.analysis.system
    without = Text(f"Without failures: {availability_text(base)}", style="dim")
    if model.applied:
        without.append(_of(model), style="dim")
    return [now, without] if result.failed else [now]


def why(model: Model, state: FailureState, name: str, failed: Sequence[str]) -> Lines:
    """Why ``name`` is down (the chain to what was failed), or how it stands if up."""
    if name in failed:
        return [Text(f"{name} is down: it was failed (restore {name} to bring it back).")]
    chain = state.why(name)
    if chain is not None:
        return [Text(f"{name} is down: " + " -> ".join(chain) + " (failed)", style="bold red")]
    s, effect = state.structure, state.effect
    node = s.index[name]
    lines: Lines = []
    lost = effect.losses.get((node, -1), 0)
    if lost:
        count = len(s.instance_events[node])
        lines.append(
            Text(
                f"{name} is up, with {lost} of its {count} instances down "
                f"(it needs {s.min_healthy[node]})",
                style="yellow",
            )
        )
    for group in s.groups[node]:
        down = [s.nodes[m] for m in group.members if m in effect.down]
        if down and len(group.members) > 1:
            lines.append(
                Text(
                    f"{name} is up, with {', '.join(down)} down of "
                    f"{', '.join(s.nodes[m] for m in group.members)} (it needs {group.k})",
                    style="yellow",
                )
            )
    soft = [s.nodes[m] for m in s.soft[node] if m in effect.down]
    if soft:
        lines.append(
            Text(f"{name} is degraded: its soft dependency {', '.join(soft)} is down", "yellow")
        )
    return lines or [Text(f"{name} is up: nothing it needs is down.", style="green")]


SHOWN_SPOFS = 50  # lines of ``spofs`` (and pairs of ``pairs``) unless ``all``


def spofs(
    model: Model, failed: Sequence[str], further: FurtherFailures, every: bool = False
) -> Lines:
    """The single points of failure: the file's when nothing is failed, else the
    failures that would now take down an entrypoint still up. Of more than
    ``SHOWN_SPOFS``, unless ``every``: the file's that cost the most, or the scenario's
    new ones first, and a count of the others (an estate of 3,000 services has 2,700)."""
    if not failed:
        found = model.report.analysis.spofs
        lines: Lines = [Text(f"Single points of failure{_of(model)}: {len(found):,}", style="bold")]
        names = [spof.component for spof in found]
        shown = set(names) if every else model.report.analysis.costliest(names, SHOWN_SPOFS)
        for spof in found:
            if spof.component in shown:
                lines.append(_spof_line(spof.component, spof.kind, spof.entrypoints))
        return lines + _more(len(found) - len(shown), "spofs all")
    s = further.structure
    title = f"Single points of failure now{_of(model)}, {_with(failed)}: {len(further.spofs):,}"
    lines = [Text(title, style="bold")]
    if all(e in further.now.down for e in s.entrypoints):
        lines.append(Text("  every entrypoint is down already: no further failure matters"))
        return lines
    lines.append(Text("  (one more failure of any takes down an entrypoint that is up now)", "dim"))
    of_file = {name for (name,) in model.report.analysis.cut_sets.order_1}
    by_node: dict[int, list[int]] = {}
    for event in sorted(further.spofs):
        by_node.setdefault(s.event_node[event], []).append(event)
    rows = sorted(by_node.items(), key=lambda item: s.nodes[item[0]])
    new = {node for node, events in rows if not {s.events[e].name for e in events} <= of_file}
    ranked = sorted(rows, key=lambda item: (item[0] not in new, s.nodes[item[0]]))
    kept = {node for node, _ in (ranked if every else ranked[:SHOWN_SPOFS])}
    for node, events in rows:
        if node not in kept:
            continue
        names = [s.events[e].name for e in events]
        every_instance = len(events) == len(s.instance_events[node])
        taken = sorted({s.nodes[n] for e in events for n in further.spofs[e]})
        shown_name = s.nodes[node] if every_instance else ", ".join(names)
        line = _spof_line(shown_name, model.arch.kind_of(s.nodes[node]), taken)
        if node in new:
            line.append(" [new]", style="yellow")
        lines.append(line)
    lines += _more(len(rows) - len(kept), "spofs all")
    count = plural(len(model.report.analysis.spofs), "single point")
    lines.append(Text(f"With nothing failed: {count} of failure (see: reset).", "dim"))
    return lines


def _more(count: int, command: str) -> Lines:
    """``...and N more: COMMAND lists every one``, when some were left out."""
    return [Text(f"  …and {count:,} more: {command} lists every one", "dim")] if count else []


def _spof_line(name: str, kind: str, entrypoints: Sequence[str]) -> Text:
    line = Text(f"  {name}", style="bold red")
    line.append(f" ({kind}) takes down {joined(entrypoints)}")
    return line


def pairs(
    model: Model,
    name: str,
    events: Sequence[int],
    failed: Sequence[str],
    further: FurtherFailures,
    every: bool = False,
) -> Lines:
    """The double faults that include one of ``events`` (the basic events of ``name``),
    from the scenario: two more failures that together take down an entrypoint up now;
    of more than ``SHOWN_SPOFS``, unless ``every``, the first by name and a count."""
    s = further.structure
    found = [(s.events[a].name, s.events[b].name) for a, b in further.pairs(events)]
    now = f" now, {_with(failed)}" if failed else ""
    lines: Lines = [
        Text(f"Double faults with {name}{now}{_of(model)}: {len(found):,}", style="bold")
    ]
    if any(event in further.spofs for event in events):
        alone = "now " if failed else ""
        lines.append(Text(f"  {name} is a single point of failure {alone}on its own (see: spofs)"))
    listed = sorted(found) if every else sorted(found)[:SHOWN_SPOFS]
    lines.extend(Text(f"  {a} + {b}") for a, b in listed)
    lines += _more(len(found) - len(listed), f"pairs {name} all")
    lost = further.now.lost_instances
    if not events:
        lines.append(Text(f"  {name} never fails by itself: it is in no double fault", "dim"))
    elif all((s.event_node[e], s.event_instance[e]) in lost for e in events):
        lines.append(Text(f"  {name} is down already: failing it changes nothing", "dim"))
    return lines


def _with(failed: Sequence[str]) -> str:
    """``with a, b failed``; past three names, only how many."""
    if len(failed) > 3:
        return f"with {len(failed):,} failed"
    return f"with {', '.join(failed)} failed"


def fixes(model: Model, failed: Sequence[str]) -> Lines:
    """The measured fixes of the model, numbered for ``apply``, best first: measured with
    nothing failed, whatever the scenario (``apply`` keeps it)."""
    remediation = model.report.remediation
    if remediation.reason is not None:
        return [Text(f"No fixes measured: {remediation.reason}.")]
    if not remediation.fixes:
        return [Text("No fixes to suggest: no single point of failure to remove.")]
    lines: Lines = [Text(f"Fixes{_of(model)}, most downtime saved first:", style="bold")]
    for number, fix in enumerate(remediation.fixes, 1):
        lines.append(_fix_line(number, fix))
    if failed:
        lines.append(
            Text("Measured with nothing failed; apply N keeps the scenario and shows it.", "dim")
        )
    lines.append(Text("apply N applies one in memory; undo takes it back.", style="dim"))
    return lines


def _fix_line(number: int, fix: Fix) -> Text:
    line = Text(f"{number:>3}. ")
    line.append(fix.component, style="bold")
    line.append(f" ({fix.rule}): {fix.action} ")
    line.append(
        f"-> {percent(fix.availability_after)}, "
        f"saves {human_hours(fix.downtime_saved_hours_per_year)} a year",
        style="green",
    )
    return line


def applied(before: Model, after: Model) -> Lines:
    """What applying a fix did: the new headline of the model."""
    fix = after.fix
    assert fix is not None
    return [
        Text(f"Applied fix {after.step}: {fix.action}", style="bold"),
        *_compare(before, after),
    ]


def undone(undone_model: Model, now: Model) -> Lines:
    """What taking a fix back did."""
    fix = undone_model.fix
    assert fix is not None
    return [Text(f"Took back fix {undone_model.step}: {fix.action}"), *_compare(undone_model, now)]


def _compare(before: Model, after: Model) -> Lines:
    a, b = before.report.analysis, after.report.analysis
    return [
        Text(f"System availability: {_short(a.system)} -> {_short(b.system)}"),
        Text(f"Single points of failure: {len(a.spofs):,} -> {len(b.spofs):,}"),
    ]


def _short(estimate: Estimate) -> str:
    hours = downtime_hours_per_year(estimate.value)
    return f"{percent(estimate.value)} ({human_hours(hours)} down a year)"


def reloaded(model: Model, dropped: Sequence[str], fixes_dropped: int) -> Lines:
    """What a reload did."""
    arch = model.arch
    lines: Lines = [
        Text(
            f"Reloaded {arch.file}: {plural(len(arch.components), 'component')}, "
            f"system availability {_short(model.report.analysis.system)}"
        )
    ]
    if fixes_dropped:
        lines.append(Text(f"The {plural(fixes_dropped, 'fix')} applied in memory were dropped."))
    if dropped:
        lines.append(Text(f"No longer in the file, restored: {', '.join(dropped)}", "yellow"))
    return lines


def _of(model: Model) -> str:
    return f" (with {plural(model.applied, 'fix')} applied)" if model.applied else ""
