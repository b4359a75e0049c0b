"""The law layer: the statute's rules apply in every municipality, and no municipal file can weaken them."""
from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import REPO, STANDARDS, minimal_standard
from standards_engine import check, law, open_repository
from standards_engine.compiled import compile_standard
from standards_engine.coerce import parse_profile
from standards_engine.engine import evaluate
from standards_engine.schema import Standard, to_data
from standards_engine.validate import standard_files
from standards_engine.vocabulary import STANDARD_SERVICES, facts, input_facts

ON = dt.date(2025, 8, 1)
REPOSITORY = open_repository(STANDARDS)
# Every bundled standard of a service, whatever municipality, in force on ON (or its last revision).
BY_SERVICE: dict[str, list] = {}
for _p in standard_files([STANDARDS]):
    BY_SERVICE.setdefault(_p.parent.name, []).append(REPOSITORY.resolve(_p))


def _bare(service: str) -> dict:
    """A municipal standard that says nothing: only the law layer decides."""
    return to_data(Standard.model_validate(minimal_standard(service={"id": service, "title": "t"}, criteria=[])))


def _law_facts(service: str) -> dict:
    from standards_engine.logic import fact_names
    names: set[str] = set()
    for kind, rules in law.law_rules(service, law.in_force(service, ON)).items():
        for r in rules:
            for k in ("condition", "applies_when", "applies_if"):
                if r.get(k):
                    names |= fact_names(r[k])
            if r.get("excluded_content"):
                names.add(r["excluded_content"]["fact"])
    vocab = facts()
    out = {}
    for n in names:
        f = vocab[n]
        for src in (f.derived_from if f.derived else (n,)):
            out[src] = vocab[src]
    return out


def _value(f):
    if f.type == "bool":
        return st.booleans()
    if f.type in ("int", "number"):
        return st.integers(int(f.min or 0), int(min(f.max if f.max is not None else 110, 110)))
    if f.type == "date":
        return st.dates(dt.date(1930, 1, 1), dt.date(2007, 1, 1))
    if f.type == "enum":
        return st.sampled_from(f.values)
    return st.lists(st.sampled_from(f.values), unique=True, max_size=3)


def _profiles(service: str):
    fs = _law_facts(service)
    return st.fixed_dictionaries({}, optional={n: _value(f) for n, f in sorted(fs.items())}).map(_consistent)


def _consistent(p: dict) -> dict:
    if "age" in p and "birth_date" in p:
        del p["age"]
    for name, f in input_facts().items():
        if f.negation_of in p and name in p and p[name] == p[f.negation_of]:
            del p[name]
    return p


def _law_results(rec) -> dict[str, str]:
    """Each law rule's result, whether the law layer's own rule or the municipal rule restating it."""
    return {(r.restates or r.rule): r.result for r in rec.reasons if r.origin == "law" or r.restates}


SERVICES = [s for s in STANDARD_SERVICES if s in BY_SERVICE]


@pytest.mark.parametrize("service", SERVICES)
def test_a_law_rule_gives_the_same_result_for_the_same_facts_in_every_municipality(service):
    standards = [_bare(service)] + [r.compiled.data for r in BY_SERVICE[service]]
    compiled = [compile_standard(d) for d in standards]

    @given(_profiles(service))
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    def run(profile):
        given_facts = parse_profile(profile)
        results = [_law_results(evaluate(cs, given_facts, ON)) for cs in compiled]
        for other in results[1:]:
            assert other == results[0]
    run()


def _weakened(data: dict, how: int) -> dict:
    """What a municipal file could try: call its rules service level, drop their link to the law,
    drop them, or add a service-level exclusion of everything the law excludes."""
    d = dict(data)
    kinds = ("criteria", "exclusions", "limits")
    if how == 0:
        for k in kinds:
            d[k] = [{**r, "basis": "service_level"} for r in d.get(k, ())]
    elif how == 1:
        for k in kinds:
            d[k] = [{kk: v for kk, v in r.items() if kk != "restates"} | {"basis": "service_level"} for r in d.get(k, ())]
    elif how == 2:
        for k in kinds:
            d[k] = []
    else:
        values = facts()["requested_support_tasks"].values
        d["exclusions"] = [*d.get("exclusions", ()),
                           {"id": "alt-er-serviceniveau", "basis": "service_level", "text": "t",
                            "source": {"section": "s", "quote": "qqq"},
                            "excluded_content": {"fact": "requested_support_tasks", "values": list(values)}}]
    return d


