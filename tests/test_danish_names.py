"""Code values in Danish wherever a person reads them (issue 9, item 8): `standards facts`, `check`'s limits and
missing facts, `impact`'s rules that made the difference, `render`; English with --lang en; ids kept in JSON/CSV."""
from __future__ import annotations

import csv
import io
import json
import re

from typer.testing import CliRunner

from conftest import REPO, STANDARDS
from standards_engine.cli import app

runner = CliRunner()
EX = REPO / "examples"


def test_facts_names_each_fact_and_value_in_danish_and_in_english_with_lang_en():
    da = runner.invoke(app, ["facts"]).stdout
    assert "requested_support_tasks – hvad støtten skal bruges til (liste): Hvad skal støtten bruges til" in da
    assert "\n    shopping_cooking = indkøb og madlavning\n" in da
    assert "living_situation – boform (én af): Hvor bor borgeren" in da and "\n    own_home = egen bolig" in da
    assert "requested_support_hours_per_week – ansigt-til-ansigt støttetimer pr. uge (tal, timer/uge):" in da
    assert "significant_mental_impairment – betydelig nedsat psykisk funktionsevne (ja/nej):" in da
    assert "under_pension_age – under folkepensionsalderen (ja/nej; beregnes af birth_date, age)" in da
    en = runner.invoke(app, ["facts", "--lang", "en"]).stdout
    assert "\n    shopping_cooking = shopping and cooking\n" in en
    assert "significant_mental_impairment (yes/no): Is the citizen's mental functioning significantly reduced?" in en
    assert "under_pension_age (yes/no; computed from birth_date, age)" in en
    assert not re.search(r"\b(ja/nej|liste|én af|beregnes|hvad|borgeren)\b", en), en


def _check(profile: str, *args: str) -> str:
    r = runner.invoke(app, ["check", "-", "-m", "ishoj", "-s", "sel-85", "--date", "2025-03-01", *args], input=profile)
    assert r.exit_code == 0, r.output
    return r.stdout


def test_check_names_limits_by_their_quantity_and_missing_facts_as_questions_with_the_profile_key():
    text = runner.invoke(app, ["check", str(EX / "aflastning-120-doegn.yaml"), "-m", "ishoj", "-s", "sel-107-aflastning",
                               "--date", "2025-03-01"]).stdout
    assert "aflastningsdøgn pr. år: ansøgt 120, højst 90, anbefalet 90 aflastningsdøgn/år (max-90-doegn)" in text
    en = runner.invoke(app, ["check", str(EX / "aflastning-120-doegn.yaml"), "-m", "ishoj", "-s", "sel-107-aflastning",
                             "--date", "2025-03-01", "--lang", "en"]).stdout
    assert "requested relief nights per year: requested 120, max 90, recommended 90" in en
    text = _check('{"age": 40}')
    assert "? Har borgeren betydelig nedsat psykisk funktionsevne? (i profilen: significant_mental_impairment)" in text
    md = _check('{"age": 40}', "--format", "markdown")
    assert "- Har borgeren betydelig nedsat psykisk funktionsevne? (i profilen: `significant_mental_impairment`)" in md
    en = _check('{"age": 40}', "--lang", "en")
    assert "(in the profile: significant_mental_impairment)" in en and "i profilen" not in en


def test_impact_says_the_rules_that_made_the_difference_in_words_and_keeps_ids_in_json_and_csv():
    args = ["impact", "--cases", "-m", "ishoj", "-s", "sel-85", "--standards-dir", str(STANDARDS),
            "--from", "2023-06-01", "--to", "2025-03-01"]
    text = runner.invoke(app, args).stdout
    assert ("bevilling anbefales → delvis bevilling anbefales\n"
            "      hovedregel-alder-65: Som hovedregel er borgeren i alderen 18–65 år.\n") in text
    assert ("      praktisk-hjaelp: Praktiske opgaver (indkøb og madlavning, rengøring og tøjvask) og personlig hjælp "
            "og pleje indgår som udgangspunkt ikke.") in text
    en = runner.invoke(app, [*args, "--lang", "en"]).stdout
    assert "      hovedregel-alder-65: As a main rule the citizen is aged 18–65." in en, en
    d = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    assert any(ch["rules"] and all(re.fullmatch(r"[a-z0-9-]+", r) for r in ch["rules"]) for ch in d["changed"])
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, [*args, "--format", "csv"]).stdout)))
    assert rows and all(re.fullmatch(r"[a-z0-9;-]*", row["rules"]) for row in rows)


def test_impact_names_a_changed_quantity_in_words(tmp_path):
    src = (STANDARDS / "ishoj" / "sel-107-aflastning" / "2015-11-01.yaml").read_text("utf-8")
    draft = tmp_path / "2026-01-01.yaml"
    draft.write_text(src.replace("max: 90", "max: 60").replace("valid_from: 2015-11-01", "valid_from: 2026-01-01"), "utf-8")
    folder = tmp_path / "profiler"
    folder.mkdir()
    (folder / "a.yaml").write_text((EX / "aflastning-120-doegn.yaml").read_text("utf-8"), "utf-8")
    r = runner.invoke(app, ["impact", str(folder), "-m", "ishoj", "-s", "sel-107-aflastning",
                            "--standards-dir", str(STANDARDS), "--from", "2025-03-01", "--to", str(draft)])
    assert "aflastningsdøgn pr. år: 90 → 60" in r.stdout, r.output


def test_render_in_danish_shows_no_code_values():
    for municipality, service in (("ishoj", "sel-85"), ("ishoj", "sel-107-aflastning"), ("haderslev", "sel-102"),
                                  ("ishoj", "sel-104"), ("vallensbaek", "sel-108")):
        md = runner.invoke(app, ["render", "-m", municipality, "-s", service, "--date", "2025-03-01", "--format", "markdown",
                                 "--standards-dir", str(STANDARDS)]).stdout
        assert md.strip()
        leftovers = re.findall(r"\b[a-z]+_[a-z_]+\b|\b(?:criterion|statute|service_level|exclusion|grant|refuse)\b", md)
        assert leftovers == [], (municipality, service, leftovers)
