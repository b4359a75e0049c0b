from __future__ import annotations

import copy
import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest

# The suite gets its own parse cache, never the user's.
os.environ["STANDARDS_CACHE_DIR"] = tempfile.mkdtemp(prefix="standards-cache-")

REPO = Path(__file__).resolve().parent.parent
STANDARDS = REPO / "standards"


def written_out(revision: Path) -> str:
    """A revision's text with its catalogue file's parts written into it, as a municipality without a catalogue
    file would write it: the header at the `catalogue:` line, each `- use: <name>` replaced by the shared item
    (its own keys, such as `source`, stay). For tests that edit a standalone standard's text."""
    import re
    text = revision.read_text("utf-8")
    m = re.search(r"^catalogue: ([a-z0-9-]+)/([a-z0-9-]+).*\n", text, re.M)
    if m is None:
        return text
    cat = (revision.parents[2] / m.group(1) / "_catalogue" / f"{m.group(2)}.yaml").read_text("utf-8")
    head, _, shared = cat.partition("\nshared:\n")
    header = "".join(ln + "\n" for ln in head.splitlines()
                     if ln and not ln.startswith(("#", "schema_version:", "title:")))
    items: dict[str, list[str]] = {}
    for ln in shared.splitlines():
        if re.match(r"^  [a-z0-9-]+:$", ln):
            items[ln.strip()[:-1]] = []
        elif ln.strip():
            items[list(items)[-1]].append(ln)
    text = text[:m.start()] + header + text[m.end():]
    for name, lines in items.items():
        text = text.replace(f"  - use: {name}\n", "  - " + lines[0][4:] + "\n" + "".join(ln + "\n" for ln in lines[1:]))
    return text


def copy_service(src: Path, dst: Path, **kw) -> None:
    """shutil.copytree of one service folder, with its municipality's _catalogue (the parts its revisions take in)."""
    import shutil
    shutil.copytree(src, dst, **kw)
    cat = Path(src).parent / "_catalogue"
    if cat.is_dir() and not (Path(dst).parent / "_catalogue").exists():
        shutil.copytree(cat, Path(dst).parent / "_catalogue")
DATE = dt.date(2025, 3, 1)


def src(quote: str = "en sætning") -> dict:
    return {"section": "Afsnit", "quote": quote}


def minimal_standard(**overrides) -> dict:
    """A valid synthetic standard to build test cases from."""
    d = {
        "schema_version": 1,
        "municipality": {"id": "ishoj", "name": "Ishøj Kommune"},
        "service": {"id": "sel-104", "title": "Test"},
        "legal_basis": "§ 104",
        "approved_by": "Udvalget",
        "approved_on": "2015",
        "valid_from": dt.date(2015, 11, 1),
        "source_document": {"file": "none.txt", "title": "Test"},
        "criteria": [],
    }
    d.update(copy.deepcopy(overrides))
    return d


@pytest.fixture
def repo():
    from standards_engine import open_repository
    return open_repository(STANDARDS)
