"""The static sections of the review page, each a pure function of the report to HTML;
every text from the file goes through :func:`text`, which escapes it."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from spofscan.analysis.results import Estimate
from spofscan.remediation import Fix
from spofscan.render.check.fixes import saved_interval
from spofscan.render.check.verdict import verdict_line
from spofscan.report.check import CheckReport
from spofscan.units import availability_cells, downtime_hours_per_year, human_hours, percent
from spofscan.words import joined, plural


def text(value: object) -> str:
    """Any value as HTML text: ``<``, ``>``, ``&`` and quotes escaped."""
    return html.escape(str(value), quote=True)


def table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """An HTML table; the cells are HTML already (escape them with :func:`text`)."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


SHOWN_ROWS = 50  # rows of a long table shown; the others are folded under it


def folded(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    shown: Sequence[bool],
    others: str,
    numeric: Sequence[int] = (),
) -> str:
    """The rows ``shown`` marks as a table, and the others in a table folded under it
    (``<details>``, summarised ``The other N <others>``): nothing left out, and a page
    of thousands of rows still readable."""
    above = [row for row, keep in zip(rows, shown, strict=True) if keep]
    below = [row for row, keep in zip(rows, shown, strict=True) if not keep]
    if not below:
        return table(header, above, numeric)
    return (
        table(header, above, numeric)
        + f"<details><summary>The other {len(below):,} {others}</summary>"
        + table(header, below, numeric)
        + "</details>"
    )


def _cell(content: str, numeric: bool) -> str:
    return f'<td class="num">{content}</td>' if numeric else f"<td>{content}</td>"


def heading(report: CheckReport) -> str:
    """The name, the verdict and what the file holds."""
    arch = report.architecture
    passed = "passed" if report.passed else "failed"
    about = f"<p>{text(arch.description)}</p>" if arch.description else ""
    counts = (
        f"{plural(len(arch.components), 'component')}, "
        f"{plural(len(arch.entrypoints), 'entrypoint')}"
    )
    return (
        f"<h1>{text(arch.name)}</h1>{about}"
        f'<p class="verdict {passed}">{text(verdict_line(report))}</p>'
        f'<p class="muted"><code>{text(report.source)}</code>: {text(counts)}; '
        f"judged on {report.today.isoformat()}.</p>"
    )


def headline(report: CheckReport) -> str:
    """Availability, nines, downtime and its cost per entrypoint and for the system,
    against each objective. Of more than ``SHOWN_ROWS`` entrypoints, the least
    available (those that miss their objective first) stand above the diagram and the
    others are folded under them (750 rows of a compose project of 3,000 services put
    the diagram pages down)."""
    arch, analysis = report.architecture, report.analysis
    rate = arch.downtime_cost_per_hour
    least = analysis.least_available(SHOWN_ROWS)
    rows = [_headline_row(e.name, e.availability, e.slo, rate) for e in analysis.entrypoints]
    rows.append(_headline_row("(system)", analysis.system, arch.system_objective, rate))
    shown = [e.name in least for e in analysis.entrypoints] + [True]
    header = ["entrypoint", "availability", "nines", "downtime a year", "cost a year", "objective"]
    note = ""
    if analysis.system.method != "exact" and analysis.system.ci95 is not None:
        low, high = analysis.system.ci95
        note = (
            f'<p class="muted">Estimated by Monte Carlo (95% interval '
            f"{percent(low)} to {percent(high)}): the diagram outgrew its budget.</p>"
        )
    body = folded(header, rows, shown, "entrypoints", numeric=(1, 2, 3, 4))
    return "<h2>Availability</h2>" + body + note


def _headline_row(name: str, value: Estimate, slo: float | None, rate: float | None) -> list[str]:
    cells = [f"<code>{text(name)}</code>", *map(text, availability_cells(value.value))]
    hours = downtime_hours_per_year(value.value)
    cells.append("-" if rate is None else text(f"{hours * rate:,.0f}"))
    if slo is None:
        cells.append("-")
    elif value.value >= slo:
        cells.append(f'{text(percent(slo))} <span class="met">met</span>')
    else:
        cells.append(f'{text(percent(slo))} <span class="missed">missed</span>')
    return cells


