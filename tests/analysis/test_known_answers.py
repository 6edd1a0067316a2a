"""Architectures whose answers are known by hand, and the engine held against them.

The expected values come from closed formulas written here, never from the brute force;
``test_brute_force_itself`` holds the brute force against the same catalog.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pytest

from spofscan.analysis.results import Analysis
from spofscan.model import Architecture

from .strategies import any_of, architecture, at_least, component, journey, needs

TOL = 1e-9


@dataclass(frozen=True)
class Known:
    arch: Architecture
    system: float
    order_1: tuple[tuple[str], ...] = ()
    order_2: tuple[tuple[str, str], ...] = ()
    spofs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # component: entrypoints
    entrypoints: Mapping[str, float] = field(default_factory=dict)
    birnbaum: Mapping[str, float] = field(default_factory=dict)


def at_least_k_up(k: int, availabilities: Sequence[float]) -> float:
    """P(at least k of independent units up), by the Poisson-binomial recurrence."""
    exactly = [1.0]  # exactly[j] = P(j of the units seen so far are up)
    for a in availabilities:
        exactly = [
            (exactly[j] * (1 - a) if j < len(exactly) else 0.0) + (exactly[j - 1] * a if j else 0.0)
            for j in range(len(exactly) + 1)
        ]
    return sum(exactly[k:])


def parallel(*availabilities: float) -> float:
    unavailable = 1.0
    for a in availabilities:
        unavailable *= 1 - a
    return 1 - unavailable


FIVE = {"u0": 0.9, "u1": 0.8, "u2": 0.95, "u3": 0.7, "u4": 0.85}
BRIDGE_PATHS = {"p1": "ad", "p2": "be", "p3": "ace", "p4": "bcd"}
ONE_ZONE = [component("api", 0.9, replicas=2, runs_on=["zone-a"]), component("zone-a", 0.99)]
TWO_ZONES = [
    component("api", 0.9, replicas=2, runs_on=["zone-a", "zone-b"]),
    component("zone-a", 0.99),
    component("zone-b", 0.99),
]
API_PAIRS = (("api[0]", "api[1]"), ("api[0]", "api[2]"), ("api[1]", "api[2]"))

KNOWN: dict[str, Known] = {
    "series": Known(
        architecture(
            [
                component("lb", 0.99, depends_on=[needs("api")]),
                component("api", 0.95, depends_on=[needs("db")]),
                component("db", 0.9),
            ]
        ),
        0.99 * 0.95 * 0.9,
        (("api",), ("db",), ("lb",)),
        spofs={"api": ("lb",), "db": ("lb",), "lb": ("lb",)},
        birnbaum={"db": 0.99 * 0.95, "lb": 0.95 * 0.9},
    ),
    "parallel": Known(
        architecture(
            [
                component("front", kind="logical", depends_on=[any_of("a", "b")]),
                component("a", 0.9),
                component("b", 0.8),
            ]
        ),
        parallel(0.9, 0.8),
        order_2=(("a", "b"),),
        birnbaum={"front": parallel(0.9, 0.8), "a": 1 - 0.8, "b": 1 - 0.9},
    ),
    "nested": Known(
        architecture(
            [
                component("lb", 0.999, depends_on=[any_of("app-a", "app-b"), needs("store")]),
                component("app-a", 0.95),
                component("app-b", 0.95),
                component("store", kind="logical", depends_on=[any_of("disk-1", "disk-2")]),
                component("disk-1", 0.9),
                component("disk-2", 0.8),
            ]
        ),
        0.999 * parallel(0.95, 0.95) * parallel(0.9, 0.8),
        (("lb",),),
        (("app-a", "app-b"), ("disk-1", "disk-2")),
        spofs={"lb": ("lb",)},
    ),
    "two-of-three": Known(
        architecture(
            [component("quorum", kind="logical", depends_on=[at_least(2, "x", "y", "z")])]
            + [component(n, 0.9) for n in "xyz"]
        ),
        3 * 0.9**2 - 2 * 0.9**3,
        order_2=(("x", "y"), ("x", "z"), ("y", "z")),
    ),
    "three-of-five-unequal": Known(
        architecture(
            [component("quorum", kind="logical", depends_on=[at_least(3, *FIVE)])]
            + [component(n, a) for n, a in FIVE.items()]
        ),
        at_least_k_up(3, list(FIVE.values())),
    ),
    "bridge": Known(
        architecture(
            [component("bridge", kind="logical", depends_on=[any_of(*BRIDGE_PATHS)])]
            + [
                component(p, kind="logical", depends_on=[needs(m) for m in members])
                for p, members in BRIDGE_PATHS.items()
            ]
            + [component(n, 0.9) for n in "abcde"]
        ),
        0.97848,
        order_2=(("a", "b"), ("d", "e")),
    ),
    "shared-database": Known(
        architecture(
            [
                component("front", kind="logical", depends_on=[any_of("app-1", "app-2")]),
                component("app-1", 0.9, depends_on=[needs("db")]),
                component("app-2", 0.9, depends_on=[needs("db")]),
                component("db", 0.99),
            ]
        ),
        0.99 * parallel(0.9, 0.9),
        (("db",),),
        (("app-1", "app-2"),),
        spofs={"db": ("front",)},
        birnbaum={"db": parallel(0.9, 0.9), "app-1": 0.99 * 0.1},
    ),
    "one-zone": Known(
        architecture(ONE_ZONE),
        0.99 * parallel(0.9, 0.9),
        (("zone-a",),),
        (("api[0]", "api[1]"),),
        spofs={"zone-a": ("api",)},
    ),
    "two-zones": Known(
        architecture(TWO_ZONES),
        parallel(0.99 * 0.9, 0.99 * 0.9),
        order_2=(
            ("api[0]", "api[1]"),
            ("api[0]", "zone-b"),
            ("api[1]", "zone-a"),
            ("zone-a", "zone-b"),
        ),
        birnbaum={"zone-a": parallel(0.9, 0.99 * 0.9) - 0.99 * 0.9, "api": parallel(0.99, 0.99)},
    ),
    "min-healthy-2-of-3": Known(
        architecture([component("api", 0.9, replicas=3, min_healthy=2)]),
        3 * 0.9**2 - 2 * 0.9**3,
        order_2=API_PAIRS,
    ),
    "cycle": Known(
        architecture(
            [
                component("lb", 0.99, depends_on=[needs("a")]),
                component("a", 0.9, depends_on=[needs("b")]),
                component("b", 0.8, depends_on=[needs("a")]),
            ]
        ),
        0.99 * 0.9 * 0.8,
        (("a",), ("b",), ("lb",)),
        spofs={"a": ("lb",), "b": ("lb",), "lb": ("lb",)},
    ),
    "soft-dependency": Known(
        architecture([component("api", 0.99, soft=["recs"]), component("recs", 0.5)]),
        0.99,
        (("api",),),
        spofs={"api": ("api",)},
        birnbaum={"recs": 0.0},
    ),
    "journeys": Known(
        architecture(
            [component("lb", 0.99), component("pay", 0.9)],
            [journey("browse", needs("lb")), journey("checkout", needs("lb"), needs("pay"))],
        ),
        0.99 * 0.9,
        (("lb",), ("pay",)),
        spofs={"lb": ("browse", "checkout"), "pay": ("checkout",)},
        entrypoints={"browse": 0.99, "checkout": 0.99 * 0.9},
    ),
}


@dataclass(frozen=True)
class KnownWhatIf:
    case: str
    names: tuple[str, ...]
    down: tuple[str, ...]
    availability_after: float
    entrypoints_down: tuple[str, ...] = ()
    degraded: tuple[str, ...] = ()
    reduced: tuple[str, ...] = ()


KNOWN_WHAT_IFS = [
    KnownWhatIf("series", ("db",), ("api", "db", "lb"), 0.0, ("lb",)),
    KnownWhatIf("parallel", ("a",), ("a",), 0.8, reduced=("front",)),
    KnownWhatIf("parallel", ("front",), ("front",), 0.0, ("front",)),  # availability 1, forced
    KnownWhatIf(
        "nested",
        ("disk-1", "app-b"),
        ("app-b", "disk-1"),
        0.999 * 0.95 * 0.8,
        reduced=("lb", "store"),
    ),
    KnownWhatIf("shared-database", ("db",), ("app-1", "app-2", "db", "front"), 0.0, ("front",)),
    KnownWhatIf("two-zones", ("zone-a",), ("zone-a",), 0.99 * 0.9, reduced=("api",)),
    KnownWhatIf("min-healthy-2-of-3", ("api[1]",), (), 0.9 * 0.9, reduced=("api",)),
    KnownWhatIf("cycle", ("b",), ("a", "b", "lb"), 0.0, ("lb",)),
    KnownWhatIf("soft-dependency", ("recs",), ("recs",), 0.99, degraded=("api",)),
    KnownWhatIf("journeys", ("checkout",), ("checkout",), 0.0, ("checkout",)),
]


def analyse_with_engine(arch: Architecture) -> Analysis:
    from spofscan.analysis.analyse import analyse  # imported late: the engine is built apart

    return analyse(arch)


@pytest.mark.parametrize("name", KNOWN)
def test_availability(name: str) -> None:
    known = KNOWN[name]
    result = analyse_with_engine(known.arch)
    assert result.system.method == "exact"
    assert result.system.value == pytest.approx(known.system, abs=TOL)
    got = {e.name: e.availability.value for e in result.entrypoints}
    assert set(got) == set(known.arch.entrypoints)
    for entrypoint, expected in known.entrypoints.items():
        assert got[entrypoint] == pytest.approx(expected, abs=TOL)


@pytest.mark.parametrize("name", KNOWN)
def test_cut_sets_and_spofs(name: str) -> None:
    known = KNOWN[name]
    result = analyse_with_engine(known.arch)
    assert result.cut_sets.order_1 == known.order_1
    assert result.cut_sets.order_2 == known.order_2
    assert {s.component: s.entrypoints for s in result.spofs} == dict(known.spofs)


@pytest.mark.parametrize("name", KNOWN)
def test_importance(name: str) -> None:
    known = KNOWN[name]
    result = analyse_with_engine(known.arch)
    by_name = {i.component: i for i in result.importance}
    for target, expected in known.birnbaum.items():
        assert by_name[target].birnbaum == pytest.approx(expected, abs=TOL)
    for comp in known.arch.components.values():  # SPEC: B x (1 - a) / (1 - A), one instance
        if comp.replicas == 1 and known.system < 1:
            birnbaum = by_name[comp.name].birnbaum
            assert birnbaum is not None
            share = birnbaum * (1 - comp.availability) / (1 - known.system)
            assert by_name[comp.name].criticality == pytest.approx(share, abs=TOL)


@pytest.mark.parametrize("known", KNOWN_WHAT_IFS, ids=lambda k: f"{k.case}-{'+'.join(k.names)}")
def test_what_if(known: KnownWhatIf) -> None:
    from spofscan.analysis.what_if import what_if

    result = what_if(KNOWN[known.case].arch, known.names)
    assert result.failed == tuple(sorted(known.names))
    assert result.down == known.down
    assert result.degraded == known.degraded
    assert result.reduced == known.reduced
    assert result.entrypoints_down == known.entrypoints_down
    assert result.availability_after.value == pytest.approx(known.availability_after, abs=TOL)


def test_shared_database_is_counted_once_not_multiplied_per_branch() -> None:
    naive = parallel(0.9 * 0.99, 0.9 * 0.99)  # each branch as if it had its own db
    exact = analyse_with_engine(KNOWN["shared-database"].arch).system.value
    assert exact == pytest.approx(0.99 * parallel(0.9, 0.9), abs=TOL)
    assert abs(exact - naive) > 1e-3


def test_spreading_over_two_zones_removes_the_zone_spof() -> None:
    one, two = (analyse_with_engine(KNOWN[n].arch) for n in ("one-zone", "two-zones"))
    assert [s.component for s in one.spofs] == ["zone-a"]
    assert two.spofs == ()
    assert two.system.value > one.system.value + 1e-3
