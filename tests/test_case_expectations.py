"""`standards test` as a policy officer writes and reads example cases: failures in words, a wrong word or fact
pointed at with a suggestion, a shared base profile, several dates, a set of outcomes, a referral that must not
be given, and a run with no cases that says why."""
from __future__ import annotations

import shutil

from typer.testing import CliRunner

from conftest import STANDARDS
from standards_engine.cli import app

runner = CliRunner()
BASE = ('base_profile: {"age": 40, "significant_mental_impairment": true, "living_situation": "own_home", '
        '"resources_in_some_areas": true, "motivated": true, "difficulty_managing_daily_life": true, '
        '"requested_support_tasks": ["daily_structure", "finances"], "requested_support_hours_per_week": 3}\n')


def _tree(tmp_path, cases: str | None):
    root = tmp_path / "standards"
    shutil.copytree(STANDARDS / "ishoj" / "sel-85", root / "ishoj" / "sel-85", ignore=shutil.ignore_patterns("tests"))
    shutil.copytree(STANDARDS / "ishoj" / "_catalogue", root / "ishoj" / "_catalogue")  # the 2015 revision takes its header from it
    if cases is not None:
        (root / "ishoj" / "sel-85" / "tests").mkdir()
        (root / "ishoj" / "sel-85" / "tests" / "t.yaml").write_text(cases, encoding="utf-8")
    return root


def _test(root, *extra):
    return runner.invoke(app, ["test", str(root), *extra])


def test_incomplete_names_the_missing_facts_with_their_questions(tmp_path):
    root = _tree(tmp_path, BASE + "cases:\n  - name: uden motivation\n    date: 2025-03-01\n"
                                  "    profile: {motivated: null}\n    expect: {outcome: grant}\n")
    r = _test(root)
    assert r.exit_code == 1
    assert "udfald: forventet grant (bevilling anbefales), fik incomplete (mangler oplysninger)" in r.stderr
    assert "      mangler: motivated: Er borgeren motiveret for at modtage indsatsen?" in r.stderr
    en = _test(root, "--lang", "en")
    assert "outcome: expected grant (grant recommended), got incomplete (information missing)" in en.stderr
    assert "      missing: motivated: Is the citizen motivated to receive the service?" in en.stderr, en.stderr


def test_a_deciding_rule_that_did_not_decide_is_said_with_the_rules_texts(tmp_path):
    root = _tree(tmp_path, BASE + "cases:\n  - name: 17 år\n    date: 2025-03-01\n    profile: {age: 17}\n"
                                  "    expect: {outcome: refuse, deciding: [funktionsnedsaettelse, alder18]}\n")
    r = _test(root)
    assert ("afgørende regel: forventet funktionsnedsaettelse »Borgeren har betydelig nedsat fysisk eller psykisk "
            "funktionsevne eller særlige sociale problemer.«, men den var ikke afgørende; afgørende var:\n"
            "      – alder-18: »Borgeren er fyldt 18 år") in r.stderr, r.stderr
    assert "afgørende regel: 'alder18' findes ikke i standarden; mente du 'alder-18'?" in r.stderr


def test_a_danish_outcome_word_is_pointed_at_with_a_suggestion_and_the_rest_of_the_file_runs(tmp_path):
    root = _tree(tmp_path, BASE + "cases:\n  - name: dansk ord\n    date: 2025-03-01\n    expect: {outcome: bevilling}\n"
                                  "  - name: rigtig\n    date: 2025-03-01\n    expect: {outcome: grant}\n"
                                  "  - name: forkert\n    date: 2025-03-01\n    expect: {outcome: refuse}\n")
    r = _test(root)
    assert r.exit_code == 1
    assert "t.yaml:5:23: fejl: sagen »dansk ord« fejler" in r.stderr
    assert "ukendt udfald 'bevilling' i forventningen; mente du 'grant' (bevilling anbefales)?" in r.stderr
    assert "sagen »forkert« fejler" in r.stderr and "1 sag bestået, 2 fejlet." in r.stdout
    en = _test(root, "--lang", "en")
    assert "unknown outcome 'bevilling' in the expectation; did you mean 'grant' (grant recommended)?" in en.stderr
    # a list of outcomes is checked word by word; a near miss is suggested too
    (root / "ishoj" / "sel-85" / "tests" / "t.yaml").write_text(
        BASE + "cases:\n  - name: liste\n    date: 2025-03-01\n    expect: {outcome: [assess, grnat]}\n", encoding="utf-8")
    r = _test(root)
    assert "t.yaml:5:32: fejl: sagen »liste« fejler" in r.stderr and "mente du 'grant'" in r.stderr, r.stderr


