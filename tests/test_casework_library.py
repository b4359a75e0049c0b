"""The caseworker's library calls (interview, screen, letter) as a case system or the server uses them."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import DATE, STANDARDS
from standards_engine import api, interview, letter, screen
from standards_engine.recommendation import Recommendation

REPO = api.open_repository(STANDARDS)


def ask(profile, m="ishoj", s="sel-107-aflastning"):
    return interview.next_question(profile, m, s, DATE, REPO)


def test_an_empty_profile_gets_a_question_from_the_missing_facts_with_danish_labels():
    q = ask({})
    assert isinstance(q, interview.Question)
    rec = api.check({}, "ishoj", "sel-107-aflastning", DATE, repository=REPO)
    assert q.fact in [m.fact for m in rec.missing_facts]
    assert q.remaining == len(rec.missing_facts) + len([lim for lim in rec.limits if lim.requested is None])
    d = q.to_dict()
    assert d["kind"] == "question" and d["text"] and d["hint"]
    q = interview.question_for("living_situation")
    assert [c.label for c in q.choices][:2] == ["egen bolig (også almen bolig)", "hjemme hos familie eller pårørende"]
    assert "own_home" not in q.hint


def test_a_decided_profile_gives_the_recommendation():
    rec = ask({"age": 16})
    assert isinstance(rec, Recommendation) and rec.outcome == "refuse"


def test_ved_ikke_is_null_in_the_profile_and_never_asked_again():
    q = ask({})
    p = interview.apply_answer({}, q, "ved ikke")
    assert p == {q.fact: None}
    q2 = ask(p)
    assert q2.fact != q.fact
    # every missing fact answered "ved ikke": the interview ends, incomplete
    p = {}
    while isinstance(q := ask(p), interview.Question):
        p = interview.apply_answer(p, q, "ved ikke")
    assert q.outcome == "incomplete" and set(p) == {m.fact for m in q.missing_facts}


@pytest.mark.parametrize("fact,text,value", [
    ("lives_alone", "Ja", True), ("lives_alone", "nej", False), ("age", "34", 34),
    ("requested_relief_nights_per_year", "120 aflastningsdøgn/år", 120), ("requested_support_hours_per_week", "2,5", 2.5),
    ("living_situation", "2", "with_relatives"), ("living_situation", "hjemløs", "homeless"),
    ("requested_support_tasks", "1, 3", ["daily_structure", "mail"]), ("current_services", "ingen", []),
    ("birth_date", "1990-05-01", dt.date(1990, 5, 1)),
])
def test_typed_answers(fact, text, value):
    assert interview.parse_answer(interview.question_for(fact), text) == {fact: value}


def test_the_age_question_takes_a_birth_date():
    assert interview.parse_answer(interview.question_for("age"), "1990-05-01") == {"birth_date": dt.date(1990, 5, 1)}


@pytest.mark.parametrize("fact,text,why", [
    ("lives_alone", "måske", "hverken ja eller nej"), ("age", "tredive", "ikke et tal"), ("age", "200", "mellem 0 og 130"),
    ("age", "30,5", "ikke et helt tal"), ("living_situation", "9", "intet valg nummer 9"),
    ("birth_date", "01-05-1990", "ÅÅÅÅ-MM-DD"), ("requested_days_per_week", "8", "mellem 0 og 7"),
])
def test_a_wrong_answer_says_why(fact, text, why):
    with pytest.raises(interview.AnswerError) as e:
        interview.parse_answer(interview.question_for(fact), text)
    assert why in str(e.value)


@pytest.mark.parametrize("text", ["010190-1234", "0101901234", "01 01 90 1234", "sag 010190-1234"])
def test_a_cpr_number_is_refused_and_not_echoed(text):
    for fact in ("case_id", "birth_date", "age"):
        with pytest.raises(interview.AnswerError) as e:
            interview.parse_answer(interview.question_for(fact), text)
        assert "1234" not in str(e.value) and "CPR" in str(e.value)


def test_the_saved_profile_reads_back_to_the_same_recommendation(tmp_path):
    from standards_engine.profile_io import load_profile
    p = {"age": 30, "significant_mental_impairment": True, "living_situation": "with_relatives",
         "relatives_primary_caregivers": True, "relief_necessary_to_stay_home": True,
         "requested_relief_nights_per_year": 120, "lives_alone": None, "current_services": ["sel-85"]}
    f = tmp_path / "p.yaml"
    f.write_text(interview.profile_text(p), encoding="utf-8")
    back = load_profile(str(f))
    assert back == p
    assert "# Bor borgeren alene? – ved ikke" in f.read_text(encoding="utf-8")
    assert api.check(back, "ishoj", "sel-107-aflastning", DATE, repository=REPO).outcome == "partial"


def test_screen_gives_one_row_per_service_of_the_municipality():
    rows = screen.screen({"age": 30}, "ishoj", DATE, REPO)
    assert [r.service for r in rows] == screen.services_of("ishoj", REPO)
    assert len(rows) == len([d for d in (STANDARDS / "ishoj").iterdir() if d.is_dir() and not d.name.startswith("_")])
    assert all(r.outcome_label for r in rows)


def test_compare_shows_ishoj_and_vallensbaek_85_with_their_revisions():
    p = {"age": 30, "significant_mental_impairment": True, "living_situation": "own_home",
         "requested_support_tasks": ["daily_structure", "cleaning_laundry"]}
    rows = {r.municipality: r for r in screen.compare(p, "sel-85", DATE, REPO)}
    assert {"ishoj", "vallensbaek"} <= set(rows)
    assert rows["ishoj"].valid_from == "2024-01-01" and rows["vallensbaek"].valid_from == "2015-11-01"


@pytest.mark.parametrize("received,deadline", [
    (dt.date(2025, 3, 3), dt.date(2025, 3, 31)),      # Monday: the Monday four weeks later
    (dt.date(2025, 5, 1), dt.date(2025, 5, 30)),      # falls on Kristi himmelfartsdag: the next working day
    (dt.date(2025, 11, 26), dt.date(2025, 12, 29)),   # 24 December, then Christmas and a weekend
    (dt.date(2025, 3, 8), dt.date(2025, 4, 7)),       # a Saturday's deadline moves to Monday
])
def test_complaint_deadline(received, deadline):
    assert letter.complaint_deadline(received) == deadline
