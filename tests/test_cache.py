"""The parse cache never changes a result and never hides an invalid edit."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import STANDARDS
from standards_engine import cache, check, open_repository
from standards_engine.errors import StandardError

PROFILE = {"age": 30, "significant_mental_impairment": True, "living_situation": "with_relatives",
           "relatives_primary_caregivers": True, "relief_necessary_to_stay_home": True,
           "requested_relief_nights_per_year": 120}
ON = dt.date(2025, 3, 1)


def copy_tree(tmp_path: Path) -> Path:
    root = tmp_path / "standards"
    shutil.copytree(STANDARDS / "ishoj" / "sel-107-aflastning", root / "ishoj" / "sel-107-aflastning",
                    ignore=shutil.ignore_patterns("tests"))
    return root


def test_cached_and_uncached_recommendations_are_identical(tmp_path, monkeypatch):
    root = copy_tree(tmp_path)
    first = check(PROFILE, "ishoj", "sel-107-aflastning", ON, repository=open_repository(root)).to_dict()
    assert list(Path(cache.directory()).glob("standard-*.json"))
    second = check(PROFILE, "ishoj", "sel-107-aflastning", ON, repository=open_repository(root)).to_dict()
    assert first == second


def test_an_invalid_edit_is_reported_even_after_a_valid_version_was_cached(tmp_path):
    root = copy_tree(tmp_path)
    check(PROFILE, "ishoj", "sel-107-aflastning", ON, repository=open_repository(root))
    f = root / "ishoj" / "sel-107-aflastning" / "2015-11-01.yaml"
    f.write_text(f.read_text("utf-8").replace("max: 90", "max: halvfems"), encoding="utf-8")
    with pytest.raises(StandardError) as e:
        check(PROFILE, "ishoj", "sel-107-aflastning", ON, repository=open_repository(root))
    assert "2015-11-01.yaml" in str(e.value)


def test_a_corrupt_entry_is_ignored(tmp_path):
    root = copy_tree(tmp_path)
    expected = check(PROFILE, "ishoj", "sel-107-aflastning", ON, repository=open_repository(root)).to_dict()
    for p in Path(cache.directory()).glob("standard-*.json"):
        p.write_text("{not json", encoding="utf-8")
    assert check(PROFILE, "ishoj", "sel-107-aflastning", ON, repository=open_repository(root)).to_dict() == expected
