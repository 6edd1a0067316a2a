"""The loader's pipeline: read, parse YAML, check the version, the schema, the meaning, build.

Each stage reports every problem it finds at once; a stage runs only when the ones
before it found nothing, so that a later stage never reports the same mistake again in
other words (an unknown key, then the unknown name it holds).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from typing import Any

from spofscan.errors import InputError, Location, Problem, input_error
from spofscan.gc_pause import collector_paused
from spofscan.importers.recognise import recognise
from spofscan.loading.build import build_architecture
from spofscan.loading.entrypoints import changed_entrypoints, entrypoints
from spofscan.loading.schema import schema_problems
from spofscan.loading.semantics import semantic_problems
from spofscan.loading.source_map import SourceMap
from spofscan.loading.text_fields import restore_texts
from spofscan.loading.wording import kind_of_value
from spofscan.loading.yaml_source import parse_yaml, read_text
from spofscan.model import Architecture

FORMAT_VERSION = 1
_NEEDS = "an architecture is a mapping with at least 'spofscan: 1', 'name' and 'components'"


def load_architecture(
    path: str | os.PathLike[str], *, display_name: str | None = None
) -> Architecture:
    """Load, check and build the architecture in the file at ``path``.

    ``display_name`` is the file name used in locations (default: ``path`` as given).
    Raises :class:`~spofscan.errors.InputError` carrying every problem found.
    """
    file = display_name if display_name is not None else os.fspath(path)
    return load_architecture_text(read_text(path, file), file)


@collector_paused
def load_architecture_text(text: str, file: str) -> Architecture:
    """Load, check and build the architecture written in ``text``, named ``file``.

    A docker-compose file or a Kubernetes manifest is reported as such, with the import
    to run, rather than with the errors an architecture would have."""
    return load_text_and_document(text, file)[0]


@collector_paused
def load_text_and_document(text: str, file: str) -> tuple[Architecture, dict[str, Any]]:
    """:func:`load_architecture_text`, and the plain document it was built from (texts
    as written), which the remediation pastes fixes into: parsing a file of 50,000
    components again took 3 s. The loader never changes a document."""
    try:
        document, smap = parse_yaml(text, file)
        _check_shape(document, smap)
        _check_version(document, smap)
        restore_texts(document, smap)
        return _checked_and_built(document, smap), document
    except InputError:
        deployment = recognise(text, file)
        if deployment is not None:
            raise InputError([deployment]) from None
        raise


@collector_paused
def load_architecture_document(document: Any, file: str) -> Architecture:
    """Check and build the architecture of a plain document (texts as written), as if it
    were the file ``file``; every location is the file's start, since there is no text.

    For documents a program made, such as a file with a fix applied.
    """
    smap = SourceMap(file)
    _check_shape(document, smap)
    _check_version(document, smap)
    return _checked_and_built(document, smap)


@collector_paused
def load_changed_document(
    document: Any,
    file: str,
    base: Architecture,
    changed: Collection[str],
    base_document: Mapping[str, Any] | None = None,
) -> Architecture:
    """:func:`load_architecture_document` of ``document``: the document ``base`` was
    built from (``base_document``, when given) with the component entries ``changed``
    replaced or added, and nothing else changed (a fix pasted in). Only those entries
    are checked, against the schema and for their meaning, and built again, the others'
    components are ``base``'s; what concerns the whole file (its entrypoints, names
    listed at the top) is checked as always, the entrypoints found from the base
    document's when it is given (:func:`changed_entrypoints`). A fix of a
    10,000-component file loads in a tenth of the time."""
    smap = SourceMap(file)
    _check_shape(document, smap)
    components = document.get("components")
    if not isinstance(components, dict) or not all(n in components for n in changed):
        return _checked_and_built(document, smap)
    sparse = {**document, "components": {name: components[name] for name in changed}}
    _raise_if(schema_problems(sparse, smap))
    found = (
        entrypoints(document, smap)
        if base_document is None
        else changed_entrypoints(document, smap, base_document, changed)
    )
    _raise_if(semantic_problems(document, smap, found, changed))
    kept = {n: c for n, c in base.components.items() if n not in changed and n in components}
    return build_architecture(document, smap, found, kept)


def _checked_and_built(document: dict[str, Any], smap: SourceMap) -> Architecture:
    _raise_if(schema_problems(document, smap))
    found = entrypoints(document, smap)
    _raise_if(semantic_problems(document, smap, found))
    return build_architecture(document, smap, found)


def _check_shape(document: Any, smap: SourceMap) -> None:
    if document is None:
        raise input_error(Location(smap.file), "the file is empty", _NEEDS)
    if not isinstance(document, dict):
        message = f"the file holds {kind_of_value(document)}, not a mapping of keys"
        raise input_error(smap.at(()), message, _NEEDS)


def _check_version(document: dict[str, Any], smap: SourceMap) -> None:
    """A different format version makes every other message moot: report it alone."""
    version = document.get("spofscan")
    is_number = isinstance(version, int | float) and not isinstance(version, bool)
    if is_number and version != FORMAT_VERSION:
        message = (
            f"unsupported format version {version}; this spofscan reads version {FORMAT_VERSION}"
        )
        raise input_error(
            smap.at(("spofscan",)), message, "upgrade spofscan, or write 'spofscan: 1'"
        )


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        raise InputError(problems)
