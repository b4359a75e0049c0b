"""Properties of the interview, whatever the answers: it asks only facts whose answer could still change
the outcome, never the same fact twice, ends, and ends on the recommendation `check` gives for the profile."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st, HealthCheck

from conftest import DATE, STANDARDS
from standards_engine import api, interview
from standards_engine.vocabulary import facts

REPO = api.open_repository(STANDARDS)
STANDARDS_ = [("ishoj", "sel-85"), ("ishoj", "sel-107-aflastning"), ("ishoj", "sel-103"), ("haderslev", "sel-102"),
              ("vallensbaek", "sel-85"), ("ishoj", "sel-108")]


def answers_for(fact: str) -> st.SearchStrategy[str]:
    """What a caseworker might type: a valid answer of the fact's type, or "ved ikke"."""
    f = facts()[fact]
    dk = st.just("ved ikke")
    if f.type == "bool":
        return st.sampled_from(["ja", "nej", "ved ikke"])
    if f.type == "enum":
        return st.one_of(dk, st.integers(1, len(f.values)).map(str))
    if f.type == "list":
        return st.one_of(dk, st.just("ingen"), st.lists(st.integers(1, len(f.values)), min_size=1, max_size=3)
                         .map(lambda ns: ", ".join(map(str, ns))))
    if f.type == "int":
        return st.one_of(dk, st.integers(int(f.min or 0), int(f.max or 130)).map(str))
    if f.type == "number":
        return st.one_of(dk, st.integers(int(f.min or 0), int(f.max or 500)).map(str))
    if f.type == "date":
        return st.one_of(dk, st.dates(dt.date(1930, 1, 1), DATE).map(dt.date.isoformat))
    return dk


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.sampled_from(STANDARDS_), data=st.data())
def test_the_interview_asks_only_open_facts_once_and_ends_on_checks_outcome(which, data):
    m, s = which
    profile: dict = {}
    seen: set[str] = set()
    q = interview.next_question(profile, m, s, DATE, REPO)
    for _ in range(60):
        if not isinstance(q, interview.Question):
            break
        rec = api.check(profile, m, s, DATE, repository=REPO)
        assert q.fact in interview.open_facts(rec, interview.unknown_facts(profile))
        assert q.fact not in seen
        seen.add(q.fact)
        try:
            profile = interview.apply_answer(profile, q, data.draw(answers_for(q.fact), label=q.fact))
        except interview.AnswerError:  # e.g. two answers that contradict each other: "ved ikke" instead
            profile = interview.apply_answer(profile, q, "ved ikke")
        q = interview.next_question(profile, m, s, DATE, REPO)
    assert not isinstance(q, interview.Question), "the interview did not end"
    final = api.check(profile, m, s, DATE, repository=REPO)
    assert q.outcome == final.outcome
    # it stopped because the outcome is decided, or because every open fact was answered "ved ikke"
    assert interview.open_facts(final, interview.unknown_facts(profile)) == []


def test_a_question_with_a_deciding_answer_goes_first():
    # under 18 decides a refusal at once: age comes before the facts that only matter together
    assert interview.next_question({}, "ishoj", "sel-107-aflastning", DATE, REPO).fact == "age"


def test_english_questions_and_hints():
    q = interview.next_question({}, "ishoj", "sel-107-aflastning", DATE, REPO, lang="en")
    assert q.text.startswith("How old") and "don't know" in q.hint
    q = interview.question_for("living_situation", "en")
    assert q.choices[1].label == "with family or relatives"
    assert interview.parse_answer(interview.question_for("lives_alone", "en"), "yes", "en") == {"lives_alone": True}
    assert interview.parse_answer(interview.question_for("lives_alone", "en"), "don't know", "en") == {"lives_alone": None}
