"""What may name what: the semantic checks beyond the cases folder."""

from __future__ import annotations

import pytest

from spofscan.errors import InputError
from spofscan.loading import load_architecture_text

HEAD = "spofscan: 1\nname: x\n"


def _problems(body: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_architecture_text(HEAD + body, "f.yaml")
    return [str(problem).removeprefix("f.yaml:") for problem in caught.value.problems]


def test_journeys_may_depend_on_journeys() -> None:
    body = "components:\n  a: {}\njourneys:\n  j: {depends_on: [a]}\n  k: {depends_on: [j]}\n"
    arch = load_architecture_text(HEAD + body, "f.yaml")
    assert arch.entrypoints == ("k", "j")


def test_runs_on_and_soft_dependencies_must_name_components() -> None:
    body = (
        "components:\n  a: {runs_on: j, soft_depends_on: [j]}\njourneys:\n  j: {depends_on: [a]}\n"
    )
    assert [p.split(": error: ")[1] for p in _problems(body)] == [
        "component 'a' names journey 'j' in runs_on; only journeys may depend on journeys "
        "(name the components the journey depends on instead)",
        "component 'a' names journey 'j' in soft_depends_on; only journeys may depend on "
        "journeys (name the components the journey depends on instead)",
    ]


def test_accepted_risks_may_name_journeys() -> None:
    body = (
        "components:\n  a: {}\njourneys:\n  j: {depends_on: [a]}\n"
        "accepted_risks: [{component: j, rule: SLO, reason: ok, expires: 2030-01-01}]\n"
    )
    assert load_architecture_text(HEAD + body, "f.yaml").accepted_risks[0].component == "j"


def test_semantic_problems_are_all_reported_together() -> None:
    body = "components:\n  a: {depends_on: [b], replicas: 1, min_healthy: 2, mtbf: 1h}\n"
    assert [p.split(": error: ")[0] for p in _problems(body)] == ["4:20", "4:50", "4:53"]


def test_a_fraction_of_exactly_one_suggests_100() -> None:
    [problem] = _problems("components:\n  a: {availability: 1}\n")
    assert problem.endswith("(did you mean 100?)")
