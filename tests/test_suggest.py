"""Hints for misspelt names: the same answer as difflib's, however many candidates.

The bounded search of :class:`spofscan.suggest.Hints` (used from ``suggest.MANY``
candidates on) must name exactly the candidate ``difflib.get_close_matches`` names; how
fast it is on thousands of names is measured by the scale sweep in
benchmarks/README.md, not asserted here.
"""

from __future__ import annotations

import difflib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spofscan import suggest
from spofscan.errors import InputError
from spofscan.loading import load_architecture_text
from spofscan.suggest import Hints, did_you_mean


def _difflib_hint(word: str, candidates: list[str]) -> str | None:
    """The hint as difflib alone gives it, compared against every candidate."""
    folded = {c.lower(): c for c in candidates if c != word}
    matches = difflib.get_close_matches(word.lower(), list(folded), n=1, cutoff=0.6)
    return f"did you mean '{folded[matches[0]]}'?" if matches else None


NAMES = st.text(alphabet="abcvm_-0123Zé", min_size=0, max_size=12)


@settings(max_examples=300, deadline=None)
@given(candidates=st.lists(NAMES, max_size=40), words=st.lists(NAMES, min_size=1, max_size=5))
def test_bounded_search_names_what_difflib_names(candidates: list[str], words: list[str]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(suggest, "MANY", 0)  # every list through the bounded search
        hints = Hints(candidates)
        for word in [*words, *candidates[:3]]:
            assert hints.hint(word) == _difflib_hint(word, candidates)


@pytest.mark.parametrize("seed", range(3))
def test_thousands_of_names_misspelt_like_a_renamed_prefix(seed: int) -> None:
    rng = random.Random(seed)
    names = [f"{rng.choice(['vm_own', 'vm_pool', 'svc', 'db'])}_{i:04d}" for i in range(3000)]
    hints = Hints(names)
    words = [f"vmm_own_{rng.randrange(3000):04d}" for _ in range(20)]
    words += [f"SVC_{rng.randrange(3000):04d}x", "db", "zzzz", "vm_own_0001"]
    for word in words:
        assert hints.hint(word) == _difflib_hint(word, names), word
    assert len(names) >= suggest.MANY


def test_did_you_mean_over_many_candidates_matches_difflib() -> None:
    names = [f"service-{i}" for i in range(2000)] + ["Payments-API"]
    for word in ("payments-apl", "servce-1999", "service-12345", "nothing-alike"):
        assert did_you_mean(word, names) == _difflib_hint(word, names)


def test_a_renamed_vm_prefix_gets_its_hints_in_the_file_errors() -> None:
    vms = [f"  vm_{i:04d}: {{kind: vm, availability: 99.9}}" for i in range(600)]
    services = [
        f"  svc_{i:04d}: {{kind: service, availability: 99.9, runs_on: vmm_{i:04d}}}"
        for i in range(600)
    ]
    text = "\n".join(["spofscan: 1", "name: renamed", "components:", *vms, *services]) + "\n"
    with pytest.raises(InputError) as raised:
        load_architecture_text(text, "renamed.yaml")
    problems = raised.value.problems
    assert len(problems) == 600
    assert {p.hint for p in problems} == {f"did you mean 'vm_{i:04d}'?" for i in range(600)}
