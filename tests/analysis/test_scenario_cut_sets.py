"""Further single failures under a scenario, found in one pass: the same events and
entrypoints as one propagation per component (which the double faults still use on
the few components they need), and for every counter at least the components whose
propagation counts a loss on it without taking its node down. The answers themselves,
single and double faults, are checked against brute force in
test_against_brute_force.py."""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spofscan.analysis import scenario_cut_sets
from spofscan.analysis.compiled_structure import compile_structure
from spofscan.analysis.propagation import FAILOVER_GATE, propagate
from spofscan.analysis.scenario_cut_sets import _all_further, _further, further_failures
from spofscan.analysis.what_if import failure_state
from spofscan.model.architecture import Failover

from .strategies import architecture, architectures, component, failure_names, needs


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_one_pass_finds_what_one_propagation_per_component_finds(data: st.DataObject) -> None:
    arch = data.draw(architectures(), label="arch")
    names = data.draw(failure_names(arch), label="names")
    s = compile_structure(arch)
    state = failure_state(arch, names, s)
    evidence, effect = state.evidence, state.effect
    found = _all_further(s, effect)
    spofs, touched = _further(s, effect, range(len(s.nodes)))
    assert found.spofs == spofs
    assert list(found.spofs) == list(spofs)  # in the same order
    further = further_failures(s, evidence, effect)
    for node, counters in touched.items():
        takes = propagate(s, evidence.instances, [*evidence.nodes, node]).down
        for counter in counters:
            if counter[1] == FAILOVER_GATE and not s.failover_needs[counter[0]]:
                continue  # a gate counts losses only where a failover needs help
            if counter[0] in takes:
                continue  # a node the failure takes down anyway
            assert node in further.touching(counter), (s.nodes[node], counter)


@pytest.mark.parametrize(
    ("failed", "fatal"),
    [
        ([], {"z"}),  # z takes both the active instance's VM and the witness
        (["db[0]"], {"z", "witness"}),  # the active instance lost: the standby needs the witness
        (["witness"], {"z", "vm_a", "db[0]"}),  # the witness down: the active instance is fatal
    ],
)
def test_a_failover_that_needs_help_under_a_scenario(failed: list[str], fatal: set[str]) -> None:
    """A database fails over to its standby only with a witness up; its active instance
    runs on ``vm_a``, which shares zone ``z`` with the witness."""
    db_failover = Failover("automatic", None, ("witness",))
    arch = architecture(
        [
            component("api", 0.999, depends_on=[needs("db")]),
            component("db", 0.999, replicas=2, runs_on=["vm_a", "vm_b"], failover=db_failover),
            component("vm_a", 0.999, runs_on=["z"]),
            component("vm_b", 0.999),
            component("witness", 0.999, runs_on=["z"]),
            component("z", 0.9999),
        ],
        entrypoints=["api"],
    )
    s = compile_structure(arch)
    state = failure_state(arch, failed, s)
    found = further_failures(s, state.evidence, state.effect)
    down_by = {s.events[e].name: {s.nodes[n] for n in down} for e, down in found.spofs.items()}
    assert {name for name in down_by if name in ("z", "vm_a", "witness", "db[0]")} == fatal
    assert all(down_by[name] == {"api"} for name in fatal)
    assert found.spofs == _further(s, state.effect, range(len(s.nodes)))[0]


def _chain(links: int) -> list[str]:
    return [f"link{i:03d}" for i in range(links)]


def test_a_deep_chain_under_a_scenario_is_walked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure at the bottom of a chain takes every link above: one propagation per
    link walked 300 * 299 / 2 links; the pass evaluates each node once."""
    names = _chain(300)
    comps = [component(n, 0.999, depends_on=[needs(m)]) for n, m in itertools.pairwise(names)]
    arch = architecture(
        [
            *comps,
            component(names[-1], 0.999, runs_on=["vm"]),
            component("vm", 0.999, replicas=2),
            component("spare", 0.999, runs_on=["vm"]),
        ],
        entrypoints=[names[0], "spare"],
    )
    s = compile_structure(arch)
    calls: dict[str, int] = defaultdict(int)
    evaluate = scenario_cut_sets._ScenarioRows._evaluate

    def counted(self: scenario_cut_sets._ScenarioRows, node: int) -> int:
        calls["evaluate"] += 1
        return evaluate(self, node)

    monkeypatch.setattr(scenario_cut_sets._ScenarioRows, "_evaluate", counted)
    monkeypatch.setattr(scenario_cut_sets, "_taken_down", None)  # never one per component
    state = failure_state(arch, ["vm[0]"], s)
    found = further_failures(s, state.evidence, state.effect)
    assert calls["evaluate"] <= len(s.nodes)
    down_by = {s.events[e].name: {s.nodes[n] for n in down} for e, down in found.spofs.items()}
    assert down_by["vm[1]"] == {names[0], "spare"}
    assert down_by[names[-1]] == {names[0]}
    assert down_by["spare"] == {"spare"}
    assert len(down_by) == 302  # every link, the VM's other instance and the spare