def spofs(report: CheckReport) -> str:
    """The single points of failure and what each takes down: of more than
    ``SHOWN_ROWS``, those that cost the most, the others folded."""
    found = report.analysis.spofs
    if not found:
        return "<h2>Single points of failure</h2><p>None.</p>"
    arch = report.architecture
    rows = [
        [
            f"<code>{text(s.component)}</code>",
            text(s.kind),
            joined(s.entrypoints, wrap=lambda e: f"<code>{text(e)}</code>"),
            text(f"{report.source}:{arch.components[s.component].location.line}"),
        ]
        for s in found
    ]
    header = ["component", "kind", "takes down", "defined at"]
    costliest = report.analysis.costliest([s.component for s in found], SHOWN_ROWS)
    shown = [s.component in costliest for s in found]
    body = folded(header, rows, shown, "single points of failure")
    return f"<h2>Single points of failure ({len(found):,})</h2>" + body


def double_faults(report: CheckReport) -> str:
    """Pairs of failures that take an entrypoint down together while neither does alone."""
    cuts = report.analysis.cut_sets
    title = f"<h2>Double faults ({len(cuts.order_2):,})</h2>"
    if not cuts.order_2:
        return title + "<p>None.</p>"
    rows = [[f"<code>{text(a)}</code>", f"<code>{text(b)}</code>"] for a, b in cuts.order_2]
    more = "" if cuts.order_2_complete else '<p class="muted">The search stopped at its budget.</p>'
    shown = [i < SHOWN_ROWS for i in range(len(rows))]
    return title + folded(["first", "second"], rows, shown, "double faults") + more


def findings(report: CheckReport) -> str:
    """Every finding, with what holds it back from failing the run: past ``SHOWN_ROWS``,
    folded."""
    if not report.findings:
        return "<h2>Findings</h2><p>None.</p>"
    rows = []
    for f in report.findings:
        held = " (accepted risk)" if f.accepted else ""
        held = held or (" (in baseline)" if report.in_baseline(f) else "")
        rows.append(
            [
                text(f.severity + held),
                f"<code>{text(f.rule)}</code>",
                f"<code>{text(f.component)}</code>",
                text(f.message),
                text(f.location.line),
            ]
        )
    header = ["severity", "rule", "component", "message", "line"]
    shown = [i < SHOWN_ROWS for i in range(len(rows))]
    return f"<h2>Findings ({len(report.findings):,})</h2>" + folded(header, rows, shown, "findings")


def fixes(report: CheckReport) -> str:
    """The measured fixes with the YAML to paste, then the plan that applies them."""
    remediation = report.remediation
    if remediation.reason is not None:
        return f"<h2>Fixes</h2><p>Not quantified: {text(remediation.reason)}.</p>"
    useful = [f for f in remediation.fixes if f.downtime_saved_hours_per_year > 0]
    if not useful:
        return "<h2>Fixes</h2><p>No structural fix would save downtime.</p>"
    parts = ["<h2>Fixes</h2>"]
    for fix in useful:
        money = (
            ""
            if fix.money_saved_per_year is None
            else f", {text(f'{fix.money_saved_per_year:,.0f}')} in downtime cost"
        )
        if fix.cost_per_month is not None:
            money += f"; costs {text(f'{fix.cost_per_month:,.0f}')} a month"
        if fix.net_value_per_year is not None:
            money += f", net {text(f'{fix.net_value_per_year:,.0f}')} a year"
        parts.append(
            f'<div class="fix"><h3><code>{text(fix.component)}</code>: {text(fix.action)}</h3>'
            f"<p>Saves {text(human_hours(fix.downtime_saved_hours_per_year))} a year"
            f"{_interval(fix)}{money}; "
            f"availability after: {text(percent(fix.availability_after))}.</p>"
            f"<pre>{text(fix.snippet)}</pre></div>"
        )
    return "".join(parts) + plan(report)


def _interval(fix: Fix) -> str:
    """A Monte Carlo fix's interval, in words; nothing for an exact one."""
    if fix.downtime_saved_ci95 is None:
        return ""
    return f" ({text(saved_interval(fix.downtime_saved_ci95))})"


def plan(report: CheckReport) -> str:
    """The fixes the plan applies in turn, and where they take the system."""
    chosen = report.remediation.plan
    if chosen is None or not chosen.fixes:
        return ""
    steps = "".join(
        f"<li><code>{text(f.component)}</code>: {text(f.action)}</li>" for f in chosen.fixes
    )
    verdict = {None: "", True: " Every objective is then met.", False: " Objectives still missed."}
    price = ""
    if chosen.cost_per_month is not None:
        price = f" It costs {text(f'{chosen.cost_per_month:,.0f}')} a month."
    if chosen.nine_cost_per_month is not None:
        price += f" One more nine costs about {text(f'{chosen.nine_cost_per_month:,.0f}')} a month."
    return (
        f"<h2>Plan</h2><ol>{steps}</ol><p>Availability after the plan: "
        f"{text(percent(chosen.availability_after))}.{verdict[chosen.meets_slo]}{price}</p>"
    )
