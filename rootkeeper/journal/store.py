"""The journal file itself: a sidecar lock, the tail re-read under it, one fsync'd write.

Two rootkeeper processes on one journal never fork the chain: every append takes an
exclusive ``flock`` on ``<journal>.lock`` and reads the tail again before writing.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Tail:
    """The end of the journal file as it is on disk now."""

    size: int  # bytes in the file
    good_size: int  # bytes up to and including the last newline
    last_line: bytes | None  # the last complete line, without its newline
    torn: bytes  # bytes after the last newline: a write cut short by a crash

    @property
    def empty(self) -> bool:
        return self.last_line is None and not self.torn


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@contextmanager
def locked(path: Path) -> Iterator[None]:
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the flock


def read_tail(path: Path) -> Tail:
    """The last complete line and any torn bytes after it, reading backwards from the end."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return Tail(0, 0, None, b"")
    try:
        size = os.fstat(fd).st_size
        buffer = b""
        position = size
        while position > 0:
            start = max(0, position - _CHUNK)
            buffer = os.pread(fd, position - start, start) + buffer
            position = start
            last_newline = buffer.rfind(b"\n")
            if last_newline < 0:
                continue
            previous_newline = buffer.rfind(b"\n", 0, last_newline)
            if previous_newline >= 0 or position == 0:
                torn = buffer[last_newline + 1:]
                return Tail(size, size - len(torn), buffer[previous_newline + 1:last_newline], torn)
        return Tail(size, 0, None, buffer)  # no newline at all: only torn bytes
    finally:
        os.close(fd)


def read_whole(path: Path) -> bytes:
    """The file as no writer is halfway through it. Reading writes nothing: the writers'
    lock is shared only when it already exists (a journal without one, such as an export
    handed to an auditor, has no writer), and is never created here."""
    try:
        fd = os.open(lock_path(path), os.O_RDONLY)
    except OSError:  # no lock file (or an unreadable one): no writer to wait for
        return path.read_bytes()
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        return path.read_bytes()
    finally:
        os.close(fd)  # closing releases the flock


def read_first_line(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            line = handle.readline()
    except FileNotFoundError:
        return None
    return line[:-1] if line.endswith(b"\n") else None


def write_line(path: Path, line: bytes) -> None:
    """Append one line in a single write, then fsync. Replaced by the crash test, which is
    why the journal calls it through this module."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        data = line + b"\n"
        written = 0
        while written < len(data):
            written += os.write(fd, data[written:])
        os.fsync(fd)
    finally:
        os.close(fd)


def cut_torn_tail(path: Path, tail: Tail) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(tail.good_size)
        handle.flush()
        os.fsync(handle.fileno())


def replace_whole(path: Path, data: bytes) -> None:
    """Temp file (0600) + fsync + os.replace + fsync of the directory: a crash leaves the
    old file or the new one, never half of one (the key files are rewritten whole)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # a stale temp file may have been created with other bits
        written = 0
        while written < len(data):
            written += os.write(fd, data[written:])
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
