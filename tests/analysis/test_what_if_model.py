"""The exported what-if model carries all the page needs for availability_after: the
diagram's arrays, evaluated as what_if.js evaluates them (ported here), give what_if()'s
answer for random architectures and failures. The browser tests
(tests/render/test_review_browser.py) hold what_if.js itself to the command line."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spofscan.analysis.what_if import what_if
from spofscan.analysis.what_if_model import what_if_model

from .strategies import architectures, failure_names

INSTANCE = re.compile(r"^(.+)\[(\d+)\]$")


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
    n = len(bdd["high"])
    values = [0.0] * n + [1.0]
    for level, start, end in bdd["spans"]:
        p = probs[level]
        for j in range(start, end):
            high, low = values[bdd["high"][j]], values[bdd["low"][j]]
            high = 1.0 - high if bdd["high_negated"][j] else high
            low = 1.0 - low if bdd["low_negated"][j] else low
            values[j] = p * high + (1.0 - p) * low
    root, negated = bdd["root"]
    value: float = 1.0 - values[root] if negated else values[root]
    return min(1.0, max(0.0, value))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_exported_diagram_gives_what_if_availability(data: st.DataObject) -> None:
    arch = data.draw(architectures(), label="arch")
    names = data.draw(failure_names(arch), label="names")
    model = json.loads(json.dumps(what_if_model(arch)))  # as the page reads it
    expected = what_if(arch, names).availability_after.value
    assert availability_after(model, names) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_no_diagram_when_it_outgrows_its_budget() -> None:
    from spofscan.model.examples import tiny_architecture

    assert what_if_model(tiny_architecture(), node_budget=1)["bdd"] is None
