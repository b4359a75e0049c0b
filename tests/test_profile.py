"""Profiles: the vocabulary, types, CPR refusal, derived facts."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st

import pytest

from standards_engine.errors import InputError
from standards_engine.pension import pension_age_months, pension_date
from standards_engine.coerce import parse_profile
from standards_engine.derive import derive


@pytest.mark.parametrize("profile,names", [
    ({"agee": 30}, ["agee", "age"]),
    ({"age": "30"}, ["age", "helt tal"]),
    ({"age": True}, ["age"]),
    ({"motivated": "ja"}, ["motivated", "ja/nej"]),
    ({"living_situation": "castle"}, ["living_situation", "own_home"]),
    ({"current_services": ["sel-999"]}, ["current_services"]),
    ({"requested_relief_nights_per_year": "120"}, ["requested_relief_nights_per_year"]),
    ({"under_pension_age": True}, ["under_pension_age", "birth_date"]),
    ({"birth_date": "17-04-2001"}, ["birth_date"]),
])
def test_bad_profile_names_the_fact(profile, names):
    with pytest.raises(InputError) as e:
        parse_profile(profile)
    for n in names:
        assert n in str(e.value)


@pytest.mark.parametrize("value", ["010190-1234", "0101901234", "borger 311299 1234", ["x", "150505-4321"]])
def test_cpr_numbers_are_refused_and_never_echoed(value):
    with pytest.raises(InputError) as e:
        parse_profile({"case_id": value})
    text = str(e.value)
    assert "CPR" in text
    for digits in ("1234", "4321"):
        assert digits not in text


def test_cpr_in_a_key_is_refused_without_echo():
    with pytest.raises(InputError) as e:
        parse_profile({"010190-1234": True})
    assert "1234" not in str(e.value)


def test_absent_and_null_are_unknown_never_false():
    x = derive(parse_profile({"motivated": None}), dt.date(2025, 1, 1))
    assert x["motivated"] is None and x["lives_alone"] is None
    assert x["receives_day_offer"] is None  # current_services unknown


def test_not_a_mapping():
    with pytest.raises(InputError):
        parse_profile([1, 2])


@pytest.mark.parametrize("born,age_months", [
    (dt.date(1953, 12, 31), 780), (dt.date(1954, 1, 1), 786), (dt.date(1954, 7, 1), 792),
    (dt.date(1955, 1, 1), 798), (dt.date(1955, 7, 1), 804), (dt.date(1962, 12, 31), 804),
    (dt.date(1963, 1, 1), 816), (dt.date(1967, 1, 1), 828), (dt.date(1970, 12, 31), 828), (dt.date(1971, 1, 1), 840),
])
def test_pension_age_by_cohort(born, age_months):
    assert pension_age_months(born) == age_months


def test_under_pension_age_is_derived_from_birth_date_not_a_fixed_67():
    born = dt.date(1963, 5, 10)  # pension age 68
    assert derive({"birth_date": born}, dt.date(2030, 5, 10))["under_pension_age"] is True  # 67: a fixed 67 would say no
    assert derive({"birth_date": born}, dt.date(2031, 5, 11))["under_pension_age"] is False
    assert pension_date(born) == dt.date(2031, 5, 10)


def test_pension_age_boundary_exact_day():
    born = dt.date(1963, 5, 10)
    assert derive({"birth_date": born}, dt.date(2031, 5, 9))["under_pension_age"] is True
    assert derive({"birth_date": born}, pension_date(born))["under_pension_age"] is False


def test_age_without_birth_date_is_a_range_of_birth_dates_decided_when_every_date_agrees():
    on = dt.date(2025, 1, 1)
    assert derive({"age": 64}, on)["under_pension_age"] is True
    # 67 on 2025-01-01: born 1957-01-02 .. 1958-01-01, all in the 67 cohort, all past it (issue 6, A5)
    assert derive({"age": 67}, on)["under_pension_age"] is False
    assert derive({"age": 67}, on)["pension_age_years"] == 67
    assert derive({"age": 70}, on)["under_pension_age"] is False
    # 66 on 2022-03-01: born 1955-03-02 .. 1956-03-01; the first half of 1955 reaches 66½ on 1955-03-02 + 66½
    # (2021-09-02, passed) but those born from 1 July 1955 reach 67 only in 2022-07 ..: not every date agrees
    assert derive({"age": 66}, dt.date(2022, 3, 1))["under_pension_age"] is None
    # 67 on 2030-06-01: born 1962-06-02 .. 1963-06-01 spans the 67 and 68 cohorts
    assert derive({"age": 67}, dt.date(2030, 6, 1))["pension_age_years"] is None


@given(st.integers(0, 110), st.dates(dt.date(2000, 1, 1), dt.date(2060, 12, 31)), st.data())
@settings(max_examples=300, deadline=None)
def test_a_fact_derived_from_an_age_holds_for_every_birth_date_that_gives_that_age(age, on, data):
    from standards_engine.pension import age_on, birth_range
    first, last = birth_range(age, on)
    assert age_on(first, on) == age == age_on(last, on)
    assert age_on(first - dt.timedelta(days=1), on) == age + 1 and age_on(last + dt.timedelta(days=1), on) == age - 1
    x = derive({"age": age}, on)
    born = data.draw(st.dates(first, last))
    y = derive({"birth_date": born}, on)
    for name in ("under_pension_age", "pension_age_years"):
        if x[name] is not None:
            assert x[name] == y[name], (name, born)


def test_age_and_birth_date_must_agree():
    with pytest.raises(InputError) as e:
        derive({"age": 40, "birth_date": dt.date(2000, 1, 1)}, dt.date(2025, 6, 1))
    assert "age" in str(e.value)


def test_complementary_facts_answer_each_other_and_may_not_contradict():
    """§ 102's one condition asked two ways: 'kan gives efter anden lovgivning' is the opposite of 'udtømt'."""
    import datetime as dt

    import pytest

    from standards_engine.errors import InputError
    from standards_engine.coerce import parse_profile
    from standards_engine.derive import derive
    on = dt.date(2025, 3, 1)
    assert derive(parse_profile({"other_legislation_exhausted": False}), on)["treatment_available_under_other_legislation"] is True
    assert derive(parse_profile({"treatment_available_under_other_legislation": False}), on)["other_legislation_exhausted"] is True
    assert derive(parse_profile({}), on)["other_legislation_exhausted"] is None  # unknown stays unknown
    for v in (True, False):
        with pytest.raises(InputError, match="treatment_available_under_other_legislation"):
            parse_profile({"other_legislation_exhausted": v, "treatment_available_under_other_legislation": v})


