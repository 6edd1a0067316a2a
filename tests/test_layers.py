"""The package's layers: data flows one way, and no module imports itself back.

Every ``import`` counts, wherever it is written: at the top, inside a function, or
behind ``TYPE_CHECKING`` (a cycle hidden from the interpreter is still a cycle for the
reader). Layers, lowest first; a module may import its own layer and those below:

    base → model → loading → analysis → findings → remediation → report → render
         → pipeline (with the configuration) → cli and explore
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).parents[1] / "spofscan"

LAYERS: tuple[frozenset[str], ...] = (
    frozenset(
        {
            "__init__",
            "errors",
            "units",
            "words",
            "paths",
            "suggest",
            "gc_pause",
            "allocator",
            "atomic_write",
            "json_text",
            "workers",
            "schemas",
        }
    ),
    frozenset({"model"}),
    frozenset({"loading", "importers"}),
    frozenset({"analysis"}),
    frozenset({"findings"}),
    frozenset({"remediation"}),
    frozenset({"report"}),
    frozenset({"render"}),
    frozenset({"pipeline", "config"}),
    frozenset({"check_options", "cli", "cli_params", "precommit", "__main__", "explore"}),
)


def module_names() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def imported(module: str, path: Path, modules: dict[str, Path]) -> Iterator[str]:
    """The package's modules that ``module`` imports: ``from a import b`` counts as an
    import of ``a.b`` when that is a module, else of ``a``."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                if full in modules:
                    yield full
                elif base in modules:
                    yield base


def import_graph() -> nx.DiGraph[str]:
    modules = module_names()
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(modules)
    for module, path in modules.items():
        graph.add_edges_from((module, target) for target in imported(module, path, modules))
    return graph


def layer_of(module: str) -> int:
    top = module.split(".")[1] if "." in module else "__init__"
    return next((i for i, layer in enumerate(LAYERS) if top in layer), -1)


def test_every_module_has_a_layer() -> None:
    assert [m for m in sorted(module_names()) if layer_of(m) < 0] == []


def test_no_import_cycle() -> None:
    cycles = [sorted(c) for c in nx.strongly_connected_components(import_graph()) if len(c) > 1]
    assert not cycles, f"import cycles: {cycles}"


def test_imports_go_down_the_layers() -> None:
    upward = [
        f"{source} imports {target}"
        for source, target in import_graph().edges
        if layer_of(target) > layer_of(source)
    ]
    assert not upward, "\n".join(sorted(upward))


def test_the_checker_sees_a_cycle_behind_type_checking(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import p.b\n"
    )
    found = list(imported("p.a", tmp_path / "a.py", {"p.a": tmp_path, "p.b": tmp_path}))
    assert found == ["p.b"]


@pytest.mark.parametrize(
    ("module", "absent"),
    [
        ("spofscan.config", ("spofscan.pipeline", "spofscan.render", "numpy", "dd")),
        ("spofscan.report.options", ("spofscan.analysis", "networkx", "numpy")),
        ("spofscan.render.check", ("spofscan.pipeline",)),
        # start-up: --version, schema and explain need none of the analysis' libraries
        ("spofscan.cli", ("spofscan.pipeline", "spofscan.model", "networkx", "numpy", "dd")),
        # scripted exploration runs without the prompt's library
        ("spofscan.explore.run", ("prompt_toolkit",)),
        ("spofscan.loading.schema", ("spofscan.model", "networkx", "numpy", "dd")),
    ],
)
def test_importing_a_layer_leaves_the_layers_above_alone(
    module: str, absent: tuple[str, ...]
) -> None:
    code = f"import sys, {module}; print(' '.join(sorted(sys.modules)))"
    loaded = set(subprocess.check_output([sys.executable, "-c", code], text=True).split())
    assert not loaded & set(absent)
