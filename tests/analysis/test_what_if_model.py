"""The exported what-if model carries all the page needs for availability_after: the
diagram's arrays, evaluated as what_if.js evaluates them (ported here), give what_if()'s
answer for random architectures and failures. The browser tests
(tests/render/test_review_browser.py) hold what_if.js itself to the command line."""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import pytest
from apart_files import CHAINS, whole_outgrows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spofscan.analysis import what_if_model as model_module
from spofscan.analysis.availability import Settings
from spofscan.analysis.what_if import what_if
from spofscan.analysis.what_if_model import what_if_model
from spofscan.loading import load_architecture_text

from .strategies import architectures, failure_names

INSTANCE = re.compile(r"^(.+)\[(\d+)\]$")
NAMES = ["vm_a", "vm_b", "one_tail[0]", "one_tail[1]", "two_tail[1]", "two_head", "one_head"]


def availability_after(model: dict[str, Any], names: list[str]) -> float:
    """what_if.js's availability(), step for step."""
    bdd, index = model["bdd"], {n: i for i, n in enumerate(model["nodes"])}
    probs = list(bdd["probs"])
    for name in names:
        node = index.get(name)
        if node is not None and model["is_journey"][node]:
            return 0.0  # a journey is an entrypoint: the system is down
        if name.endswith("[*]"):  # a common cause
            level = bdd["common_cause_variable"][index[name[:-3]]]
            if level >= 0:
                probs[level] = 0.0
            continue
        if node is not None:
            dead = [(node, i) for i in range(model["instances"][node])]
        else:
            match = INSTANCE.match(name)
            assert match is not None
            dead = [(index[match[1]], int(match[2]))]
        for owner, i in dead:
            if bdd["variable"][owner][i] >= 0:
                probs[bdd["variable"][owner][i]] = 0.0
    top = 1.0
    for part in bdd["parts"]:
        value = evaluate(part, probs)
        if part["sets"] >= 0:
            probs[part["sets"]] = value
        else:
            top = value
    series = 1.0
    for level in bdd["series"]:
        series *= probs[level]
    return min(1.0, max(0.0, series * top))


def evaluate(part: dict[str, Any], probs: list[float]) -> float:
    """what_if.js's evaluate(), step for step."""
    n = len(part["high"])
    values = [0.0] * n + [1.0]
    for level, start, end in part["spans"]:
        p = probs[level]
        for j in range(start, end):
            high, low = values[part["high"][j]], values[part["low"][j]]
            high = 1.0 - high if part["high_negated"][j] else high
            low = 1.0 - low if part["low_negated"][j] else low
            values[j] = p * high + (1.0 - p) * low
    root, negated = part["root"]
    value: float = 1.0 - values[root] if negated else values[root]
    return value


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_exported_diagram_gives_what_if_availability(data: st.DataObject) -> None:
    arch = data.draw(architectures(), label="arch")
    names = data.draw(failure_names(arch), label="names")
    model = json.loads(json.dumps(what_if_model(arch)))  # as the page reads it
    expected = what_if(arch, names).availability_after.value
    assert availability_after(model, names) == pytest.approx(expected, rel=1e-12, abs=1e-15)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_model_in_parts_gives_what_if_availability(data: st.DataObject) -> None:
    arch = data.draw(architectures(), label="arch")
    names = data.draw(failure_names(arch), label="names")
    with pytest.MonkeyPatch.context() as patch:  # series variables and modules
        patch.setattr(model_module, "Settings", functools.partial(Settings, modular=True))
        model = json.loads(json.dumps(what_if_model(arch)))
    expected = what_if(arch, names).availability_after.value
    assert availability_after(model, names) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_a_model_with_its_entrypoints_apart_gives_what_if_availability(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    arch = load_architecture_text(CHAINS, "chains.yaml")
    expected = {name: what_if(arch, [name]).availability_after.value for name in NAMES}
    whole_outgrows(monkeypatch)  # the system compiles only in parts, apart
    model = json.loads(json.dumps(what_if_model(arch)))
    parts = model["bdd"]["parts"]
    assert [part["sets"] >= 0 for part in parts] == [True] * (len(parts) - 1) + [False]
    assert model["bdd"]["series"]  # the series variables of either chain
    for name in NAMES:
        assert availability_after(model, [name]) == pytest.approx(expected[name], rel=1e-12), name


def test_no_diagram_when_it_outgrows_its_budget() -> None:
    from spofscan.model.examples import tiny_architecture

    assert what_if_model(tiny_architecture(), node_budget=1)["bdd"] is None
