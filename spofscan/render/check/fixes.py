"""The remediation part of the reports: measured fixes and the greedy plan, as JSON
documents and as the text report's closing lines."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from spofscan.remediation import Fix, Plan, Remediation
from spofscan.report.check import CheckReport
from spofscan.units import human_hours, percent

SHOWN_FIXES = 5
SHOWN_SNIPPET_LINES = 60


def fix_document(fix: Fix, accepted: bool) -> dict[str, Any]:
    """One entry of ``remediations`` (SPEC section 5); ``accepted`` when the findings it
    answers are accepted risks."""
    document: dict[str, Any] = {
        "component": fix.component,
        "rule": fix.rule,
        "action": fix.action,
        "snippet": fix.snippet,
        "availability_after": fix.availability_after,
        "downtime_saved_hours_per_year": fix.downtime_saved_hours_per_year,
        "meets_slo": fix.meets_slo,
        "accepted": accepted,
        "method": fix.method,
        "downtime_saved_ci95": None
        if fix.downtime_saved_ci95 is None
        else list(fix.downtime_saved_ci95),
    }
    if fix.money_saved_per_year is not None:
        document["money_saved_per_year"] = fix.money_saved_per_year
    if fix.cost_per_month is not None:
        document["cost_per_month"] = fix.cost_per_month
    if fix.net_value_per_year is not None:
        document["net_value_per_year"] = fix.net_value_per_year
    return document


def plan_document(plan: Plan | None) -> dict[str, Any]:
    """``remediation_plan``: an empty object when no plan was computed."""
    if plan is None:
        return {}
    return {
        "fixes": [_step(fix) for fix in plan.fixes],
        "availability_after": plan.availability_after,
        "meets_slo": plan.meets_slo,
        "method": plan.method,
        "cost_per_month": plan.cost_per_month,
        "nine_cost_per_month": plan.nine_cost_per_month,
        "ci95": None if plan.ci95 is None else list(plan.ci95),
        "steps": [
            {"component": f.component, "rule": f.rule, "action": f.action, "snippet": f.snippet}
            for f in plan.fixes
        ],
    }


def _step(fix: Fix) -> str:
    return f"{fix.component}: {fix.action}"


def remediation_lines(report: CheckReport) -> list[RenderableType]:
    """The text report's closing part: the top fixes (those of accepted risks last, and
    marked), then the plan."""
    remediation = report.remediation
    if remediation.reason is not None:
        return [Text(f"\nFixes not quantified: {remediation.reason}.", style="dim")]
    useful = useful_fixes(report)
    if not useful:
        none = Text("\nNo structural fix would save downtime.", style="green")
        return [none, *_unmeasured(remediation), *_plan_lines(remediation.plan)]
    shown = useful[:SHOWN_FIXES]
    last = " (accepted risks last)" if report.accepted_fix(shown[-1]) else ""
    by = "net value" if shown[0].net_value_per_year is not None else "downtime saved"
    table = Table(title=f"Top fixes, by {by}{last}", title_justify="left")
    for column in ("component", "fix", "saves a year"):
        table.add_column(column)
    for fix in shown:
        table.add_row(fix.component + _accepted(report, fix), fix.action, _saving(fix))
    note = Text("  Each fix's YAML snippet is in the JSON report (`--format json`).", style="dim")
    return [Text(""), table, note, *_unmeasured(remediation), *_plan_lines(remediation.plan)]


def useful_fixes(report: CheckReport) -> list[Fix]:
    """The fixes that save downtime, best first, those of accepted risks last."""
    return [f for f in report.fixes if f.downtime_saved_hours_per_year > 0]


def _accepted(report: CheckReport, fix: Fix) -> str:
    return ACCEPTED_MARK if report.accepted_fix(fix) else ""


ACCEPTED_MARK = " (accepted risk)"


def _unmeasured(remediation: Remediation) -> list[RenderableType]:
    note = remediation.unmeasured_note
    return [] if note is None else [Text(f"  {note}.", style="dim")]


def _saving(fix: Fix) -> str:
    hours = fix.downtime_saved_hours_per_year
    saved = f"{hours:,.1f} h" if hours >= 0.05 else human_hours(hours)
    if fix.downtime_saved_ci95 is not None:
        saved = f"{saved} ({saved_interval(fix.downtime_saved_ci95)})"
    if fix.money_saved_per_year is not None:
        saved = f"{saved}, {fix.money_saved_per_year:,.0f} in downtime cost"
    if fix.cost_per_month is not None:
        saved = f"{saved}; costs {fix.cost_per_month:,.0f} a month"
    if fix.net_value_per_year is not None:
        saved = f"{saved}: net {fix.net_value_per_year:,.0f} a year"
    return saved


def saved_interval(interval: tuple[float, float]) -> str:
    """A Monte Carlo fix's 95% interval of hours saved a year, in words."""
    low, high = interval
    return f"95%: {_hours(low)} to {_hours(high)}, estimated"


def _hours(hours: float) -> str:
    return f"{hours:,.1f} h" if abs(hours) >= 0.05 else human_hours(hours)


def _plan_lines(plan: Plan | None) -> list[RenderableType]:
    """The greedy plan, each step with the snippet to paste under ``components:``."""
    if plan is None:
        return []
    heading = "\nPlan (greedy: apply the fix that buys the most, re-analyse, repeat):"
    if plan.cost_per_month is not None:
        heading = (
            "\nPlan (greedy: apply the fix that buys the most per price, re-analyse, repeat;"
            " then drop the dearest steps the objectives hold without):"
        )
    if plan.ci95 is not None:
        heading = (
            "\nPlan (greedy over the fixes measured, best first, until their gains would meet"
            " the objectives; the combined file estimated on the same samples):"
        )
    lines: list[RenderableType] = [Text(heading, style="bold")]
    if not plan.fixes:
        status = {True: "no fix needed", False: "no fix helps", None: "no objective to meet"}
        lines.append(Text(f"  {status[plan.meets_slo]}"))
    for number, fix in enumerate(plan.fixes, start=1):
        lines.append(Text(f"  {number}. {fix.component}: {fix.action}"))
        lines.extend(_snippet_lines(fix.snippet))
    verdict = {True: ", meeting every objective", False: ", still missing an objective"}
    said = "" if plan.meets_slo is None else verdict[plan.meets_slo]
    reached = percent(plan.availability_after)
    if plan.ci95 is not None:
        reached += f" (estimated, 95%: {percent(plan.ci95[0])} to {percent(plan.ci95[1])})"
    lines.append(Text(f"  The plan reaches {reached}{said}."))
    if plan.cost_per_month is not None and plan.fixes:
        price = f"  It costs {plan.cost_per_month:,.0f} a month"
        if plan.nine_cost_per_month is not None:
            price += f"; one more nine costs about {plan.nine_cost_per_month:,.0f} a month"
        lines.append(Text(price + "."))
    return lines


def _snippet_lines(snippet: str) -> list[RenderableType]:
    """A plan step's snippet, or where to find it when it is long."""
    lines = snippet.splitlines()
    if len(lines) > SHOWN_SNIPPET_LINES:
        note = f"     ({len(lines)} lines of YAML: see remediation_plan.steps in --format json)"
        return [Text(note, style="dim")]
    heading = Text("     paste under components:", style="dim")
    return [heading, *(Text(f"     {line}") for line in lines)]