def test_necessary_to_improve_answers_the_wider_preserve_or_improve_one_way_only():
    on = dt.date(2025, 3, 1)
    narrow, wide = "treatment_necessary_to_improve", "treatment_necessary_to_preserve_or_improve"
    assert derive(parse_profile({narrow: True}), on)[wide] is True
    assert derive(parse_profile({wide: False}), on)[narrow] is False
    # No conclusion the other way: preserving only is "bevare", not "forbedre".
    assert derive(parse_profile({narrow: False}), on)[wide] is None
    assert derive(parse_profile({wide: True}), on)[narrow] is None
    with pytest.raises(InputError, match=wide):
        parse_profile({narrow: True, wide: False})


def test_haderslev_does_not_ask_preserve_or_improve_once_improve_is_answered_yes(repo):
    from standards_engine import check
    rec = check({"treatment_necessary_to_improve": True}, "haderslev", "sel-102", dt.date(2025, 3, 1), "da", repo)
    asked = {m.fact for m in rec.missing_facts}
    assert "treatment_necessary_to_preserve_or_improve" not in asked and asked


@pytest.mark.parametrize("fact, value", [("requested_relief_nights_per_year", -20), ("age", 300), ("age", -1),
                                         ("requested_days_per_week", 8), ("requested_support_hours_per_week", -0.5)])
def test_quantities_outside_their_range_are_refused_naming_the_fact(fact, value):
    from standards_engine.errors import InputError
    from standards_engine.coerce import parse_profile
    with pytest.raises(InputError, match=f"'{fact}' skal være"):
        parse_profile({fact: value})


def test_a_birth_date_far_in_the_future_is_refused_naming_the_fact():
    from standards_engine.errors import InputError
    from standards_engine.coerce import parse_profile
    with pytest.raises(InputError, match="'birth_date' skal være mellem 1890-01-01 og 2100-12-31"):
        parse_profile({"birth_date": "9999-12-31"})


@pytest.mark.parametrize("sep", ["\u00a0", "\u202f", "\u2009", "\u2011", "\u2010", "\u2212", "\uff0d", "_", " \u2013 ", "\t"])
def test_a_cpr_number_with_the_spaces_and_dashes_word_and_web_forms_put_in_is_refused(sep):
    """A no-break space or non-breaking hyphen between the date and the four digits is still a CPR number."""
    from standards_engine.cpr import looks_like_cpr, redact
    value = f"010190{sep}1234"
    assert looks_like_cpr(value) and looks_like_cpr({"notes": [value]})
    assert "1234" not in redact(f"sag {value}")
    with pytest.raises(InputError, match="CPR"):
        parse_profile({"case_id": value})


@pytest.mark.parametrize("value", ["\uff10\uff11\uff10\uff11\uff19\uff10-\uff11\uff12\uff13\uff14",
                                   "\uff10\uff11\uff10\uff11\uff19\uff10\uff11\uff12\uff13\uff14"])
