"""A 10,000-component file loads whole: every component, with its dependencies.

How fast it loads is measured by benchmarks/bench_check.py, not asserted here: timed
unit tests flake on shared machines.
"""

from __future__ import annotations

from spofscan.loading import load_architecture_text

COMPONENT = """\
  svc-{i}:
    kind: container
    availability: 99.95
    replicas: 2
    runs_on: [vm-{a}, vm-{b}]
    restart: always
    health_check: true
    tags: [web, tier-1]
"""
DEPENDENCIES = "    depends_on: [svc-{0}, {{any_of: [svc-{1}, svc-{2}]}}]\n"


def _big_file(count: int) -> str:
    """``count`` services in a chain with redundant shortcuts, on 100 VMs."""
    lines = ["spofscan: 1", "name: big", "components:"]
    lines += [f"  vm-{i}: {{kind: vm, availability: 99.5}}" for i in range(100)]
    parts = ["\n".join(lines) + "\n"]
    for i in range(count):
        parts.append(COMPONENT.format(i=i, a=i % 100, b=(i + 1) % 100))
        if i + 3 < count:
            parts.append(DEPENDENCIES.format(i + 1, i + 2, i + 3))
    return "".join(parts)


def test_ten_thousand_components_load_whole() -> None:
    arch = load_architecture_text(_big_file(10_000), "big.yaml")
    assert len(arch.components) == 10_100
    assert arch.components["svc-0"].replicas == 2
    assert len(arch.dependencies_of("svc-9995")) == 2
    assert arch.dependencies_of("svc-9999") == ()
