"""Build the :class:`~spofscan.model.Architecture` of a checked document.

Percents become fractions, durations hours, dates :class:`datetime.date`; a component
without availability gets it from mtbf and mttr, else from ``defaults.availability``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from spofscan.loading.build_component import build_component, dependency_groups
from spofscan.loading.source_map import SourceMap
from spofscan.loading.values import duration_hours, fraction
from spofscan.model import AcceptedRisk, Architecture, Component, Journey, Objectives

DEFAULT_AVAILABILITY = 99.9


def build_architecture(
    document: dict[str, Any],
    smap: SourceMap,
    found: tuple[str, ...],
    kept: Mapping[str, Component] | None = None,
) -> Architecture:
    """The model of a document that passed the schema and the semantic checks, whose
    entrypoints are ``found``; ``kept``: components built already from the same
    entries under the same defaults."""
    default = fraction(document.get("defaults", {}).get("availability", DEFAULT_AVAILABILITY))
    common_cause = document.get("defaults", {}).get("common_cause")
    costs = document.get("defaults", {}).get("cost_per_month", {})
    kept = kept or {}
    components = {
        name: kept[name]
        if name in kept
        else build_component(name, body, default, smap, common_cause, costs)
        for name, body in document["components"].items()
    }
    journeys = {
        name: _journey(name, body, smap) for name, body in document.get("journeys", {}).items()
    }
    return Architecture(
        file=smap.file,
        name=document["name"],
        components=components,
        journeys=journeys,
        entrypoints=found,
        location=smap.at(()),
        description=document.get("description"),
        slo=_optional_fraction(document.get("slo")),
        downtime_cost_per_hour=_optional_float(document.get("downtime_cost_per_hour")),
        objectives=_objectives(document.get("objectives", {})),
        default_availability=default,
        entrypoints_declared="entrypoints" in document,
        priced=bool(costs) or any(c.cost_per_month is not None for c in components.values()),
        accepted_risks=tuple(
            _accepted_risk(index, risk, smap)
            for index, risk in enumerate(document.get("accepted_risks", []))
        ),
    )


def _journey(name: str, body: dict[str, Any], smap: SourceMap) -> Journey:
    path = ("journeys", name)
    return Journey(
        name=name,
        depends_on=dependency_groups(path, body.get("depends_on", []), smap),
        location=smap.key_at(path),
        slo=_optional_fraction(body.get("slo")),
        description=body.get("description"),
    )


def _objectives(body: dict[str, Any]) -> Objectives:
    return Objectives(
        rpo_hours=_optional_hours(body.get("rpo")),
        rto_hours=_optional_hours(body.get("rto")),
    )


def _accepted_risk(index: int, body: dict[str, Any], smap: SourceMap) -> AcceptedRisk:
    expires = body.get("expires")
    return AcceptedRisk(
        component=body["component"],
        rule=body["rule"],
        reason=body["reason"],
        location=smap.at(("accepted_risks", index)),
        expires=dt.date.fromisoformat(expires) if expires is not None else None,
    )


def _optional_fraction(value: float | str | None) -> float | None:
    return None if value is None else fraction(value)


def _optional_hours(value: float | str | None) -> float | None:
    return None if value is None else duration_hours(value)


def _optional_float(value: float | None) -> float | None:
    return None if value is None else float(value)
