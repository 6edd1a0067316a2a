"""Rules about the file's own waivers: EXPIRED-RISK.

Applying the unexpired ones (marking findings accepted) is not a rule: ``detect`` does it
once, after every rule has run (:func:`spofscan.findings.finding.apply_accepted_risks`).
"""

from __future__ import annotations

from collections.abc import Iterator

from spofscan.findings.finding import Finding, RuleContext, make_finding


def expired_risk(ctx: RuleContext) -> Iterator[Finding]:
    """An accepted risk past its ``expires`` date, at the accepted risk."""
    arch = ctx.arch
    for risk in arch.accepted_risks:
        if risk.is_expired(ctx.today):
            message = (
                f"the accepted risk {risk.rule} on {risk.component} expired on "
                f"{risk.expires} ({risk.reason.strip()})"
            )
            kind = arch.kind_of(risk.component) if risk.component in arch.node_names() else "other"
            yield make_finding("EXPIRED-RISK", risk.component, kind, message, risk.location)
