"""Properties of the engine over generated standards and profiles."""
from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import DATE, minimal_standard, src
from standards_engine.compiled import compile_standard
from standards_engine.engine import evaluate
from standards_engine.schema import Standard, to_data

BOOLS = ["motivated", "lives_alone", "special_considerations", "impairment_permanent", "need_documented"]
TASKS = ["finances", "mail", "shopping_cooking", "respite"]
TRI = [True, False, None]
RANK = {"refuse": 0, "assess": 1, "partial": 2, "grant": 3}

leaf = st.builds(lambda f, v: {"fact": f, "eq": v}, st.sampled_from(BOOLS), st.booleans())
trees = st.recursive(leaf, lambda kids: st.one_of(
    st.builds(lambda ks: {"all": ks}, st.lists(kids, min_size=1, max_size=3)),
    st.builds(lambda ks: {"any": ks}, st.lists(kids, min_size=1, max_size=3)),
    st.builds(lambda k: {"not": k}, kids)), max_leaves=4)
basis = st.sampled_from(["statute", "service_level"])


@st.composite
def standards(draw, only_service_level=False):
    b = st.just("service_level") if only_service_level else basis
    crit = [{"id": f"c{i}", "group": "target_group", "basis": draw(b), "text": "k", "source": src(),
             "condition": draw(trees), **({"applies_when": draw(leaf)} if draw(st.booleans()) else {})}
            for i in range(draw(st.integers(0, 4)))]
    excl = [{"id": f"x{i}", "basis": draw(b), "text": "u", "source": src(), "applies_if": draw(trees)}
            for i in range(draw(st.integers(0, 2)))]
    excl += [{"id": f"y{i}", "basis": draw(b), "text": "u", "source": src(),
              "excluded_content": {"fact": "requested_support_tasks",
                                   "values": draw(st.lists(st.sampled_from(TASKS), min_size=1, max_size=2, unique=True))},
              "refer_to": [{"service": "sel-83", "reason": "praktisk hjælp"}]}
             for i in range(draw(st.integers(0, 2)))]
    lims = [{"id": f"l{i}", "basis": draw(b), "text": "g", "source": src(), "fact": "requested_days_per_week",
             "max": draw(st.sampled_from([2, 3, 5])), **({"applies_when": draw(leaf)} if draw(st.booleans()) else {})}
            for i in range(draw(st.integers(0, 2)))]
    return minimal_standard(criteria=crit, exclusions=excl, limits=lims)


profiles = st.fixed_dictionaries({
    **{b: st.sampled_from(TRI) for b in BOOLS},
    "requested_support_tasks": st.one_of(st.none(), st.lists(st.sampled_from(TASKS), unique=True).map(tuple)),
    "requested_days_per_week": st.one_of(st.none(), st.integers(0, 7)),
}).map(lambda d: {k: v for k, v in d.items() if v is not None})


def run(d: dict, profile: dict):
    return evaluate(compile_standard(to_data(Standard.model_validate(d))), profile, DATE)


SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@given(standards(only_service_level=True), profiles)
@SETTINGS
def test_service_level_alone_never_refuses(d, p):
    assert run(d, p).outcome != "refuse"


@given(standards(), profiles, basis, st.sampled_from(BOOLS))
@SETTINGS
def test_an_applying_exclusion_never_improves_the_outcome(d, p, b, fact):
    p = {**p, fact: True}
    before = run(d, p).outcome
    d2 = {**d, "exclusions": [*d.get("exclusions", []),
                              {"id": "ny", "basis": b, "text": "u", "source": src(), "applies_if": {"fact": fact, "eq": True}}]}
    after = run(d2, p).outcome
    assert after != "grant" and after != "partial"
    if before != "incomplete" and after != "incomplete":
        assert RANK[after] <= RANK[before]
    if b == "statute":
        assert after == "refuse"


@given(standards(), profiles)
@SETTINGS
def test_recommended_quantity_never_exceeds_its_limit(d, p):
    for lim in run(d, p).limits:
        if lim.recommended is not None:
            assert lim.recommended <= lim.max
            if lim.requested is not None:
                assert lim.recommended <= lim.requested


@given(standards(), profiles)
@SETTINGS
def test_same_profile_and_date_give_the_same_recommendation(d, p):
    assert run(d, p).to_dict() == run(d, dict(reversed(list(p.items())))).to_dict()


@given(standards(), profiles)
@SETTINGS
def test_every_non_grant_outcome_has_a_deciding_reason(d, p):
    rec = run(d, p)
    if rec.outcome != "grant":
        assert rec.deciding()
    if rec.outcome == "incomplete":
        assert rec.missing_facts


@given(standards(), profiles)
@SETTINGS
def test_a_decided_outcome_holds_whatever_the_unknown_facts_turn_out_to_be(d, p):
    """An unknown fact is never treated as false: answering it cannot overturn a decided outcome."""
    rec = run(d, p)
    if rec.outcome == "incomplete":
        return
    holes = [b for b in BOOLS if b not in p]
    task_options = [None] if "requested_support_tasks" in p else [(), ("finances",), ("shopping_cooking",), tuple(TASKS)]
    for vals in itertools.product([True, False], repeat=len(holes)):
        for tasks in task_options:
            q = {**p, **dict(zip(holes, vals))}
            if tasks is not None:
                q["requested_support_tasks"] = tasks
            assert run(d, q).outcome == rec.outcome, (holes, vals, tasks)


@given(standards(), profiles)
@SETTINGS
def test_missing_facts_are_only_unknown_ones(d, p):
    for m in run(d, p).missing_facts:
        assert m.fact not in p and m.question


@given(standards(), profiles)
@SETTINGS
def test_the_content_split_partitions_the_request_by_the_exclusions(d, p):
    """Every requested value is either recommended or excluded, never both; excluded exactly when an
    applying content exclusion names it, and then with that rule; a partial grant on content keeps something."""
    rec = run(d, p)
    tasks = p.get("requested_support_tasks")
    has_content_rules = any("excluded_content" in e for e in d["exclusions"])
    if tasks is None or not has_content_rules:
        assert rec.content == []
        return
    (c,) = rec.content
    rec_vals = [i.value for i in c.recommended]
    exc_vals = [i.value for i in c.excluded]
    assert sorted(rec_vals + exc_vals) == sorted(tasks) and not set(rec_vals) & set(exc_vals)
    for item in c.excluded:
        naming = [e["id"] for e in d["exclusions"] if item.value in e.get("excluded_content", {}).get("values", [])]
        assert item.rules == naming and item.label
    if rec.outcome == "partial" and c.excluded and not any(r.kind == "limit" for r in rec.deciding()):
        assert c.recommended


@given(standards(), profiles)
@SETTINGS
def test_a_refusal_recommends_no_quantity(d, p):
    rec = run(d, p)
    if rec.outcome == "refuse":
        assert all(lim.recommended is None for lim in rec.limits)
