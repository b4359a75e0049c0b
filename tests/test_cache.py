"""The parse cache never changes a result and never hides an invalid edit."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import copy_service
from conftest import STANDARDS
from standards_engine import cache, check, open_repository
from standards_engine.errors import StandardError

PROFILE = {"age": 30, "significant_mental_impairment": True, "living_situation": "with_relatives",
           "relatives_primary_caregivers": True, "relief_necessary_to_stay_home": True,
           "requested_relief_nights_per_year": 120}
ON = dt.date(2025, 3, 1)


def copy_tree(tmp_path: Path) -> Path:
    root = tmp_path / "standards"
    copy_service(STANDARDS / "ishoj" / "sel-107-aflastning", root / "ishoj" / "sel-107-aflastning",
                    ignore=shutil.ignore_patterns("tests"))
    return root


def _forget_law():
    """The law layer is read once per process; a test of its entries reads it again, as a new process would."""
    from standards_engine import law
    for f in (law._topics, law._revision, law.revisions, law.in_force, law._referral_rules):
        f.cache_clear()


def test_cached_and_uncached_recommendations_are_identical(tmp_path, monkeypatch):
    root = copy_tree(tmp_path)
    first = check(PROFILE, "ishoj", "sel-107-aflastning", ON, repository=open_repository(root)).to_dict()
    assert list(Path(cache.directory()).glob("yaml-*.json"))
    assert list(Path(cache.directory()).glob("valid-*.json"))
    _forget_law()
    second = check(PROFILE, "ishoj", "sel-107-aflastning", ON, repository=open_repository(root)).to_dict()
    assert first == second
    monkeypatch.setenv("STANDARDS_CACHE_DIR", "")
    cache.directory.cache_clear()
    _forget_law()
    try:
        assert check(PROFILE, "ishoj", "sel-107-aflastning", ON, repository=open_repository(root)).to_dict() == first
    finally:
        monkeypatch.undo()
        cache.directory.cache_clear()


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
    for p in [*Path(cache.directory()).glob("yaml-*.json"), *Path(cache.directory()).glob("valid-*.json")]:
        p.write_text("{not json", encoding="utf-8")
    _forget_law()
    assert check(PROFILE, "ishoj", "sel-107-aflastning", ON, repository=open_repository(root)).to_dict() == expected


def _expected(tmp_path):
    """A recommendation and the entries it was made from (every other test's entries for these files removed
    first, so the entries are exactly the ones a check reads)."""
    import hashlib

    from standards_engine.law import LAW_DIR
    root = copy_tree(tmp_path)
    # the standard's entries and the law layer's (both kinds: the parse and the validated model)
    shas = {hashlib.sha256(f.read_bytes()).hexdigest() for f in [*root.rglob("*.yaml"), *LAW_DIR.glob("*/*.yaml")]}
    # a revision that takes in a catalogue file has its validated entry keyed by both files
    from standards_engine.loader import _key
    sha = {f: hashlib.sha256(f.read_bytes()).hexdigest() for f in root.rglob("*.yaml")}
    shas |= {_key(sha[r], [(c, sha[c])]) for r in sha for c in sha if c.parent.name == "_catalogue"}

    def ours():
        return [p for p in Path(cache.directory()).iterdir() if p.name.startswith(("yaml-", "valid-"))
                and p.name[-69:-5] in shas]
    for p in ours():
        p.unlink()
    _forget_law()
    rec = check(PROFILE, "ishoj", "sel-107-aflastning", ON, repository=open_repository(root)).to_dict()
    entries = ours()
    assert {p.name.split("-")[0] for p in entries} == {"yaml", "valid"}
    return root, rec, entries


def _again(root):
    _forget_law()
    return check(PROFILE, "ishoj", "sel-107-aflastning", ON, repository=open_repository(root)).to_dict()


def _max(to: bytes):
    import re
    return lambda raw: re.sub(rb'"max":90(\.0)?\b', b'"max":' + to, raw)


@pytest.mark.parametrize("damage", [
    _max(b"200"),                                             # a hand edit that changes a limit
    _max(b"NaN"),
    lambda raw: b"",                                          # empty
    lambda raw: raw[: len(raw) // 2],                         # truncated
    lambda raw: b"\xff\xfe" + raw,                            # not UTF-8
    lambda raw: b'{"key": 1}\n[]',                            # wrong shape
    lambda raw: raw.split(b"\n", 1)[0] + b"\n" + b'[{"a":1},{}]',  # a body that is not the one hashed
])
def test_a_damaged_entry_is_a_miss_recomputed_and_rewritten(tmp_path, damage):
    root, expected, entries = _expected(tmp_path)
    good = {p: p.read_bytes() for p in entries}
    for p in entries:
        p.write_bytes(damage(good[p]))
    assert any(p.read_bytes() != good[p] for p in entries)  # the damage reached at least one entry
    assert _again(root) == expected
    # rewritten: every entry the check reads is again what it was
    assert {p: p.read_bytes() for p in entries if p.name.startswith("valid-")} == \
        {p: b for p, b in good.items() if p.name.startswith("valid-")}


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


def _rehashed(raw: bytes, body: bytes, model: str | None = None) -> bytes:
    """An entry with a new body and a header whose checksum matches it: only the models can catch it."""
    import hashlib
    import json
    header = json.loads(raw.split(b"\n", 1)[0])
    header["body_sha256"] = hashlib.sha256(body).hexdigest()
    if model:
        header["key"]["model"] = model
    return json.dumps(header).encode() + b"\n" + body


@pytest.mark.parametrize("edit", [
    lambda body: body.replace(b'"max":90.0', b'"max":-5.0'),                  # a negative limit
    lambda body: body.replace(b'"schema_version":1', b'"schema_version":1,"extra":1'),  # an unknown key
    lambda body: body.replace(b'"valid_from":"2015-11-01"', b'"valid_from":"2015-13-01"'),
    lambda body: body.replace(b'"group":"target_group"', b'"group":"maalgruppe"'),
])
def test_a_validated_entry_that_fails_its_model_is_a_miss(tmp_path, edit):
    """The checksum matches, the JSON is fine: the same pydantic model that validated the file refuses it."""
    root, expected, entries = _expected(tmp_path)
    changed = 0
    for p in entries:
        if p.name.startswith("valid-"):
            raw = p.read_bytes()
            head, body = raw.split(b"\n", 1)
            if edit(body) != body:
                p.write_bytes(_rehashed(raw, edit(body)))
                changed += 1
    assert changed
    assert _again(root) == expected


def test_a_validated_entry_naming_another_model_is_a_miss(tmp_path):
    """A law file's entry under a standard's name (its header saying LawFile) is not a standard."""
    root, expected, entries = _expected(tmp_path)
    import hashlib
    std = root / "ishoj" / "sel-107-aflastning" / "2015-11-01.yaml"
    cat = root / "ishoj" / "_catalogue" / "ydelseskatalog-2015.yaml"
    from standards_engine.loader import _key  # the revision's entry is keyed by it and its catalogue file
    sha = _key(hashlib.sha256(std.read_bytes()).hexdigest(), [(cat, hashlib.sha256(cat.read_bytes()).hexdigest())])
    mine = next(p for p in entries if p.name.startswith("valid-") and p.name.endswith(sha + ".json"))
    law_entry = next(p for p in entries if p.name.startswith("valid-") and p != mine)
    raw = mine.read_bytes()
    mine.write_bytes(_rehashed(raw, law_entry.read_bytes().split(b"\n", 1)[1], model="LawFile"))
    assert _again(root) == expected
    from standards_engine import loader
    assert cache.get_model("valid", sha, loader.STANDARD_MODELS) is not None  # rewritten


def test_an_entry_is_not_written_when_json_would_change_the_value(tmp_path):
    """A condition comparing a date: JSON cannot tell the date from text a Scalar also allows, so it is not stored
    (the file is validated on every use instead) rather than stored as something else."""
    from standards_engine.conditions import Condition
    sha = "0" * 64
    cond = Condition.model_validate({"fact": "birth_date", "eq": dt.date(2000, 1, 1)})
    cache.put_model("valid", sha, cond)
    assert cache.get_model("valid", sha, {"Condition": Condition}) is None
    known = Condition.model_validate({"fact": "age", "gte": 18})
    cache.put_model("valid", sha, known)
    assert cache.get_model("valid", sha, {"Condition": Condition}) == known
