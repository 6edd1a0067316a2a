"""Checks that need the whole file: do the names refer to something, and may they?

Run after the schema passed, so every value has its expected type. Components may
depend on and run on components only; journeys may depend on components and journeys;
entrypoints and accepted risks may name either. Nothing may name itself.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator
from typing import Any

from spofscan.errors import Problem
from spofscan.loading.component_checks import component_problems
from spofscan.loading.entrypoints import entrypoint_problems
from spofscan.loading.references import Reference, named_by, references_of
from spofscan.loading.source_map import Path, SourceMap
from spofscan.loading.values import duration_hours
from spofscan.loading.wording import describe
from spofscan.suggest import Hints


def semantic_problems(
    document: dict[str, Any],
    smap: SourceMap,
    found: tuple[str, ...],
    changed: Collection[str] | None = None,
) -> list[Problem]:
    """Every semantic problem of a schema-valid ``document``, whose entrypoints are
    ``found`` (the loader finds them once, for these checks and the model).
    ``changed``: when given, ``document`` is a sound file with those component entries
    replaced or added and nothing else changed, so that no other entry can hold a
    problem of its own (names were only added): those entries are checked, and what
    concerns the whole file."""
    return [
        *_reference_problems(document, smap, changed),
        *_journey_name_problems(document, smap),
        *_listed_name_problems(document, smap),
        *component_problems(document, smap, changed),
        *entrypoint_problems(document, smap, found),
        *_duration_problems(document, smap, changed),
    ]


def _duration_problems(
    document: dict[str, Any], smap: SourceMap, only: Collection[str] | None
) -> Iterator[Problem]:
    """Durations whose digits run past what a number can hold (``1000...0h``), and zero
    where it means nothing: no time between failures, or between backups. Zero stays
    allowed where it can mean something: an objective of no loss or no downtime, an
    instant repair or restore."""
    for path, value in _durations(document, only):
        hours = duration_hours(value)
        if not math.isfinite(hours):
            yield Problem(smap.at(path), f"{describe(path)} is too long")
        elif hours <= 0 and path[-1] in _MORE_THAN_ZERO:
            yield Problem(smap.at(path), f"{describe(path)} must be more than 0")


_MORE_THAN_ZERO = {"mtbf", "every"}


def _durations(
    document: dict[str, Any], only: Collection[str] | None
) -> Iterator[tuple[Path, Any]]:
    """Every duration of a schema-valid document, with its path (of the components
    ``only`` names alone, when given)."""
    if only is None:
        for key, value in (document.get("objectives") or {}).items():
            yield ("objectives", key), value
        cause = (document.get("defaults") or {}).get("common_cause")
        if isinstance(cause, dict):
            yield from ((("defaults", "common_cause", k), cause[k]) for k in ("mtbf", "mttr"))
    components = document["components"]
    for name in components if only is None else only:
        body = components[name]
        here: Path = ("components", name)
        yield from (((*here, k), body[k]) for k in ("mtbf", "mttr", "failover_time") if k in body)
        cause = body.get("common_cause")
        if isinstance(cause, dict):
            yield from (((*here, "common_cause", k), cause[k]) for k in ("mtbf", "mttr"))
        data = body.get("data") or {}
        if "restore_time" in data:
            yield (*here, "data", "restore_time"), data["restore_time"]
        for index, backup in enumerate(data.get("backups", [])):
            yield (*here, "data", "backups", index, "every"), backup["every"]


def _reference_problems(
    document: dict[str, Any], smap: SourceMap, only: Collection[str] | None
) -> Iterator[Problem]:
    components = set(document["components"])
    journeys = set(document.get("journeys", {}))
    hints = _ReferenceHints(components, journeys)
    for section in ("components", "journeys") if only is None else ("components",):
        known = components | journeys if section == "journeys" else components
        entries = document.get(section, {})
        for name, body in entries.items() if only is None else ((n, entries[n]) for n in only):
            if name in known and all(  # the usual case, checked without building paths
                other != name and other in known for other in named_by(body)
            ):
                continue
            for ref in references_of((section, name), body):
                problem = _check_reference(ref, components, journeys, smap, hints)
                if problem is not None:
                    yield problem


class _ReferenceHints:
    """The hints for unknown names in one file: the components' names, or the
    components' and journeys' where journeys may be named; each set's built once (a
    renamed component can leave thousands of unknown references)."""

    def __init__(self, components: set[str], journeys: set[str]) -> None:
        self._components, self._journeys = components, journeys
        self._hints: dict[bool, Hints] = {}

    def hint(self, name: str, *, journeys: bool) -> str | None:
        if journeys not in self._hints:
            known = self._components | self._journeys if journeys else self._components
            self._hints[journeys] = Hints(known)
        return self._hints[journeys].hint(name)


def _check_reference(
    ref: Reference,
    components: set[str],
    journeys: set[str],
    smap: SourceMap,
    hints: _ReferenceHints,
) -> Problem | None:
    may_name_journeys = ref.owner[0] == "journeys" and ref.field == "depends_on"
    if ref.name != ref.owner[1] and (
        ref.name in components or (may_name_journeys and ref.name in journeys)
    ):
        return None
    return _reference_problem(ref, components, journeys, smap, hints)


def _reference_problem(
    ref: Reference,
    components: set[str],
    journeys: set[str],
    smap: SourceMap,
    hints: _ReferenceHints,
) -> Problem:
    owner, where = describe(ref.owner), smap.at(ref.path)
    if ref.name == ref.owner[1]:
        verb = {"runs_on": "runs on", "failover": "fails over with"}.get(ref.field, "depends on")
        return Problem(where, f"{owner} {verb} itself (in {ref.field})", "remove it from the list")
    may_name_journeys = ref.owner[0] == "journeys" and ref.field == "depends_on"
    if ref.name in journeys and not may_name_journeys:
        message = (
            f"{owner} names journey '{ref.name}' in {ref.field}; "
            "only journeys may depend on journeys"
        )
        return Problem(where, message, "name the components the journey depends on instead")
    what = "component or journey" if may_name_journeys else "component"
    message = f"unknown {what} '{ref.name}' in {ref.field} of {owner}"
    return Problem(where, message, hints.hint(ref.name, journeys=may_name_journeys))


def _journey_name_problems(document: dict[str, Any], smap: SourceMap) -> Iterator[Problem]:
    for name in document.get("journeys", {}):
        if name in document["components"]:
            line = smap.key_at(("components", name)).line
            message = f"journey '{name}' has the same name as a component (line {line})"
            yield Problem(smap.key_at(("journeys", name)), message, "rename the journey")


def _listed_name_problems(document: dict[str, Any], smap: SourceMap) -> Iterator[Problem]:
    """Names in entrypoints and accepted_risks must be components or journeys."""
    known = {*document["components"], *document.get("journeys", {})}
    listed: list[tuple[Path, str]] = [
        (("entrypoints", i), name) for i, name in enumerate(document.get("entrypoints", []))
    ]
    for index, risk in enumerate(document.get("accepted_risks", [])):
        listed.append((("accepted_risks", index, "component"), risk["component"]))
    hints = Hints(known)
    for path, name in listed:
        if name not in known:
            message = f"unknown component or journey '{name}' in {path[0]}"
            yield Problem(smap.at(path), message, hints.hint(name))
