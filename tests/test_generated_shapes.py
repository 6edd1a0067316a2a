"""The shapes of ``benchmarks/generate.py``: valid, of the size asked, reproducible; and
the independent stacks' availability is the closed form their independence gives."""

from __future__ import annotations

import math
import sys

import pytest
from conftest import ROOT

from spofscan.analysis.analyse import analyse
from spofscan.loading import load_architecture_text

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import SHAPES, generate, to_yaml
from shapes import stack_count, stack_members


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("size", [12, 57, 400])
def test_each_shape_is_a_valid_architecture_of_the_size_asked(shape: str, size: int) -> None:
    arch = load_architecture_text(to_yaml(generate(size, seed=3, shape=shape)), "gen.yaml")
    assert len(arch.components) == size
    assert to_yaml(generate(size, seed=3, shape=shape)) == to_yaml(
        generate(size, seed=3, shape=shape)
    )


def test_legacy_has_a_hundred_gateways_and_a_quarter_of_spofs() -> None:
    arch = load_architecture_text(to_yaml(generate(5000, shape="legacy")), "legacy.yaml")
    assert len(arch.entrypoints) == 100
    assert all(name.startswith("gw_") for name in arch.entrypoints)
    spofs = {spof.component for spof in analyse(arch, max_pairs=0).spofs}
    assert 0.2 < len(spofs) / len(arch.components) < 0.3


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_stacks_availability_is_the_region_times_each_stack_given_the_region(seed: int) -> None:
    document = generate(40, seed=seed, shape="stacks")
    components = document["components"]
    whole = analyse(load_architecture_text(to_yaml(document), "stacks.yaml"), max_pairs=0)
    assert whole.system.method == "exact"
    region = components["region"]["availability"] / 100
    product = region
    count = stack_count(40)
    assert count > 1
    for i in range(count):
        alone = {**document, "components": stack_members(components, f"s_{i}")}
        stack = analyse(load_architecture_text(to_yaml(alone), "stack.yaml"), max_pairs=0)
        assert stack.system.method == "exact"
        product *= stack.system.value / region
    assert math.isclose(whole.system.value, product, rel_tol=0, abs_tol=1e-12)


def test_an_unknown_shape_or_journeys_outside_the_layered_one_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown shape"):
        generate(100, shape="spiral")
    with pytest.raises(ValueError, match="layered"):
        generate(100, journeys=2, shape="chain")


@pytest.mark.parametrize(("shape", "size"), [("chain", 300), ("layered", 200)])
def test_the_variable_order_keeps_these_files_exact(shape: str, size: int) -> None:
    """Deep chains and a 200-component layered file outgrew the 100,000-node budget in
    depth-first order; FORCE's order keeps them exact (its diagram checked to agree with
    the Monte Carlo estimate of the same file)."""
    from spofscan.analysis.availability import Settings

    arch = load_architecture_text(to_yaml(generate(size, seed=0, shape=shape)), f"{shape}.yaml")
    exact = analyse(arch, max_pairs=0)
    assert exact.system.method == "exact" and exact.diagram_nodes is not None
    rough = analyse(arch, max_pairs=0, settings=Settings(node_budget=0, samples=64_000))
    assert rough.system.ci95 is not None
    assert rough.system.ci95[0] <= exact.system.value <= rough.system.ci95[1]
