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
        # signed entries (std-, law-) are keyed by the files taken in too: every one goes (they only save time)
        return [p for p in Path(cache.directory()).iterdir() if p.name.startswith(("yaml-", "valid-"))
                and p.name[-69:-5] in shas or p.name.startswith(("std-", "law-"))]
    for p in ours():
        p.unlink()
    _forget_law()
    rec = check(PROFILE, "ishoj", "sel-107-aflastning", ON, repository=open_repository(root)).to_dict()
    entries = ours()
    signed = {"std", "law"} if cache._secret() is not None else set()
    assert {p.name.split("-")[0] for p in entries} == {"yaml", "valid"} | signed
    return root, rec, entries


@pytest.fixture
def models_path(monkeypatch):
    """No signed entries (as with an unusable key file): a check reads the validated entries, whose checks these
    tests are about."""
    monkeypatch.setattr(cache, "_secret", lambda: None)


def _again(root):
    _forget_law()
    return check(PROFILE, "ishoj", "sel-107-aflastning", ON, repository=open_repository(root)).to_dict()


def _max(to: bytes):
    import re
    return lambda raw: re.sub(rb'"max":90(\.0)?\b', b'"max":' + to, raw)


@pytest.mark.usefixtures("models_path")
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


@pytest.mark.usefixtures("models_path")
def test_a_symlinked_entry_is_not_followed(tmp_path):
    root, expected, entries = _expected(tmp_path)
    other = tmp_path / "other.json"
    for p in entries:
        other.write_bytes(p.read_bytes())
        p.unlink()
        p.symlink_to(other)
    other.write_bytes(b"garbage")
    assert _again(root) == expected


@pytest.mark.usefixtures("models_path")
def test_a_fifo_entry_does_not_hang(tmp_path):
    import os
    root, expected, entries = _expected(tmp_path)
    for p in entries:
        p.unlink()
        os.mkfifo(p)
    assert _again(root) == expected
    for p in entries:
        p.unlink()


@pytest.mark.usefixtures("models_path")
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


@pytest.mark.usefixtures("models_path")
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


@pytest.mark.usefixtures("models_path")
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


# Signed entries: the plain data a check starts from, with neither parser nor models (prepared.py).

def _signed(entries):
    return [p for p in entries if p.name.startswith(("std-", "law-"))]


@pytest.mark.parametrize("damage", [
    _max(b"200"), _max(b"NaN"), lambda raw: b"", lambda raw: raw[: len(raw) // 2], lambda raw: b"\xff\xfe" + raw,
    lambda raw: b'{"key": 1}\n[]', lambda raw: raw.split(b"\n", 1)[0] + b"\n" + b'[{"a":1},{}]',
])
def test_a_damaged_signed_entry_is_a_miss_recomputed_and_rewritten(tmp_path, damage):
    root, expected, entries = _expected(tmp_path)
    good = {p: p.read_bytes() for p in _signed(entries)}
    assert good
    for p in good:
        p.write_bytes(damage(good[p]))
    assert any(p.read_bytes() != good[p] for p in good)
    assert _again(root) == expected
    assert {p: p.read_bytes() for p in good} == good


def test_a_signed_entry_edited_and_rehashed_is_a_miss(tmp_path):
    """What the validated entries could not catch (a valid `max: 200` written over 90, its checksum made to
    match): the tag was made over the old bytes with a key the editor does not have."""
    root, expected, entries = _expected(tmp_path)
    edited = 0
    for p in _signed(entries):
        raw = p.read_bytes()
        body = raw.split(b"\n", 1)[1]
        if b'"max":90' in body:
            p.write_bytes(_rehashed(raw, body.replace(b'"max":90', b'"max":200')))
            edited += 1
    assert edited
    rec = _again(root)
    assert rec == expected
    assert any(limit["max"] == 90 for limit in rec["limits"])


def test_a_signed_entry_made_with_another_key_is_a_miss(tmp_path, monkeypatch):
    root, expected, entries = _expected(tmp_path)
    monkeypatch.setattr(cache, "_secret", lambda: b"k" * 32)
    from standards_engine import prepared
    data, sha, tr, included = prepared.standard(root / "ishoj" / "sel-107-aflastning" / "2015-11-01.yaml", root) or \
        (None, None, None, None)
    assert data is None  # the entry was signed with the folder's key, not this one


@pytest.mark.parametrize("spoil", ["others_can_read", "symlink", "short"])
def test_a_key_file_that_proves_nothing_turns_signed_entries_off(tmp_path, monkeypatch, spoil):
    import os
    d = tmp_path / "cache"
    d.mkdir(mode=0o700)
    monkeypatch.setenv("STANDARDS_CACHE_DIR", str(d))
    cache.directory.cache_clear()
    cache._secret.cache_clear()
    try:
        assert cache._secret() is not None and (d / "key").stat().st_mode & 0o777 == 0o600
        key = d / "key"
        if spoil == "others_can_read":
            os.chmod(key, 0o644)
        elif spoil == "symlink":
            other = tmp_path / "other-key"
            other.write_bytes(key.read_bytes())
            os.chmod(other, 0o600)
            key.unlink()
            key.symlink_to(other)
        else:
            key.write_bytes(b"short")
        cache._secret.cache_clear()
        assert cache._secret() is None
        cache.put_signed("law", "0" * 64, {"a": 1})
        assert cache.get_signed("law", "0" * 64) is None
    finally:
        monkeypatch.undo()
        cache.directory.cache_clear()
        cache._secret.cache_clear()


def test_signed_data_is_stored_only_when_it_reads_back_the_same(tmp_path):
    sha = "1" * 64
    for value in ({"when": dt.date(2020, 1, 1), "n": 1, "x": 1.5, "ok": True, "none": None, "l": [1, "a"]},):
        cache.put_signed("law", sha, value)
        assert cache.get_signed("law", sha) == value
    cache.put_signed("law", "2" * 64, {"t": (1, 2)})  # a tuple would come back a list: not stored
    assert cache.get_signed("law", "2" * 64) is None
    assert cache.same({1: "a"}, {True: "a"}) is False and cache.same([1], [1.0]) is False
