"""RPO and RTO: can a stateful component meet the file's recovery objectives?

Worst-case data loss (against ``objectives.rpo``): synchronous replication loses nothing;
asynchronous replication loses seconds, taken as one minute; otherwise the most frequent
backup's interval. Recovery time (against ``objectives.rto``): ``data.restore_time``,
else the component's MTTR. A component with neither backups nor replication is left to
NO-BACKUP, and one whose recovery time is unknown is not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from spofscan.errors import Location
from spofscan.findings.data_rules import is_stateful, unprotected
from spofscan.findings.finding import Finding, RuleContext, make_finding
from spofscan.findings.wording import duration
from spofscan.model.architecture import Component

REPLICATION_LOSS_HOURS = {"sync": 0.0, "async": 1 / 60}
EPSILON = 1e-9


def rpo(ctx: RuleContext) -> Iterator[Finding]:
    """A protected stateful component that can lose more data than ``objectives.rpo``."""
    objective = ctx.arch.objectives.rpo_hours
    if objective is None:
        return
    for comp in ctx.arch.components.values():
        if is_stateful(comp) and not unprotected(comp):
            yield from _rpo(comp, objective)


def rto(ctx: RuleContext) -> Iterator[Finding]:
    """A stateful component that takes longer to recover than ``objectives.rto``."""
    objective = ctx.arch.objectives.rto_hours
    if objective is None:
        return
    for comp in ctx.arch.components.values():
        if is_stateful(comp):
            yield from _rto(comp, objective)


def worst_loss_hours(comp: Component) -> tuple[float, str]:
    """How much of the latest data a failure can lose, and what bounds it."""
    assert comp.data is not None
    mode = comp.data.replication or "none"
    if mode in REPLICATION_LOSS_HOURS:
        return REPLICATION_LOSS_HOURS[mode], f"{mode} replication"
    newest = min(b.every_hours for b in comp.data.backups)
    return newest, f"a backup every {duration(newest)} and no replication"


def recovery_hours(comp: Component) -> tuple[float, str, Location] | None:
    """How long recovering takes, where the file says so, and the key that says it."""
    if comp.data is not None and comp.data.restore_time_hours is not None:
        return comp.data.restore_time_hours, "restore_time", comp.where("data")
    if comp.mttr_hours is not None:
        return comp.mttr_hours, "mttr", comp.where("mttr")
    return None


def _rpo(comp: Component, rpo: float) -> Iterator[Finding]:
    loss, bound = worst_loss_hours(comp)
    if loss > rpo + EPSILON:
        message = (
            f"{comp.name} can lose up to {duration(loss)} of data ({bound}), more than "
            f"the recovery point objective of {duration(rpo)}"
        )
        yield make_finding("RPO", comp.name, comp.kind, message, comp.where("data"))


def _rto(comp: Component, rto: float) -> Iterator[Finding]:
    known = recovery_hours(comp)
    if known is None:
        return
    hours, key, where = known
    if hours > rto + EPSILON:
        message = (
            f"{comp.name} takes {duration(hours)} to recover (its {key}), longer than "
            f"the recovery time objective of {duration(rto)}"
        )
        yield make_finding("RTO", comp.name, comp.kind, message, where)
