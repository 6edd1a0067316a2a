"""The state of one exploration: the model (the file, and the fixes applied to it in
memory, each undoable), the scenario (what is failed), and the answers computed for them.

No parsing and no output here: :mod:`spofscan.explore.commands` reads commands and
words the answers, for the prompt and for scripts alike. The session compiles each model
once, with what answers availability scenario after scenario (its diagram, or its draw
of samples and their states: :mod:`spofscan.analysis.scenario_cache`), and keeps the
answer for the current scenario, so that a command after the load costs one propagation
and, when the scenario changed, one pass over the diagram or an evaluation of what the
scenario can change (``spofs`` and ``pairs`` one pass of propagations, kept likewise).
"""

from __future__ import annotations

import os
import shlex
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from spofscan import pipeline
from spofscan.analysis.bdd import DEFAULT_NODE_BUDGET
from spofscan.analysis.compiled_structure import Structure, compile_structure
from spofscan.analysis.results import WhatIf
from spofscan.analysis.scenario_cache import Scenarios
from spofscan.analysis.scenario_cut_sets import FurtherFailures, further_failures
from spofscan.analysis.what_if import FailureState, failure_names, failure_state, what_if
from spofscan.errors import UsageError
from spofscan.loading.yaml_source import read_text
from spofscan.model.architecture import Architecture
from spofscan.remediation import Fix
from spofscan.report.check import CheckReport
from spofscan.suggest import did_you_mean

Signature = tuple[int, int, int] | None  # mtime (ns), size and inode; None: no such file
Key = tuple[int, frozenset[str]]  # a model (by identity) and a scenario
REMEMBERED = 32  # scenarios whose answers are kept: restore and reset come back at once


@dataclass(frozen=True)
class Model:
    """One version of the architecture: checked (analysis and measured fixes) and
    compiled. ``step`` is the number of the fix that made it from the version before,
    ``applied`` how many fixes the file has been given in memory."""

    text: str
    report: CheckReport
    structure: Structure
    step: int | None = None
    fix: Fix | None = None
    applied: int = 0

    @property
    def arch(self) -> Architecture:
        return self.report.architecture

    @cached_property
    def names(self) -> tuple[str, ...]:
        """Every name a scenario may hold: components, their instances and common
        causes (``api[*]``), and journeys."""
        names = list(self.arch.node_names())
        for component in self.arch.components.values():
            if component.replicas > 1:
                names.extend(component.instance_names())
            if component.common_cause_unavailability > 0:
                names.append(component.common_cause_name)
        return tuple(sorted(names))


def load_model(text: str, file: str) -> Model:
    """Check the text of an architecture file as ``check`` does, and compile it."""
    report = pipeline.check_text(text, file)
    structure = compile_structure(report.architecture)
    if report.analysis.system.method != "exact":  # check found the diagram too large:
        structure.cache.diagram_too_large = DEFAULT_NODE_BUDGET  # every what-if estimates
    return Model(text, report, structure)


