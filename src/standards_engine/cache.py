"""A cache that cannot change an answer (decision 0004).

Three kinds of entry. A *signed* entry (get_signed/put_signed) holds the plain
data the pydantic models made of one file (a standard, a law-layer file), with a
keyed tag: what a `standards check` starts from, loading neither the YAML parser
nor the models (prepared.py). A *validated* entry (get_model/put_model) holds the
same as the model dumped as JSON; on load it is validated again by the same model
(pydantic-core's JSON parser), for every reader without a signed entry. A *parse*
entry (get/put) holds what the YAML parser made of a file, with each value's line
and column, for validate, test and the other readers that need positions;
everything after the parser runs on every use.

What an entry must pass to be used; anything else is a miss, recomputed and
rewritten, never an error and never a different answer:
- The folder is a real directory (not a symlink), owned by the current user and
  writable by no one else; otherwise the cache is off for the process.
- The entry is a regular file (opened without following a symlink, and without
  blocking on a FIFO), owned by the current user, at most MAX_ENTRY_BYTES.
- Its name and its header carry the source file's SHA-256, the package version,
  the schema version and a fingerprint of the code that shapes an entry (parser,
  CPR scan, models, vocabulary); all must match the file being read.
- The header's SHA-256 of the body matches the body (a hand edit, truncation or
  a partly written entry is caught), the body is UTF-8 JSON in the expected shape
  and, for a validated entry, passes the model it names (one of those the caller
  accepts) exactly as the file did; for a signed entry, its tag is the one the
  folder's key makes of its key and body.
JSON, never pickle: an entry cannot run code. Entries are written atomically.
Set STANDARDS_CACHE_DIR to move it, or to an empty string to turn it off.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import os
import stat
from functools import cache
from pathlib import Path
from typing import Any

from .digest import blake2b
from .digest import sha256 as _sha256

# The package folder as a path: importlib.resources would cost a check ~6 ms of imports (tempfile, shutil, …).
_PKG = Path(__file__).parent
# The standard file format's version (schema_version in every standard).
SCHEMA_VERSION = 1
# The largest entry read back: a standard is at most 1 MB of YAML, its parse a few times that.
MAX_ENTRY_BYTES = 16_000_000
_FORMAT = 3  # this module's entry layout


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


# The code and data that decide what an entry holds: the parser, the CPR scan (a validated entry is only ever
# written for bytes it found clean), the models and what they check against. A change to any is a new key.
_SHAPING = ("__init__.py", "cache.py", "yamlio.py", "cpr.py", "loader.py", "schema.py", "conditions.py",
            "operators.py", "law_schema.py", "vocabulary.py", "data/facts.yaml", "data/services.yaml", "law/acts.yaml",
            # what a revision's model and data are made with beyond the parser: its catalogue file taken in, its
            # English folded in, and the reader of signed entries
            "catalogue.py", "translations.py", "prepared.py")


@cache
def fingerprint() -> str:
    """Changes whenever the code or data that shapes a parsed file changes."""
    h = _sha256()
    for name in _SHAPING:
        h.update(_PKG.joinpath(name).read_bytes())
    return h.hexdigest()[:16]


def _key(kind: str, sha256: str, model: str | None = None) -> dict:
    key = {"format": _FORMAT, "kind": kind, "source_sha256": sha256, "package": _package_version(),
           "schema": SCHEMA_VERSION, "fingerprint": fingerprint()}
    if model is not None:
        key["model"] = model
    return key


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


def _body(kind: str, sha256: str, models: Any = None, signed: bytes | None | bool = False
          ) -> tuple[str | None, bytes] | None:
    """The body of the entry for (kind, source sha256) and the model its header names, if the entry passes the
    checks of the folder, the file, the key and the body's checksum; else None. Never raises. `signed`: False
    for an entry that carries no tag; else the key its tag must be made with (None: no usable key, so a miss)."""
    p = _path(kind, sha256)
    if p is None:
        return None
    raw = _read_entry(p)
    if raw is None:
        return None
    try:
        head, _, body = raw.partition(b"\n")
        header = json.loads(head.decode("utf-8"))
        if not isinstance(header, dict) or not isinstance(header.get("key"), dict):
            return None
        model = header["key"].get("model") if models is not None else None
        if models is not None and (not isinstance(model, str) or model not in models):
            return None
        if header["key"] != _key(kind, sha256, model):
            return None
        if header.get("body_sha256") != _sha256(body).hexdigest():
            return None  # edited, truncated or half written
        if signed is not False:  # a signed entry: the tag, or nothing (no key: no signed entry is trusted)
            # (a plain comparison: a file read once, with nobody to time it, gives no oracle to guess a tag by)
            if not signed or header.get("tag") != _tag(signed, header["key"], body):
                return None
        return model, body
    except (ValueError, TypeError, KeyError, RecursionError, UnicodeDecodeError):
        return None


def _write(kind: str, sha256: str, body: bytes, model: str | None = None, signed: bytes | None = None) -> None:
    p = _path(kind, sha256)
    if p is None:
        return
    key = _key(kind, sha256, model)
    head = {"key": key, "body_sha256": _sha256(body).hexdigest()}
    if signed is not None:
        head["tag"] = _tag(signed, key, body)
    header = json.dumps(head, ensure_ascii=True).encode("ascii")
    from .atomic import write_bytes  # only when writing, which a warm cache never does
    write_bytes(p, header + b"\n" + body, mode=0o600)


def get_model(kind: str, sha256: str, models: dict[str, type]) -> Any:
    """The model instance stored for (kind, source sha256), validated again from its JSON by the model its
    header names (which must be one of `models`, by class name); None on any miss. Never raises."""
    found = _body(kind, sha256, models)
    if found is None:
        return None
    model, body = found
    try:
        return models[model].model_validate_json(body)
    except (ValueError, TypeError, KeyError, RecursionError):  # pydantic's ValidationError is a ValueError
        return None


def put_model(kind: str, sha256: str, value: Any) -> None:
    """Store a validated model instance for (kind, source sha256), only if reading it back gives the very same
    instance (a value JSON cannot carry as it is, such as a date where text is also allowed, is not stored:
    every use then validates the file itself). Never raises."""
    try:
        body = value.model_dump_json(by_alias=True).encode("utf-8")
        if type(value).model_validate_json(body) != value:
            return
        _write(kind, sha256, body, type(value).__name__)
    except (OSError, ValueError, TypeError, RecursionError):
        pass


# A *signed* entry (get_signed/put_signed) holds the plain data the models made of a file (what the compiler
# reads), so a `standards check` needs neither the YAML parser nor the models (decision 0004, revised for the
# cold start of issue 8). It is written only after the models validated the file, and used only if, beyond every
# check above, its keyed BLAKE2b tag is right: the key is 32 random bytes in the folder (file `key`, mode 0600,
# ours), so an entry this program did not write, or any byte changed since, is a miss.
_SECRET_BYTES = 32


@cache
def _secret() -> bytes | None:
    """The folder's key, made on first use; None (signed entries off) when it cannot be read or made safely."""
    d = directory()
    if d is None:
        return None
    p = d / "key"
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    for _ in range(2):
        try:
            fd = os.open(p, flags)
        except FileNotFoundError:
            try:  # a new key, in place whole or not at all: written aside, then linked (fails if one appeared)
                tmp = d / f".key.{os.getpid()}.{os.urandom(4).hex()}.tmp"
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
                try:
                    os.write(fd, os.urandom(_SECRET_BYTES))
                    os.fsync(fd)
                finally:
                    os.close(fd)
                try:
                    os.link(tmp, p)
                except FileExistsError:
                    pass
                finally:
                    os.unlink(tmp)
            except OSError:
                return None
            continue
        except OSError:
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_size != _SECRET_BYTES or st.st_mode & 0o077 \
                    or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
                return None  # readable by others, or not ours: it proves nothing
            key = os.read(fd, _SECRET_BYTES + 1)
            return key if len(key) == _SECRET_BYTES else None
        except OSError:
            return None
        finally:
            os.close(fd)
    return None


