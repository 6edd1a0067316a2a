"""A fix measured on the part of the file it changes answers as the whole fixed file
does: on random changed pairs (where it answers at all), on random regions of stacks
with a fix inside one stack or reaching into another's zone, and where it must not
answer."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from spofscan.analysis.availability import availability, exact_availability
from spofscan.analysis.changed_part import measured_apart, wider_than_half
from spofscan.analysis.changed_structure import changed_structure
from spofscan.analysis.compiled_structure import compile_structure, compiled
from spofscan.analysis.same_shape import Values
from spofscan.analysis.single_faults import whole_failures
from spofscan.model import Architecture, Component
from spofscan.remediation.snippets import exact_outcome

from .strategies import any_of, architecture, changed_pairs, component, needs

TOL = 1e-12


def _apart(before: Architecture, after: Architecture) -> Values | None:
    """``measured_apart`` of ``after``, with ``before`` analysed as a check analyses it."""
    s = compile_structure(before)
    availability(s)
    return measured_apart(before, s, after, changed_structure(s, before, after))


def _assert_whole(after: Architecture, found: Values) -> None:
    fresh = exact_availability(compile_structure(after))
    assert fresh is not None
    assert found.system == pytest.approx(fresh.system.value, rel=TOL, abs=1e-300)
    assert list(found.entrypoints) == pytest.approx([e.value for e in fresh.entrypoints], abs=TOL)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(changed_pairs())
def test_an_answer_apart_is_the_whole_files(pair: tuple[Architecture, Architecture]) -> None:
    before, after = pair
    found = _apart(before, after)
    if found is not None:
        _assert_whole(after, found)


def _stack(draw: st.DrawFn, i: int) -> list[Component]:
    """Stack ``i`` under the region: a zone, two VMs, a load balancer, a service over
    the VMs and a database."""

    def chance() -> float:
        return draw(st.sampled_from([0.9, 0.95, 0.99, 0.999]))

    replicas = draw(st.integers(1, 2))
    return [
        component(f"z{i}", chance(), kind="zone", runs_on=["region"]),
        component(f"v{i}a", chance(), kind="vm", runs_on=[f"z{i}"]),
        component(f"v{i}b", chance(), kind="vm", runs_on=[f"z{i}"]),
        component(f"lb{i}", chance(), depends_on=[needs(f"svc{i}")]),
        component(
            f"svc{i}",
            chance(),
            replicas=replicas,
            runs_on=[f"v{i}a", f"v{i}b"][:replicas],
            depends_on=[needs(f"db{i}")],
        ),
        component(f"db{i}", chance(), kind="database", runs_on=[f"v{i}b"]),
    ]


@st.composite
def regions(draw: st.DrawFn) -> tuple[Architecture, Architecture, str]:
    """A region of 3 to 5 stacks, the same file with one fix, and what the fix does."""
    count = draw(st.integers(3, 5))
    comps = [component("region", draw(st.sampled_from([0.99, 0.999])), kind="region")]
    for i in range(count):
        comps.extend(_stack(draw, i))
    before = architecture(comps)
    by_name = dict(before.components)
    fix = draw(st.sampled_from(["replica", "move", "twin", "shared"]))
    other = (1 + draw(st.integers(0, count - 2))) % count
    if fix == "replica":  # inside stack 0: the database on both VMs
        by_name["db0"] = replace(by_name["db0"], replicas=2, runs_on=("v0a", "v0b"))
    elif fix == "move":  # stack 0's VM into another stack's zone
        by_name["v0b"] = replace(by_name["v0b"], runs_on=(f"z{other}",))
    elif fix == "twin":  # a second database VM in another stack's zone
        by_name["v0c"] = component("v0c", 0.99, kind="vm", runs_on=[f"z{other}"])
        by_name["db0"] = replace(by_name["db0"], replicas=2, runs_on=("v0b", "v0c"))
    else:  # a cache shared by two stacks, each able to do without it
        by_name["cache"] = component("cache", 0.95, kind="cache", runs_on=[f"v{other}a"])
        for i in (0, other):
            svc = by_name[f"svc{i}"]
            by_name[f"svc{i}"] = replace(svc, depends_on=(any_of(f"db{i}", "cache"),))
    return before, architecture(by_name.values()), fix


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(regions())
def test_a_fix_of_one_stack_is_measured_on_its_part(
    case: tuple[Architecture, Architecture, str],
) -> None:
    before, after, fix = case
    found = _apart(before, after)
    if fix in ("replica", "move"):  # one stack's part, or two when a VM moved over
        assert found is not None
    if found is not None:
        _assert_whole(after, found)


def test_without_the_analysis_there_is_no_answer() -> None:
    comps = [component("region", 0.999, kind="region")]
    for i in range(3):
        comps.append(component(f"lb{i}", 0.99, runs_on=["region"]))
    before = architecture(comps)
    after = architecture([*comps[:-1], replace(comps[-1], replicas=2, runs_on=("region",) * 2)])
    s = compile_structure(before)
    t = changed_structure(s, before, after)
    assert measured_apart(before, s, after, t) is None  # nothing kept from an analysis
    availability(s)
    s.cache.whole_failures = None  # as when the single faults were made in another process
    found = measured_apart(before, s, after, t)  # makes them itself
    assert found is not None
    _assert_whole(after, found)


def test_a_part_that_reads_what_the_rest_can_lose_has_no_answer() -> None:
    """Two entrypoints over a pair of replicas: the one the fix changes and the other
    share the replicas, whose loss of one takes neither down; no split holds."""
    comps = [
        component("pool", 0.9, replicas=2, min_healthy=1),
        component("a", 0.99, depends_on=[needs("pool")]),
        component("b", 0.99, depends_on=[needs("pool")]),
        component("c", 0.99, depends_on=[needs("pool")]),
        component("d", 0.99),
    ]
    before = architecture(comps)
    after = architecture([*comps[:3], replace(comps[3], availability=0.999), comps[4]])
    assert _apart(before, after) is None


def _in_region(zones: dict[str, float], *stacks: Component) -> list[Component]:
    """``zones`` (their availabilities) under a region, the components of ``stacks``,
    and three more entrypoints on the region alone (so that a part of two stacks is at
    most half the entrypoints)."""
    region = component("region", 0.999, kind="region")
    placed = [component(z, a, kind="zone", runs_on=["region"]) for z, a in zones.items()]
    others = [component(f"lb{i}", 0.99, runs_on=["region"]) for i in (2, 3, 4)]
    return [region, *placed, *stacks, *others]


def test_a_zone_the_rest_can_lose_joins_its_readers_to_the_part() -> None:
    """The fix moves stack 0's VM into zone ``zx``, which stack 1 reads but survives
    (its service has a replica elsewhere): stack 1 joins the part, and the answer is
    the whole file's."""
    comps = _in_region(
        {"zx": 0.95, "z0": 0.99, "z1": 0.99},
        component("v0", 0.98, kind="vm", runs_on=["z0"]),
        component("v1a", 0.98, kind="vm", runs_on=["z1"]),
        component("v1b", 0.98, kind="vm", runs_on=["zx"]),
        component("lb0", 0.99, runs_on=["v0"]),
        component("lb1", 0.99, replicas=2, runs_on=["v1a", "v1b"]),
    )
    before = architecture(comps)
    moved = {c.name: c for c in comps}
    moved["v0"] = replace(moved["v0"], runs_on=("zx",))
    after = architecture(moved.values())
    found = _apart(before, after)
    assert found is not None
    _assert_whole(after, found)


