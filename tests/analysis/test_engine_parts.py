"""The engine's parts on small cases built by hand: budgets, structural views, shared fate."""

from __future__ import annotations

import functools
import itertools
import math
import operator
import random

import networkx as nx
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from spofscan.analysis import (
    bdd_terms,
    montecarlo,
    node_functions,
    sample_states,
    single_faults,
    topology,
)
from spofscan.analysis.analyse import analyse
from spofscan.analysis.availability import Settings, availability, exact_availability
from spofscan.analysis.bdd import BudgetExceeded, NodeBdds
from spofscan.analysis.bdd_terms import smallest_first
from spofscan.analysis.compiled_structure import compile_structure
from spofscan.analysis.cut_sets import minimal_cut_sets
from spofscan.analysis.evaluation_order import (
    _evaluation_order,
    evaluation_order,
    is_cyclic,
    order_within,
    settling_order,
)
from spofscan.analysis.shared_fate import shared_fate
from spofscan.analysis.topology import (
    articulation_points,
    cycles,
    points_by_igraph,
    points_by_networkx,
    unreachable,
)
from spofscan.analysis.what_if import what_if
from spofscan.errors import UsageError
from spofscan.loading import load_architecture, load_architecture_text
from spofscan.model import Architecture
from spofscan.model.graph import relation_edges

from .strategies import (
    any_of,
    architecture,
    architectures,
    at_least,
    component,
    needs,
)


def web_stack() -> Architecture:
    """lb -> any_of(app-a, app-b) -> db; apps on their own VMs; db on vm-a too."""
    return architecture(
        [
            component("lb", 0.9999, depends_on=[any_of("app-a", "app-b")]),
            component("app-a", 0.999, runs_on=["vm-a"], depends_on=[needs("db")]),
            component("app-b", 0.999, runs_on=["vm-b"], depends_on=[needs("db")]),
            component("db", 0.9995, kind="database", runs_on=["vm-a"]),
            component("vm-a", 0.995, kind="vm"),
            component("vm-b", 0.995, kind="vm"),
        ],
        entrypoints=["lb"],
    )


def test_double_fault_budget_stops_and_says_so() -> None:
    s = compile_structure(web_stack())
    full = minimal_cut_sets(s)
    assert full.complete and len(full.order_2) >= 2
    cut = minimal_cut_sets(s, max_pairs=1)
    assert not cut.complete
    assert cut.candidates == 1
    assert set(cut.order_2) <= set(full.order_2)


def test_shared_dependency_defeats_the_any_of() -> None:
    fates = analyse(web_stack()).shared_fate
    by_owner = {(f.owner, f.group): f.culprits for f in fates}
    # db and vm-a (which hosts db) each take both app servers down at once.
    assert by_owner[("lb", 0)] == ("db", "vm-a")


def test_replicas_spread_over_hosts_share_no_fate() -> None:
    spread = architecture(
        [
            component("api", 0.99, replicas=2, runs_on=["vm-1", "vm-2"]),
            component("vm-1", 0.995, kind="vm"),
            component("vm-2", 0.995, kind="vm"),
        ]
    )
    packed = architecture(
        [component("api", 0.99, replicas=2, runs_on=["vm-1"]), component("vm-1", 0.995)]
    )
    assert shared_fate(compile_structure(spread)) == ()
    assert [f.culprits for f in shared_fate(compile_structure(packed))] == [("vm-1",)]


def test_articulation_points_follow_the_spec_definition() -> None:
    arch = web_stack()
    graph: nx.Graph[str] = nx.Graph()
    graph.add_edges_from(
        [
            ("lb", "app-a"),
            ("lb", "app-b"),
            ("app-a", "db"),
            ("app-b", "db"),
            ("app-a", "vm-a"),
            ("app-b", "vm-b"),
            ("db", "vm-a"),
        ]
    )
    assert articulation_points(arch) == tuple(sorted(nx.articulation_points(graph)))
    assert articulation_points(arch) == ("app-b",)


