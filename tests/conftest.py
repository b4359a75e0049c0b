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
