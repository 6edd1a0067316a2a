"""A 10,000-component file loads in seconds (generous bound: CI machines are shared)."""

from __future__ import annotations

import time

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


def test_ten_thousand_components_load_in_seconds() -> None:
    text = _big_file(10_000)
    start = time.perf_counter()
    arch = load_architecture_text(text, "big.yaml")
    elapsed = time.perf_counter() - start
    assert len(arch.components) == 10_100
    assert elapsed < 15, f"loading took {elapsed:.1f} s"
