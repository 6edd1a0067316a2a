"""Fixes as text: component entries to paste under ``components:``, applied and re-analysed.

A fix is the YAML a user would paste: the changed and new component entries, indented
to sit under ``components:``. Applying it replaces (or adds) those entries in the
original document; the result is loaded and analysed afresh, exactly as a user's edited
file would be, so every number a fix reports is that of a real file.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from spofscan.analysis.availability import clamp, exact_availability
from spofscan.analysis.bdd import DEFAULT_NODE_BUDGET, BudgetExceeded
from spofscan.analysis.changed_part import measured_apart
from spofscan.analysis.changed_structure import changed_structure
from spofscan.analysis.compiled_structure import Structure, compile_structure, compiled
from spofscan.analysis.in_parts import PartsValues, in_parts
from spofscan.analysis.same_shape import KeptDiagram, Values
from spofscan.errors import InputError
from spofscan.loading.load import load_architecture_document, load_changed_document
from spofscan.loading.text_fields import restore_texts
from spofscan.loading.yaml_source import parse_yaml
from spofscan.model.architecture import Architecture

Entries = dict[str, dict[str, Any]]
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when there: faster


def parse_document(text: str, file: str) -> dict[str, Any]:
    """The plain document of an architecture file, with texts as written."""
    document, smap = parse_yaml(text, file)
    restore_texts(document, smap)
    if not isinstance(document, dict):
        raise TypeError("an architecture document is a mapping")
    return document


class _SnippetDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Block mappings, and lists of plain values on one line: ``runs_on: [vm, vm-2]``;
    libyaml's emitter when there (a fix for a whole region can list thousands)."""


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    flat = all(not isinstance(item, dict | list) for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flat)


_SnippetDumper.add_representer(list, _list)


def render_snippet(entries: Mapping[str, Mapping[str, Any]]) -> str:
    """The entries as YAML indented to paste under ``components:``."""
    dumped = yaml.dump(
        dict(entries), Dumper=_SnippetDumper, sort_keys=False, default_flow_style=False, width=100
    )
    return "".join(f"  {line}\n" for line in dumped.splitlines())


