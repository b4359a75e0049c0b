"""Reading a file the program did not write: only a regular file, never blocking, never more than a bound.

open() on a FIFO waits for a writer, and /dev/zero or /dev/urandom never end: a
reader that trusts a name can hang or fill the memory. Every reader of a file
that came from outside (a profile, a standard, a case file, a source document,
a cache entry) goes through read_regular, which opens without blocking, checks
that what it opened is a regular file, and reads at most `limit` bytes.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegular(OSError):
    """The path is a folder, FIFO, device or socket (kind says which), or a symlink where none is allowed."""

    def __init__(self, path: str, kind: str):
        super().__init__(f"{path}: not a regular file ({kind})")
        self.filename = path
        self.kind = kind


class TooLarge(OSError):
    def __init__(self, path: str, limit: int):
        super().__init__(f"{path}: larger than {limit} bytes")
        self.filename = path
        self.limit = limit


def kind_of(mode: int) -> str:
    """folder, fifo, device, socket, symlink or other: what a name turned out to be."""
    return ("folder" if stat.S_ISDIR(mode) else "fifo" if stat.S_ISFIFO(mode)
            else "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "socket" if stat.S_ISSOCK(mode)
            else "symlink" if stat.S_ISLNK(mode) else "other")


def read_regular(path: str | os.PathLike[str], limit: int, *, follow_symlinks: bool = True) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Raises FileNotFoundError, PermissionError,
    NotRegular, TooLarge or another OSError; never blocks on a FIFO, never reads more than limit + 1 bytes."""
    name = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(name, flags)
    except OSError as e:
        import errno
        if not follow_symlinks and e.errno == errno.ELOOP:
            raise NotRegular(name, "symlink") from None
        if e.errno == errno.ENXIO:  # a socket, or a FIFO opened for writing only
            raise NotRegular(name, "socket") from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(name, kind_of(st.st_mode))
        if st.st_size > limit:
            raise TooLarge(name, limit)
        data = read_at_most(fd, limit)
        if data is None:
            raise TooLarge(name, limit)
        return data
    finally:
        os.close(fd)


def read_at_most(fd: int, limit: int) -> bytes | None:
    """The rest of an open file, or None when it holds more than `limit` bytes (it may have grown since fstat)."""
    chunks, left = [], limit + 1
    while left > 0:
        b = os.read(fd, min(left, 1 << 20))
        if not b:
            break
        chunks.append(b)
        left -= len(b)
    data = b"".join(chunks)
    return data if len(data) <= limit else None


def is_plain_name(name: str) -> bool:
    """A file name with no folder in it: not empty, no / or \\, not . or .., not hidden, no control characters."""
    return (bool(name) and len(name) <= 255 and "/" not in name and "\\" not in name and name not in (".", "..")
            and not name.startswith(".") and name.isprintable() and name == name.strip())
