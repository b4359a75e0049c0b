"""The bundled standards: valid, every example case passes, every rule decides a case."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from conftest import copy_service
from conftest import STANDARDS
from standards_engine import cases, open_repository
from standards_engine.validate import standard_files, validate_paths
from standards_engine.vocabulary import input_facts

REVISIONS = standard_files([STANDARDS])


def test_every_bundled_standard_is_valid():
    errors = [str(p) for p in validate_paths([STANDARDS]) if p.severity == "error"]
    assert errors == []


def test_every_example_case_passes_and_every_rule_decides_one():
    results, problems = cases.run([STANDARDS])
    assert problems == []
    assert [f"{r.file}:{r.line} {r.name}: {r.diffs}" for r in results if not r.passed] == []
    assert cases.uncovered_rules(results, None, [STANDARDS]) == {}


@pytest.mark.parametrize("path", REVISIONS, ids=lambda p: "/".join(p.parts[-3:]))
def test_every_revision_has_example_cases(path):
    assert list((path.parent / "tests").glob("*.yaml")), f"no example cases beside {path}"


def _profiles(compiled):
    """Profiles over the facts a standard's rules read: each fact unknown or a value of its type."""
    from standards_engine.logic import fact_names
    from standards_engine.vocabulary import facts
    vocab = facts()
    names: set[str] = set()
    for rule in compiled.rules():
        for key in ("condition", "applies_when", "applies_if"):
            if rule.data.get(key):
                names |= fact_names(rule.data[key])
        for key in ("fact",):
            if rule.data.get(key):
                names.add(rule.data[key])
        if rule.data.get("excluded_content"):
            names.add(rule.data["excluded_content"]["fact"])
    inputs: dict = {}
    for n in sorted(names):
        f = vocab[n]
        if f.derived:  # ask for what it is computed from
            for src in f.derived_from:
                inputs[src] = vocab[src]
        else:
            inputs[n] = f
    def value(f):
        if f.type == "bool":
            return st.booleans()
        if f.type in ("int", "number"):
            return st.integers(int(f.min or 0), int(min(f.max if f.max is not None else 400, 400)))
        if f.type == "date":
            return st.dates(dt.date(1930, 1, 1), dt.date(2007, 1, 1))
        if f.type == "enum":
            return st.sampled_from(f.values)
        if f.type == "list":
            return st.lists(st.sampled_from(f.values), unique=True, max_size=4)
        return st.text(max_size=5)
    return st.fixed_dictionaries({}, optional={n: value(f) for n, f in inputs.items()})


@pytest.mark.parametrize("path", REVISIONS, ids=lambda p: "/".join(p.parts[-3:]))
def test_a_service_level_alone_never_refuses_on_the_real_rules(path):
    """Relabel every rule of a bundled standard as service level: no profile may then be refused."""
    from standards_engine.compiled import compile_standard
    from standards_engine.engine import evaluate
    from standards_engine.coerce import parse_profile
    res = open_repository(STANDARDS).resolve(path)
    data = dict(res.compiled.data)
    for kind in ("criteria", "exclusions", "limits"):
        data[kind] = [{**r, "basis": "service_level"} for r in data.get(kind, [])]
    relabelled = compile_standard(data)
    original = res.compiled

    @given(_profiles(original))
    @settings(max_examples=60, deadline=None)
    def check(profile):
        if "age" in profile and "birth_date" in profile:
            del profile["age"]
        for name, f in input_facts().items():  # answers that contradict each other are refused as input
            if f.negation_of in profile and name in profile and profile[name] == profile[f.negation_of]:
                del profile[name]
            if profile.get(name) is True and profile.get(f.implies) is False:
                del profile[name]
        given_facts = parse_profile(profile)
        # The law layer's rules stay the law whatever the municipal file says: a refusal of the relabelled
        # standard rests on them alone (a law rule, or the municipal rule that restates one).
        relabelled_rec = evaluate(relabelled, given_facts, dt.date(2025, 6, 1))
        if relabelled_rec.outcome == "refuse":
            assert all(r.origin == "law" or r.restates for r in relabelled_rec.deciding())
        # and the real standard refuses only on a statute rule
        rec = evaluate(original, given_facts, dt.date(2025, 6, 1))
        if rec.outcome == "refuse":
            assert all(r.basis == "statute" for r in rec.deciding())

    check()


