"""Read an architecture file and parse its YAML, keeping where every value came from.

Everything that can go wrong here (a missing file, a directory, binary junk, bad UTF-8,
a YAML syntax error, an alias bomb, an empty file) becomes a located
:class:`~spofscan.errors.InputError`, never a traceback.
"""

from __future__ import annotations

import os
from typing import Any

import yaml

from spofscan.errors import InputError, Location, Problem, input_error
from spofscan.loading.source_map import SourceMap
from spofscan.loading.yaml_nodes import NodeConverter, NodeError

MAX_FILE_BYTES = 20 * 1024 * 1024
_RESOLVED_CACHE_SIZE = 4096
_BOMS = {b"\xef\xbb\xbf": "utf-8-sig", b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16"}


def loader_class(base: type[Any]) -> type[Any]:
    """A safe loader on ``base`` that resolves each repeated plain scalar only once."""

    class Loader(base):  # type: ignore[misc]
        counts_bytes = base is not yaml.SafeLoader  # libyaml's reader errors count bytes

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self._resolved: dict[str, str] = {}

        def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
            if kind is not yaml.ScalarNode or not implicit[0]:
                return str(super().resolve(kind, value, implicit))
            tag = self._resolved.get(value)
            if tag is None:
                tag = str(super().resolve(kind, value, implicit))
                if len(self._resolved) < _RESOLVED_CACHE_SIZE:
                    self._resolved[value] = tag
            return tag

    return Loader


_Loader = loader_class(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def read_text(
    path: str | os.PathLike[str],
    file: str,
    *,
    limit: int = MAX_FILE_BYTES,
    what: str = "an architecture file",
) -> str:
    """The text of the file at ``path``; ``file`` is the name used in locations, ``what``
    the kind of file expected, ``limit`` its largest size in bytes."""
    return decode(read_bytes(path, file, limit=limit, what=what), file)


def read_bytes(
    path: str | os.PathLike[str],
    file: str,
    *,
    limit: int = MAX_FILE_BYTES,
    what: str = "an architecture file",
) -> bytes:
    """The bytes of a regular, readable file of at most ``limit`` bytes."""
    where = Location(file)
    if os.path.isdir(path):
        raise input_error(where, f"is a directory, not {what}")
    try:
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            data = stream.read(limit + 1)
    except FileNotFoundError:
        raise input_error(where, "no such file") from None
    except PermissionError:
        raise input_error(where, "cannot read the file: permission denied") from None
    except OSError as err:
        raise input_error(where, f"cannot read the file: {err.strerror or err}") from None
    if len(data) > limit:
        raise too_large(max(size, len(data)), where, limit)
    return data


def too_large(size: int, where: Location, limit: int = MAX_FILE_BYTES) -> InputError:
    """The error of a file of ``size`` bytes, past ``limit``."""
    megabytes, most = size / 1024 / 1024, limit / 1024 / 1024
    message = f"the file is too large ({megabytes:.0f} MB; the limit is {most:g} MB)"
    return input_error(where, message, "split it, or describe fewer components")


def decode(data: bytes, file: str) -> str:
    """The text of ``data``: UTF-8 (or UTF-16 with a byte order mark)."""
    encoding = next((enc for bom, enc in _BOMS.items() if data.startswith(bom)), "utf-8")
    if encoding == "utf-8" and b"\0" in data:
        where = _byte_location(data, data.index(b"\0"), file)
        raise input_error(where, "this is a binary file, not YAML text (it contains NUL bytes)")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        where = _byte_location(data, err.start, file)
        message = f"the file is not valid {encoding.upper()} text (byte 0x{data[err.start]:02x})"
        raise input_error(where, message, "save the file as UTF-8") from None


def parse_yaml(text: str, file: str) -> tuple[Any, SourceMap]:
    """The plain value of the single YAML document in ``text`` and its source map."""
    smap = SourceMap(file)
    node = _compose(text, file)
    if node is None:
        return None, smap
    converter = NodeConverter(smap, aliases="&" in text)
    try:
        value = converter.convert(node, ())
    except NodeError as err:
        raise InputError([*converter.problems, err.problem]) from None
    if converter.problems:
        raise InputError(converter.problems)
    return value, smap


def parse_yaml_documents(text: str, file: str) -> list[tuple[Any, SourceMap]]:
    """The plain value and source map of every document in ``text`` (a Kubernetes
    manifest holds several); aliases count against one budget for the whole stream."""
    documents: list[tuple[Any, SourceMap]] = []
    nodes: list[yaml.Node | None] = []  # kept, so that no node's id is taken by another's
    converter = NodeConverter(SourceMap(file), aliases="&" in text)
    try:
        for node in yaml.compose_all(text, Loader=_Loader):
            nodes.append(node)
            converter.smap = SourceMap(file)
            value = None if node is None else converter.convert(node, ())
            documents.append((value, converter.smap))
    except yaml.MarkedYAMLError as err:
        raise InputError([*converter.problems, _syntax_problem(err, text, file)]) from None
    except NodeError as err:
        raise InputError([*converter.problems, err.problem]) from None
    except yaml.reader.ReaderError as err:
        raise _reader_error(err, text, file) from None
    except (yaml.YAMLError, RecursionError) as err:
        raise input_error(Location(file), f"invalid YAML: {err}") from None
    if converter.problems:
        raise InputError(converter.problems)
    return documents


def _compose(text: str, file: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        raise InputError([_syntax_problem(err, text, file)]) from None
    except yaml.reader.ReaderError as err:
        raise _reader_error(err, text, file) from None
    except (yaml.YAMLError, RecursionError) as err:
        raise input_error(Location(file), f"invalid YAML: {err}") from None


def _reader_error(err: yaml.reader.ReaderError, text: str, file: str) -> InputError:
    where = _text_location(text, _char_offset(text, err.position), file)
    code = err.character if isinstance(err.character, int) else ord(err.character)
    return input_error(where, f"character U+{code:04X} is not allowed in YAML ({err.reason})")


def _syntax_problem(err: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
    message = f"invalid YAML: {err.problem or 'syntax error'}"
    if err.context:
        message += f" ({err.context})"
    if "single document" in str(err.context):
        message = "the file holds more than one YAML document; spofscan reads only one"
    lines = text.splitlines()
    tabbed = where.line <= len(lines) and "\t" in lines[where.line - 1]
    hint = "indent with spaces: YAML does not allow tabs there" if tabbed else None
    return Problem(where, message, hint)


def _char_offset(text: str, position: int) -> int:
    """libyaml counts a reader error's position in UTF-8 bytes; Python in characters."""
    if not _Loader.counts_bytes:
        return position
    return len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))


def _byte_location(data: bytes, offset: int, file: str) -> Location:
    """Line and column (in characters) of the byte at ``offset`` of UTF-8 ``data``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Location(file, data.count(b"\n", 0, offset) + 1, column)


def _text_location(text: str, offset: int, file: str) -> Location:
    line_start = text.rfind("\n", 0, offset) + 1
    return Location(file, text.count("\n", 0, offset) + 1, offset - line_start + 1)
