"""Where each basic event of a changed file takes its failures, on the original's samples.

The common random numbers of paired estimates (:mod:`spofscan.analysis.paired`): an
event keeps the failures of the original's event of the same name (``(component,
instance)``) and probability; an event the change adds is drawn from a stream of its
own, seeded by the seed and its name (the same in every file that has it); an event
whose probability the change moves keeps its failures, thinned or topped up (the
monotone coupling, so a stronger offering never fails where the old one stood).
"""

from __future__ import annotations

import hashlib
import weakref

import numpy as np

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.failure_draws import Bits, Failures, Ints, draw_process
from spofscan.analysis.packed_samples import Sources, unpack

EventKey = tuple[str, int]  # (component, instance): an event's name in every file
_Q_EQUAL = 1e-15  # probabilities closer than this are the same
_KEPT = 4  # files whose events' sources are kept (while they live): a plan's current and next


class EventSources:
    """The sources of the events of changes of ``base``, whose samples' failures are
    ``failures`` (``size`` samples, drawn for ``seed``); ``offsets``: where each of
    ``base``'s events' records start in them."""

    def __init__(self, base: Structure, failures: Failures, seed: int, size: int) -> None:
        self.base, self.failures, self.seed, self.size = base, failures, seed, size
        self.offsets = np.searchsorted(failures.event, np.arange(len(base.events) + 1))
        self._event_of = {_key(base, e): e for e in range(len(base.events))}
        self._derived: dict[tuple[EventKey, float], Ints] = {}
        self._kept: dict[int, tuple[weakref.ref[Structure], Sources]] = {}

    def of(self, t: Structure) -> Sources:
        """Where each of ``t``'s events takes its failures (kept for the last few files,
        by a weak reference: a fixed file of a large one is a hundred megabytes or more,
        which the samples must not keep alive once it is measured)."""
        kept = self._kept.get(id(t))
        if kept is not None and kept[0]() is t:
            return kept[1]
        origin = np.full(len(t.events), -1, dtype=np.int64)
        drawn: dict[int, Ints] = {}
        for e in range(len(t.events)):
            source = self.source(t, e)
            if isinstance(source, int):
                origin[e] = source
            else:
                drawn[e] = source
        sources = Sources(origin, drawn)
        if len(self._kept) >= _KEPT:
            del self._kept[next(iter(self._kept))]
        self._kept[id(t)] = (weakref.ref(t), sources)
        return sources

    def records(self, event: int) -> tuple[Ints, Bits]:
        """The words and failed bits of ``base``'s ``event``'s records."""
        low, high = self.offsets[event], self.offsets[event + 1]
        return self.failures.word[low:high], self.failures.bits[low:high]

    def source(self, t: Structure, event: int) -> int | Ints:
        """Where ``t``'s ``event`` takes its failures: the original event of its name
        and probability (its index), or the failed samples drawn for it."""
        key = _key(t, event)
        q = 1.0 - t.events[event].availability
        original = self._event_of.get(key)
        if original is not None and abs(q - self._q(original)) <= _Q_EQUAL:
            return original
        found = self._derived.get((key, q))
        if found is None:
            found = self._draw(key, q, original)
            self._derived[(key, q)] = found
        return found

    def _q(self, event: int) -> float:
        return 1.0 - self.base.events[event].availability

    def _draw(self, key: EventKey, q: float, original: int | None) -> Ints:
        """Failed samples of an event this change adds, or whose probability it moves
        from the original's (coupled: thinned when lower, topped up when higher)."""
        rng = np.random.default_rng([self.seed, _name_seed(key)])
        if original is None:
            return draw_process(rng, self.size, q)
        failed = unpack(*self.records(original))
        q0 = self._q(original)
        if q < q0:
            kept: Ints = failed[rng.random(failed.size) < q / q0]
            return kept
        extra = draw_process(rng, self.size, (q - q0) / (1.0 - q0) if q0 < 1.0 else 1.0)
        return np.union1d(failed, extra)


def _key(s: Structure, event: int) -> EventKey:
    return s.nodes[s.event_node[event]], s.event_instance[event]


def _name_seed(key: EventKey) -> int:
    """A stable number for an event's name: its own stream, the same in every run."""
    digest = hashlib.blake2b(f"{key[0]}\0{key[1]}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")
