"""Write a file whole or not at all.

Every file the program writes goes through here: the bytes go to a temporary
file in the target's own folder (so the rename stays on one file system), are
flushed and fsynced, and the temporary file is renamed over the target with
os.replace, which is atomic on POSIX and Windows. A reader sees the old file or
the new one, never half of one. On any failure (disk full, a file-size limit,
a read-only folder, an interrupt) the target is untouched and the temporary
file is removed, and the OSError is raised for the caller to report.

An existing target keeps its permission bits (a page made read-only by its
owner is refused by the permission check below rather than silently replaced).
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["write_bytes", "write_text"]


def write_bytes(path: str | os.PathLike[str], data: bytes, *, mode: int | None = None) -> None:
    """Replace `path` by `data` atomically. Raises OSError; then `path` is as it was."""
    target = Path(path)
    folder = target.parent
    existing = None
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        pass
    if existing is not None:
        if not stat.S_ISREG(existing.st_mode):
            raise IsADirectoryError(21, "not a regular file", str(target)) if stat.S_ISDIR(existing.st_mode) \
                else OSError(22, "not a regular file", str(target))
        # os.replace would happily replace a file its owner made read-only; respect the owner's intent.
        if not os.access(target, os.W_OK):
            raise PermissionError(13, "Permission denied", str(target))
    # A unique name in the same folder; O_EXCL so a planted file or symlink of that name is never written through.
    tmp = None
    fd = -1
    for attempt in range(100):
        name = folder / f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        try:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            tmp = name
            break
        except FileExistsError:
            continue
    if tmp is None:
        raise FileExistsError(17, "could not create a temporary file", str(folder))
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
            final_mode = stat.S_IMODE(existing.st_mode) if existing is not None else (
                mode if mode is not None else 0o666 & ~_umask())
            os.fchmod(fd, final_mode)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        # Failure or interrupt: the target was never touched; leave no temporary file behind.
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(folder)


def write_text(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8",
               mode: int | None = None) -> None:
    """Replace `path` by `text` atomically (UTF-8 by default). Raises OSError or UnicodeEncodeError."""
    # Encode first: text that cannot be encoded (a lone surrogate) fails before any file is created.
    write_bytes(path, text.encode(encoding), mode=mode)


def _umask() -> int:
    # os.umask can only be read by setting it; set it back at once.
    current = os.umask(0o022)
    os.umask(current)
    return current


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform or file system, and not needed for correctness.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class replacing:
    """`with replacing(path) as f: f.write(...)`: the same promise as write_bytes for output written a piece
    at a time (a caseload's results): a temporary file in the target's folder, renamed over the target only
    when the block ends without an exception; otherwise removed, and the target is as it was."""

    def __init__(self, path: str | os.PathLike[str]):
        self.target = Path(path)

    def __enter__(self):
        target, folder = self.target, self.target.parent
        self._existing = None
        try:
            self._existing = os.stat(target)
        except FileNotFoundError:
            pass
        if self._existing is not None:
            if not stat.S_ISREG(self._existing.st_mode):
                raise IsADirectoryError(21, "not a regular file", str(target)) if stat.S_ISDIR(self._existing.st_mode) \
                    else OSError(22, "not a regular file", str(target))
            if not os.access(target, os.W_OK):
                raise PermissionError(13, "Permission denied", str(target))
        for _ in range(100):
            name = folder / f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
            try:
                fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
                break
            except FileExistsError:
                continue
        else:
            raise FileExistsError(17, "could not create a temporary file", str(folder))
        self._tmp = name
        self._file = os.fdopen(fd, "wb", buffering=1 << 16)
        return _Streaming(self._file)

    def __exit__(self, kind, value, tb) -> None:
        f = self._file
        try:
            if kind is None:
                f.flush()
                os.fsync(f.fileno())
                os.fchmod(f.fileno(), stat.S_IMODE(self._existing.st_mode) if self._existing is not None else 0o666 & ~_umask())
            f.close()
            if kind is None:
                os.replace(self._tmp, self.target)
                _fsync_dir(self.target.parent)
                return
        except BaseException:
            f.close()
            _unlink(self._tmp)
            raise
        _unlink(self._tmp)


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


_WRITEBACK = 32 << 20   # bytes between asking the kernel to start writing what came before


class _Streaming:
    """The file a `replacing` block writes to. Every _WRITEBACK bytes the kernel is asked to start writing the
    part before (posix_fadvise DONTNEED starts write-back without waiting and lets the written pages go), so the
    fsync at the end waits for the last piece, not for a gigabyte of a caseload's full recommendations written
    all at once, and those pages do not crowd out the page cache."""

    __slots__ = ("_f", "_n", "_done")

    def __init__(self, f):
        self._f = f
        self._n = 0      # bytes written
        self._done = 0   # bytes handed to write-back

    def write(self, data) -> int:
        n = self._f.write(data)
        self._n += n
        if self._n - self._done >= _WRITEBACK:
            self._f.flush()
            try:
                os.posix_fadvise(self._f.fileno(), self._done, self._n - self._done, os.POSIX_FADV_DONTNEED)
            except (AttributeError, OSError):  # not on this platform or file system: the fsync does it all
                pass
            self._done = self._n
        return n

    def __getattr__(self, name):
        return getattr(self._f, name)
