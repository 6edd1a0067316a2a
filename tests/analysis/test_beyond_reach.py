"""A diagram of more variables than its budget is refused before it is built, and only
such a diagram: on random architectures, the refusal agrees with building it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spofscan.analysis import availability as availability_module
from spofscan.analysis import system_diagram
from spofscan.analysis.availability import Settings
from spofscan.analysis.bdd import BudgetExceeded, NodeBdds
from spofscan.analysis.compiled_structure import compile_structure
from spofscan.analysis.evaluation_order import reach_order
from spofscan.analysis.series_events import variable_keys
from spofscan.analysis.system_diagram import compile_system
from spofscan.model import Architecture

from .strategies import any_of, architecture, architectures, component, journey, needs


def _fits(arch: Architecture, budget: int, modular: bool | None) -> bool:
    try:
        compile_system(compile_structure(arch), frozenset(), Settings(budget, modular=modular))
    except BudgetExceeded:
        return False
    return True


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(architectures(), st.integers(0, 24))
def test_a_refused_diagram_would_have_outgrown_its_budget(arch: Architecture, budget: int) -> None:
    """Compiled whole, a refused diagram fails when built anyway, unless variables of
    its file can never matter (a fallback that needs what it backs up): the limit of
    counting variables instead of building."""
    refused = not _fits(arch, budget, False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(system_diagram, "_beyond_reach", lambda *_: None)
        built = _fits(arch, budget, False)
    if refused and built:
        s = compile_structure(arch)
        diagram = NodeBdds(s, node_budget=budget)
        support = diagram.manager.support(diagram.all_of(s.entrypoints))
        assert len(support) + 1 < sum(len(variable_keys(s, n)) for n in reach_order(s))
    else:
        assert refused == (not built)


def test_variables_that_never_matter_are_counted_too() -> None:
    """The limit, in the open: two fallbacks that need the primary they back up never
    matter to the journey, yet their replicas count (seven variables); each node's
    diagram, the largest a fallback's of five nodes, fits a budget of five."""
    fallbacks = [
        component(f"fallback-{i}", 0.99, replicas=3, depends_on=[needs("primary")]) for i in (1, 2)
    ]
    arch = architecture(
        [component("primary", 0.99), *fallbacks],
        [journey("use", any_of("primary", "fallback-1", "fallback-2"))],
    )
    assert _fits(arch, 5, False) is False
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(system_diagram, "_beyond_reach", lambda *_: None)
        assert _fits(arch, 5, False) is True


def test_more_variables_than_the_budget_are_refused_unbuilt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Sixty databases of two replicas behind one service: 121 variables whole, 120 in
    the one part left once the service (a series variable) is fixed; a diagram of
    about as many nodes fits a budget of 200, not one of 100."""
    parts = [component(f"db-{i:02}", 0.999, kind="database", replicas=2) for i in range(60)]
    parts.append(component("app", 0.999, depends_on=[needs(p.name) for p in parts]))
    arch = architecture(parts)
    assert _fits(arch, 200, None) and _fits(arch, 200, True)

    def unbuilt(*_: object, **__: object) -> None:
        raise AssertionError("built")

    monkeypatch.setattr(system_diagram, "NodeBdds", unbuilt)
    for modular in (None, True):
        with pytest.raises(BudgetExceeded, match="variables"):
            compile_system(compile_structure(arch), frozenset(), Settings(100, modular=modular))


def test_a_structure_too_large_once_is_not_compiled_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """With nothing forced down, the same structure and budget fail at once the second
    time (availability, the explorer's scenarios and the review page all ask); with a
    node forced down, or another budget, the diagrams are compiled again."""
    from spofscan.model.examples import tiny_architecture

    s = compile_structure(tiny_architecture())
    built: list[int] = []

    class Counted(NodeBdds):
        def __init__(self, *args: object, **kwargs: object) -> None:
            built.append(1)
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(system_diagram, "NodeBdds", Counted)
    monkeypatch.setattr(system_diagram, "_beyond_reach", lambda *_: None)
    tight = Settings(node_budget=1)
    for _ in range(2):
        with pytest.raises(BudgetExceeded):
            compile_system(s, frozenset(), tight)
    assert len(built) == 1 and s.cache.diagram_too_large == 1
    assert availability_module.availability(s, settings=tight).system.method != "exact"
    assert len(built) == 1
    with pytest.raises(BudgetExceeded):
        compile_system(s, frozenset({s.index["db"]}), tight)
    assert len(built) == 2
    compile_system(s, frozenset(), Settings())
    assert len(built) == 3
