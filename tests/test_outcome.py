"""The outcome-only path (outcome.decide) decides exactly as the full recommendation (engine.evaluate)."""
from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import DATE, STANDARDS
from test_engine_properties import profiles, standards
from standards_engine import open_repository
from standards_engine.compiled import compile_standard
from standards_engine.engine import evaluate
from standards_engine.outcome import decide
from standards_engine.schema import Standard, to_data
from standards_engine.vocabulary import input_facts

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def same(cs, given, on):
    rec = evaluate(cs, given, on)
    o = decide(cs, given, on)
    assert o.outcome == rec.outcome
    assert o.deciding == {r.rule for r in rec.reasons if r.deciding}
    assert dict(o.results) == {r.rule: r.result for r in rec.reasons}
    assert set(o.against) == {r.rule for r in rec.reasons if r.result in ("not_met", "exceeded")
                              or (r.kind == "exclusion" and r.result == "applies")}
    want: dict = {}
    for lim in rec.limits:
        if lim.recommended is not None:
            want[lim.fact] = min(want.get(lim.fact, lim.recommended), lim.recommended)
    assert o.recommended == want
    assert o.level == (rec.level["id"] if rec.level else None)


@given(standards(), profiles)
@SETTINGS
def test_decide_agrees_with_evaluate_on_generated_standards(d, profile):
    same(compile_standard(to_data(Standard.model_validate(d))), profile, DATE)


def _value(f):
    if f.type == "bool":
        return st.booleans()
    if f.type == "int":
        return st.integers(int(f.min or 0), int(f.max if f.max is not None else 120))
    if f.type == "number":
        return st.one_of(st.integers(0, int(f.max if f.max is not None else 400)),
                         st.floats(0, f.max if f.max is not None else 400, allow_nan=False))
    if f.type == "enum":
        return st.sampled_from(f.values)
    if f.type == "list":
        return st.lists(st.sampled_from(f.values), unique=True, max_size=3).map(tuple)
    if f.type == "date":
        return st.dates(dt.date(1930, 1, 1), dt.date(2010, 1, 1))
    return st.just("sag-1")


_FACTS = {n: f for n, f in input_facts().items() if n not in ("age", "treatment_available_under_other_legislation")}
vocabulary_profiles = st.fixed_dictionaries({n: st.one_of(st.none(), _value(f)) for n, f in _FACTS.items()}).map(
    lambda d: {k: v for k, v in d.items() if v is not None and not (k == "treatment_necessary_to_improve" and v is True
                                                                      and d.get("treatment_necessary_to_preserve_or_improve") is False)})


def _bundled():
    repo = open_repository(STANDARDS)
    out = []
    for m in sorted(p.name for p in STANDARDS.iterdir() if p.is_dir() and not p.name.startswith("_")):
        for s in sorted(p.name for p in (STANDARDS / m).iterdir() if p.is_dir()):
            for rev in repo.revisions(m, s):
                out.append(repo.resolve(rev.path).compiled)
    return out


BUNDLED = _bundled()


@given(st.sampled_from(BUNDLED), vocabulary_profiles, st.sampled_from([dt.date(2020, 6, 1), DATE, dt.date(2026, 2, 1)]))
@SETTINGS
def test_decide_agrees_with_evaluate_on_every_bundled_standard(cs, given, on):
    if on < cs.data["valid_from"]:
        on = cs.data["valid_from"]
    same(cs, given, on)
