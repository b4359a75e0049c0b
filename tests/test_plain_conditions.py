"""Yes/no facts written plainly in conditions (`motivated`, `all: [a, b]`, `not: a`): the same compiled
condition as the explicit `{fact: a, eq: true}`, and a plain name that is no yes/no fact is a located error."""
from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given, settings, strategies as st
from typer.testing import CliRunner

from conftest import STANDARDS
from standards_engine.cli import app
from standards_engine.conditions import Condition
from standards_engine.schema_export import json_schema

runner = CliRunner()
YES_NO = ["motivated", "lives_alone", "resources_in_some_areas", "impairment_permanent", "special_social_problems"]
HADERSLEV = STANDARDS / "haderslev" / "sel-102" / "2024-01-01.yaml"


def canonical(node) -> dict:
    return Condition.model_validate(node).model_dump(by_alias=True, exclude_none=True)


def _trees():
    leaf = st.sampled_from(YES_NO)
    return st.recursive(leaf, lambda kids: st.one_of(
        st.builds(lambda k: ("all", k), st.lists(kids, min_size=1, max_size=3)),
        st.builds(lambda k: ("any", k), st.lists(kids, min_size=1, max_size=3)),
        st.builds(lambda k: ("not", k), kids)), max_leaves=8)


def plain(t):
    if isinstance(t, str):
        return t
    op, k = t
    return {op: plain(k)} if op == "not" else {op: [plain(x) for x in k]}


def explicit(t):
    if isinstance(t, str):
        return {"fact": t, "eq": True}
    op, k = t
    return {op: explicit(k)} if op == "not" else {op: [explicit(x) for x in k]}


@settings(max_examples=150, deadline=None)
@given(_trees())
def test_plain_and_explicit_spellings_give_identical_compiled_conditions(t):
    assert canonical(plain(t)) == canonical(explicit(t))


def _tree(tmp_path: Path, old: str, new: str) -> Path:
    root = tmp_path / "standards"
    shutil.copytree(STANDARDS / "_sources", root / "_sources")
    d = root / "haderslev" / "sel-102"
    d.mkdir(parents=True)
    text = HADERSLEV.read_text("utf-8")
    assert old in text
    (d / "2024-01-01.yaml").write_text(text.replace(old, new, 1), "utf-8")
    return root


def test_plain_not_and_all_validate_and_the_old_spelling_still_does(tmp_path):
    root = _tree(tmp_path, "condition: motivated\n",
                 "condition: {all: [motivated, {fact: need_documented, eq: true}, {not: {not: lives_alone}}]}\n")
    r = runner.invoke(app, ["validate", str(root)])
    assert r.exit_code == 0, r.output


def test_a_misspelt_plain_fact_is_located_with_did_you_mean(tmp_path):
    root = _tree(tmp_path, "condition: motivated\n", "condition: {all: [motivatd]}\n")
    r = runner.invoke(app, ["validate", str(root)])
    assert r.exit_code == 1
    text = HADERSLEV.read_text("utf-8")
    line = text[: text.index("condition: motivated\n")].count("\n") + 1
    assert f"2024-01-01.yaml:{line}:23: fejl:" in r.output, r.output
    assert "'motivatd' er ikke et ja/nej-faktum" in r.output and "mente du 'motivated'?" in r.output


def test_a_plain_name_of_a_fact_that_is_not_yes_no_says_how_to_write_it(tmp_path):
    root = _tree(tmp_path, "condition: motivated\n", "condition: {not: age}\n")
    r = runner.invoke(app, ["validate", "--lang", "en", str(root)])
    assert r.exit_code == 1
    assert "'age' is of type int, not yes/no, so it cannot stand alone as a condition; write {fact: age, …}" in r.output


def test_the_json_schema_accepts_a_yes_no_fact_by_name_or_the_explicit_form():
    cond = json_schema("standard")["$defs"]["Condition"]
    names, obj = cond["anyOf"]
    assert names["type"] == "string" and "motivated" in names["enum"] and "age" not in names["enum"]
    assert obj["type"] == "object" and "fact" in obj["properties"]
