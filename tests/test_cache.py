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
    assert list(Path(cache.directory()).glob("yaml-*.json"))
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
    for p in Path(cache.directory()).glob("yaml-*.json"):
        p.write_text("{not json", encoding="utf-8")
    assert check(PROFILE, "ishoj", "sel-107-aflastning", ON, repository=open_repository(root)).to_dict() == expected


def _expected(tmp_path):
    root = copy_tree(tmp_path)
    rec = check(PROFILE, "ishoj", "sel-107-aflastning", ON, repository=open_repository(root)).to_dict()
    import hashlib
    shas = {hashlib.sha256(f.read_bytes()).hexdigest() for f in root.rglob("*.yaml")}
    entries = [p for p in Path(cache.directory()).glob("yaml-*.json") if p.name[-69:-5] in shas]
    assert entries
    return root, rec, entries


def _again(root):
    return check(PROFILE, "ishoj", "sel-107-aflastning", ON, repository=open_repository(root)).to_dict()


@pytest.mark.parametrize("damage", [
    lambda raw: raw.replace(b'"max":90', b'"max":200'),      # a hand edit that changes a limit
    lambda raw: raw.replace(b'"max":90', b'"max":NaN'),
    lambda raw: b"",                                          # empty
    lambda raw: raw[: len(raw) // 2],                         # truncated
    lambda raw: b"\xff\xfe" + raw,                            # not UTF-8
    lambda raw: b'{"key": 1}\n[]',                            # wrong shape
    lambda raw: raw.split(b"\n", 1)[0] + b"\n" + b'[{"a":1},{}]',  # a body that is not the one hashed
])
def test_a_damaged_entry_is_a_miss_recomputed_and_rewritten(tmp_path, damage):
    root, expected, entries = _expected(tmp_path)
    for p in entries:
        p.write_bytes(damage(p.read_bytes()))
    assert _again(root) == expected
    # rewritten: the next run reads a good entry again
    assert any(cache.get("yaml", p.name[-69:-5]) is not None for p in entries)


def test_a_symlinked_entry_is_not_followed(tmp_path):
    root, expected, entries = _expected(tmp_path)
    other = tmp_path / "other.json"
    for p in entries:
        other.write_bytes(p.read_bytes())
        p.unlink()
        p.symlink_to(other)
    other.write_bytes(b"garbage")
    assert _again(root) == expected


def test_a_fifo_entry_does_not_hang(tmp_path):
    import os
    root, expected, entries = _expected(tmp_path)
    for p in entries:
        p.unlink()
        os.mkfifo(p)
    assert _again(root) == expected
    for p in entries:
        p.unlink()


def test_an_entry_for_another_file_is_not_used(tmp_path):
    """An entry copied under another source's hash claims its own hash in the header: a miss."""
    root, expected, entries = _expected(tmp_path)
    std = root / "ishoj" / "sel-107-aflastning" / "2015-11-01.yaml"
    import hashlib
    sha = hashlib.sha256(std.read_bytes()).hexdigest()
    mine = next(p for p in entries if p.name.endswith(sha + ".json"))
    for p in entries:
        if p != mine:
            mine.write_bytes(p.read_bytes())
            break
    assert _again(root) == expected


def test_a_folder_others_can_write_is_not_used(tmp_path, monkeypatch):
    import os
    d = tmp_path / "shared"
    d.mkdir()
    os.chmod(d, 0o777)
    monkeypatch.setenv("STANDARDS_CACHE_DIR", str(d))
    cache.directory.cache_clear()
    try:
        assert cache.directory() is None
        link = tmp_path / "link"
        mine = tmp_path / "mine"
        mine.mkdir(mode=0o700)
        link.symlink_to(mine)
        monkeypatch.setenv("STANDARDS_CACHE_DIR", str(link))
        cache.directory.cache_clear()
        assert cache.directory() is None
    finally:
        monkeypatch.undo()
        cache.directory.cache_clear()


def test_no_temporary_files_are_left(tmp_path):
    _expected(tmp_path)
    assert not [p for p in Path(cache.directory()).iterdir() if p.name.endswith(".tmp")]