@settings(max_examples=100)
@given(architectures())
def test_articulation_points_on_random_architectures(arch: Architecture) -> None:
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(arch.node_names())
    for name in arch.node_names():
        for group in arch.dependencies_of(name):
            graph.add_edges_from((name, m) for m in group.members)
    for name, comp in arch.components.items():
        graph.add_edges_from((name, o) for o in (*comp.soft_depends_on, *comp.runs_on))
    graph.remove_edges_from(list(nx.selfloop_edges(graph)))
    expected = tuple(sorted(nx.articulation_points(graph)))
    assert articulation_points(arch) == expected
    names, edges = relation_edges(arch)
    for find in (points_by_igraph, points_by_networkx):  # by the graph's size, either
        assert tuple(sorted(names[i] for i in find(len(names), edges))) == expected


def test_a_large_file_has_its_articulation_points_found_by_igraph(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found: list[int] = []

    def counted(nodes: int, edges: list[tuple[int, int]]) -> list[int]:
        found.append(nodes)
        return points_by_igraph(nodes, edges)

    monkeypatch.setattr(topology, "points_by_igraph", counted)
    arch = load_architecture(ROOT / "examples" / "multi-region.yaml")
    small = articulation_points(arch)
    assert found == []
    monkeypatch.setattr(topology, "IGRAPH_FROM", 0)
    assert articulation_points(arch) == small == ("dns", "lb_eu", "lb_us", "stack_eu", "stack_us")
    assert found == [len(arch.node_names())]


@settings(max_examples=60, deadline=None)
@given(architectures(), st.data())
def test_the_order_of_some_nodes_is_the_whole_order_among_them(
    arch: Architecture, data: st.DataObject
) -> None:
    """The evaluation order of the nodes that need a given few (every cycle whole)
    reads only the requirements among them: every node after what it needs there.
    Both ways of finding it hold: ordering the nodes alone, and leaving the others out
    of the whole order (what :func:`order_within` does for most of the nodes)."""
    s = compile_structure(arch)
    assert _evaluation_order(s, set(range(len(s.nodes)))) == evaluation_order(s)
    picked = data.draw(st.sets(st.sampled_from(range(len(s.nodes))), max_size=3))
    some = s.downstream(picked)
    whole = [component for component in evaluation_order(s) if component[0] in some]
    for order in (order_within(s, some), _evaluation_order(s, some), whole):
        position = {n: i for i, component in enumerate(order) for n in component}
        assert sorted(position) == sorted(some)
        for node in some:
            for need in s.requirements(node):
                if need in some:
                    assert position[need] <= position[node]
                    if position[need] == position[node]:
                        assert is_cyclic(s, order[position[node]])


@settings(max_examples=60, deadline=None)
@given(architectures())
def test_a_cycle_settles_every_member_once_a_round(arch: Architecture) -> None:
    s = compile_structure(arch)
    for members in evaluation_order(s):
        assert sorted(settling_order(s, members)) == members


def _head_needing_chain(links: int) -> Architecture:
    """A chain whose every link also needs its head: one cycle of ``links`` nodes."""
    names = [f"link{i:03d}" for i in range(links)]
    comps = [
        component(n, 0.999, depends_on=[needs(m), needs(names[0])])
        for n, m in itertools.pairwise(names)
    ]
    return architecture(
        [*comps, component(names[-1], 0.999, depends_on=[needs(names[0])])],
        entrypoints=[names[0]],
    )


def test_a_long_cycle_settles_in_a_few_rounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The members of a cycle 200 links long are evaluated a few times each (the sorted
    members took a round per link: 40,000 evaluations), in the Monte Carlo, the single
    faults and the diagrams alike; with the same answers as the exact diagram."""
    arch = _head_needing_chain(200)
    s = compile_structure(arch)
    calls = {"montecarlo": 0, "single_faults": 0, "bdd": 0}

    def counted(module: object, name: str, key: str) -> None:
        original = getattr(module, name)

        def wrapper(*args: object, **kwargs: object) -> object:
            calls[key] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    counted(sample_states, "_condition", "montecarlo")
    counted(single_faults._DownSets, "_evaluate", "single_faults")
    counted(NodeBdds, "_condition", "bdd")
    exact = availability(s).system.value
    tally = montecarlo.run(s, [s.entrypoints], samples=64 * 100, seed=0)
    faults = single_faults.single_faults(s)
    assert all(200 <= count <= 5 * 200 for count in calls.values()), calls
    assert exact == pytest.approx(0.999**200, rel=1e-12)  # every link is needed
    assert tally.hits[0] / tally.samples == pytest.approx(exact, abs=0.05)
    assert len(faults.takes_down) == 200


def test_unredundant_chain_runs_from_the_entrypoint_down() -> None:
    arch = architecture(
        [
            component("lb", 0.9999, runs_on=["vm"], depends_on=[needs("api")]),
            component("api", 0.999, runs_on=["vm"], depends_on=[needs("db")]),
            component("db", 0.999, runs_on=["vm"]),
            component("vm", 0.995, runs_on=["zone"]),
            component("zone", 0.9999),
        ]
    )
    chains = analyse(arch).chains["lb"]
    assert ("lb", "api", "db", "vm", "zone") in chains


def test_cycles_and_unreachable_components() -> None:
    arch = architecture(
        [
            component("front", 0.999, depends_on=[needs("auth")]),
            component("auth", 0.999, depends_on=[needs("sessions")]),
            component("sessions", 0.999, depends_on=[needs("auth")]),
            component("batch", 0.999, depends_on=[at_least(1, "spare")]),
            component("spare", 0.999),
        ],
        entrypoints=["front"],
    )
    s = compile_structure(arch)
    assert cycles(s) == (("auth", "sessions"),)
    assert unreachable(s) == ("batch", "spare")


def test_what_if_explains_why_and_refuses_unknown_names() -> None:
    arch = web_stack()
    result = what_if(arch, ["db"])
    assert result.entrypoints_down == ("lb",)
    assert result.why["lb"][0] == "lb" and result.why["lb"][-1] == "db"
    with pytest.raises(UsageError, match="did you mean 'db'"):
        what_if(arch, ["dbb"])
    with pytest.raises(UsageError, match="numbered from 0 to 0"):
        what_if(arch, ["db[1]"])


def test_a_large_model_with_a_small_diagram_stays_exact() -> None:
    """A load balancer over 2,500 services, each with two replicas on VMs in two zones:
    tens of thousands of variables, but a diagram of about 25,000 nodes, well within
    the budget, so the answer must be exact (the memory cap must not refuse it), and
    equal to the closed form that conditions on the two zones."""
    n, service, vm, zone, region, lb = 2500, 0.9995, 0.999, 0.9999, 0.99995, 0.9999
    parts = [
        component("region", region, kind="region"),
        component("zone-a", zone, kind="zone", runs_on=["region"]),
        component("zone-b", zone, kind="zone", runs_on=["region"]),
    ]
    for i in range(n):
        parts.append(component(f"vm-{i}-a", vm, kind="vm", runs_on=["zone-a"]))
        parts.append(component(f"vm-{i}-b", vm, kind="vm", runs_on=["zone-b"]))
        parts.append(component(f"svc-{i}", service, replicas=2, runs_on=[f"vm-{i}-a", f"vm-{i}-b"]))
    parts.append(component("lb", lb, depends_on=[needs(f"svc-{i}") for i in range(n)]))
    result = analyse(architecture(parts), max_pairs=0)
    one = service * vm  # one replica with its VM, its zone up
    both_zones = zone * zone * (1 - (1 - one) ** 2) ** n
    one_zone = 2 * zone * (1 - zone) * one**n
    assert result.system.method == "exact"
    assert result.system.value == pytest.approx(region * lb * (both_zones + one_zone), abs=1e-12)


def test_a_chain_thousands_long_is_walked_without_recursion() -> None:
    """Each link of a long chain is a single point of failure, and the unredundant
    chain through them is as long as the file."""
    names = [f"c{i}" for i in range(3000)]
    comps = [component(n, 0.9999, depends_on=[needs(m)]) for n, m in itertools.pairwise(names)]
    analysis = analyse(architecture([*comps, component(names[-1], 0.9999)]), max_pairs=0)
    assert len(analysis.spofs) == 3000
    assert analysis.chains == {"c0": (tuple(names),)}


def test_half_of_600_replicas_on_two_hosts_is_exact() -> None:
    """k of n replicas with k = n/2, spread over two hosts: the diagram's counts are
    joined deepest variable first, else this took minutes. Closed form: both hosts up,
    at least 300 of 600 up; one host up, all 300 on it up."""
    api = component("api", 0.5, replicas=600, min_healthy=300, runs_on=["h1", "h2"])
    arch = architecture([api, component("h1", 0.9), component("h2", 0.8)])
    at_least_half = sum(math.comb(600, j) for j in range(300, 601)) / 2**600
    expected = 0.9 * 0.8 * at_least_half + (0.9 * 0.2 + 0.1 * 0.8) * 0.5**300
    analysis = analyse(arch, max_pairs=0)
    assert analysis.system.method == "exact"
    assert analysis.system.value == pytest.approx(expected, rel=1e-12)


def _twenty_entrypoints() -> Architecture:
    """Twenty entrypoints, each needing its own database: every node's diagram has
    three nodes, the diagram of all of them together forty-one."""
    parts = []
    for i in range(20):
        parts.append(component(f"db-{i:02}", 0.999, kind="database"))
        parts.append(component(f"app-{i:02}", 0.9995, depends_on=[needs(f"db-{i:02}")]))
    return architecture(parts)


def test_joining_the_entrypoints_is_held_to_the_budget() -> None:
    """The system's diagram (all entrypoints up) counts against the budget like every
    node's: past it the answer is an estimate, and exact_availability says None."""
    arch = _twenty_entrypoints()
    s = compile_structure(arch)
    exact = availability(s, settings=Settings(node_budget=1_000))
    assert exact.system.method == "exact"
    assert exact.system.value == pytest.approx((0.999 * 0.9995) ** 20, abs=1e-15)
    tight = availability(s, settings=Settings(node_budget=10, samples=6_400, seed=1))
    assert tight.system.method == "monte-carlo"
    with pytest.raises(BudgetExceeded):
        NodeBdds(s, node_budget=10).all_of(s.entrypoints)


def test_a_join_on_the_way_to_a_node_is_refused_past_its_slack(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A node's joins are held to ``JOIN_SLACK`` budgets each (with the default
    budget as the floor, here lowered), so a node that blows up fails at once; a join
    within that slack passes, even past the budget itself."""
    s = compile_structure(_twenty_entrypoints())
    apps = [s.index[f"app-{i:02}"] for i in range(4)]
    diagram = NodeBdds(s)
    both = diagram.up[apps[0]] & diagram.up[apps[1]]
    size = both.dag_size
    monkeypatch.setattr(node_functions, "DEFAULT_NODE_BUDGET", 0)
    limit = -(-size // node_functions.JOIN_SLACK)  # the limit: size
    monkeypatch.setattr(diagram, "_budget", limit)
    assert size > diagram._budget
    assert diagram._smallest_first([diagram.up[apps[0]], diagram.up[apps[1]]]) == both
    assert (both & diagram.up[apps[2]]).dag_size > size
    with pytest.raises(BudgetExceeded):
        diagram._smallest_first([both, diagram.up[apps[2]]])


def test_a_term_past_the_join_limit_is_refused_before_any_join() -> None:
    """A node's term (its instances, built on the way) larger than a join may be is
    refused as such a join would be, even where the conjunction would be small: joining
    it first is where CUDD's memory cap was met, after a good part of a second."""
    s = compile_structure(_twenty_entrypoints())
    diagram = NodeBdds(s)
    large = diagram.all_of(s.entrypoints)
    size = int(large.dag_size)
    small = [diagram.up[s.index[f"app-{i:02}"]] for i in range(2)]
    off = ~small[0]  # with it, the conjunction is false: a join that would shrink
    assert smallest_first([large, small[1], off], diagram.manager.true, limit=size) is not None
    assert smallest_first([large, small[1], off], diagram.manager.true, limit=size - 1) is None
    assert smallest_first([large, off], diagram.manager.true, limit=size - 1) is not None


def test_a_nodes_terms_joined_smallest_first_are_their_conjunction() -> None:
    """However the terms are paired, the conjunction is the same function: every
    subset of the apps' functions, joined smallest first, is their plain AND."""
    s = compile_structure(_twenty_entrypoints())
    diagram = NodeBdds(s)
    terms = [diagram.up[s.index[f"app-{i:02}"]] for i in range(6)]
    terms.append(terms[0] & terms[1])  # a larger one among them
    assert diagram._smallest_first([]) == diagram.manager.true
    for count in range(1, len(terms) + 1):
        chosen = terms[-count:]
        assert diagram._smallest_first(chosen) == functools.reduce(operator.and_, chosen)


@pytest.mark.parametrize(
    ("force_first", "force_only", "builds"), [(True, False, 2), (False, True, 1), (True, True, 1)]
)
def test_forces_order_alone_is_not_followed_by_the_depth_first_one(
    monkeypatch: pytest.MonkeyPatch, force_first: bool, force_only: bool, builds: int
) -> None:
    """``force_first`` tries FORCE's order, then the depth-first one; ``force_only``
    (with or without ``force_first``) FORCE's alone."""
    s = compile_structure(_twenty_entrypoints())
    tried: list[int] = []
    real = NodeBdds._build

    def build(self: NodeBdds, order: list[int]) -> None:
        tried.append(len(order))
        real(self, order)

    monkeypatch.setattr(NodeBdds, "_build", build)
    with pytest.raises(BudgetExceeded):  # every function has more than one node
        NodeBdds(s, node_budget=1, force_first=force_first, force_only=force_only)
    assert len(tried) == builds


def test_an_operation_cudd_refuses_while_joining_is_a_budget_exceeded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """CUDD refuses an operation past its memory cap, which ``dd`` reports as a
    ValueError about a NULL node: joining the entrypoints must turn it into
    BudgetExceeded (an estimate follows), never an internal error."""
    s = compile_structure(_twenty_entrypoints())
    diagram = NodeBdds(s)

    def refused(*_: object) -> None:
        raise ValueError("`DdNode *node` is `NULL` pointer.")

    monkeypatch.setattr(bdd_terms, "balanced", refused)
    monkeypatch.setattr(bdd_terms, "folded", refused)
    with pytest.raises(BudgetExceeded):
        diagram.all_of(s.entrypoints)


def _services_on_one_host(count: int) -> Architecture:
    """``count`` services on one host, each needing one to three of the five before it:
    a compose project's shape, whose functions are small and many."""
    rng = random.Random(0)
    lines = ["spofscan: 1", "name: one host", "components:", "  host: {kind: vm}"]
    for i in range(count):
        before = range(max(0, i - 5), i)
        needs = sorted(rng.sample(before, min(i, rng.randint(1, 3))))
        listed = ", ".join(f"s{j:03}" for j in needs)
        lines.append(f"  s{i:03}: {{kind: container, runs_on: host, depends_on: [{listed}]}}")
    return load_architecture_text("\n".join(lines) + "\n", "t.yaml")


def test_many_small_functions_fit_a_small_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """The memory cap leaves room for one blow-up above the diagrams made so far: 300
    services of a few needs each, under a budget of 2,000 nodes a function, hold more
    nodes in all than the room the budget gives (a fix's budget on the 3,001 services
    of one compose project), and are exact all the same; ``MANAGER_BYTES`` still caps
    the whole manager."""
    s = compile_structure(_services_on_one_host(300))
    whole = exact_availability(s)
    small = exact_availability(s, node_budget=2_000)
    assert whole is not None and small is not None
    assert small.system.value == whole.system.value
    largest = max(f.dag_size for f in NodeBdds(s, node_budget=2_000).up)
    assert largest <= 2_000
    monkeypatch.setattr(node_functions, "MANAGER_BYTES", 2**20)  # less than the manager starts with
    assert exact_availability(s, node_budget=2_000) is None