def _tag(secret: bytes, header_key: dict, body: bytes) -> str:
    h = blake2b(key=secret, digest_size=32)
    h.update(json.dumps(header_key, sort_keys=True).encode("ascii"))
    h.update(b"\n")
    h.update(body)
    return h.hexdigest()


def get_signed(kind: str, sha256: str) -> Any:
    """The data stored by put_signed for (kind, source sha256), if the entry passes every check and its tag;
    else None. Never raises."""
    return _get(kind, sha256, _secret())


def put_signed(kind: str, sha256: str, value: Any) -> None:
    """Store data the models made of a file, signed; only if reading it back gives exactly the same data, types
    included (True is not 1, a date is not text). Never raises."""
    secret = _secret()
    if secret is None:
        return
    try:
        body = json.dumps(_encode(value), ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")
        if not same(json.loads(body, object_hook=_decode), value):
            return
        _write(kind, sha256, body, signed=secret)
    except (OSError, ValueError, TypeError, RecursionError):
        pass


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (a tuple is not the list JSON gives back)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        typed = {(type(k), k): v for k, v in b.items()}  # 1 and True are equal keys, but not the same
        return len(a) == len(b) and all((type(k), k) in typed and same(v, typed[(type(k), k)]) for k, v in a.items())
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b or (a != a and b != b)


def get(kind: str, sha256: str) -> Any:
    """The parsed value stored for (kind, source sha256), or None on any miss. Never raises."""
    return _get(kind, sha256, False)


def _get(kind: str, sha256: str, signed: bytes | None | bool) -> Any:
    found = _body(kind, sha256, signed=signed)
    if found is None:
        return None
    try:
        return json.loads(found[1].decode("utf-8"), object_hook=_decode)
    except (ValueError, TypeError, KeyError, RecursionError, UnicodeDecodeError):
        return None


def put(kind: str, sha256: str, value: Any) -> None:
    """Store a parsed value for (kind, source sha256). Never raises: an unwritable cache only costs speed."""
    try:
        # ASCII JSON: a lone surrogate from a YAML escape is stored as \\udXXX, not refused by the encoder.
        body = json.dumps(_encode(value), ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")
        _write(kind, sha256, body)
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


def _decode(d: dict) -> Any:
    """json.loads' object_hook: each mapping, its values already decoded (bottom up, so the C parser does the
    lists and scalars and only mappings come here), back to what the encoder was given."""
    if len(d) == 1:
        (tag, x), = d.items()
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
                hash(k)  # a list as a key: not from YAML, so not ours
                out[k] = y
            return out
        if tag == "$p":
            pos = {}
            for k, line, col in x:
                if not (type(line) is int and type(col) is int and line >= 1 and col >= 1):  # noqa: E721
                    raise ValueError
                pos[tuple(k)] = (line, col)
            return pos
    return d
