"""UNUSED-PLACEMENT, and why a place that no instance runs on is UNREACHABLE."""

from __future__ import annotations

import pytest
from conftest import TODAY

from spofscan.analysis.analyse import analyse
from spofscan.findings.detect import detect
from spofscan.findings.finding import Finding
from spofscan.loading import load_architecture_text


def found(rule: str, components: str) -> list[Finding]:
    arch = load_architecture_text(f"spofscan: 1\nname: t\ncomponents:\n{components}", "t.yaml")
    return [f for f in detect(arch, analyse(arch), TODAY) if f.rule == rule]


VMS = "  vm-a: {kind: vm}\n  vm-b: {kind: vm}\n  vm-c: {kind: vm}\n"


def test_names_the_places_no_instance_runs_on_at_runs_on() -> None:
    api = "  api:\n    replicas: 2\n    runs_on: [vm-a, vm-b, vm-c]\n"
    (finding,) = found("UNUSED-PLACEMENT", api + VMS)
    assert finding.component == "api" and finding.severity == "warning"
    assert finding.location.line == 6  # the runs_on key
    assert finding.message == (
        "api has 2 replicas but lists 3 places in runs_on: its instances run on vm-a and "
        "vm-b only, none on vm-c"
    )


def test_one_replica_speaks_of_one_instance() -> None:
    (finding,) = found("UNUSED-PLACEMENT", "  api: {runs_on: [vm-a, vm-b, vm-c]}\n" + VMS)
    assert "1 replica but lists 3 places" in finding.message
    assert "its instance runs on vm-a only, none on vm-b and vm-c" in finding.message


@pytest.mark.parametrize(
    "runs_on",
    [
        "{replicas: 3, runs_on: [vm-a, vm-b, vm-c]}",
        "{replicas: 5, runs_on: [vm-a, vm-b, vm-c]}",
        "{replicas: 2, runs_on: [vm-a, vm-b, vm-a, vm-b]}",
        "{replicas: 2, runs_on: vm-a}",
    ],
)
def test_silent_when_every_place_runs_an_instance(runs_on: str) -> None:
    assert found("UNUSED-PLACEMENT", f"  api: {runs_on}\n" + VMS) == []


def test_unreachable_place_says_which_runs_on_names_it_in_vain() -> None:
    api = "  api: {replicas: 2, runs_on: [vm-a, vm-b, vm-c]}\n"
    (lost,) = found("UNREACHABLE", api + VMS)
    assert lost.component == "vm-c"
    assert lost.message == (
        "vm-c is not needed by any entrypoint (api): api names it in runs_on, but its "
        "2 replicas run on vm-a and vm-b only"
    )


def test_unreachable_place_named_in_vain_twice_gives_both_reasons() -> None:
    two = "  api: {replicas: 2, runs_on: [vm-a, vm-b, vm-c]}\n  web: {runs_on: [vm-a, vm-c]}\n"
    (lost,) = found("UNREACHABLE", two + VMS)
    assert lost.message.endswith(
        ": api names it in runs_on, but its 2 replicas run on vm-a and vm-b only; "
        "web names it in runs_on, but its 1 replica runs on vm-a only"
    )


def test_a_place_another_component_runs_on_is_reachable() -> None:
    api = "  api: {replicas: 2, runs_on: [vm-a, vm-b, vm-c]}\n  web: {runs_on: vm-c}\n"
    assert found("UNREACHABLE", api + VMS) == []
    assert [f.component for f in found("UNUSED-PLACEMENT", api + VMS)] == ["api"]
