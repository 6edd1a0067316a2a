"""load → validate → build model → analyse → report, in one readable function per command."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from spofscan.analysis.analyse import analyse
from spofscan.analysis.availability import Settings
from spofscan.analysis.cut_sets import DEFAULT_MAX_PAIRS
from spofscan.analysis.drift import Drift
from spofscan.analysis.drift import drift as compare_deployment
from spofscan.analysis.reachability import needed_by
from spofscan.analysis.results import Analysis, WhatIf
from spofscan.analysis.what_if import failure_names, what_if
from spofscan.analysis.what_if_model import what_if_model
from spofscan.errors import UsageError
from spofscan.findings.baseline import Baseline
from spofscan.findings.detect import detect
from spofscan.findings.finding import Finding
from spofscan.gc_pause import collector_paused
from spofscan.importers.run import compose_import, kubernetes_import
from spofscan.loading import load_architecture, load_architecture_text, load_text_and_document
from spofscan.loading.git_source import read_at_revision
from spofscan.loading.yaml_source import read_text
from spofscan.model.architecture import Architecture
from spofscan.paths import artifact_path
from spofscan.remediation import remediate
from spofscan.remediation.snippets import apply_snippet, document_text, parse_document
from spofscan.render.diagram import draw
from spofscan.render.diagram.build import View, build_diagram
from spofscan.render.diagram.scene import check_journey
from spofscan.report.check import CheckReport
from spofscan.report.comparison import Comparison, Version, compare
from spofscan.report.options import DiagramFormat, FailOn
from spofscan.report.review import COLLAPSE_FROM, Review


@collector_paused
def check(
    path: str | os.PathLike[str],
    *,
    fail_on: FailOn = FailOn.error,
    today: dt.date | None = None,
    seed: int = 0,
    baseline: Baseline | None = None,
    disable: Collection[str] = (),
    max_pairs: int = DEFAULT_MAX_PAIRS,
) -> CheckReport:
    """Load, validate and analyse an architecture file, judge it, and measure its fixes.

    Findings of the rules in ``disable`` are dropped; those ``baseline`` holds are
    reported but do not fail the run. ``max_pairs`` bounds the search for double faults
    (0 skips it).
    """
    file = os.fspath(path)
    return check_text(
        read_text(path, file), file, fail_on=fail_on, today=today, seed=seed,
        baseline=baseline, disable=disable, max_pairs=max_pairs,
    )  # fmt: skip


@collector_paused
def check_text(
    text: str,
    file: str,
    *,
    fail_on: FailOn = FailOn.error,
    today: dt.date | None = None,
    seed: int = 0,
    baseline: Baseline | None = None,
    disable: Collection[str] = (),
    max_pairs: int = DEFAULT_MAX_PAIRS,
) -> CheckReport:
    """:func:`check` of the text of an architecture file, read already (the explorer
    checks the file it watches, and the file with its fixes applied in memory)."""
    arch, document = load_text_and_document(text, file)
    # the estimate's states kept for the fixes, which are measured on the same samples
    settings = Settings(seed=seed, keep_states=True)
    analysis = analyse(arch, max_pairs=max_pairs, settings=settings)
    day = today or dt.date.today()
    findings = _findings(arch, analysis, day, disable)
    fixes = remediate(text, arch, analysis, seed, document)
    return CheckReport(
        arch,
        analysis,
        findings,
        fail_on,
        day,
        fixes,
        baseline=baseline,
        disabled=frozenset(disable),
        artifact=artifact_path(file),
    )


def _findings(
    arch: Architecture, analysis: Analysis, today: dt.date, disable: Collection[str]
) -> tuple[Finding, ...]:
    """What the rules find, but for the rules turned off."""
    return tuple(f for f in detect(arch, analysis, today) if f.rule not in disable)


def with_fix(text: str, file: str, snippet: str) -> str:
    """The text of an architecture file with a fix's snippet pasted in (as the measure of
    that fix pastes it), comments and layout lost."""
    return document_text(apply_snippet(parse_document(text, file), snippet))


def draw_what_if(
    report: CheckReport, result: WhatIf | None, fmt: DiagramFormat, *, collapse: bool = False
) -> bytes:
    """The diagram ``render`` draws of a checked architecture, with what a what-if
    ``result`` took down (the explorer keeps the answer of its scenario)."""
    return draw(build_diagram(report, View(result, None, collapse)), fmt)


@collector_paused
def fail(path: str | os.PathLike[str], names: Sequence[str]) -> tuple[Architecture, WhatIf]:
    """Load an architecture and fail the named components, journeys or instances (a
    name that is not one may list several, ``a,b``)."""
    arch = load_architecture(path)
    return arch, what_if(arch, failure_names(arch, names))


@collector_paused
def diff(
    head: str | os.PathLike[str],
    base: str | os.PathLike[str] | None = None,
    *,
    base_ref: str | None = None,
    tolerance: float = 0.0,
    today: dt.date | None = None,
    seed: int = 0,
    disable: Collection[str] = (),
) -> Comparison:
    """Compare two versions of an architecture: the file ``base``, or ``head`` as it was
    at git revision ``base_ref``, with the file ``head``; findings of the rules in
    ``disable`` are left out of both (and with the SLO rule, objectives newly missed
    do not fail the change, as missed ones do not fail ``check``)."""
    if (base is None) == (base_ref is None):
        raise UsageError("diff needs BASE and HEAD files, or one file and --base-ref")
    if base_ref is not None:
        base_text, base_file = read_at_revision(head, base_ref)
    else:
        base_file = os.fspath(base or "")
        base_text = read_text(base_file, base_file)
    day = today or dt.date.today()
    before = _version(base_text, base_file, day, seed, disable)
    head_file = os.fspath(head)
    after = _version(read_text(head, head_file), head_file, day, seed, disable)
    return compare(before, after, tolerance, objectives="SLO" not in disable)


def _version(text: str, file: str, today: dt.date, seed: int, disable: Collection[str]) -> Version:
    """One side of a diff: loaded, analysed and judged, without measuring fixes."""
    arch = load_architecture_text(text, file)
    analysis = analyse(arch, seed=seed)
    findings = _findings(arch, analysis, today, disable)
    return Version(file, arch.name, analysis, findings)


@collector_paused
def drift(
    path: str | os.PathLike[str],
    *,
    compose: Sequence[str] = (),
    k8s: Sequence[str] = (),
    environ: Mapping[str, str] | None = None,
    profiles: Sequence[str] = (),
    env_file: str | None = None,
    nodes: int = 3,
    zones: Sequence[str] = ("a",),
    stdin: BinaryIO | None = None,
) -> Drift:
    """Compare the architecture at ``path`` with what is deployed: the compose project of
    ``compose``, or the Kubernetes manifests at ``k8s`` (one of the two)."""
    if bool(compose) == bool(k8s):
        raise UsageError("drift compares with --compose FILE... or with --k8s PATH..., one")
    arch = load_architecture(path)
    if compose:
        imported = compose_import(
            compose, environ=environ or {}, profiles=profiles, env_file=env_file
        )
    else:
        imported = kubernetes_import(k8s, nodes=nodes, zones=zones, stdin=stdin)
    return compare_deployment(arch, imported, ", ".join([*compose, *k8s]))


@dataclass(frozen=True)
class Drawing:
    """The bytes of a diagram, and the number of components that made ``render`` choose
    the collapsed view (None when it was asked for, or not drawn)."""

    data: bytes
    collapsed_for: int | None = None


@collector_paused
def render(
    path: str | os.PathLike[str],
    fmt: DiagramFormat,
    *,
    what_if_names: Sequence[str] = (),
    journey: str | None = None,
    collapse: bool | None = False,
    today: dt.date | None = None,
    seed: int = 0,
) -> Drawing:
    """Check an architecture file, fail what ``what_if_names`` names if anything, and draw
    the diagram in ``fmt`` (svg, png, pdf, dot or mermaid). ``collapse=None`` draws the
    collapsed view when the picture would hold :data:`COLLAPSE_FROM` components or more
    (the whole file, or what the journey needs): Graphviz took 6 minutes over the 3,001
    services of one compose project drawn in full."""
    # Double faults are not drawn, but SHARED-FATE findings (badges, tooltips) need them.
    report = check(path, today=today, seed=seed)
    arch = report.architecture
    names = failure_names(arch, what_if_names)
    result = what_if(arch, names) if names else None
    drawn = len(arch.components)
    if journey is not None:
        check_journey(arch, journey)
        drawn = len(needed_by(arch, [journey]))
    chosen = drawn >= COLLAPSE_FROM if collapse is None else collapse
    data = draw(build_diagram(report, View(result, journey, chosen)), fmt)
    return Drawing(data, drawn if collapse is None and chosen else None)


@collector_paused
def review(
    path: str | os.PathLike[str],
    *,
    collapse: bool | None = None,
    today: dt.date | None = None,
    seed: int = 0,
) -> Review:
    """Check an architecture file and compile the what-if model its review page evaluates;
    the page draws the collapsed view from :data:`COLLAPSE_FROM` components unless
    ``collapse`` says otherwise."""
    report = check(path, today=today, seed=seed)
    arch = report.architecture
    if collapse is None:
        collapse = len(arch.components) >= COLLAPSE_FROM
    return Review(report, what_if_model(arch), collapse)
