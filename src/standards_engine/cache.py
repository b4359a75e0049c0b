"""A cache of parsed YAML that cannot change an answer (decision 0004).

Parsing YAML in pure Python is most of a `standards check` and of `standards
test` (measured in benchmarks/cache.py). An entry holds what the YAML parser
made of one file (the plain data and, for standards and cases, each value's
line and column); everything after the parser (the CPR scan of the raw text,
the pydantic models, the compiler) runs on every use exactly as without a cache,
so an entry can at most save the parse.

What an entry must pass to be used; anything else is a miss, recomputed and
rewritten, never an error and never a different answer:
- The folder is a real directory (not a symlink), owned by the current user and
  writable by no one else; otherwise the cache is off for the process.
- The entry is a regular file (opened without following a symlink, and without
  blocking on a FIFO), owned by the current user, at most MAX_ENTRY_BYTES.
- Its name and its header carry the source file's SHA-256, the package version,
  the schema version and a fingerprint of the parsing code; all must match the
  file being read.
- The header's SHA-256 of the body matches the body (a hand edit, truncation or
  a partly written entry is caught), the body is UTF-8 JSON in the expected shape.
JSON, never pickle: an entry cannot run code. Entries are written atomically.
Set STANDARDS_CACHE_DIR to move it, or to an empty string to turn it off.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import stat
from functools import cache
from pathlib import Path
from typing import Any

# The package folder as a path: importlib.resources would cost a check ~6 ms of imports (tempfile, shutil, …).
_PKG = Path(__file__).parent
# The standard file format's version (schema_version in every standard).
SCHEMA_VERSION = 1
# The largest entry read back: a standard is at most 1 MB of YAML, its parse a few times that.
MAX_ENTRY_BYTES = 16_000_000
_FORMAT = 2  # this module's entry layout


def _package_version() -> str:
    from . import __version__
    return __version__


@cache
def directory() -> Path | None:
    """The cache folder, or None when the cache is off (turned off, or a folder that is not safely ours)."""
    env = os.environ.get("STANDARDS_CACHE_DIR")
    if env is not None:
        d = Path(env) if env else None
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        d = Path(base) / "standards-engine"
    if d is None:
        return None
    try:
        d.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return d if _safe_folder(d) else None


def _safe_folder(d: Path) -> bool:
    """Like git's safe.directory: a folder someone else owns or can write to could hold planted entries."""
    try:
        st = os.lstat(d)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):  # a symlink (lstat does not follow it) or a file
        return False
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


@cache
def fingerprint() -> str:
    """Changes whenever the code or data that shapes a parsed file changes."""
    h = hashlib.sha256()
    for name in ("__init__.py", "cache.py", "yamlio.py", "data/facts.yaml", "data/services.yaml"):
        h.update(_PKG.joinpath(name).read_bytes())
    return h.hexdigest()[:16]


def _key(kind: str, sha256: str) -> dict:
    return {"format": _FORMAT, "kind": kind, "source_sha256": sha256, "package": _package_version(),
            "schema": SCHEMA_VERSION, "fingerprint": fingerprint()}


def _path(kind: str, sha256: str) -> Path | None:
    d = directory()
    if d is None or not kind.isalnum() or len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        return None
    return d / f"{kind}-{_package_version()}-s{SCHEMA_VERSION}-{fingerprint()}-{sha256}.json"


def _read_entry(p: Path) -> bytes | None:
    """The entry's bytes, if it is a regular file of ours of a sane size; never follows a symlink or waits on a FIFO."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(p, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY_BYTES:
            return None
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            return None
        from .files import read_at_most
        return read_at_most(fd, MAX_ENTRY_BYTES)
    except OSError:
        return None
    finally:
        os.close(fd)


def get(kind: str, sha256: str) -> Any:
    """The value stored for (kind, source sha256), or None on any miss. Never raises."""
    p = _path(kind, sha256)
    if p is None:
        return None
    raw = _read_entry(p)
    if raw is None:
        return None
    try:
        head, _, body = raw.partition(b"\n")
        header = json.loads(head.decode("utf-8"))
        if not isinstance(header, dict) or header.get("key") != _key(kind, sha256):
            return None
        if header.get("body_sha256") != hashlib.sha256(body).hexdigest():
            return None  # edited, truncated or half written
        return _decode(json.loads(body.decode("utf-8")))
    except (ValueError, TypeError, KeyError, RecursionError, UnicodeDecodeError):
        return None


def put(kind: str, sha256: str, value: Any) -> None:
    """Store a value for (kind, source sha256). Never raises: an unwritable cache only costs speed."""
    p = _path(kind, sha256)
    if p is None:
        return
    try:
        # ASCII JSON: a lone surrogate from a YAML escape is stored as \\udXXX, not refused by the encoder.
        body = json.dumps(_encode(value), ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")
        header = json.dumps({"key": _key(kind, sha256), "body_sha256": hashlib.sha256(body).hexdigest()}).encode("ascii")
        from .atomic import write_bytes  # only when writing, which a warm cache never does
        write_bytes(p, header + b"\n" + body, mode=0o600)
    except (OSError, ValueError, TypeError, RecursionError):
        pass


# Plain YAML data as JSON and back. Mappings keep their key types (YAML allows 1: or true: as keys);
# dates, date-times and non-finite floats are tagged; a mapping that could be mistaken for a tag is tagged too.
_TAGS = ("$d", "$t", "$f", "$m", "$p")


def _encode(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else {"$f": repr(v)}
    if isinstance(v, dt.datetime):
        return {"$t": v.isoformat()}
    if isinstance(v, dt.date):
        return {"$d": v.isoformat()}
    if isinstance(v, (list, tuple)):
        return [_encode(x) for x in v]
    if isinstance(v, Positions):
        return {"$p": [[_encode(list(k)), line, col] for k, (line, col) in v.items()]}
    if isinstance(v, dict):
        if all(isinstance(k, str) for k in v) and not (len(v) == 1 and next(iter(v)) in _TAGS):
            return {k: _encode(x) for k, x in v.items()}
        return {"$m": [[_encode(k), _encode(x)] for k, x in v.items()]}
    raise TypeError(type(v).__name__)


class Positions(dict):
    """A map from a path (tuple) to (line, column), as yamlio makes it."""


def _decode(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, list):
        return [_decode(x) for x in v]
    if not isinstance(v, dict):
        raise TypeError
    if len(v) == 1:
        (tag, x), = v.items()
        if tag == "$d":
            return dt.date.fromisoformat(x)
        if tag == "$t":
            return dt.datetime.fromisoformat(x)
        if tag == "$f":
            if x not in ("nan", "inf", "-inf"):
                raise ValueError(x)
            return float(x)
        if tag == "$m":
            out = {}
            for k, y in x:
                k = _decode(k)
                hash(k)  # a list as a key: not from YAML, so not ours
                out[k] = _decode(y)
            return out
        if tag == "$p":
            pos = {}
            for k, line, col in x:
                if not (type(line) is int and type(col) is int and line >= 1 and col >= 1):  # noqa: E721
                    raise ValueError
                pos[tuple(_decode(k))] = (line, col)
            return pos
    return {k: _decode(x) for k, x in v.items()}