def test_a_wrong_fact_in_a_case_points_at_its_line_and_column_with_a_suggestion(tmp_path):
    root = _tree(tmp_path, BASE + "cases:\n  - name: tastefejl\n    date: 2025-03-01\n    profile:\n      age: 40\n"
                                  "      motivatd: true\n    expect: {outcome: grant}\n"
                                  "  - name: forkert type\n    date: 2025-03-01\n    profile:\n      age: fyrre\n"
                                  "    expect: {outcome: grant}\n")
    r = _test(root)
    assert "t.yaml:7:7: fejl: sagen »tastefejl« fejler" in r.stderr, r.stderr
    assert "Profilen har et ukendt faktum 'motivatd'. Mente du 'motivated'?" in r.stderr
    assert "t.yaml:12:12: fejl: sagen »forkert type« fejler" in r.stderr
    # a fact of the shared base profile is pointed at where it is written
    (root / "ishoj" / "sel-85" / "tests" / "t.yaml").write_text(
        "base_profile:\n  age: 40\n  living_situaton: own_home\ncases:\n  - name: a\n    date: 2025-03-01\n"
        "    expect: {outcome: grant}\n", encoding="utf-8")
    r = _test(root)
    assert "t.yaml:3:3: fejl: sagen »a« fejler" in r.stderr and "Mente du 'living_situation'?" in r.stderr, r.stderr


def test_a_base_profile_several_dates_a_set_of_outcomes_and_an_absent_referral(tmp_path):
    cases = BASE + """cases:
  - name: samme borger før og efter 2024
    profile: {requested_support_tasks: [daily_structure, shopping_cooking]}
    expect_on:
      2023-06-01: {outcome: grant, no_alternatives: [sel-83]}
      2025-03-01: {outcome: partial, alternatives: [sel-83]}
  - name: aldrig afslag
    profile: {motivated: false}
    dates: [2023-06-01, 2025-03-01]
    expect: {outcome: [assess, partial, grant]}
  - name: gammel form
    date: 2025-03-01
    profile: {"age": 17}
    expect: {outcome: refuse}
"""
    root = _tree(tmp_path, cases)
    r = _test(root)
    assert r.exit_code == 0 and "5 sager bestået, 0 fejlet." in r.stdout, r.output
    # each date is its own case: a wrong expectation on one date names the date
    (root / "ishoj" / "sel-85" / "tests" / "t.yaml").write_text(cases.replace("2023-06-01: {outcome: grant, no_alternatives",
                                                                              "2023-06-01: {outcome: partial, no_alternatives")
                                                                .replace("expect: {outcome: [assess, partial, grant]}",
                                                                         "expect: {outcome: [refuse, incomplete]}")
                                                                .replace("2025-03-01: {outcome: partial, alternatives",
                                                                         "2025-03-01: {outcome: partial, no_alternatives"),
                                                                encoding="utf-8")
    r = _test(root)
    assert "t.yaml:6:7: fejl: sagen »samme borger før og efter 2024 (2023-06-01)« fejler" in r.stderr, r.stderr
    assert "sagen »aldrig afslag (2025-03-01)« fejler" in r.stderr
    assert ("udfald: forventet en af refuse (afslag anbefales), incomplete (mangler oplysninger), "
            "fik assess (kræver konkret vurdering)") in r.stderr
    assert "henvisning: sel-83 (Personlig og praktisk hjælp (servicelovens § 83)) må ikke gives, men blev givet" in r.stderr
    # a case must say its date one way only
    (root / "ishoj" / "sel-85" / "tests" / "t.yaml").write_text(
        BASE + "cases:\n  - name: begge\n    date: 2025-03-01\n    dates: [2025-03-01]\n    expect: {outcome: grant}\n"
               "  - name: rigtig\n    date: 2025-03-01\n    expect: {outcome: grant}\n", encoding="utf-8")
    r = _test(root)
    assert "t.yaml:3:5: fejl: 'cases[0]': en sag skal have præcis én af 'date' (én dato), 'dates'" in r.stderr, r.stderr
    assert "1 sag bestået" in r.stdout


