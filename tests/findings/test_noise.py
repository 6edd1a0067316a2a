"""One finding per problem (issue 13, part 4): each wrong answer a user saw, held right."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from spofscan import pipeline
from spofscan.analysis.analyse import analyse
from spofscan.findings.detect import detect
from spofscan.findings.finding import Finding, fails
from spofscan.loading import load_architecture_text
from spofscan.render.check import json as json_report
from spofscan.render.check import markdown, sarif, text
from spofscan.render.diagram.labels import fix_notes
from spofscan.render.terminal import Terminal

TODAY = dt.date(2026, 11, 25)
ROOT = Path(__file__).parents[2]


def findings_of(text: str) -> list[Finding]:
    arch = load_architecture_text(text, "t.yaml")
    return detect(arch, analyse(arch), TODAY)


def rules_on(findings: list[Finding], component: str) -> list[str]:
    return sorted(f.rule for f in findings if f.component == component)


# --- an external SPOF is one finding, waived by one accepted risk -------------------

PAYMENTS = """\
spofscan: 1
name: one payment provider
components:
  api: {kind: container, restart: always, replicas: 2, depends_on: [payments]}
  payments: {kind: external, availability: 99.95}
"""


def test_an_external_spof_is_reported_once() -> None:
    assert rules_on(findings_of(PAYMENTS), "payments") == ["EXTERNAL-SPOF"]


def test_one_accepted_risk_waives_an_external_spof() -> None:
    for rule in ("EXTERNAL-SPOF", "SPOF"):
        waiver = f"accepted_risks:\n  - {{component: payments, rule: {rule}, reason: r}}\n"
        found = findings_of(PAYMENTS + waiver)
        assert [f.accepted for f in found if f.component == "payments"] == [True], rule
        assert not any(fails(f, "error") for f in found), rule


def test_sarif_names_the_waiver_that_covers_an_external_spof(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        PAYMENTS + "accepted_risks:\n  - {component: payments, rule: SPOF, reason: r}\n"
    )
    log = sarif.sarif_document(pipeline.check(path, today=TODAY))
    (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "EXTERNAL-SPOF"]
    assert [s["justification"] for s in result["suppressions"]] == ["r"]


# --- a region-level SPOF follows the tier table -------------------------------------

ONE_REGION = """\
spofscan: 1
name: two zones, one region
slo: {slo}
components:
  lb: {{kind: load_balancer, availability: 100, health_check: true, depends_on: [api]}}
  api:
    kind: container
    restart: always
    availability: 99.99
    replicas: 2
    runs_on: [zone-a, zone-b]
  zone-a: {{kind: zone, availability: 99.99, runs_on: {site}}}
  zone-b: {{kind: zone, availability: 99.99, runs_on: {site}}}
  {site}: {{kind: {kind}, availability: 99.999}}
"""


def test_a_single_region_meeting_a_three_nines_objective_passes(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(ONE_REGION.format(slo=99.9, site="region-1", kind="region"))
    checked = pipeline.check(path, today=TODAY)
    (spof,) = [f for f in checked.findings if f.rule == "SPOF"]
    assert (spof.component, spof.severity) == ("region-1", "warning")
    assert "99.99%" in spof.message
    assert checked.passed


def test_a_region_or_provider_spof_is_an_error_from_four_nines_and_a_warning_below() -> None:
    for kind in ("region", "provider"):
        for slo, severity in ((99.99, "error"), (99.9, "warning"), (99.5, "warning")):
            text = ONE_REGION.format(slo=slo, site="site", kind=kind)
            (spof,) = [f for f in findings_of(text) if f.rule == "SPOF"]
            assert (spof.component, spof.severity) == ("site", severity), (kind, slo)


# --- DEPENDENCY-NINES: every hard dependency, as a whole, unless already a SPOF ------

AUTH = """\
spofscan: 1
name: api needs auth
slo: 99.9
components:
  api: {{kind: container, restart: always, replicas: 2, depends_on: [auth]}}
  auth: {{kind: service, restart: always, availability: 96, replicas: {replicas}}}