def test_a_date_before_the_first_revision_is_an_error():
    from standards_engine.errors import InputError
    repo = open_repository(STANDARDS)
    with pytest.raises(InputError):
        repo.in_force("ishoj", "sel-107-aflastning", dt.date(2015, 10, 31))
    assert repo.in_force("ishoj", "sel-107-aflastning", dt.date(2015, 11, 1)).valid_from == dt.date(2015, 11, 1)


def test_docs_standards_md_is_in_step_with_the_yaml_and_maps_every_bundled_standard(monkeypatch):
    """docs/standards.md holds each standard's generated sentence map, exactly as `describe` makes it now."""
    from conftest import REPO
    from pathlib import Path
    from standards_engine.describe import blocks, describe_paths, refresh
    monkeypatch.chdir(REPO)  # the block paths are relative to the repository root
    doc = (REPO / "docs" / "standards.md").read_text("utf-8")
    assert refresh(doc, lambda args: describe_paths([Path(a) for a in args])) == doc, \
        "docs/standards.md is behind the YAML: run `standards describe --update docs/standards.md`"
    described = set()
    for args in blocks(doc):
        for a in args:
            described |= {f.resolve() for f in standard_files([REPO / a])}
    repo = open_repository(STANDARDS)
    for path in REVISIONS:
        if repo.resolve(path).pointer is None:
            assert path.resolve() in described, f"{path} has no sentence map in docs/standards.md"


# Issue 3's table: every municipality and service, checked on a date in 2025 (and the 2015 § 85 in 2023).
CHECKS = [(m, s, d) for m in ("ishoj", "vallensbaek") for s in ("sel-85", "sel-103", "sel-104", "sel-107",
                                                                 "sel-107-aflastning", "sel-108") for d in ("2025-06-01",)]
CHECKS += [("ishoj", "sel-102", "2025-06-01"), ("ukendt", "sel-102", "2025-06-01"), ("haderslev", "sel-102", "2025-06-01"),
           ("ishoj", "sel-85", "2023-06-01"), ("vallensbaek", "sel-85", "2023-06-01")]


@pytest.mark.parametrize("municipality, service, date", CHECKS, ids=lambda v: str(v))
def test_check_on_every_bundled_service_quotes_the_document(municipality, service, date, tmp_path):
    """`standards check` with a granting profile from the service's own cases: exit 0, and every reason
    and information item quotes a sentence that stands in the source document."""
    import json

    from ruamel.yaml import YAML
    from typer.testing import CliRunner

    from standards_engine.cli import app
    from standards_engine.validate import _normalise
    cases_file = STANDARDS / municipality / service / "tests" / "cases.yaml"
    granting = [c for c in YAML(typ="safe").load(cases_file.read_text("utf-8"))["cases"]
                if c["expect"].get("outcome") == "grant"]
    assert granting, f"{cases_file} has no grant case"
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps(granting[0]["profile"]), encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(profile), "-m", municipality, "-s", service, "--date", date,
                                 "--format", "json", "--standards-dir", str(STANDARDS)])
    assert r.exit_code == 0, r.stderr
    rec = json.loads(r.stdout)
    assert rec["reasons"] and rec["outcome"] in ("grant", "assess", "partial", "incomplete")
    used = open_repository(STANDARDS).standard_for(municipality, service, dt.date.fromisoformat(date))
    source_file = STANDARDS / "_sources" / used.compiled.data["source_document"]["file"]
    document = _normalise(source_file.read_text("utf-8"))[0]
    for item in rec["reasons"] + rec["information"]:
        if item.get("origin") == "law":  # the law layer's own rules cite the act and §, not the document
            assert item["citation"]["act"] and item["citation"]["paragraph"], item
            continue
        assert _normalise(item["source"])[0] in document, item


