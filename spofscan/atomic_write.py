"""Write a file whole or not at all: a full disk or a killed process leaves the old one.

Every file spofscan writes (reports, baselines, diagrams) is first written to a
temporary file in the same directory, then renamed over the target with ``os.replace``,
which is atomic: a reader, or the next CI step, sees the previous file or the new one,
never a part of either, and a failed write leaves no temporary file behind.

The file ends up as a plain write would leave it: a new file gets the permissions the
umask allows (the temporary file is created with mode 0o666, as ``open`` does), an
existing one keeps its mode, and a symbolic link is followed, not replaced. What cannot
be replaced, a device or a pipe (``--json /dev/stdout``), is written directly, and so is
a file in a directory where no other file may be created.
"""

from __future__ import annotations

import contextlib
import os
import stat

from spofscan.errors import UsageError

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def write_atomically(
    path: str | os.PathLike[str], content: str | bytes, *, make_parents: bool = False
) -> None:
    """Replace the file at ``path`` with ``content`` (text is written as UTF-8), creating
    its directory first with ``make_parents``; a usage error when that fails.

    Text that holds a file name which is not UTF-8 writes that name back as its bytes.
    """
    data = content.encode("utf-8", "surrogateescape") if isinstance(content, str) else content
    try:
        if make_parents:
            os.makedirs(os.path.dirname(os.fspath(path)) or os.curdir, exist_ok=True)
        _replace(os.fspath(path), data)
    except OSError as err:
        raise UsageError(f"cannot write {os.fspath(path)}: {err.strerror or err}") from None


def write_new(path: str | os.PathLike[str], content: str) -> None:
    """Write ``content`` to a file at ``path`` that must not exist yet, whole or not at
    all, and never over a file that appears meanwhile: a usage error if one is there.

    The text goes to a temporary file first, which is then linked to ``path``; a link
    fails when the name is taken, so no check-then-write race can lose a file. Where the
    file system has no hard links, the file is created exclusively and written in place.
    """
    target = os.fspath(path)
    data = content.encode("utf-8", "surrogateescape")
    try:
        temporary, descriptor = _create_temporary(os.path.abspath(target))
    except OSError as err:
        raise UsageError(f"cannot write {target}: {err.strerror or err}") from None
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        _link_new(temporary, target, data)
    except FileExistsError:
        raise UsageError(f"{target} exists; --force replaces it") from None
    except OSError as err:
        raise UsageError(f"cannot write {target}: {err.strerror or err}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _link_new(temporary: str, target: str, data: bytes) -> None:
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links here: create it exclusively instead
        with os.fdopen(os.open(target, _CREATE, 0o666), "wb") as stream:
            stream.write(data)


def _replace(path: str, data: bytes) -> None:
    try:
        mode: int | None = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):  # a device, or a pipe (/dev/stdout)
        _write_in_place(path, data)
        return
    target = os.path.realpath(path)  # a symbolic link is followed, not replaced
    try:
        temporary, descriptor = _create_temporary(target)
    except PermissionError:  # a file we may write in a folder we may not: as open() would
        _write_in_place(target, data)
        return
    try:
        with os.fdopen(descriptor, "wb") as stream:
            if mode is not None:
                os.chmod(temporary, stat.S_IMODE(mode))
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write_in_place(path: str, data: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(data)


def _create_temporary(target: str) -> tuple[str, int]:
    """A new, empty file beside ``target``, hidden, with a name no other run can take."""
    directory, name = os.path.split(target)
    while True:
        temporary = os.path.join(directory, f".{name[:100]}.{os.urandom(4).hex()}.tmp")
        try:
            return temporary, os.open(temporary, _CREATE, 0o666)
        except FileExistsError:
            continue