def test_a_zone_the_original_part_could_lose_joins_its_readers_to_the_part() -> None:
    """Stack 0's service had a replica in stack 1's zone and one at home; the fix keeps
    only the one in stack 1's zone. The zone is fatal for stack 0 in the fixed file but
    was not in the original: stack 1 joins the part."""
    comps = _in_region(
        {"z0": 0.99, "z1": 0.95},
        component("v0", 0.98, kind="vm", runs_on=["z0"]),
        component("v0x", 0.98, kind="vm", runs_on=["z1"]),
        component("v1", 0.98, kind="vm", runs_on=["z1"]),
        component("lb0", 0.99, replicas=2, runs_on=["v0", "v0x"]),
        component("lb1", 0.99, runs_on=["v1"]),
    )
    before = architecture(comps)
    fixed = {c.name: c for c in comps}
    fixed["lb0"] = replace(fixed["lb0"], replicas=1, runs_on=("v0x",))
    after = architecture(fixed.values(), entrypoints=before.entrypoints)  # v0 unused
    found = _apart(before, after)
    assert found is not None
    _assert_whole(after, found)


def test_a_large_files_fix_that_is_not_apart_is_not_compiled_whole() -> None:
    """``exact_outcome(..., whole=False)``, as fixes of files beyond ``LARGE`` components
    are measured: the answer apart where there is one, else none (an estimate follows),
    never a compilation of the whole fixed file."""
    lbs = [component("region", 0.999, kind="region")]
    lbs += [component(f"lb{i}", 0.99, runs_on=["region"]) for i in range(3)]
    pool = [
        component("pool", 0.9, replicas=2, min_healthy=1),
        *(component(name, 0.99, depends_on=[needs("pool")]) for name in "abc"),
        component("d", 0.99),
    ]
    apart = (lbs, replace(lbs[-1], replicas=2, runs_on=("region",) * 2))
    shared = (pool, replace(pool[3], availability=0.999))
    for (comps, changed), found in ((apart, True), (shared, False)):
        before = architecture(comps)
        after = architecture([changed if c.name == changed.name else c for c in comps])
        availability(compiled(before))
        whole_failures(compiled(before))
        whole = exact_outcome(after, source=before)
        assert whole is not None
        assert exact_outcome(after, source=before, whole=False) == (whole if found else None)