def test_a_cpr_number_in_fullwidth_digits_is_refused(value):
    """Fullwidth digits (an East Asian input method, some PDF copies) are digits too."""
    from standards_engine.cpr import looks_like_cpr, redact
    assert looks_like_cpr(value) and "\uff14" not in redact(f"sag {value}")
    with pytest.raises(InputError, match="CPR"):
        parse_profile({"case_id": value})


@pytest.mark.parametrize("text", ["20010417", "2001-W16-2", "2001-107", "2001-04-17T10:00"])
def test_a_date_given_as_text_must_be_written_yyyy_mm_dd(text):
    """Python reads 20010417 and the week date 2001-W16-2 as dates too; a profile gives YYYY-MM-DD or nothing."""
    with pytest.raises(InputError, match="'birth_date' skal være en dato"):
        parse_profile({"birth_date": text})
    assert parse_profile({"birth_date": "2001-04-17"})["birth_date"] == dt.date(2001, 4, 17)


def test_the_evaluation_date_is_yyyy_mm_dd_only():
    from standards_engine.coerce import evaluation_date
    assert evaluation_date("2025-03-01") == dt.date(2025, 3, 1)
    for text in ("20250301", "2025-W09-6", "2025-060"):
        with pytest.raises(InputError, match="ÅÅÅÅ-MM-DD"):
            evaluation_date(text)


def test_a_profile_is_read_only_up_to_its_limit(tmp_path):
    """An endless source (/dev/zero, a pipe that never ends) is refused after one byte over the limit."""
    from standards_engine.profile_io import load_profile
    from standards_engine.yamlio import MAX_PROFILE_BYTES

    class Endless:
        asked: list = []

        def read(self, n=-1):
            assert n is not None and n > 0, "read everything from an endless stream"
            self.asked.append(n)
            return b"#" * n

    with pytest.raises(InputError, match=f"større end {MAX_PROFILE_BYTES} bytes"):
        load_profile("-", stdin=Endless())
    assert Endless.asked == [MAX_PROFILE_BYTES + 1]
    big = tmp_path / "p.yaml"
    big.write_bytes(b"age: 30\n" + b"#" * MAX_PROFILE_BYTES + b"\n")
    with pytest.raises(InputError, match="større end"):
        load_profile(str(big))
    with pytest.raises(InputError, match="standard input, men den er lukket"):
        load_profile("-", stdin=None)


@pytest.mark.parametrize("text", ["age: " + "[" * 200 + "]" * 200 + "\n",
                                  '{"age": ' + "[" * 200 + "]" * 200 + "}",
                                  '{"age": ' + "[" * 40_000 + "]" * 40_000 + "}"])
def test_deeply_nested_profiles_are_refused_not_an_internal_error(text):
    """YAML's composer recurses per level (RecursionError at a few hundred), json.loads too past its limit."""
    from standards_engine.profile_io import read_profile
    with pytest.raises(InputError, match="indlejret mere end 64 niveauer"):
        read_profile(text.encode(), "p.yaml")


def test_derived_facts_come_wholly_from_the_vocabulary_data():
    """facts.yaml says what is derived, from what and how; derive.py names no fact."""
    import inspect
    import re

    from standards_engine import derive as derive_module
    from standards_engine.vocabulary import facts
    computed = [f for f in facts().values() if f.compute is not None]
    assert {f.name for f in computed if f.derived} == {f.name for f in facts().values() if f.derived}
    for f in computed:
        derive_module.computation(f.compute)  # every named computation exists
    code = inspect.getsource(derive_module)
    strings = set(re.findall(r"[\"']([a-z_]+)[\"']", code))
    assert not strings & set(facts()), strings & set(facts())


def test_a_birth_date_after_the_evaluation_date_is_refused_naming_the_fact():
    with pytest.raises(InputError, match="birth_date"):
        derive({"birth_date": dt.date(2030, 1, 1)}, dt.date(2025, 1, 1))


def test_a_profile_error_is_a_code_with_parameters_said_in_either_language_when_printed():
    """Checking a profile needs no language: the sentence is made where a person reads it."""
    import inspect
    with pytest.raises(InputError) as e:
        parse_profile({"age": "30"})
    assert e.value.code == "wrong_type"
    assert "Faktummet 'age' skal være et helt tal" in e.value.text("da")
    assert "The fact 'age' must be a whole number" in e.value.text("en")
    assert "lang" not in inspect.signature(parse_profile).parameters
    assert "lang" not in inspect.signature(derive).parameters


def test_every_message_code_has_both_languages_with_the_same_parameters():
    import string

    from standards_engine.messages import CATALOGUE
    for code, (da, en) in CATALOGUE.items():
        names = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in (da, en)]
        assert names[0] == names[1] or code == "profile_bad_json", code