"""


def test_a_replicated_hard_dependency_is_measured_as_a_whole() -> None:
    (short,) = [f for f in findings_of(AUTH.format(replicas=2)) if f.rule == "DEPENDENCY-NINES"]
    assert short.component == "auth"
    assert "2.80 nines (2 replicas, 1 needed: 99.84%)" in short.message
    assert "asks for 4.00" in short.message
    # A third replica gives 99.9936%, more than four nines.
    assert not [f for f in findings_of(AUTH.format(replicas=3)) if f.rule == "DEPENDENCY-NINES"]


def test_a_spof_is_not_reported_again_as_a_dependency_short_of_nines() -> None:
    text = AUTH.format(replicas=1)  # auth alone, at 96%: a SPOF with 1.4 nines
    assert rules_on(findings_of(text), "auth") == ["SPOF"]


def test_an_alternative_is_not_a_hard_dependency() -> None:
    text = """\
spofscan: 1
name: two providers
slo: 99.9
components:
  api:
    kind: container
    restart: always
    replicas: 2
    health_check: true
    depends_on: [{any_of: [a, b]}]
  a: {kind: external, availability: 99}
  b: {kind: external, availability: 99}
"""
    assert not [f for f in findings_of(text) if f.rule == "DEPENDENCY-NINES"]


# --- SHARED-FATE only where an entrypoint suffers from it ---------------------------


def test_a_region_defeating_replicas_that_the_other_region_covers_is_not_reported() -> None:
    checked = pipeline.check(ROOT / "examples" / "multi-region.yaml", today=TODAY)
    assert [f for f in checked.findings if f.rule == "SHARED-FATE"] == []
    # The analysis still sees it; the finding is left out because no entrypoint suffers.
    fates = {(f.owner, f.culprits, f.harmful) for f in checked.analysis.shared_fate}
    assert fates == {("app_eu", ("region_eu",), ()), ("app_us", ("region_us",), ())}


SIDES = """\
spofscan: 1
name: two sides
slo: 99.9
entrypoints: [web]
components:
  web:
    kind: load_balancer
    availability: 100
    health_check: true
    depends_on: [{{any_of: [{a}, b]}}]
  lb-a: {{kind: load_balancer, health_check: true, runs_on: vm-1, depends_on: [a]}}
  a: {{kind: container, restart: always, replicas: 2, runs_on: vm-1}}
  b: {{kind: container, restart: always}}
  vm-1: {{kind: vm}}
"""


def test_a_double_fault_that_the_shared_fate_lets_through_is_reported() -> None:
    # vm-1 and b together take web down only because a's replicas share vm-1.
    (fate,) = [f for f in findings_of(SIDES.format(a="a")) if f.rule == "SHARED-FATE"]
    assert fate.component == "a" and "vm-1 failing takes down all of them" in fate.message


def test_a_double_fault_that_gets_through_anyway_is_not_reported() -> None:
    # Behind lb-a, which runs on vm-1 too: vm-1 takes that side down with or without a.
    assert not [f for f in findings_of(SIDES.format(a="lb-a")) if f.rule == "SHARED-FATE"]


def test_a_shared_fate_that_no_entrypoint_needs_is_not_reported() -> None:
    text = """\
spofscan: 1
name: an optional cache
components:
  api: {kind: container, restart: always, replicas: 2, soft_depends_on: [cache]}
  cache: {kind: cache, replicas: 2, runs_on: vm-1}
  vm-1: {kind: vm}
"""
    assert not [f for f in findings_of(text) if f.rule == "SHARED-FATE"]


# --- an accepted finding's fix comes after the others, marked -----------------------

ACCEPTED_DB = """\
spofscan: 1
name: an accepted database
slo: 99.9
components:
  api: {kind: container, restart: always, availability: 99.9, depends_on: [db]}
  db: {kind: database, availability: 99, data: {replication: async}}
