"""A content-addressed cache of parsed files, so a command does not re-parse YAML.

Parsing YAML in pure Python costs far more than the rest of a `standards
check`. Entries are JSON keyed by the SHA-256 of the file's bytes and a
fingerprint of the engine's schema, so an edited file or a new engine version
never sees a stale entry. JSON, never pickle: a cache file cannot run code.
Set STANDARDS_CACHE_DIR to move it, or to an empty string to turn it off.
"""
from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

# The package folder as a path: importlib.resources would cost a check ~6 ms of imports (tempfile, shutil, …).
_PKG = Path(__file__).parent


@cache
def directory() -> Path | None:
    env = os.environ.get("STANDARDS_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "standards-engine"


@cache
def fingerprint() -> str:
    """Changes whenever the code or data that shapes a parsed file changes."""
    h = hashlib.sha256()
    pkg = _PKG
    for name in ("__init__.py", "yamlio.py", "loader.py", "schema.py", "conditions.py", "vocabulary.py",
                 "data/facts.yaml", "data/services.yaml"):
        h.update(pkg.joinpath(name).read_bytes())
    return h.hexdigest()[:16]


def _path(kind: str, sha256: str) -> Path | None:
    d = directory()
    return d / f"{kind}-{fingerprint()}-{sha256}.json" if d else None


def get(kind: str, sha256: str) -> str | None:
    p = _path(kind, sha256)
    if p is None:
        return None
    try:
        return p.read_text("utf-8")
    except OSError:
        return None


def put(kind: str, sha256: str, text: str) -> None:
    p = _path(kind, sha256)
    if p is None:
        return
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        from .atomic import write_text  # only when writing, which a warm cache never does
        write_text(p, text)  # a reader never sees half a file
    except (OSError, UnicodeEncodeError):
        pass  # an unwritable cache only costs speed