def apply_entries(document: Mapping[str, Any], entries: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` whose components are replaced or added from ``entries``.

    The entries are copies; the rest of the document is shared with the original (the
    loader never changes a document, and copying a 10,000-component file for each fix
    measured took longer than analysing it)."""
    fixed = dict(document)
    components = dict(fixed.get("components") or {})
    for name, body in entries.items():
        components[name] = copy.deepcopy(body)
    fixed["components"] = components
    return fixed


def apply_snippet(document: Mapping[str, Any], snippet: str) -> dict[str, Any]:
    """``document`` with the snippet pasted in (its entries replace those of that name)."""
    return pasted(document, snippet)[0]


def pasted(document: Mapping[str, Any], snippet: str) -> tuple[dict[str, Any], frozenset[str]]:
    """``document`` with the snippet pasted in, and the names of its entries: the
    snippet parsed once, its entries the new document's own (nothing else holds them,
    so they are not copied). A fix that spreads a region of 100,000 components over
    two rewrites 91,667 entries: each parse of its snippet costs 10 s."""
    return with_entries(document, snippet_entries(snippet))


def with_entries(
    document: Mapping[str, Any], entries: Entries
) -> tuple[dict[str, Any], frozenset[str]]:
    """``document`` with ``entries`` in place of (or beside) its components of those
    names, and their names; the entries are shared, not copied (the loader never
    changes a document). A fix is measured on its entries, which are what its snippet
    parses to: rendering a snippet of 91,667 entries and parsing it back cost 9 s."""
    fixed = dict(document)
    fixed["components"] = {**(fixed.get("components") or {}), **entries}
    return fixed, frozenset(entries)


def snippet_entries(snippet: str) -> Entries:
    """The component entries of a snippet, by name."""
    entries: Entries = yaml.load(snippet, Loader=_LOADER) or {}
    return entries


@functools.lru_cache(maxsize=256)
def snippet_names(snippet: str) -> frozenset[str]:
    """The names of a snippet's entries (kept for the snippets seen last: a plan asks
    for those of the same fixes round after round)."""
    return frozenset(snippet_entries(snippet))


def document_text(document: Mapping[str, Any]) -> str:
    """A document as the text of an architecture file (comments and layout are lost):
    what the explorer loads after applying a fix in memory."""
    text: str = yaml.dump(
        dict(document), Dumper=_SnippetDumper, sort_keys=False, allow_unicode=True, width=100
    )
    return text


def load_document(
    document: Mapping[str, Any],
    file: str,
    base: Architecture | None = None,
    changed: Collection[str] = (),
    base_document: Mapping[str, Any] | None = None,
) -> Architecture | None:
    """The architecture a document describes, or None when it is not a valid file.
    With ``base``: the document is ``base``'s (``base_document``, when given) with only
    the component entries ``changed`` replaced or added, and only those are checked and
    built again."""
    try:
        if base is not None:
            return load_changed_document(document, file, base, changed, base_document)
        return load_architecture_document(document, file)
    except InputError:
        return None


@dataclass(frozen=True)
class Outcome:
    """What a fixed file reaches, exactly: the system's availability, and whether every
    entrypoint meets its objective (None when none has one)."""

    availability: float
    objectives_met: bool | None


def load_with_snippets(
    document: Mapping[str, Any], base: Architecture, snippets: Sequence[str]
) -> Architecture | None:
    """``base``'s file (``document``) with each snippet pasted in, in order, loaded as
    :func:`load_document` does with ``base``: only the entries they change are checked
    and built again. None when the result is not a valid file."""
    fixed: Mapping[str, Any] = document
    changed: set[str] = set()
    for snippet in snippets:
        fixed, names = pasted(fixed, snippet)
        changed.update(names)
    return load_document(fixed, base.file, base, changed, document)


def load_with_entries(
    document: Mapping[str, Any], base: Architecture, entries: Entries
) -> tuple[Architecture | None, frozenset[str]]:
    """``base``'s file (``document``) with ``entries`` in it (:func:`with_entries`),
    loaded as :func:`load_document` does with ``base``, and the names of the entries;
    None for a file that is not valid."""
    fixed, names = with_entries(document, entries)
    return load_document(fixed, base.file, base, names, document), names


def exact_outcome(
    arch: Architecture,
    kept: KeptDiagram | None = None,
    node_budget: int = DEFAULT_NODE_BUDGET,
    source: Architecture | None = None,
    whole: bool = True,
) -> Outcome | None:
    """The system's availability (as ``availability`` computes it) and the objectives'
    verdict; None when the diagram outgrows ``node_budget`` and only an estimate would
    be possible, or when ``arch`` would be compiled whole and ``whole`` is false.
    ``kept``: the diagram of the file ``arch`` changes, which ``arch`` is compiled into
    where it changed (else it is compiled whole, in the orders the analysis tries).
    ``source``: the file ``arch`` changes, when there is no ``kept``.

    A fixed file that outgrows the budget in the kept diagram's order is not compiled
    again in another: of the fixes of the layered files of 100 to 200 components, none
    that outgrew it fitted the other way, and the tries cost 11 of the 27 CPU seconds of
    a check of 200 components. Unless the kept diagram is of a file whose entrypoints
    could be compiled apart (deep chains over shared VMs; ``KeptDiagram.apart``): it is
    then in FORCE's order, the new variables where the depth-first order puts them, and
    a fixed file that outgrows it is compiled whole in the analysis's orders (on chains
    of 80 to 100 components, 6 to 14 of a plan's fixes outgrew the kept diagram, whole
    in FORCE's order in 600 to 1,800 nodes, 0.02 s, and plans stopped at a round where
    none fitted). A plan's combined file is another matter (:func:`combined_outcome`).

    Without ``kept``, a fix whose changes stand apart from the rest of ``source`` (one
    stack of thousands) is measured on that part alone
    (:mod:`spofscan.analysis.changed_part`), not on the whole fixed file; else, when
    ``source``'s entrypoints were compiled apart, in parts (:func:`_in_parts`)."""
    s = _structure(arch, kept, source)
    found = _apart(arch, s, source, node_budget) if kept is None else None
    if found is not None or (kept is None and not whole):
        return found
    found = _outcome(arch, s, kept, node_budget)
    if found is None and kept is not None and kept.apart and whole:
        return _outcome(arch, s, None, node_budget)
    return found


def _apart(
    arch: Architecture, s: Structure, source: Architecture | None, node_budget: int
) -> Outcome | None:
    """:func:`exact_outcome` of ``arch`` (structure ``s``) from the part of ``source``
    it changes, else in parts when ``source``'s entrypoints were compiled apart
    (:func:`_in_parts`); None when there is no such answer."""
    if source is None:
        return None
    found = measured_apart(source, compiled(source), arch, s, node_budget)
    if found is not None:
        return _verdict(arch, s, found)
    return _in_parts(arch, s, node_budget) if outgrew_whole(source) else None


def _outcome(
    arch: Architecture,
    s: Structure,
    kept: KeptDiagram | None,
    node_budget: int,
    force_only: bool = False,
) -> Outcome | None:
    """:func:`exact_outcome` of ``arch``, whose structure is ``s``; ``force_only``:
    compiled whole in FORCE's order only."""
    if kept is not None:
        values = kept.evaluate(s, node_budget, kept.edited(arch))
        if values is None:
            return None
    else:
        exact = exact_availability(s, node_budget, force_only=force_only)
        if exact is None:
            return None
        values = Values(exact.system.value, tuple(e.value for e in exact.entrypoints))
    return _verdict(arch, s, values)


def _in_parts(arch: Architecture, s: Structure, node_budget: int) -> Outcome | None:
    """:func:`exact_outcome` of ``arch`` (structure ``s``), a fixed file of a file
    whose entrypoints were compiled apart, from its diagrams in parts
    (:mod:`spofscan.analysis.in_parts`); None when a part outgrows the budget."""
    try:
        found = in_parts(s, node_budget)
        return Outcome(clamp(found.system), objectives_met(found, _goals(arch, s)))
    except BudgetExceeded:
        return None


# How far below its objective an entrypoint's upper bound must be to fail it without
# being compiled: the bound is a product of hundreds of probabilities, its rounding
# errors far below this.
_BOUND_MARGIN = 1e-12


def objectives_met(found: PartsValues, goals: list[float | None]) -> bool | None:
    """Whether each entrypoint meets its objective (``goals``, aligned with the
    entrypoints): met when the system's availability does (an entrypoint is up whenever
    the system is), failed when its upper bound is below it, else compiled to know."""
    if all(goal is None for goal in goals):
        return None
    undecided = [(j, g) for j, g in enumerate(goals) if g is not None and found.system < g]
    if any(found.at_most(j) < g - _BOUND_MARGIN for j, g in undecided):
        return False
    return all(found.entrypoint(j) >= g for j, g in undecided)


def _verdict(arch: Architecture, s: Structure, values: Values) -> Outcome:
    """The system's availability and the objectives' verdict, from ``values``."""
    goals = _goals(arch, s)
    if all(goal is None for goal in goals):
        return Outcome(values.system, None)
    met = all(
        goal is None or entry >= goal for entry, goal in zip(values.entrypoints, goals, strict=True)
    )
    return Outcome(values.system, met)


def _goals(arch: Architecture, s: Structure) -> list[float | None]:
    """The objective of each entrypoint of ``arch``, in the order of ``s``'s."""
    return [arch.slo_of(s.nodes[e]) for e in s.entrypoints]


def _structure(
    arch: Architecture, kept: KeptDiagram | None, source: Architecture | None
) -> Structure:
    """``arch``'s structure, renumbered from that of the file it changes (``kept``'s,
    else ``source``'s) where it has one."""
    if kept is not None and kept.source is not None:
        return changed_structure(kept.structure, kept.source, arch)
    if source is not None:
        return changed_structure(compiled(source), source, arch)
    return compile_structure(arch)


def combined_outcome(
    arch: Architecture,
    kept: KeptDiagram | None,
    node_budget: int = DEFAULT_NODE_BUDGET,
    source: Architecture | None = None,
) -> Outcome | None:
    """:func:`exact_outcome` of a file with several fixes pasted in, on ``kept``, and
    compiled whole when it outgrows the budget there: several fixes move the best order
    further than one, and a plan measures only a few such files (on the layered file of
    200 components, every combination once outgrew the budget in the original's order,
    and fitted in FORCE's); in parts when ``source``'s entrypoints were compiled apart.
    ``source``: the file the fixes were pasted in.

    After ``kept``, the whole is compiled in FORCE's order only: its depth-first order
    is about the kept diagram's (the original's, the new variables where depth-first
    puts them) or one the original outgrew. Of the combined files that outgrew the
    kept diagram in the generated files of 40 to 200 components, three fitted whole, all
    in FORCE's order after the depth-first one outgrew it, and two fitted in neither;
    on the layered file of 200 components the depth-first tries were 0.8 s."""
    s = _structure(arch, kept, source)  # once for every try
    if kept is not None:
        outcome = _outcome(arch, s, kept, node_budget)
    else:
        outcome = _apart(arch, s, source, node_budget)
    if outcome is not None or (source is not None and outgrew_whole(source)):
        return outcome
    return _outcome(arch, s, None, node_budget, force_only=kept is not None)


def outgrew_whole(arch: Architecture) -> bool:
    """Whether the analysis of ``arch`` found its diagram compiled whole past the budget
    (its entrypoints then compiled apart): a fixed file of it, compiled whole, would
    outgrow it too (10 s each on deep chains), so none is."""
    return compiled(arch).cache.whole_too_large is not None
