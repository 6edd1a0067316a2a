"""The review page: one self-contained HTML file, no network, printable.

The report's sections are static HTML (:mod:`.sections`); the diagram is Graphviz's SVG
(:mod:`.svg`); the what-if model is a JSON data block that ``what_if.js`` evaluates and
``page.js`` shows. The scripts and the style are package files inlined here, and the
Content-Security-Policy allows exactly them (by hash) and nothing from the network.
"""

from __future__ import annotations

import base64
import hashlib
import json
from importlib import resources

from spofscan.render.diagram import draw
from spofscan.render.diagram.build import View, build_diagram
from spofscan.render.review import sections
from spofscan.render.review.svg import interactive_svg
from spofscan.report.options import DiagramFormat
from spofscan.report.review import Review


def render_review(review: Review) -> str:
    """The page, as text; the same review gives the same bytes."""
    report = review.report
    script = _asset("what_if.js") + _asset("page.js")
    style = _asset("page.css")
    diagram = build_diagram(report, View(collapse=review.collapse))
    svg = interactive_svg(draw(diagram, DiagramFormat.svg), _names(review))
    policy = (
        "default-src 'none'; "
        f"script-src '{_hash(script)}'; style-src '{_hash(style)}' 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    body = "\n".join(
        [
            sections.heading(report),
            sections.headline(report),
            _review_section(svg, review),
            *(
                _part(section(report))
                for section in (
                    sections.spofs,
                    sections.double_faults,
                    sections.findings,
                    sections.fixes,
                )
            ),
        ]
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{sections.text(report.architecture.name)}: spofscan review</title>\n"
        f"<style>{style}</style>\n</head>\n<body>\n{body}\n"
        f'<script type="application/json" id="spofscan-model">{_json(review.model)}</script>\n'
        f"<script>{script}</script>\n</body></html>\n"
    )


def _review_section(svg: str, review: Review) -> str:
    collapsed = (
        '<p class="muted">A large file: the diagram is collapsed; every component is in '
        "the list beside it.</p>"
        if review.collapse
        else ""
    )
    exact = (
        ""
        if review.model.get("bdd") is not None
        else '<p class="muted">Availability is estimated by Monte Carlo here: the page '
        "shows what goes down, not the availability after (run "
        "<code>spofscan what-if</code>).</p>"
    )
    return (
        '<h2>Diagram: what if?</h2><p class="screen-only">Select a component or an instance '
        "(click, "
        "or Tab and Enter) to fail it, again to restore it. The address keeps the "
        f"scenario: share it.</p>{collapsed}{exact}"
        '<p class="screen-only"><button type="button" id="zoom" aria-pressed="false">'
        "Actual size</button></p>"
        f'<div id="review"><div id="diagram" class="fit">{svg}</div>'
        '<aside id="scenario" aria-live="polite"><h3>Scenario</h3>'
        '<button type="button" id="reset">Restore everything</button><dl>'
        '<dt>Failed</dt><dd id="failed-list">none</dd>'
        '<dt>Entrypoints down</dt><dd id="entrypoints-down-list" class="badge-down">none</dd>'
        '<dd><ul id="why-list"></ul></dd>'
        '<dt>Availability after</dt><dd id="availability-after"></dd>'
        '<dt>Down</dt><dd id="down-list">none</dd>'
        '<dt>Degraded</dt><dd id="degraded-list">none</dd>'
        '<dt>Reduced</dt><dd id="reduced-list">none</dd></dl>'
        '<h3>Components</h3><ul id="component-list"></ul></aside></div>'
    )


def _part(html: str) -> str:
    """A section below the diagram, which the browser lays out and paints only near the
    screen (``content-visibility`` in page.css): a click that changes the height of the
    scenario panel moves the tens of thousands of rows of a large file's tables, and
    would otherwise walk them all again."""
    return f'<section class="part">{html}</section>'


def _names(review: Review) -> set[str]:
    """Names a drawn box may carry: nodes, and instances of replicated components."""
    model = review.model
    names = set(model["nodes"])
    for name, count in zip(model["nodes"], model["instances"], strict=True):
        if count > 1:
            names.update(f"{name}[{i}]" for i in range(count))
    return names


def _asset(name: str) -> str:
    return resources.files("spofscan.render.review").joinpath(name).read_text(encoding="utf-8")


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _json(model: object) -> str:
    """JSON safe inside a script element: no ``<`` can close it."""
    return json.dumps(model, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")