@pytest.mark.parametrize("service", SERVICES)
def test_no_municipal_file_turns_a_law_refusal_into_anything_better(service):
    bare = compile_standard(_bare(service))
    variants = [compile_standard(_weakened(r.compiled.data, how)) for r in BY_SERVICE[service] for how in range(4)]
    variants += [r.compiled for r in BY_SERVICE[service]]

    @given(_profiles(service))
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    def run(profile):
        given_facts = parse_profile(profile)
        if evaluate(bare, given_facts, ON).outcome != "refuse":
            return
        for cs in variants:
            rec = evaluate(cs, given_facts, ON)
            assert rec.outcome == "refuse", (profile, rec.outcome, [r.rule for r in rec.deciding()])
    run()


@given(st.sampled_from(SERVICES), st.data())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_service_level_rule_alone_never_refuses(service, data):
    """Where every law rule is met or not applicable, the municipality's own rules can at most ask for an assessment."""
    profile = data.draw(_profiles(service))
    given_facts = parse_profile(profile)
    bare = evaluate(compile_standard(_bare(service)), given_facts, ON)
    if bare.outcome == "refuse":
        return
    for res in BY_SERVICE[service]:
        rec = evaluate(res.compiled, given_facts, ON)
        if rec.outcome == "refuse":
            assert all(r.basis == "statute" for r in rec.deciding())


def test_a_bpa_request_under_85_is_refused_on_the_law_in_vallensbaek_as_in_ishoj():
    p = {"age": 40, "significant_mental_impairment": True, "living_situation": "own_home",
         "requested_support_tasks": ["personal_assistance"], "requested_support_hours_per_week": 12}
    for m in ("vallensbaek", "ishoj"):
        rec = check(p, m, "sel-85", dt.date(2025, 3, 1), repository=REPOSITORY)
        assert rec.outcome == "refuse"
        (r,) = rec.deciding()
        assert r.basis == "statute" and r.citation["act"] == "serviceloven" and r.citation["paragraph"] == "96"


def test_every_reason_says_whether_it_comes_from_the_law_or_the_municipality():
    p = {"age": 40, "significant_mental_impairment": True, "living_situation": "own_home",
         "requested_support_tasks": ["daily_structure"], "requested_support_hours_per_week": 3}
    d = check(p, "ishoj", "sel-85", dt.date(2025, 3, 1), repository=REPOSITORY).to_dict()
    for r in d["reasons"]:
        assert r["origin"] in ("law", "municipality")
        if r["origin"] == "law" or r["restates"]:
            assert r["citation"]["act"] and r["citation"]["paragraph"] and r["citation"]["text"].startswith("serviceloven §")
        if r["origin"] == "municipality":
            assert r["source"] and r["section"]
    age = next(r for r in d["reasons"] if r["rule"] == "alder-18")
    assert age["restates"] == "lov-voksen-18" and age["source"] == "du er fyldt 18 år"  # the quote stays linked


def test_vallensbaek_is_told_to_complain_to_vallensbaek_not_ishoj():
    p = {"age": 17}
    rec = check(p, "vallensbaek", "sel-85", dt.date(2025, 3, 1), repository=REPOSITORY)
    (complaint,) = [i for i in rec.information if i.topic == "complaint"]
    assert complaint.text.startswith("Klagen sendes til Vallensbæk Kommune")
    assert "Ishøj Store Torv" not in complaint.text and "Ishøj Kommune som klageadresse" in complaint.text
    assert complaint.citation["act"] == "retssikkerhedsloven"
    ishoj = check(p, "ishoj", "sel-85", dt.date(2025, 3, 1), repository=REPOSITORY)
    assert any("Ishøj" in i.text for i in ishoj.information if i.topic == "complaint")


def test_the_recommendation_names_every_file_it_rests_on_with_its_sha256():
    rec = check({"age": 40}, "vallensbaek", "sel-85", dt.date(2025, 3, 1), repository=REPOSITORY)
    files = rec.standard["files"]
    roles = [f["role"] for f in files]
    assert roles[:2] == ["municipal_text", "same_as"] and "law" in roles
    for f in files:
        path = (REPO / f["path"]) if f["role"] != "law" else (REPO / "src" / "standards_engine" / f["path"])
        assert hashlib.sha256(path.read_bytes()).hexdigest() == f["sha256"], f
    assert {f["path"] for f in files if f["role"] == "law"} >= {"law/sel-85/2015-01-01.yaml", "law/voksne/2024-01-01.yaml"}