def _names_given(arch: Architecture, names: list[str]) -> set[str]:
    """Every name the components ``names`` of ``arch`` give another."""
    given: set[str] = set()
    for name in names:
        c = arch.components[name]
        given.update(m for g in c.depends_on for m in g.members)
        given.update((*c.soft_depends_on, *c.runs_on))
        given.update(c.failover.needs if c.failover is not None else ())
    return given


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(changed_pairs())
def test_a_change_wider_than_half_has_no_answer_apart(
    pair: tuple[Architecture, Architecture],
) -> None:
    """Told only the entries a fix replaces or adds and the names they give, before the
    fixed file is loaded: when more than half the entrypoints need them, the part is
    more than half of the fixed file's, and there is no answer apart."""
    before, after = pair
    assume(before.journeys == after.journeys)  # a fix writes components only
    assume(not before.entrypoints_declared and not after.entrypoints_declared)
    touched = [n for n, c in after.components.items() if before.components.get(n) is not c]
    if wider_than_half(compile_structure(before), touched, _names_given(after, touched)):
        assert _apart(before, after) is None


def test_a_second_region_is_wider_than_half_and_one_stacks_fix_is_not() -> None:
    comps = [component("region", 0.999, kind="region")]
    for i in range(4):
        comps += [
            component(f"z{i}", 0.999, kind="zone", runs_on=["region"]),
            component(f"v{i}", 0.99, kind="vm", runs_on=[f"z{i}"]),
            component(f"lb{i}", 0.999, depends_on=[needs(f"svc{i}")]),
            component(f"svc{i}", 0.99, runs_on=[f"v{i}"]),
        ]
    before = architecture(comps)
    s = compile_structure(before)
    twins = {f"z{i}": (f"z{i}-2", f"v{i}-2") for i in range(4)}
    region = [
        *(z for pair in twins.values() for z in pair),
        "region-2",
        *(f"svc{i}" for i in range(4)),
    ]
    assert wider_than_half(s, region, {"region-2", *(v for _, v in twins.values())})
    one = ["v0-2", "svc0"]
    assert not wider_than_half(s, one, {"z0", "v0", "v0-2"})
    # an entrypoint a changed entry names may stop being one: not counted
    assert not wider_than_half(s, ["svc0", "svc1", "svc2"], {"lb0", "lb1"})
