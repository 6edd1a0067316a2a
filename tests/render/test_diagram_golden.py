"""Golden .dot and Mermaid files of the diagrams of every example, and of the views.

The diagrams are built from the repository root with relative paths, judged on a fixed
day, so that the files hold no absolute path and no date. After an intended change of
the drawing, regenerate them, read the diff, and look at the pictures (``make diagrams``):

    SPOFSCAN_UPDATE_GOLDEN=1 .venv/bin/pytest tests/render/test_diagram_golden.py
"""

from __future__ import annotations

import pytest
from conftest import EXAMPLES, ROOT, TODAY
from golden_files import assert_matches_golden

from spofscan import pipeline

GOLDEN = ROOT / "tests" / "golden" / "diagrams"

# (golden name, example, what-if names, journey, collapse)
VIEWS = [
    ("three-containers-one-vm.what-if-vm", "three-containers-one-vm", ("vm",), None, False),
    ("microservices.what-if-node_a", "microservices", ("node_a",), None, False),
    ("microservices.journey-checkout", "microservices", (), "checkout", False),
    ("microservices.collapsed", "microservices", (), None, True),
    ("multi-region.what-if-region_eu", "multi-region", ("region_eu",), None, False),
]


@pytest.fixture(autouse=True)
def _at_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def draw(example: str, fmt: str, **view: object) -> str:
    data = pipeline.render(f"examples/{example}.yaml", fmt, today=TODAY, **view).data  # type: ignore[arg-type]
    return data.decode("utf-8")


@pytest.mark.parametrize(("fmt", "suffix"), [("dot", "dot"), ("mermaid", "mmd")])
@pytest.mark.parametrize("example", EXAMPLES)
def test_diagram_matches_golden(example: str, fmt: str, suffix: str) -> None:
    actual = draw(example, fmt)
    assert str(ROOT) not in actual
    assert_matches_golden(actual, GOLDEN / f"{example}.{suffix}")


@pytest.mark.parametrize(("name", "example", "names", "journey", "collapse"), VIEWS)
def test_view_matches_golden(
    name: str, example: str, names: tuple[str, ...], journey: str | None, collapse: bool
) -> None:
    actual = draw(example, "dot", what_if_names=names, journey=journey, collapse=collapse)
    assert_matches_golden(actual, GOLDEN / f"{name}.dot")


def test_the_same_input_gives_the_same_bytes() -> None:
    assert draw("microservices", "dot") == draw("microservices", "dot")
