"""`standards batch` keeps the JSON lines of profiles judged alike (batch.Lines) and writes the very bytes the
recommendation itself gives: for every bundled standard's example cases and seeded random profiles, each seen
again under another case id and line number (so the kept line is used), and for bad profiles among them."""
from __future__ import annotations

import datetime as dt
import sys

import pytest

from conftest import REPO, STANDARDS
from golden_recommendations import profiles
from standards_engine import open_repository
from standards_engine.batch import Row, evaluate_caseload, json_line, line_bytes
from standards_engine.caseload import Entry
from standards_engine.errors import EngineError

sys.path.insert(0, str(REPO / "benchmarks"))


def _groups():
    by: dict[tuple, list] = {}
    for _, municipality, service, date, profile in profiles():
        by.setdefault((municipality, service, date), []).append(profile)
    return by


GROUPS = _groups()


@pytest.mark.parametrize("key", sorted(GROUPS, key=str), ids=lambda k: f"{k[0]}-{k[1]}-{k[2]}")
def test_kept_lines_are_the_recommendations_own_bytes(key):
    municipality, service, date = key
    repo = open_repository(STANDARDS)
    try:
        resolved = repo.standard_for(municipality, service, date)
    except EngineError:
        pytest.skip("no revision in force that day (the example case expects the refusal)")
    profs = GROUPS[key]
    # each profile twice (the second time under another case id), and bad ones between
    entries = []
    for i, p in enumerate(profs + [{**p, "case_id": f"igen-{i}"} for i, p in enumerate(profs)]):
        entries.append(Entry(len(entries) + 1, None, p))
        if i % 7 == 0:
            entries.append(Entry(len(entries) + 1, None, {**p, "age": "tretten"}))
    entries.append(Entry(len(entries) + 1, "mappe/sag.yaml", profs[0], name="sag"))
    for cid in ('Søren "S" \\ æ/ø\tå', "sag\u2028x", "", "👩‍⚕️"):  # written in the line as JSON writes them
        entries.append(Entry(len(entries) + 1, None, {**profs[-1], "case_id": cid}))
    for lang in ("da", "en"):
        kept = list(evaluate_caseload(entries, resolved, date, lang, lines=True))
        plain = list(evaluate_caseload(entries, resolved, date, lang))
        assert len(kept) == len(plain) == len(entries)
        assert sum(r.line is not None for r in kept) > len(profs) // 2  # the kept lines are used
        for a, b in zip(kept, plain):
            assert line_bytes(a, False, lang) == (json_line(b, False, lang) + "\n").encode("utf-8")
            assert json_line(a, False, lang) == json_line(b, False, lang)
            assert (a.case_id, a.outcome, a.error is None) == (b.case_id, b.outcome, b.error is None)


def test_a_kept_line_is_not_used_for_a_profile_explained_differently():
    """Judged alike, but explain reads a fact that differs (the pension date note reads the birth date)."""
    repo = open_repository(STANDARDS)
    on = dt.date(2025, 3, 1)
    for municipality, service in {(m, s) for m, s, _ in GROUPS}:
        try:
            resolved = repo.standard_for(municipality, service, on)
        except EngineError:
            continue
        entries = [Entry(i + 1, None, {"birth_date": f"19{60 + i}-0{1 + i % 9}-1{i % 9}"}) for i in range(8)]
        kept = list(evaluate_caseload(entries, resolved, on, "da", lines=True))
        plain = list(evaluate_caseload(entries, resolved, on, "da"))
        for a, b in zip(kept, plain):
            assert json_line(a, False) == json_line(b, False)


def test_the_kept_lines_are_bounded_and_emptied_without_changing_a_line(monkeypatch):
    from standards_engine import batch
    monkeypatch.setattr(batch.Lines, "MAX_LINES", 3)
    monkeypatch.setattr(batch.Lines, "MAX_BYTES", 40_000)
    repo = open_repository(STANDARDS)
    on = dt.date(2025, 3, 1)
    resolved = repo.standard_for("ishoj", "sel-104", on)
    profs = GROUPS[("ishoj", "sel-104", on)][:60]
    entries = [Entry(i + 1, None, p) for i, p in enumerate(profs + profs)]
    kept = list(evaluate_caseload(entries, resolved, on, "da", lines=True))
    plain = list(evaluate_caseload(entries, resolved, on, "da"))
    assert [line_bytes(a, False) for a in kept] == [(json_line(b, False) + "\n").encode("utf-8") for b in plain]


def test_facts_looked_at_whole_count_as_all_read():
    """A line is kept by the facts explain read; should explain ever copy or walk them, every fact counts."""
    from standards_engine.batch import Reading
    for look in (lambda r: {**r}, dict, lambda r: list(r.items()), lambda r: list(r.values()), list, lambda r: r.copy()):
        r = Reading({"age": 30, "lives_alone": None})
        look(r)
        assert set(r.read) == {"age", "lives_alone"}
    r = Reading({"age": 30, "lives_alone": None})
    assert r["age"] == 30 and r.get("lives_alone") is None and r.get("x", 1) == 1 and r.read == ["age", "lives_alone", "x"]
