"""The answers of ``spofscan what-if``: one module per format, each a pure function from
the architecture and a :class:`~spofscan.analysis.results.WhatIf` (and the terminal, for
text) to text.

A new format is a member of :class:`~spofscan.report.options.WhatIfFormat`, a module
here, and a line in :data:`RENDERERS`; a test proves that every format has a renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from spofscan.analysis.results import WhatIf
from spofscan.model.architecture import Architecture
from spofscan.render.terminal import PLAIN, Terminal
from spofscan.render.what_if import json, text
from spofscan.report.options import WhatIfFormat

Renderer = Callable[[Architecture, WhatIf, Terminal], str]

RENDERERS: Mapping[WhatIfFormat, Renderer] = {
    WhatIfFormat.text: text.render_what_if,
    WhatIfFormat.json: json.render_what_if,
}


def render(
    what_if_format: WhatIfFormat,
    arch: Architecture,
    result: WhatIf,
    terminal: Terminal = PLAIN,
) -> str:
    """The answer in ``what_if_format``, for ``terminal`` where the format is for people."""
    return RENDERERS[what_if_format](arch, result, terminal)