accepted_risks:
  - {component: db, rule: SPOF, reason: a replica is planned}
"""


def test_an_accepted_spof_does_not_head_the_fixes(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(ACCEPTED_DB)
    checked = pipeline.check(path, today=TODAY)
    by_saving = [f.component for f in checked.remediation.fixes]
    assert by_saving == ["db", "api"]  # db's fix saves the most
    document = json_report.check_document(checked)
    assert [(f["component"], f["accepted"]) for f in document["remediations"]] == [
        ("api", False),
        ("db", True),
    ]
    top = text.render_check(checked).split("Top fixes")[1]
    assert top.index("│ api ") < top.index("│ db (accepted risk)")
    fixes = markdown.render_markdown(checked).split("### Top fixes")[1]
    assert fixes.index("| `api` |") < fixes.index("| `db` (accepted risk) |")
    note = "\n".join(fix_notes(checked))
    assert note.index("1. api") < note.index("2. db (accepted risk; saves")


# --- every report says when fixes went unmeasured -----------------------------------


def test_the_markdown_report_and_the_diagram_note_say_when_fixes_went_unmeasured() -> None:
    checked = pipeline.check(ROOT / "examples" / "two-zones.yaml", today=TODAY)
    assert checked.remediation.unmeasured == 0
    said = "12 more candidate fixes were not measured"
    assert said.lower() not in markdown.render_markdown(checked).lower()
    fewer = replace(checked, remediation=replace(checked.remediation, unmeasured=12))
    assert said in text.render_check(fewer)
    assert json_report.check_document(fewer)["remediations_unmeasured"] == 12
    fixes = markdown.render_markdown(fewer).split("### Top fixes")[1].split("###")[0]
    assert said in fixes
    assert said in " ".join(fix_notes(fewer))


# --- a message names twenty components at most ------------------------------------


def _many_entrypoints(count: int) -> str:
    services = "".join(
        f"  svc{i:02}: {{kind: container, restart: always, depends_on: [db, payments]}}\n"
        for i in range(count)
    )
    return (
        "spofscan: 1\nname: one database for all\ncomponents:\n"
        "  db: {kind: vm}\n"
        "  payments: {kind: external, availability: 99.95}\n"
        "  orphan: {kind: vm}\n"
        f"{services}"
        f"entrypoints: [{', '.join(f'svc{i:02}' for i in range(count))}]\n"
    )


def test_a_message_names_twenty_entrypoints_and_counts_the_rest(tmp_path: Path) -> None:
    """A component that takes down a thousand entrypoints made a message (and a tooltip,
    and a table cell) of a thousand names, for each such component: the 3,001 services of
    one compose project printed 3 MB of text. The report's lists keep every name."""
    arch = load_architecture_text(_many_entrypoints(25), "t.yaml")
    analysis = analyse(arch)
    found = {(f.rule, f.component): f.message for f in detect(arch, analysis, TODAY)}
    named = ", ".join(f"svc{i:02}" for i in range(19))
    for about in (("SPOF", "db"), ("EXTERNAL-SPOF", "payments"), ("UNREACHABLE", "orphan")):
        assert f"{named} and 6 more" in found[about], about
        assert "svc19" not in found[about], about
    spof = next(s for s in analysis.spofs if s.component == "db")
    assert len(spof.entrypoints) == 25
    path = tmp_path / "many.yaml"
    path.write_text(_many_entrypoints(25))
    table = text.render_check(pipeline.check(path, today=TODAY), Terminal(width=200, color=False))
    assert "svc17, svc18 and 6 more" in table  # the "takes down" cells of db and payments
    exactly = {(f.rule, f.component): f.message for f in findings_of(_many_entrypoints(20))}
    assert "svc18 and svc19" in exactly["SPOF", "db"] and "more" not in exactly["SPOF", "db"]