def signature(path: str) -> Signature:
    """What tells that a file changed: its modification time, size and inode."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


@dataclass(frozen=True)
class Reloaded:
    """What a reload did: the names the scenario lost, and the fixes it dropped."""

    dropped: tuple[str, ...]
    fixes_dropped: int


@dataclass
class Session:
    """One architecture file explored: its models (the file's, then one per fix applied),
    the scenario, and the answers for the current pair."""

    path: str
    models: list[Model]
    scenario: list[str] = field(default_factory=list)
    seen: Signature = None
    _answers: OrderedDict[Key, tuple[FailureState | None, WhatIf | None]] = field(
        default_factory=OrderedDict, repr=False
    )
    _further: OrderedDict[Key, FurtherFailures] = field(default_factory=OrderedDict, repr=False)
    _scenarios: tuple[Model, Scenarios] | None = field(default=None, repr=False)

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Session:
        """Load, check and compile the file (an invalid one raises its located errors)."""
        file = os.fspath(path)
        seen = signature(file)
        session = cls(file, [load_model(read_text(file, file), file)], seen=seen)
        session.result()  # the answer with nothing failed, part of the load
        return session

    @property
    def model(self) -> Model:
        return self.models[-1]

    # --- the scenario -------------------------------------------------------------

    def fail(self, values: Sequence[str]) -> tuple[str, ...]:
        """Add names to the scenario (``a,b`` lists several); those newly failed."""
        names = failure_names(self.model.arch, values)
        failure_state(self.model.arch, names, self.model.structure)  # unknown names raise
        added = tuple(dict.fromkeys(n for n in names if n not in self.scenario))
        self.scenario.extend(added)
        return added

    def restore(self, values: Sequence[str]) -> tuple[str, ...]:
        """Take names out of the scenario; a name that is not in it is a usage error."""
        names = tuple(dict.fromkeys(failure_names(self.model.arch, values)))
        for name in names:
            if name not in self.scenario:
                raise UsageError(_not_failed(name, self.scenario))
        self.scenario = [n for n in self.scenario if n not in names]
        return names

    def reset(self) -> tuple[str, ...]:
        """Restore everything; what was failed."""
        restored, self.scenario = tuple(self.scenario), []
        return restored

    def state(self) -> FailureState:
        """What the scenario takes down, without availability (a propagation)."""
        return self._answer(with_availability=False)[0]

    def result(self) -> WhatIf:
        """What ``what-if`` answers for the scenario, availability included."""
        answer = self._answer(with_availability=True)[1]
        assert answer is not None
        return answer

    def further(self) -> FurtherFailures:
        """What one more failure, or two, would take down from the scenario."""
        key = (id(self.model), frozenset(self.scenario))
        found = self._further.pop(key, None)
        if found is None:
            state = self.state()
            found = further_failures(state.structure, state.evidence, state.effect)
        self._further[key] = found
        while len(self._further) > REMEMBERED:
            self._further.popitem(last=False)
        return found

    def _answer(self, with_availability: bool) -> tuple[FailureState, WhatIf | None]:
        model = self.model
        key = (id(model), frozenset(self.scenario))
        state, result = self._answers.pop(key, (None, None))
        if state is None:
            state = failure_state(model.arch, self.scenario, model.structure)
        if with_availability and result is None:
            result = what_if(model.arch, self.scenario, scenarios=self._kept(model))
        self._answers[key] = (state, result)
        while len(self._answers) > REMEMBERED:
            self._answers.popitem(last=False)
        return state, result

    def _kept(self, model: Model) -> Scenarios:
        """What answers availability scenario after scenario on ``model``: its diagram,
        or its draw and the states in it, made once. Only the current model's is kept
        (an estimate's states take 83 MB at 10,000 components): after ``undo``, the
        model before is prepared again."""
        if self._scenarios is None or self._scenarios[0] is not model:
            self._scenarios = (model, Scenarios(model.structure))
        return self._scenarios[1]

    # --- the model ----------------------------------------------------------------

    def apply(self, number: int) -> Model:
        """Apply the current model's fix ``number`` (1-based) in memory; the new model."""
        fixes = self.model.report.remediation.fixes
        if not 1 <= number <= len(fixes):
            raise UsageError(_no_such_fix(number, len(fixes)))
        fix = fixes[number - 1]
        text = pipeline.with_fix(self.model.text, self.path, fix.snippet)
        fixed = load_model(text, self.path)
        self.models.append(replace(fixed, step=number, fix=fix, applied=len(self.models)))
        self._keep_known_names()
        return self.model

    def undo(self) -> Model:
        """Take back the last fix applied; the model taken back."""
        if len(self.models) == 1:
            raise UsageError("nothing to undo: no fix is applied")
        undone = self.models.pop()
        self._keep_known_names()
        return undone

    def changed_on_disk(self) -> bool:
        """Whether the file changed since it was last read."""
        return signature(self.path) != self.seen

    def reload(self) -> Reloaded:
        """Read the file again. Fixes applied in memory are dropped; the scenario keeps
        the names the file still has. An invalid file raises its located errors and the
        session keeps its model (and will not retry until the file changes again)."""
        self.seen = signature(self.path)
        model = load_model(read_text(self.path, self.path), self.path)
        fixes_dropped = len(self.models) - 1
        self.models = [model]
        return Reloaded(self._keep_known_names(), fixes_dropped)

    def _keep_known_names(self) -> tuple[str, ...]:
        """Drop from the scenario what the current model does not name; those dropped."""
        known = set(self.model.names)
        dropped = tuple(n for n in self.scenario if n not in known)
        self.scenario = [n for n in self.scenario if n in known]
        self._answers.clear()
        self._further.clear()
        return dropped

    def script(self) -> str:
        """The commands that rebuild this state from the file: ``apply`` then ``fail``."""
        lines = [f"apply {m.step}" for m in self.models[1:]]
        if self.scenario:
            lines.append("fail " + " ".join(_quoted(n) for n in self.scenario))
        return "".join(f"{line}\n" for line in lines)


def _quoted(name: str) -> str:
    return shlex.quote(name)


def _not_failed(name: str, scenario: Sequence[str]) -> str:
    if not scenario:
        return f"'{name}' is not failed: nothing is"
    hint = did_you_mean(name, scenario)
    message = f"'{name}' is not failed (failed: {', '.join(scenario)})"
    return f"{message}; {hint}" if hint else message


def _no_such_fix(number: int, count: int) -> str:
    if count == 0:
        return "there is no fix to apply (see: fixes)"
    return f"no fix {number}: the fixes are numbered from 1 to {count} (see: fixes)"
