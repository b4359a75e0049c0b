"""Kleene three-valued logic of compiled conditions."""
from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings, strategies as st
from pydantic import ValidationError

from standards_engine.conditions import Condition
from standards_engine.logic import compile_condition, compile_explainer
from standards_engine.derive import derive

BOOL_FACTS = ["motivated", "lives_alone", "special_considerations", "impairment_permanent"]
TRI = [True, False, None]


def checked(node: dict) -> dict:
    """Validate a condition as a standard's loader does, and return its canonical data."""
    return Condition.model_validate(node).model_dump(by_alias=True, exclude_none=True)


def facts_of(assignment: dict) -> dict:
    x = {name: None for name in BOOL_FACTS}
    x.update(assignment)
    return x


def kleene_and(vs):
    return False if False in vs else (None if None in vs else True)


def kleene_or(vs):
    return True if True in vs else (None if None in vs else False)


def reference(node: dict, x: dict):
    if "all" in node:
        return kleene_and([reference(k, x) for k in node["all"]])
    if "any" in node:
        return kleene_or([reference(k, x) for k in node["any"]])
    if "not" in node:
        v = reference(node["not"], x)
        return None if v is None else not v
    v = x[node["fact"]]
    return None if v is None else v == node["eq"]


leaf = st.builds(lambda f, v: {"fact": f, "eq": v}, st.sampled_from(BOOL_FACTS), st.booleans())
trees = st.recursive(leaf, lambda kids: st.one_of(
    st.builds(lambda ks: {"all": ks}, st.lists(kids, min_size=1, max_size=3)),
    st.builds(lambda ks: {"any": ks}, st.lists(kids, min_size=1, max_size=3)),
    st.builds(lambda k: {"not": k}, kids)), max_leaves=8)
assignments = st.fixed_dictionaries({name: st.sampled_from(TRI) for name in BOOL_FACTS})


@pytest.mark.parametrize("a,b", list(itertools.product(TRI, TRI)))
def test_truth_tables(a, b):
    x = facts_of({"motivated": a, "lives_alone": b})
    p, q = {"fact": "motivated", "eq": True}, {"fact": "lives_alone", "eq": True}
    assert compile_condition(checked({"all": [p, q]}))(x) == kleene_and([a, b])
    assert compile_condition(checked({"any": [p, q]}))(x) == kleene_or([a, b])
    assert compile_condition(checked({"not": p}))(x) == (None if a is None else not a)


def test_false_and_unknown_is_false_true_or_unknown_is_true():
    x = facts_of({"motivated": False})
    p, q = {"fact": "motivated", "eq": True}, {"fact": "lives_alone", "eq": True}
    assert compile_condition(checked({"all": [p, q]}))(x) is False
    x = facts_of({"motivated": True})
    assert compile_condition(checked({"any": [p, q]}))(x) is True


@given(trees, assignments)
@settings(max_examples=300)
def test_compiled_matches_kleene_reference(tree, assignment):
    x = facts_of(assignment)
    assert compile_condition(checked(tree))(x) == reference(tree, x)


@given(trees, assignments)
@settings(max_examples=300)
def test_unknown_is_never_treated_as_false(tree, assignment):
    """A decided result holds for every completion of the unknowns (soundness).

    Kleene logic is not complete: `p and not p` stays unknown though every
    completion is false; the engine then asks for p, which is safe.
    """
    c = checked(tree)
    f = compile_condition(c)
    x = facts_of(assignment)
    v = f(x)
    holes = [k for k in BOOL_FACTS if x[k] is None]
    completions = {f({**x, **dict(zip(holes, vals))}) for vals in itertools.product([True, False], repeat=len(holes))}
    if v is None:
        assert compile_explainer(c)(x) and compile_explainer(c)(x) <= set(holes)
    else:
        assert completions == {v}


@given(assignments)
def test_unknown_facts_are_the_ones_that_could_decide(assignment):
    c = checked({"all": [{"fact": "motivated", "eq": True}, {"fact": "lives_alone", "eq": True}]})
    x = facts_of(assignment)
    if compile_condition(c)(x) is None:
        assert compile_explainer(c)(x) == {k for k in ("motivated", "lives_alone") if x[k] is None}


def test_comparisons_membership_and_presence():
    import datetime as dt
    x = derive({"age": 30, "living_situation": "own_home", "current_services": ("sel-85",)}, dt.date(2025, 1, 1))
    ok = lambda d: compile_condition(checked(d))(x)  # noqa: E731
    assert ok({"fact": "age", "gte": 18}) is True
    assert ok({"fact": "age", "lt": 18}) is False
    assert ok({"fact": "living_situation", "in": ["own_home", "residential"]}) is True
    assert ok({"fact": "current_services", "contains": "sel-85"}) is True
    assert ok({"fact": "current_services", "contains_any": ["sel-103", "sel-104"]}) is False
    assert ok({"fact": "motivated", "known": False}) is True
    assert ok({"fact": "motivated", "eq": True}) is None


@pytest.mark.parametrize("bad,words", [
    ({"fact": "agee", "gte": 18}, "ukendt faktum 'agee'"),
    ({"fact": "age", "gte": "18"}, "valid integer"),
    ({"fact": "age", "gte": "0"}, "valid date"),
    ({"fact": "living_situation", "eq": "castle"}, "ikke en gyldig værdi"),
    ({"fact": "motivated", "gte": 1}, "kræver et tal"),
    ({"fact": "age", "gte": 18, "lt": 65}, "præcis én operator"),
    ({"all": [], }, "at least 1"),
    ({"fact": "age", "eval": "__import__('os')"}, "Extra inputs"),
])
def test_invalid_conditions_are_refused(bad, words):
    with pytest.raises(ValidationError) as e:
        Condition.model_validate(bad)
    assert words in str(e.value)


def test_one_operator_table_drives_the_model_the_checks_and_the_compiler():
    """Every operator in the table is a field of Condition, and the model has no operator the table lacks."""
    from standards_engine.conditions import Condition
    from standards_engine.operators import OPERATORS
    fields = {f.alias or n for n, f in Condition.model_fields.items()} - {"all", "any", "not", "fact"}
    assert fields == set(OPERATORS)
    import datetime
    x = derive({"age": 30, "current_services": ("sel-85",)}, datetime.date(2025, 1, 1))
    for name, op in OPERATORS.items():
        operand = {"contains": "sel-85", "contains_any": ["sel-85"], "known": True, "in": [30]}.get(name, 30)
        fact = "current_services" if "list" in op.fact_types else "age"
        node = checked({"fact": fact, name: operand})
        assert compile_condition(node)(x) in (True, False)
