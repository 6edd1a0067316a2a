"""Rules about a stateful component's data: backups, where they sit, and failover.

A component is *stateful* when its kind keeps data (database, storage, queue, model) or
when it carries a ``data:`` block (a cache marked with data, for instance). Replicas are
not backups: they protect against a failure, not against a deletion or a corruption that
replication copies faithfully, so the 3-2-1 rule counts the original and each backup.
"""

from __future__ import annotations

from collections.abc import Iterator

from spofscan.findings.finding import Finding, RuleContext, make_finding
from spofscan.findings.wording import duration
from spofscan.model.architecture import Architecture, Backup, Component
from spofscan.units import HOURS_PER_YEAR
from spofscan.words import listed

STATEFUL_KINDS = frozenset({"database", "storage", "queue", "model"})
SHARED_FATE_LOCATIONS = {"same-host": "host", "same-zone": "zone"}
DOMAIN_KINDS = {"host": frozenset({"host", "vm"}), "zone": frozenset({"zone"})}
OFF_SITE = frozenset({"offsite", "other-region"})


def is_stateful(comp: Component) -> bool:
    """Whether the component keeps data that a failure can lose."""
    return comp.kind in STATEFUL_KINDS or comp.data is not None


def is_replicated(comp: Component) -> bool:
    """Whether the data is copied to replicas (``replication: async`` or ``sync``)."""
    return comp.data is not None and comp.data.replication in ("async", "sync")


def unprotected(comp: Component) -> bool:
    """A stateful component with neither backups nor replication."""
    return is_stateful(comp) and not is_replicated(comp) and not _backups(comp)


def no_backup(ctx: RuleContext) -> Iterator[Finding]:
    """A stateful component with neither backups nor replication."""
    for comp in ctx.arch.components.values():
        if unprotected(comp):
            message = (
                f"{comp.name} keeps data with neither backups nor replication: "
                "the loss of its storage loses all of it"
            )
            yield make_finding("NO-BACKUP", comp.name, comp.kind, message, comp.where("data"))


def backup_shared_fate(ctx: RuleContext) -> Iterator[Finding]:
    """Every backup of a protected stateful component on the same host or zone as the data."""
    for comp in _protected(ctx.arch):
        yield from _backup_shared_fate(ctx.arch, comp)


def backup_3_2_1(ctx: RuleContext) -> Iterator[Finding]:
    """A protected stateful component short of 3 copies, 2 media or 1 copy off-site."""
    for comp in _protected(ctx.arch):
        yield from _backup_3_2_1(comp)


def manual_failover(ctx: RuleContext) -> Iterator[Finding]:
    """Replicas, or replicated data, that wait for a human to promote one."""
    for comp in ctx.arch.components.values():
        yield from _manual_failover(comp)


def _backups(comp: Component) -> tuple[Backup, ...]:
    return comp.data.backups if comp.data is not None else ()


def _protected(arch: Architecture) -> Iterator[Component]:
    """The stateful components with backups or replication (the others are NO-BACKUP's)."""
    return (c for c in arch.components.values() if is_stateful(c) and not unprotected(c))


def _backup_shared_fate(arch: Architecture, comp: Component) -> Iterator[Finding]:
    assert comp.data is not None
    backups = comp.data.backups
    if not backups or any(b.location not in SHARED_FATE_LOCATIONS for b in backups):
        return
    domains = sorted({SHARED_FATE_LOCATIONS[b.location] for b in backups})
    where = listed(_domain_text(arch, comp, d) for d in domains)
    message = (
        f"every backup of {comp.name} sits on {where} as the data: "
        "one failure there loses the data and its backups together"
    )
    yield make_finding("BACKUP-SHARED-FATE", comp.name, comp.kind, message, backups[0].source)


def _domain_text(arch: Architecture, comp: Component, domain: str) -> str:
    """``the same host (vm-1)``: the failure domain, named when the placement says it."""
    named = domain_of(arch, comp, DOMAIN_KINDS[domain])
    return f"the same {domain}" + (f" ({named})" if named else "")


def domain_of(arch: Architecture, comp: Component, kinds: frozenset[str]) -> str | None:
    """The first component of one of ``kinds`` under ``comp``'s first instance, if any."""
    seen: set[str] = set()
    host = comp.host_of(0)
    while host is not None and host not in seen and host in arch.components:
        seen.add(host)
        if arch.components[host].kind in kinds:
            return host
        host = arch.components[host].host_of(0)
    return None


def _backup_3_2_1(comp: Component) -> Iterator[Finding]:
    assert comp.data is not None
    backups = comp.data.backups
    copies = 1 + len(backups)
    media = {"disk", *(b.medium for b in backups)}
    short = []
    if copies < 3:
        short.append(f"{copies} {'copy' if copies == 1 else 'copies'} counting the original")
    if len(media) < 2:
        short.append(f"only one medium ({next(iter(media))})")
    if not any(b.location in OFF_SITE for b in backups):
        short.append("none off-site or in another region")
    if short:
        message = f"the data of {comp.name} misses the 3-2-1 rule: {'; '.join(short)}"
        yield make_finding("BACKUP-3-2-1", comp.name, comp.kind, message, comp.where("data"))


def _manual_failover(comp: Component) -> Iterator[Finding]:
    if comp.data is None or comp.data.failover != "manual":
        return
    if comp.replicas < 2 and not is_replicated(comp):
        return
    message = (
        f"{comp.name} fails over by hand: each failure of its primary waits for a human; "
        f"{_outage_text(comp)}"
    )
    yield make_finding("MANUAL-FAILOVER", comp.name, comp.kind, message, comp.where("data"))


def _outage_text(comp: Component) -> str:
    assert comp.data is not None
    if comp.data.restore_time_hours is not None:
        hours, source = comp.data.restore_time_hours, "its restore_time"
    elif comp.mttr_hours is not None:
        hours, source = comp.mttr_hours, "its mttr"
    else:
        return "the outage lasts as long as paging someone and promoting a replica takes"
    text = f"each outage lasts about {duration(hours)} (from {source})"
    if comp.mtbf_hours:
        per_year = HOURS_PER_YEAR / comp.mtbf_hours
        downtime = duration(per_year * hours)
        text += f"; at {per_year:.1f} failovers a year, about {downtime} of downtime a year"
    return text