def test_a_law_version_applies_from_its_own_date():
    """Under 18: before 2024 the referral names serviceloven's rules for children, from 2024 barnets lov."""
    young = {"age": 17}
    before = check(young, "vallensbaek", "sel-85", dt.date(2023, 6, 1), repository=REPOSITORY)
    after = check(young, "vallensbaek", "sel-85", dt.date(2024, 6, 1), repository=REPOSITORY)
    assert "barnets lov" not in before.alternatives[0].reason and "barnets lov" in after.alternatives[0].reason


def test_an_exclusion_of_a_part_not_asked_for_is_information_not_a_question():
    p = {"age": 25, "significant_mental_impairment": True, "needs_temporary_comprehensive_support": True}
    rec = check(p, "ishoj", "sel-107", dt.date(2025, 3, 1), repository=REPOSITORY)
    assert rec.outcome == "grant" and rec.missing_facts == []
    assert any(i.text.startswith("Hvis der søges om kørsel") for i in rec.information)


def test_a_law_file_with_an_unknown_act_or_paragraph_is_refused_with_its_place(tmp_path):
    from standards_engine.errors import StandardError
    src = (law.LAW_DIR / "sel-85" / "2015-01-01.yaml").read_text("utf-8")
    bad = tmp_path / "sel-85" / "2015-01-01.yaml"
    bad.parent.mkdir()
    bad.write_text(src.replace('paragraph: "97"', 'paragraph: "977"', 1), encoding="utf-8")
    with pytest.raises(StandardError) as e:
        law.parse_file(bad)
    assert "serviceloven § 977" in e.value.text("da") and ":21:" in e.value.text("da")


def test_a_referral_says_what_the_law_says_with_it_and_what_applies_instead():
    """§ 86 after discharge with a genoptræningsplan: not met, sundhedsloven § 140 instead; § 83 a named before § 83."""
    from standards_engine.render import to_text
    p = {"age": 40, "significant_physical_impairment": True, "living_situation": "own_home",
         "discharged_with_rehabilitation_plan": True, "needs_personal_or_practical_help": True,
         "requested_support_tasks": ["rehabilitation_training", "cleaning_laundry"]}
    rec = check(p, "vallensbaek", "sel-85", dt.date(2025, 3, 1), repository=REPOSITORY)
    alt = {a.service: a for a in rec.alternatives}
    assert alt["sel-86"].check == "not_met" and "sundhedsloven § 140" in alt["sel-86"].instead
    assert alt["sel-86"].law_notes == []  # not met: the instead says what applies, not the paragraph's notes
    assert alt["sel-83"].check == "met" and any("§ 83 a" in n for n in alt["sel-83"].law_notes)
    text = to_text(rec)
    assert "Efter loven: Før behovet for hjælp efter § 83 vurderes" in text
    assert any(a["law_notes"] for a in rec.to_dict()["alternatives"])


def test_a_referral_to_sundhedsloven_names_the_paragraphs_without_conditions():
    p = {"age": 40, "significant_mental_impairment": True, "requested_support_tasks": ["health_treatment"]}
    rec = check(p, "vallensbaek", "sel-85", dt.date(2025, 3, 1), repository=REPOSITORY, lang="en")
    a = next(a for a in rec.alternatives if a.service == "sundhedsloven")
    assert a.check is None and {"sundhedsloven § 79", "sundhedsloven § 138", "sundhedsloven § 140"} <= {
        n[n.rindex("(") + 1:-1] for n in a.law_notes}


def test_the_law_table_in_docs_standards_lists_every_law_rule():
    page = (REPO / "docs" / "standards.md").read_text("utf-8")
    start, end = "<!-- law table -->\n", "<!-- /law table -->"
    table = page[page.index(start) + len(start):page.index(end)]
    assert table.strip() == law.table_markdown().strip(), \
        "run: python -c 'from standards_engine import law; print(law.table_markdown())' and paste it into docs/standards.md"