@given(st.floats(0, 30, allow_nan=False).map(lambda h: round(h * 4) / 4))
@settings(max_examples=150, deadline=None)
def test_the_2015_support_level_shown_contains_the_hours_it_was_chosen_for(hours):
    """The bands overlap at 1 and 4 hours in the document; the level shown must state its ends as decided,
    so that the hours lie inside the band as shown (4 hours is 'moderat', so 'stor' starts after 4)."""
    from standards_engine import check
    repo = open_repository(STANDARDS)
    lv = check({"requested_support_hours_per_week": hours}, "vallensbaek", "sel-85", dt.date(2025, 3, 1), "da", repo).level
    assert lv is not None
    assert lv["min"] is None or hours > lv["min"] or (hours == lv["min"] and not lv["min_exclusive"])
    assert lv["max"] is None or hours < lv["max"] or (hours == lv["max"] and not lv["max_exclusive"])
    assert lv["id"] == ("let" if hours <= 1 else "moderat" if hours <= 4 else "stor" if hours <= 10 else "omfattende")
    for end in ("min", "max"):  # an end shown as inclusive is in this band, not the neighbour's
        if lv[end] is not None and not lv[f"{end}_exclusive"]:
            at_end = check({"requested_support_hours_per_week": lv[end]}, "vallensbaek", "sel-85", dt.date(2025, 3, 1), "da", repo)
            assert at_end.level["id"] == lv["id"], (end, lv)


def test_the_sentence_map_counts_rules_by_kind_and_basis_in_danish_and_english():
    from conftest import minimal_standard, src
    from standards_engine.describe import describe
    rule = {"text": "t", "source": src()}
    d = minimal_standard(
        criteria=[{**rule, "id": "a", "group": "target_group", "basis": "statute", "condition": {"fact": "age", "gte": 18}}],
        exclusions=[{**rule, "id": f"x{i}", "basis": b, "applies_if": {"fact": "motivated", "eq": False}}
                    for i, b in enumerate(["statute", "service_level", "service_level"])])
    assert ("- Regler: 1 kriterium (1 lovkrav), 3 undtagelser (1 lovkrav, 2 serviceniveau), 0 grænser; "
            "0 støtteniveauer; 0 oplysninger til borgeren; 0 sætninger ikke kodet") in describe(d, "x.yaml").splitlines()
    assert ("- Rules: 1 criterion (1 statute), 3 exclusions (1 statute, 2 service level), 0 limits; "
            "0 support levels; 0 information items; 0 sentences not encoded") in describe(d, "x.yaml", lang="en").splitlines()


def test_a_pointer_adds_assumptions_for_its_own_municipality_only(repo):
    from standards_engine import check
    on = dt.date(2025, 3, 1)
    vallensbaek = check({}, "vallensbaek", "sel-108", on, "da", repo).notes
    ishoj = check({}, "ishoj", "sel-108", on, "da", repo).notes
    assert any(n.startswith("Kataloget er fælles for Ishøj og Vallensbæk") for n in vallensbaek)
    assert not any(n.startswith("Kataloget er fælles") for n in ishoj)
    assert any(n.startswith("The catalogue is shared") for n in check({}, "vallensbaek", "sel-108", on, "en", repo).notes)


def test_a_pointer_with_unmatched_english_assumptions_is_refused(tmp_path):
    import shutil
    root = tmp_path / "standards"
    for m in ("ishoj", "vallensbaek"):
        copy_service(STANDARDS / m / "sel-108", root / m / "sel-108")
    shutil.copytree(STANDARDS / "_sources", root / "_sources")
    # Vallensbæk's assumptions are written once, in its catalogue file: the error is located there
    p = root / "vallensbaek" / "_catalogue" / "ydelseskatalog-2015.yaml"
    p.write_text(p.read_text("utf-8") + "  - One more in English.\n", encoding="utf-8")
    errors = [x for x in validate_paths([root]) if x.severity == "error"]
    assert len(errors) == 1 and "assumptions_en skal have lige så mange punkter som assumptions (1), ikke 2" in errors[0].message
    assert errors[0].path.endswith("_catalogue/ydelseskatalog-2015.yaml") and errors[0].line > 1
