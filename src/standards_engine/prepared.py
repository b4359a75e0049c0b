"""A file's validated data from the cache's signed entry, with neither the YAML parser nor the models loaded.

This is how a `standards check` starts fast (issue 8; decision 0004, revised): importing pydantic's models and
building their validators alone costs more than the whole start-up may. The models still decide every file: an
entry is written (cache.put_signed) only after the file was read, scanned for CPR numbers and validated by them,
and it is used only if it names the SHA-256 of the bytes read now, for this code (cache.py's fingerprint), and its
keyed tag proves this program wrote it, byte for byte. On any miss the caller takes the full path (loader.py),
which locates every problem and writes the entry again.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from . import cache
from .digest import sha256
from .tree import catalogue_path, translation_path, TRANSLATION_SUFFIX

# The catalogue files a revision takes in, seen in its bytes without parsing them. Only a lookup: the entry is
# stored under the key the full path computes from the parsed file, so a line misread here costs a miss, never
# a stale hit.
CATALOGUE_LINE = re.compile(rb"^catalogue:[ \t]*[\"']?([a-z0-9-]+/[a-z0-9-]+)", re.M)
_STANDARD, _LAW = "std", "law"


class Beside(NamedTuple):
    """A file read with a revision (its English, a catalogue file): where it is and its bytes' SHA-256."""
    path: Path
    sha256: str


def revision_key(sha: str, included: list[tuple[Path, str]], translation_sha: str | None = None) -> str:
    """The cache key of a revision's validated data: its own sha256, or one over it and the files taken in."""
    key = sha if not included else sha256("|".join([sha, *(s for _, s in included)]).encode()).hexdigest()
    return key if translation_sha is None else sha256(f"{key}+{translation_sha}".encode()).hexdigest()


def _sha_of(path: Path) -> str | None:
    """The SHA-256 of a regular file's bytes, read as the full path reads them; None if it cannot be."""
    from .files import read_regular
    from .yamlio import MAX_BYTES
    try:
        return sha256(read_regular(path, MAX_BYTES)).hexdigest()
    except (OSError, ValueError):  # unreadable, not regular, too large: the full path says which
        return None


def translation_beside(path: Path) -> Beside | None | bool:
    """The English file beside a revision as (path, sha256), None when there is none, False when it cannot be read."""
    beside = translation_path(path)
    if not path.name.endswith(".yaml") or path.name.endswith(TRANSLATION_SUFFIX) or not beside.is_file():
        return None
    sha = _sha_of(beside)
    return Beside(beside, sha) if sha else False


def standard(path: Path, root: Path | None) -> tuple[dict, str, Beside | None, list[tuple[Path, str]]] | None:
    """A revision's validated data (catalogue taken in, English folded in), its sha256, its English file and the
    catalogue files it read, from a signed entry; None on any miss."""
    from .files import read_regular
    from .yamlio import MAX_BYTES
    try:
        raw = read_regular(path, MAX_BYTES)
    except (OSError, ValueError):
        return None
    sha = sha256(raw).hexdigest()
    included = []
    for ref in CATALOGUE_LINE.findall(raw):
        cpath = catalogue_path(root, ref.decode()) if root is not None else None
        csha = _sha_of(cpath) if cpath is not None else None
        if csha is None:
            return None
        included.append((cpath, csha))
    tr = translation_beside(path)
    if tr is False:
        return None
    data = cache.get_signed(_STANDARD, revision_key(sha, included, tr.sha256 if tr else None))
    if not isinstance(data, dict):
        return None
    return data, sha, tr, included


def put_standard(key: str, data: dict) -> None:
    cache.put_signed(_STANDARD, key, data)


def law(path: Path) -> tuple[dict, str] | None:
    """A law file's validated data and its sha256, from a signed entry; None on any miss."""
    from .files import read_regular
    from .yamlio import MAX_BYTES
    try:
        sha = sha256(read_regular(path, MAX_BYTES)).hexdigest()
    except (OSError, ValueError):
        return None
    data = cache.get_signed(_LAW, sha)
    return (data, sha) if isinstance(data, dict) else None


def put_law(sha: str, data: dict) -> None:
    cache.put_signed(_LAW, sha, data)
