"""``spofscan drift --format sarif``: each disagreement a SARIF 2.1.0 result, as code
scanning shows them, beside ``check``'s (same tool, schema and URI base,
:mod:`spofscan.render.check.sarif`).

Rules are the four kinds of drift, all warnings: a model that has drifted is out of
date, not broken. A result is located where it is to be fixed, with a logical location
naming the component and a fingerprint by kind and component.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote

from spofscan import __version__
from spofscan.analysis.drift import Drift, DriftItem
from spofscan.json_text import pretty
from spofscan.paths import artifact_path
from spofscan.render.check.sarif import SARIF_SCHEMA, SRCROOT
from spofscan.render.check.sarif_rules import INFORMATION_URI, rule_name
from spofscan.render.terminal import PLAIN, Terminal

RULES = {
    "only-deployed": (
        "Deployed, not modelled",
        "A component runs in the deployment and the architecture lacks it: its failures, "
        "and what depends on it, are missing from every analysis.",
    ),
    "only-modelled": (
        "Modelled, not deployed",
        "The architecture has a component that the deployment does not run: the analysis "
        "counts on redundancy or on a part that is not there.",
    ),
    "replicas": (
        "Replicas differ",
        "The architecture and the deployment disagree on how many instances run: the "
        "availability computed is not the one users get.",
    ),
    "dependency": (
        "Dependency not modelled",
        "The deployment states a dependency that the architecture lacks: a failure that "
        "spreads through it is one the analysis cannot see.",
    ),
}
RULE_INDEX = {kind: index for index, kind in enumerate(RULES)}


def render(found: Drift, terminal: Terminal = PLAIN) -> str:
    return pretty(sarif_document(found))


def sarif_document(found: Drift) -> dict[str, Any]:
    """The SARIF log: one run of spofscan drift."""
    run = {
        "tool": {"driver": _driver()},
        "originalUriBaseIds": {SRCROOT: {"description": {"text": "The repository's root."}}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(item) for item in found.items],
        "properties": {"drifted": found.drifted, "deployment": found.deployment},
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _driver() -> dict[str, Any]:
    return {
        "name": "spofscan",
        "semanticVersion": __version__,
        "version": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [
            {
                "id": f"DRIFT-{kind.upper()}",
                "name": rule_name(title),
                "shortDescription": {"text": title},
                "fullDescription": {"text": why},
                "defaultConfiguration": {"level": "warning"},
                "properties": {"tags": ["reliability", "drift"], "precision": "high"},
            }
            for kind, (title, why) in RULES.items()
        ],
    }


def _result(item: DriftItem) -> dict[str, Any]:
    where = item.location
    return {
        "ruleId": f"DRIFT-{item.kind.upper()}",
        "ruleIndex": RULE_INDEX[item.kind],
        "level": "warning",
        "message": {"text": item.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {
                        "uri": quote(os.fsencode(artifact_path(where.file))),
                        "uriBaseId": SRCROOT,
                    },
                    "region": {"startLine": where.line, "startColumn": where.column},
                },
                "logicalLocations": [
                    {
                        "name": item.component,
                        "fullyQualifiedName": f"components.{item.component}",
                        "kind": "resource",
                    }
                ],
            }
        ],
        "partialFingerprints": {
            "spofscanDrift/v1": f"{item.kind}:{item.component}:{item.deployed or ''}"
        },
    }
