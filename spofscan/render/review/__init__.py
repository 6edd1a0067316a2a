"""The review page of ``spofscan report``: one self-contained HTML file for design
reviews, whose what-if runs in the page on the model Python compiled (SPEC section 3).

A new format is a member of :class:`~spofscan.report.options.ReviewFormat`, a module here
and a line in :data:`RENDERERS`; a test proves that every format has a renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from spofscan.render.review import html
from spofscan.report.options import ReviewFormat
from spofscan.report.review import Review

Renderer = Callable[[Review], str]

RENDERERS: Mapping[ReviewFormat, Renderer] = {
    ReviewFormat.html: html.render_review,
}


def render(review_format: ReviewFormat, review: Review) -> str:
    """The page in ``review_format``."""
    return RENDERERS[review_format](review)