def test_no_cases_says_where_it_looked_and_why_on_standard_output(tmp_path):
    root = _tree(tmp_path, None)
    r = _test(root / "ishoj")
    assert r.exit_code == 1
    assert "Ingen eksempelsager fundet under" in r.stdout and "ishoj: ingen filer i <kommune>/<ydelse>/tests/*.yaml." in r.stdout
    assert "Standarder fundet dér uden eksempelsager: ishoj/sel-85." in r.stdout
    en = _test(root / "ishoj", "--lang", "en")
    assert "No example cases found under" in en.stdout and "Standards found there with no example cases: ishoj/sel-85." in en.stdout
    empty = tmp_path / "tom" / "standards"
    empty.mkdir(parents=True)
    assert "Der er heller ingen standarder dér." in _test(empty).stdout


def test_impact_over_example_cases_uses_the_base_profile(tmp_path):
    root = _tree(tmp_path, BASE + "cases:\n  - name: indkøb\n    profile: {requested_support_tasks: [daily_structure, shopping_cooking]}\n"
                                  "    expect_on:\n      2023-06-01: {outcome: grant}\n      2025-03-01: {outcome: partial}\n")
    r = runner.invoke(app, ["impact", "--cases", "-m", "ishoj", "-s", "sel-85", "--standards-dir", str(root),
                            "--from", "2023-06-01", "--to", "2025-03-01", "--format", "json"])
    assert r.exit_code == 0, r.output
    import json
    d = json.loads(r.stdout)
    assert d["total"] == 1 and d["counts"]["grant"]["partial"] == 1


def test_the_shared_profile_example_in_the_authoring_guide_passes(tmp_path):
    from conftest import REPO
    guide = (REPO / "docs" / "authoring.md").read_text("utf-8")
    section = guide[guide.index("### Less to write"):]
    start = section.index("```yaml\n") + 8
    root = _tree(tmp_path, section[start:section.index("\n```", start)] + "\n")
    r = _test(root)
    assert r.exit_code == 0 and "4 sager bestået, 0 fejlet." in r.stdout, r.output  # two dates each


def test_a_misnamed_fact_or_rule_in_the_expectation_is_pointed_at(tmp_path):
    root = _tree(tmp_path, BASE + "cases:\n  - name: a\n    date: 2025-03-01\n    expect:\n      outcome: grant\n"
                                  "      missing: [motivated, resources]\n")
    r = _test(root)
    assert "t.yaml:3:5: fejl: sagen »a« fejler" in r.stderr, r.stderr
    assert ("t.yaml:7:28: fejl: forventningen nævner et ukendt faktum 'resources'; mente du 'resources_in_some_areas'?"
            in r.stderr), r.stderr
    (root / "ishoj" / "sel-85" / "tests" / "t.yaml").write_text(
        BASE + "cases:\n  - name: b\n    profile: {age: 17}\n    expect_on:\n      2025-03-01:\n        outcome: refuse\n"
               "        deciding: [alder-18, alder]\n", encoding="utf-8")
    r = _test(root)
    assert "t.yaml:8:30: fejl: afgørende regel: 'alder' findes ikke i standarden; mente du 'alder-18'?" in r.stderr, r.stderr


def test_impact_over_example_cases_reads_the_profiles_whatever_the_expectations_say(tmp_path):
    root = _tree(tmp_path, BASE + "cases:\n  - name: dansk ord\n    date: 2025-03-01\n    expect: {outcome: bevilling}\n")
    r = runner.invoke(app, ["impact", "--cases", "-m", "ishoj", "-s", "sel-85", "--standards-dir", str(root),
                            "--from", "2023-06-01", "--to", "2025-03-01", "--format", "json"])
    assert r.exit_code == 0, r.output
    import json
    assert json.loads(r.stdout)["total"] == 1
