"""The generated function (codegen.py) decides exactly as outcome.decide on the full path, and vouches only
for profiles the full path accepts: anything else (a wrong type, a CPR number, a contradiction) is left to
the full path, which refuses it in its own words."""
from __future__ import annotations

import datetime as dt
import functools
import math

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import DATE, STANDARDS
from test_cpr import cpr_digits, spellings
from test_engine_properties import profiles, standards
from test_outcome import BUNDLED, _FACTS, _value
from standards_engine import InputError, decide as api_decide, open_repository
from standards_engine.codegen import fast_decider
from standards_engine.coerce import parse_profile
from standards_engine.compiled import compile_standard
from standards_engine.cpr import looks_like_cpr
from standards_engine.outcome import decide
from standards_engine.schema import Standard, to_data
from standards_engine.vocabulary import facts, input_facts

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DATES = [dt.date(2020, 6, 1), DATE, dt.date(2026, 2, 1)]


def full(cs, p, on):
    """outcome.decide on the full path, or the InputError it refuses the profile with."""
    try:
        return decide(cs, parse_profile(p), on)
    except InputError as e:
        return e


def fields(o):
    return (o.outcome, o.level, o.recommended, {k: type(v) for k, v in o.recommended.items()}, o.against, o.deciding,
            o.results, o.case_id)


def agrees(cs, p, on, must_accept: bool = False):
    fast = fast_decider(cs, on)(p)
    want = full(cs, p, on)
    if fast is None:
        assert not (must_accept and not isinstance(want, InputError)), f"the fast path left a valid profile: {p}"
        return
    assert not isinstance(want, InputError), f"the fast path accepted what the full path refuses ({want}): {p}"
    assert fields(fast) == fields(want)


