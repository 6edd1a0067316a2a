"""Every file spofscan writes is replaced whole or left as it was (issue #17, item 15)."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ROOT

from spofscan import atomic_write
from spofscan.atomic_write import write_atomically
from spofscan.errors import UsageError

OLD = b"the previous report\n"
EXAMPLE = str(ROOT / "examples" / "single-vm.yaml")
LIMIT = 600
"""Bytes a process may write to one file: under every file written from EXAMPLE (1,120 bytes
and more), over the scratch files its analysis writes (under 300 bytes)."""


def test_a_write_that_fails_midway_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.txt"
    target.write_bytes(OLD)

    def disk_full(descriptor: int) -> None:  # after the data went to the file
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(UsageError, match=r"cannot write .*report.txt: No space left on device"):
        write_atomically(target, "a new report, longer than the old one\n" * 100)
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_an_interrupted_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.txt"
    target.write_bytes(OLD)

    def interrupted(source: str, destination: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)  # the module that writes calls os.replace
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, "new")
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def _limited_to(size: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")
@pytest.mark.parametrize(
    "args",
    [
        ("check", EXAMPLE, "-o", "{out}"),
        ("check", EXAMPLE, "--sarif", "{out}"),
        ("check", EXAMPLE, "--baseline", "{out}", "--update-baseline"),
        ("render", EXAMPLE, "-o", "{out}.dot"),
    ],
    ids=["output", "sarif", "baseline", "render"],
)
def test_a_file_too_large_for_the_disk_leaves_the_old_one(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """A real process whose writes stop at LIMIT bytes, as on a full disk."""
    out = tmp_path / "out"
    files = [a.format(out=out) for a in args]
    target = Path(next(f for f in files if f.startswith(str(out))))
    target.write_bytes(OLD)
    done = subprocess.run(
        [sys.executable, "-m", "spofscan", *files, "--today", "2026-11-25"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=lambda: _limited_to(LIMIT),
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"spofscan: error: cannot write {target}: File too large")
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_new_file_gets_the_umask_and_an_old_one_keeps_its_mode(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        write_atomically(tmp_path / "new.txt", "x")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640
    (tmp_path / "old.txt").write_bytes(OLD)
    (tmp_path / "old.txt").chmod(0o604)
    write_atomically(tmp_path / "old.txt", "y")
    assert stat.S_IMODE((tmp_path / "old.txt").stat().st_mode) == 0o604
    assert (tmp_path / "old.txt").read_text() == "y"


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_a_symbolic_link_is_followed_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_bytes(OLD)
    (tmp_path / "link.txt").symlink_to("real.txt")
    write_atomically(tmp_path / "link.txt", "new")
    assert (tmp_path / "link.txt").is_symlink()
    assert (tmp_path / "real.txt").read_text() == "new"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_written_not_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    write_atomically(pipe, "through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="needs /dev/fd")
def test_a_descriptor_named_by_a_path_is_written_not_replaced() -> None:
    """/dev/stdout is /dev/fd/1: a link to a pipe, whose target is no path at all."""
    read_end, write_end = os.pipe()
    try:
        write_atomically(f"/dev/fd/{write_end}", "through the pipe")
        assert os.read(read_end, 100) == b"through the pipe"
    finally:
        os.close(read_end)
        os.close(write_end)


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="needs /dev/stdout")
def test_a_report_can_go_to_dev_stdout(tmp_path: Path) -> None:
    report = str(tmp_path / "report.txt")
    done = subprocess.run(
        [sys.executable, "-m", "spofscan", "check", EXAMPLE, "--json", "/dev/stdout", "-o", report],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.startswith('{\n  "format": "spofscan-report/1"')


def test_a_file_in_a_folder_closed_to_new_files_is_written_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As open() would: the file may be writable where no temporary file can be made."""
    (tmp_path / "report.txt").write_bytes(OLD)

    def no_new_files(target: str) -> tuple[str, int]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(atomic_write, "_create_temporary", no_new_files)
    write_atomically(tmp_path / "report.txt", "new")
    assert (tmp_path / "report.txt").read_text() == "new"


def test_the_directory_is_made_only_when_asked(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"cannot write .*: No such file or directory"):
        write_atomically(tmp_path / "a" / "b.txt", "x")
    write_atomically(tmp_path / "a" / "b.txt", "x", make_parents=True)
    assert (tmp_path / "a" / "b.txt").read_text() == "x"


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux only")
def test_names_and_text_that_are_not_utf8_come_back_as_their_bytes(tmp_path: Path) -> None:
    name = os.fsdecode(b"r-\xff.txt")
    write_atomically(tmp_path / name, f"about {name}\n")
    assert (tmp_path / name).read_bytes() == b"about r-\xff.txt\n"


def test_write_new_never_replaces_a_file(tmp_path: Path) -> None:
    target = tmp_path / "architecture.yaml"
    atomic_write.write_new(target, "imported\n")
    assert target.read_text() == "imported\n"
    with pytest.raises(UsageError, match="exists; --force replaces it"):
        atomic_write.write_new(target, "again\n")
    assert target.read_text() == "imported\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["architecture.yaml"]  # no leftovers


def test_write_new_without_hard_links_creates_the_file_exclusively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: str, target: str) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "architecture.yaml"
    atomic_write.write_new(target, "imported\n")
    assert target.read_text() == "imported\n"
    with pytest.raises(UsageError, match="exists"):
        atomic_write.write_new(target, "again\n")
