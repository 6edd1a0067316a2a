"""Project defaults for ``check``: ``[tool.spofscan]`` in pyproject.toml or ``.spofscan.yaml``.

The nearest configuration from the current directory upwards wins, the search stopping
at the repository's root; ``--config FILE`` names one instead. Options on the command
line win over it. A bad file is a located input error (exit 2).
"""

from __future__ import annotations

from spofscan.config.discover import find_config
from spofscan.config.settings import Config, load_config

__all__ = ["Config", "find_config", "load_config"]