def lists(p: dict) -> dict:
    """Profiles as JSON and YAML give them: lists, not tuples."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in p.items()}


@given(standards(), profiles)
@SETTINGS
def test_generated_function_agrees_on_generated_standards(d, p):
    agrees(compile_standard(to_data(Standard.model_validate(d))), lists(p), DATE, must_accept=True)


def _as_written(f, v):
    """A date as JSON writes it (text) or YAML reads it (a date)."""
    return st.sampled_from([v, v.isoformat()]) if isinstance(v, dt.date) else st.just(v)


written_profiles = st.fixed_dictionaries({n: st.one_of(st.none(), _value(f).flatmap(lambda v, f=f: _as_written(f, v)))
                                          for n, f in _FACTS.items()}).map(
    lambda d: lists({k: v for k, v in d.items() if v is not None}))


@given(st.sampled_from(BUNDLED), written_profiles, st.sampled_from(DATES))
@SETTINGS
def test_generated_function_agrees_on_every_bundled_standard(cs, p, on):
    on = max(on, cs.data["valid_from"])
    agrees(cs, p, on, must_accept=True)


# Values a caseload may hold by mistake (or on purpose): each must either be refused by the full path
# or decided as the full path decides it.
_ODD = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 400), st.integers(10 ** 7, 10 ** 11), st.just(101901234),
    st.floats(allow_nan=True, allow_infinity=True), st.just(1e9), st.just(-0.0),
    st.text(max_size=12), st.sampled_from(["ja", "nej", "true", "2025-02-30", "2025-3-1", "20250301", "2099-01-01",
                                           "1889-12-31", "with_relatives", "sel-103", "", " "]),
    st.dates(dt.date(1850, 1, 1), dt.date(2110, 1, 1)), st.just(dt.datetime(1960, 5, 5, 12, 0)),
    st.lists(st.sampled_from(["sel-103", "sel-104-evening", "finances", "x", 3]), max_size=3),
    st.tuples(st.just("sel-103")), st.dictionaries(st.just("a"), st.just(1), max_size=1),
    cpr_digits.flatmap(lambda d: st.sampled_from(spellings(d))),
)
_NAMES = st.one_of(st.sampled_from(sorted(facts())), st.sampled_from(["alder", "0101901234", "ukendt", 1]))


@given(st.sampled_from(BUNDLED), written_profiles, st.dictionaries(_NAMES, _ODD, max_size=3), st.sampled_from(DATES))
@SETTINGS
def test_odd_values_are_refused_or_decided_alike(cs, p, odd, on):
    on = max(on, cs.data["valid_from"])
    agrees(cs, {**p, **odd}, on)


@pytest.mark.parametrize("value", [0, 1])
def test_not_a_mapping_is_left_to_the_full_path(value):
    cs = BUNDLED[0]
    for p in (None, [], "age: 30", value, {"age": 30}.items()):
        assert fast_decider(cs, DATE)(p) is None


@settings(max_examples=40, deadline=None)
@given(cpr_digits)
def test_every_cpr_spelling_in_case_id_is_refused(d):
    repo = open_repository(STANDARDS)
    for s in spellings(d):
        p = {"case_id": s, "age": 40}
        assert fast_decider(BUNDLED[0], DATE)(p) is None
        with pytest.raises(InputError):
            api_decide(p, "ishoj", "sel-104", DATE, repository=repo)


def test_large_numbers_go_to_the_full_path_which_scans_them():
    repo = open_repository(STANDARDS)
    with pytest.raises(InputError):  # 0101901234 read as a number, and out of range too
        api_decide({"requested_days_per_week": 101901234}, "ishoj", "sel-104", DATE, repository=repo)


def test_no_vocabulary_name_or_value_looks_like_a_cpr_number():
    """Why the generated function scans only text facts: names and allowed values never hold one."""
    for name, f in facts().items():
        assert not looks_like_cpr(name)
        for v in f.values:
            assert not looks_like_cpr(v)


def test_every_input_fact_type_is_known_to_the_generator():
    assert {f.type for f in input_facts().values()} <= {"bool", "int", "number", "enum", "list", "date", "text"}


def test_the_api_says_a_bad_profile_as_check_does():
    repo = open_repository(STANDARDS)
    for p in ({"age": "tredive"}, {"alder": 30}, {"age": 30, "birth_date": "1990-01-01"}, {"case_id": "010190-1234"},
              {"under_pension_age": True}, {"requested_days_per_week": math.nan}):
        with pytest.raises(InputError) as fast:
            api_decide(p, "ishoj", "sel-104", DATE, repository=repo)
        with pytest.raises(InputError) as slow:
            parse_profile(p) and decide(repo.standard_for("ishoj", "sel-104", DATE).compiled, parse_profile(p), DATE)
        assert fast.value.message.say("da") == slow.value.message.say("da")
    with pytest.raises(InputError) as e:  # the profile's problem before the unknown municipality
        api_decide({"age": "tredive"}, "ingen", "sel-104", DATE, repository=repo)
    assert "age" in e.value.message.say("da")


PAIRS = [(a, b) for a in BUNDLED for b in BUNDLED if a.data["service"]["id"] == b.data["service"]["id"]
         and a.data["municipality"]["id"] == b.data["municipality"]["id"]]


# Two revisions of one standard, a profile (with up to two odd values) and each side's date, none before the
# revision: what impact's generated functions are tested on.
_PAIR_CASES = (st.sampled_from(PAIRS), written_profiles, st.dictionaries(_NAMES, _ODD, max_size=2),
               st.sampled_from(DATES), st.sampled_from(DATES + [dt.date(1990, 1, 1)]))


def _sides(pair, p, odd, on_a, on_b):
    (ca, cb), q = pair, {**p, **odd}
    return ca, cb, q, max(on_a, ca.data["valid_from"]), max(on_b, cb.data["valid_from"], dt.date(1990, 1, 1))


@given(*_PAIR_CASES)
@SETTINGS
def test_both_sides_of_impact_from_one_reading(pair, p, odd, on_a, on_b):
    """impact's generated function gives each side's outcome as the full path does, or leaves the profile to it."""
    from standards_engine.codegen import pair_decider
    ca, cb, q, on_a, on_b = _sides(pair, p, odd, on_a, on_b)
    got = pair_decider(ca, on_a, cb, on_b)(q)
    want = full(ca, q, on_a), full(cb, q, on_b)
    if got is None:
        if not odd:  # every profile of the vocabulary's own values is read, unless a side refuses it
            assert any(isinstance(w, InputError) for w in want)
        return
    assert not any(isinstance(w, InputError) for w in want)
    assert [fields(o) for o in got] == [fields(w) for w in want]


@given(*_PAIR_CASES)
@SETTINGS
def test_impact_read_and_keyed_halves_give_what_the_pair_decider_gives(pair, p, odd, on_a, on_b):
    """impact decides each distinct profile once: read(p) checks it and gives its key, keyed(key) decides it."""
    from standards_engine.codegen import pair_decider, pair_reader
    ca, cb, q, on_a, on_b = _sides(pair, p, odd, on_a, on_b)
    read, keyed = pair_reader(ca, on_a, cb, on_b)
    want = pair_decider(ca, on_a, cb, on_b)(q)
    r = read(q)
    if r is None:
        assert want is None
        return
    key, case_id = r
    assert case_id == q.get("case_id")
    hash(key)
    got = keyed(key, case_id)
    assert (got is None) == (want is None)
    if got is not None:
        assert [fields(o) for o in got] == [fields(w) for w in want]


@given(st.sampled_from(PAIRS), written_profiles, st.sampled_from(DATES), st.sampled_from(DATES), st.data())
@SETTINGS
def test_profiles_with_the_same_key_are_decided_alike(pair, p, on_a, on_b, data):
    """The key holds every fact the decision reads: a profile with one of them changed gets another key, or the
    same outcomes (but for its case_id)."""
    from standards_engine import law
    from standards_engine.codegen import _reads, pair_decider, pair_reader
    (ca, cb) = pair
    on_a, on_b = max(on_a, ca.data["valid_from"]), max(on_b, cb.data["valid_from"])
    read, _ = pair_reader(ca, on_a, cb, on_b)
    facts = sorted(set().union(*(_reads(law.apply(c, on)[0])[0] for c, on in ((ca, on_a), (cb, on_b)))) & set(_AGE_FACTS))
    n = data.draw(st.sampled_from(facts))
    q = {**p, n: data.draw(_value(_AGE_FACTS[n]).flatmap(lambda v: _as_written(_AGE_FACTS[n], v)).map(
        lambda v: list(v) if isinstance(v, tuple) else v)), "case_id": "sag-2"}
    rp, rq = read(p), read(q)
    if rp is None or rq is None or rp[0] != rq[0]:
        return
    both = pair_decider(ca, on_a, cb, on_b)
    op, oq = both(p), both(q)
    assert (op is None) == (oq is None)
    if op is not None:
        assert [fields(o)[:-1] for o in op] == [fields(o)[:-1] for o in oq]


# impact over a caseload, its memo against each profile decided on its own on the full path: profiles drawn from a
# small pool so that many share their facts, each with its own case_id (some a CPR number, some not text), some
# with a number given as an int and as a float, a list in another order, a fact given as null or a wrong value.
def _variant(p: dict, how: int, case: object) -> dict:
    q = dict(p)
    if how == 1:
        q = {k: float(v) if type(v) is int and k != "age" else v for k, v in q.items()}
    elif how == 2:
        q = {k: v[::-1] if type(v) is list else v for k, v in q.items()}
    elif how == 3:
        q["requested_support_hours_per_week"] = None
    if case is not None:
        q["case_id"] = case
    return q


_CASE = st.one_of(st.none(), st.sampled_from(["sag-1", "sag-2", "0101901234", "010190-1234", 17, "", "x\u200by"]))
_IMPACT_SIDES = [("ishoj", "sel-85", "2023-06-01", "2025-03-01"), ("ishoj", "sel-104", "2020-06-01", "2026-02-01"),
                 ("ishoj", "sel-85", "2025-03-01", "2016-01-01"), ("haderslev", "sel-102", "2024-06-01", "2026-02-01")]


def _one_fact(names: list) -> st.SearchStrategy:
    """One of these facts set to another of its values (a date as JSON or YAML gives it), or an odd fact or value."""
    return st.one_of(st.sampled_from(names).flatmap(
        lambda n: _value(_AGE_FACTS[n]).flatmap(lambda v: _as_written(_AGE_FACTS[n], v)).map(
            lambda v: (n, list(v) if isinstance(v, tuple) else v))), st.tuples(_NAMES, _ODD))


_AGE_FACTS = {**_FACTS, "age": input_facts()["age"]}  # the age as a number too (and with a birth date: a contradiction)


@functools.cache
def _impact_sides(sides: tuple) -> tuple:
    """Both sides, and the facts they read (profiles that differ in these differ in what is decided)."""
    from standards_engine import law
    from standards_engine.codegen import _reads
    from standards_engine.impact import side
    repo = open_repository(STANDARDS)
    m, s, fa, fb = sides
    a, b = side(repo, m, s, fa, None), side(repo, m, s, fb, None)
    read = sorted(set().union(*(_reads(law.apply(x.resolved.compiled, x.on)[0])[0] for x in (a, b))) & set(_AGE_FACTS))
    return a, b, read


@given(st.sampled_from(_IMPACT_SIDES), st.data(),
       st.lists(st.tuples(st.integers(0, 4), st.integers(0, 3), _CASE), min_size=1, max_size=25), st.integers(1, 4))
@SETTINGS
def test_impact_memo_gives_what_each_profile_gives_on_its_own(sides, data, picks, memo_size):
    from standards_engine.batch import _case_id
    from standards_engine.caseload import Entry
    from standards_engine.impact import Table, compare, difference
    a, b, read = _impact_sides(sides)
    given = lambda n: _value(_AGE_FACTS[n]).flatmap(lambda v: _as_written(_AGE_FACTS[n], v))  # noqa: E731
    base = data.draw(st.fixed_dictionaries({n: st.one_of(st.none(), given(n), given(n), given(n)) for n in read}).map(
        lambda d: lists({k: v for k, v in d.items() if v is not None})))
    changes = data.draw(st.lists(st.lists(_one_fact(read), min_size=1, max_size=2), max_size=4))
    pool = [base, *({**base, **dict(c)} for c in changes)]
    entries = [Entry(i + 1, None, _variant(pool[j % len(pool)], how, case)) for i, (j, how, case) in enumerate(picks)]
    table = Table()
    got = [(c.entry.line, c.case_id, c.before, c.after, c.rules, c.recommended_before, c.recommended_after,
            c.error and c.error.say("da")) for c in compare(entries, a, b, table, memo_size=memo_size)]
    want, counts, errors = [], {}, 0
    for e in entries:
        try:
            given = parse_profile(e.data)
            oa, ob = decide(a.resolved.compiled, given, a.on), decide(b.resolved.compiled, given, b.on)
        except InputError as x:
            errors += 1
            want.append((e.line, _case_id(e), None, None, [], {}, {}, x.message.say("da")))
            continue
        counts[(oa.outcome, ob.outcome)] = counts.get((oa.outcome, ob.outcome), 0) + 1
        if oa.outcome != ob.outcome or oa.recommended != ob.recommended:
            want.append((e.line, oa.case_id or e.name, oa.outcome, ob.outcome, difference(oa, ob), oa.recommended, ob.recommended,
                         None))
    assert got == want
    assert [{k: type(v) for k, v in (*g[5].items(), *g[6].items())} for g in got] == \
        [{k: type(v) for k, v in (*w[5].items(), *w[6].items())} for w in want]
    assert dict(table.counts) == counts and table.errors == errors
    assert table.changed == sum(1 for w in want if w[-1] is None)
