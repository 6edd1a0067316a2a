"""What every test shares: the repository's paths, the day findings are judged by, and
one Hypothesis profile.

Test modules import the constants (``from conftest import ROOT, TODAY``); pytest loads
this file before any of them, which also loads the profile.

The profile is derandomized and keeps no example database, so a run is the same on
every machine; what Hypothesis still caches (the constants it collects from the code) goes
to a scratch folder removed at exit, never to a ``.hypothesis/`` folder in the checkout.
``HYPOTHESIS_PROFILE=sweep`` draws fresh examples each run instead, for a longer search by
hand.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

ROOT = Path(__file__).resolve().parents[1]
"""The repository's root: examples/, schemas/, docs/ and tests/ are under it."""

CASES = ROOT / "tests" / "cases"
"""Folders of valid and invalid input files, and the rules' cases."""

EXAMPLES = sorted(p.stem for p in (ROOT / "examples").glob("*.yaml"))
"""The names of the example architectures."""

TODAY = dt.date(2026, 11, 25)
"""The day accepted risks' expiry is judged by, so that the goldens never age."""

TODAY_TEXT = TODAY.isoformat()
"""The same day, as ``--today`` takes it."""

settings.register_profile("deterministic", derandomize=True, database=None, deadline=None)
settings.register_profile("sweep", derandomize=False, database=None, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

_SCRATCH = tempfile.TemporaryDirectory(prefix="spofscan-hypothesis-")
set_hypothesis_home_dir(_SCRATCH.name)
