"""The command line as caseworkers and CI use it."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import copy_service
from conftest import REPO, STANDARDS
from standards_engine.cli import app

runner = CliRunner()
EX = REPO / "examples"
AFL = ["--municipality", "ishoj", "--service", "sel-107-aflastning", "--date", "2025-03-01", "--standards-dir", str(STANDARDS)]


def check(profile, *extra, input=None):
    return runner.invoke(app, ["check", str(profile), *AFL, *extra], input=input)


def test_120_nights_is_partial_recommending_90_and_citing_the_catalogue():
    r = check(EX / "aflastning-120-doegn.yaml", "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["outcome"] == "partial"
    [lim] = [x for x in d["limits"] if x["rule"] == "max-90-doegn"]
    assert (lim["requested"], lim["max"], lim["recommended"], lim["exceeded"]) == (120, 90, 90, True)
    [reason] = [x for x in d["reasons"] if x["rule"] == "max-90-doegn"]
    assert reason["source"] == "Som udgangspunkt kan der maximalt visiteres til 90 aflastningsdøgn/år."
    assert reason["basis"] == "service_level" and reason["result"] == "exceeded" and reason["deciding"]
    assert d["standard"]["valid_from"] == "2015-11-01" and len(d["standard"]["sha256"]) == 64
    assert d["municipality"] == "ishoj" and d["service"] == "sel-107-aflastning" and d["evaluated_on"] == "2025-03-01"
    assert d["level"] is None and d["missing_facts"] == []
    assert {"outcome", "reasons", "limits", "level", "missing_facts", "alternatives"} <= set(d)


def test_a_quantity_not_asked_for_is_stated_as_a_limit_not_recommended_in_text_and_markdown():
    # The 120-night profile asks for no holiday days: the 5-day holiday limit is stated, not "anbefalet 5".
    text = check(EX / "aflastning-120-doegn.yaml").stdout
    # the quantity in Danish words first, the rule's id after
    assert "feriedage pr. kalenderår med personale: ansøgt ikke oplyst, højst 5 feriedage/år (ferie-5-dage)\n" in text
    assert "aflastningsdøgn pr. år: ansøgt 120, højst 90, anbefalet 90 aflastningsdøgn/år (max-90-doegn)" in text
    md = check(EX / "aflastning-120-doegn.yaml", "--format", "markdown").stdout
    assert "| feriedage pr. kalenderår med personale (`ferie-5-dage`) | ikke oplyst | 5 | — | feriedage/år |" in md


def test_missing_caregiver_fact_is_incomplete_and_asks_in_danish():
    r = check(EX / "aflastning-mangler-omsorgspersoner.yaml")
    assert r.exit_code == 0
    assert "MANGLER OPLYSNINGER" in r.stdout
    assert "Er forældre eller andre pårørende borgerens primære omsorgspersoner?" in r.stdout
    d = json.loads(check(EX / "aflastning-mangler-omsorgspersoner.yaml", "--format", "json").stdout)
    assert d["outcome"] == "incomplete"
    assert [m["fact"] for m in d["missing_facts"]] == ["relatives_primary_caregivers"]


def test_sixteen_year_old_with_everything_else_unknown_is_refused_on_the_statute():
    d = json.loads(check(EX / "aflastning-16-aar.json", "--format", "json").stdout)
    assert d["outcome"] == "refuse"
    deciding = [x for x in d["reasons"] if x["deciding"]]
    assert [x["rule"] for x in deciding] == ["alder-18"] and deciding[0]["basis"] == "statute"
    assert d["missing_facts"] == []
    # nothing is recommended granted, and the citizen is told how to complain first
    assert d["limits"] and all(lim["recommended"] is None for lim in d["limits"])
    assert d["information"][0]["topic"] == "complaint"


def test_english_and_markdown():
    r = check(EX / "aflastning-120-doegn.yaml", "--lang", "en")
    assert "PARTIAL GRANT RECOMMENDED" in r.stdout and "As a starting point at most 90 relief nights" in r.stdout
    r = check(EX / "aflastning-120-doegn.yaml", "--format", "markdown")
    assert r.stdout.startswith("# Anbefaling: delvis bevilling anbefales (`partial`)")
    assert "| aflastningsdøgn pr. år (`max-90-doegn`) | 120 | 90 | 90 |" in r.stdout


def test_profile_from_standard_input():
    r = check("-", "--format", "json", input=(EX / "aflastning-120-doegn.yaml").read_text("utf-8"))
    assert r.exit_code == 0 and json.loads(r.stdout)["outcome"] == "partial"


@pytest.mark.parametrize("profile,args,words", [
    ("agee: 30\n", [], "ukendt faktum 'agee'"),
    ("age: abc\n", [], "'age' skal være et helt tal"),
    ("- 1\n- 2\n", [], "samling af faktanavne"),
    ("age: [1\n", [], "<stdin>:2:1"),
    ("case_id: 010190-1234\n", [], "CPR"),
    ("age: 30\n", ["--date", "2014-01-01"], "Ingen udgave"),
    ("age: 30\n", ["--date", "1. maj"], "ÅÅÅÅ-MM-DD"),
    ("age: 30\n", ["--municipality", "odense"], "Ukendt kommune 'odense'"),
    ("age: 30\n", ["--service", "sel-999"], "sel-999"),
    ("a: &x [1, 2]\nb: *x\n", [], "<stdin>:1:4"),
    ("age: 30\nage: 31\n", [], "står to gange"),
    ('{"age": 30, "age": 31}', [], "faktummet 'age' to gange"),
    ("birth_date: 2001-02-30\n", [], "<stdin>:1:13: 2001-02-30 er ikke en gyldig dato"),
    # CPR numbers as people write them, and where YAML/JSON drop the leading zero: refused, never shown
    ("case_id: 0101901234\n", [], "CPR"),
    ('{"case_id": 0101901234}', [], "CPR"),
    ('case_id: "01 01 90 1234"\n', [], "CPR"),
    ('case_id: "01.01.90-1234"\n', [], "CPR"),
    ('{"010190-1234": 1, "010190-1234": 2}', [], "CPR"),
    ("age: 30\n", ["--date", "010190-1234"], "CPR"),
    ("age: 30\n", ["--municipality", "010190-1234"], "CPR"),
    ("age: 30\n", ["--service", "010190-1234"], "CPR"),
    ('case_id: "010190\u20131234"\n', [], "CPR"),          # the en dash Word puts in
    ('case_id: "010190 - 1234"\n', [], "CPR"),
    ('case_id: "010190/1234"\n', [], "CPR"),
    ('{"\\u0030101901234": 1, "\\u0030101901234": 2}', [], "to gange"),  # escaped past the text scan
])
def test_bad_input_exits_2_with_a_message_naming_the_problem(profile, args, words):
    r = runner.invoke(app, ["check", "-", *AFL, *args], input=profile)
    assert r.exit_code == 2
    assert words in r.stderr
    assert "Traceback" not in r.output + r.stderr
    assert "1234" not in r.output + r.stderr


def test_non_utf8_profile(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_bytes("living_situation: b\xf8rn\n".encode("latin-1"))
    r = check(p)
    assert r.exit_code == 2 and "UTF-8" in r.stderr


def test_installed_entry_point_has_no_traceback_for_bad_input(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("foo: 1\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "standards_engine", "check", str(p), *AFL], capture_output=True, text=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "foo" in r.stderr


def test_help_says_what_and_shows_an_example(capsys):
    from standards_engine.cli import run
    for cmd in ("check", "validate", "test", "describe", "facts", "schema"):
        assert run([cmd, "--help"]) == 0
        out = capsys.readouterr().out
        out = " ".join(out.replace("│", " ").split())  # a phrase rich wrapped in its column reads as one again
        assert "Eksempel: standards" in out
        # the headings too are Danish
        assert "Tilvalg" in out and "Vis denne hjælp og afslut." in out and "Show this message" not in out


def test_validate_and_test_pass_on_the_bundled_tree():
    r = runner.invoke(app, ["validate", "--standards-dir", str(STANDARDS)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["test", "--standards-dir", str(STANDARDS)])
    assert r.exit_code == 0, r.output
    assert " 0 fejlet" in r.stdout


def test_validate_fails_with_exit_1(tmp_path):
    bad = tmp_path / "standards" / "ishoj" / "sel-104"
    bad.mkdir(parents=True)
    (bad / "2015-11-01.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    r = runner.invoke(app, ["validate", str(tmp_path / "standards")])
    assert r.exit_code == 1 and "2015-11-01.yaml:1:1" in r.stderr


def test_failing_example_case_shows_expected_and_actual(tmp_path):
    import shutil
    root = tmp_path / "standards"
    copy_service(STANDARDS / "ishoj" / "sel-107-aflastning", root / "ishoj" / "sel-107-aflastning")
    tests = root / "ishoj" / "sel-107-aflastning" / "tests"
    shutil.rmtree(tests, ignore_errors=True)
    tests.mkdir()
    (tests / "t.yaml").write_text("cases:\n  - name: forkert\n    date: 2025-01-01\n    profile: {age: 16}\n"
                                  "    expect: {outcome: grant}\n", encoding="utf-8")
    r = runner.invoke(app, ["test", str(root)])
    assert r.exit_code == 1
    assert "udfald: forventet grant (bevilling anbefales), fik refuse (afslag anbefales)" in r.stderr
    assert re.search(r"t\.yaml:2:5: fejl: sagen »forkert« fejler", r.stderr), r.stderr  # file:line:column for CI
    (tests / "t.yaml").write_text("cases:\n  - name: forkert\n    date: 2025-01-01\n    profile: {age: 16}\n"
                                  "    expect: {outcome: refuse, missing: [agee]}\n", encoding="utf-8")
    r = runner.invoke(app, ["test", str(root)])
    assert r.exit_code == 1 and "ukendt faktum 'agee'" in r.stderr
    (tests / "t.yaml").write_text("cases:\n  - name: for tidligt\n    date: 2001-01-01\n    profile: {age: 30}\n"
                                  "    expect: {error: Ingen udgave}\n", encoding="utf-8")
    assert runner.invoke(app, ["test", str(root)]).exit_code == 0
    (tests / "t.yaml").write_text("cases:\n  - name: ikke en fejl\n    date: 2025-01-01\n    profile: {age: 30}\n"
                                  "    expect: {error: Ingen udgave}\n", encoding="utf-8")
    r = runner.invoke(app, ["test", str(root)])
    assert r.exit_code == 1 and "forventet en fejl" in r.stderr


def test_missing_profile_file():
    r = check("/no/such/profile.yaml")
    assert r.exit_code == 2 and "findes ikke" in r.stderr


def test_an_invalid_standard_in_force_is_bad_input_with_its_location(tmp_path):
    import shutil
    root = tmp_path / "standards"
    d = root / "ishoj" / "sel-107-aflastning"
    copy_service(STANDARDS / "ishoj" / "sel-107-aflastning", d, ignore=shutil.ignore_patterns("tests"))
    f = d / "2015-11-01.yaml"
    f.write_text(f.read_text("utf-8").replace("    max: 90", "    maks: 90"), encoding="utf-8")
    r = runner.invoke(app, ["check", str(EX / "aflastning-120-doegn.yaml"), "-m", "ishoj", "-s", "sel-107-aflastning",
                            "--date", "2025-03-01", "--standards-dir", str(root)])
    assert r.exit_code == 2 and "2015-11-01.yaml:" in r.stderr and "maks" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("argv, words", [
    (["check", str(EX / "aflastning-120-doegn.yaml")], ["Tilvalget", "--municipality", "mangler"]),
    (["check", "x", "-m", "ishoj", "-s", "sel-85", "--format", "xml"], ["Ugyldig værdi for --format", "er ikke en af"]),
    (["chek"], ["Ukendt kommando 'chek'", "Mente du"]),
    (["check", "x", "y", "-m", "ishoj", "-s", "sel-85"], ["Uventet ekstra argument: y"]),
    (["check", "x", "-m", "ishoj", "-s", "sel-85", "--format", "010190-1234"], ["er ikke en af"]),  # never echoes a CPR
    (["check", "x", "-m", "ishoj", "-s", "sel-85", "x", "010190-1234"], ["Uventet ekstra argument"]),
])
def test_usage_errors_are_in_danish_with_exit_2(capsys, argv, words):
    from standards_engine.cli import run
    assert run(argv) == 2
    err = capsys.readouterr().err
    assert all(w in err for w in words), err
    assert "--help" in err and "Traceback" not in err and "1234" not in err


def test_usage_errors_are_in_english_with_lang_en(capsys):
    from standards_engine.cli import run
    assert run(["check", "x", "--lang", "en"]) == 2
    assert "Missing option" in capsys.readouterr().err


def test_run_returns_the_commands_exit_status(capsys):
    from standards_engine.cli import run
    assert run(["check", str(EX / "aflastning-120-doegn.yaml"), *AFL]) == 0
    assert "DELVIS BEVILLING" in capsys.readouterr().out
    assert run(["check", "/no/such/profile.yaml", *AFL]) == 2


def test_describe_update_check_reports_a_page_that_is_behind(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    page = tmp_path / "page.md"
    page.write_text("Hånd\n<!-- standards describe standards/ishoj/sel-107-aflastning -->\ngammelt\n<!-- /standards describe -->\nslut\n",
                    encoding="utf-8")
    r = runner.invoke(app, ["describe", "--update", str(page), "--check"])
    assert r.exit_code == 1 and "bagud" in r.stderr and "gammelt" in page.read_text("utf-8")
    assert runner.invoke(app, ["describe", "--update", str(page)]).exit_code == 0
    text = page.read_text("utf-8")
    assert text.startswith("Hånd\n") and text.endswith("<!-- /standards describe -->\nslut\n") and "gammelt" not in text
    assert "`max-90-doegn` (grænse: højst 90 aflastningsdøgn/år)" in text and "### Ishøj Kommune: Aflastning" in text
    assert runner.invoke(app, ["describe", "--update", str(page), "--check"]).exit_code == 0


def test_describe_update_from_the_wrong_folder_names_the_block_and_where_its_paths_are_read_from(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not the repository's root: standards/... is not here
    page = tmp_path / "page.md"
    page.write_text("Hånd\n<!-- standards describe standards/ishoj/sel-107-aflastning -->\n<!-- /standards describe -->\n",
                    encoding="utf-8")
    r = runner.invoke(app, ["describe", "--update", str(page), "--check"])
    assert r.exit_code == 1 and f"{page}:2: stien findes ikke: standards/ishoj/sel-107-aflastning" in r.stderr
    assert f"regnes fra den aktuelle mappe, {tmp_path}" in r.stderr


def test_json_profile_with_tab_indentation_is_read_as_json():
    r = check("-", "--format", "json", input='{\n\t"age": 16\n}')
    assert r.exit_code == 0 and json.loads(r.stdout)["outcome"] == "refuse"


def test_a_profile_file_named_by_a_cpr_number_is_not_named_in_the_message(tmp_path):
    r = check(tmp_path / "0101901234.yaml")
    assert r.exit_code == 2 and "findes ikke" in r.stderr and "1901234" not in r.stderr


def test_impossible_dates_in_a_standard_and_a_case_file_are_located(tmp_path):
    import shutil
    root = tmp_path / "standards"
    d = root / "ishoj" / "sel-107-aflastning"
    copy_service(STANDARDS / "ishoj" / "sel-107-aflastning", d)
    cases = d / "tests" / "cases.yaml"
    cases.write_text(cases.read_text("utf-8").replace("date: 2025-03-01", "date: 2025-02-30", 1), encoding="utf-8")
    r = runner.invoke(app, ["test", str(root)])
    assert r.exit_code == 1 and "2025-02-30 er ikke en gyldig dato" in r.stderr and "Traceback" not in r.stderr
    f = d / "2015-11-01.yaml"
    f.write_text(f.read_text("utf-8").replace("valid_from: 2015-11-01", "valid_from: 2015-11-31"), encoding="utf-8")
    r = runner.invoke(app, ["validate", str(root)])
    assert r.exit_code == 1 and "2015-11-01.yaml:" in r.stderr and "2015-11-31 er ikke en gyldig dato" in r.stderr


def test_describe_on_a_missing_path_and_a_page_without_blocks_fail(tmp_path):
    assert runner.invoke(app, ["describe", str(tmp_path / "nope")]).exit_code == 1
    page = tmp_path / "page.md"
    page.write_text("# Ingen blokke\n", encoding="utf-8")
    r = runner.invoke(app, ["describe", "--update", str(page), "--check"])
    assert r.exit_code == 1 and "ingen genererede blokke" in r.stderr


def test_counts_are_in_correct_danish(tmp_path):
    r = runner.invoke(app, ["validate", str(STANDARDS / "ishoj" / "sel-107-aflastning")])
    assert "1 standard kontrolleret: 0 fejl, 0 advarsler." in r.stdout


@pytest.mark.parametrize("profile, da, en", [
    ("a: b: c\n", "et kolon (:) står", "a colon (:) where"),
    ("age: [1\nb: 2\n", "en liste i [ ] er ikke lukket", "a list in [ ] is not closed"),
    ("age: 30\n---\nage: 31\n", "mere end ét YAML-dokument", "more than one YAML document"),
    ("age: 30\nage: 31\n", "står to gange", "appears twice"),
    ("age:\t30\n", "tabulator", "tab characters"),
])
def test_read_errors_are_in_the_users_language_with_their_place(profile, da, en):
    r_da = runner.invoke(app, ["check", "-", *AFL], input=profile)
    r_en = runner.invoke(app, ["check", "-", *AFL, "--lang", "en"], input=profile)
    assert r_da.exit_code == r_en.exit_code == 2
    assert da in r_da.stderr and "<stdin>:" in r_da.stderr
    assert en in r_en.stderr and "Profilen" not in r_en.stderr and "ugyldig" not in r_en.stderr


def test_the_elderly_act_note_speaks_of_the_citizen_once_pension_age_is_known(tmp_path):
    base = {"significant_physical_impairment": True, "living_situation": "own_home", "resources_in_some_areas": True,
            "motivated": True, "difficulty_managing_daily_life": True, "requested_support_tasks": ["finances", "shopping_cooking"]}

    def note(extra, date):
        p = tmp_path / "p.json"
        p.write_text(json.dumps({**base, **extra}), encoding="utf-8")
        r = runner.invoke(app, ["check", str(p), "-m", "ishoj", "-s", "sel-85", "--date", date, "--format", "json",
                                "--standards-dir", str(STANDARDS)])
        (alt,) = [a for a in json.loads(r.stdout)["alternatives"] if a["service"] == "sel-83"]
        return alt["note"]
    assert note({"birth_date": "1950-03-01"}, "2025-09-01").startswith("Borgeren har nået folkepensionsalderen")
    assert note({"birth_date": "1990-03-01"}, "2025-09-01").startswith("Fra 1. juli 2025")  # under pension age: the rule only
    # 67 on 2025-09-01 without a birth date: born 1957-09-02 .. 1958-09-01, all past folkepensionsalder (issue 6, A5)
    assert note({"age": 67}, "2025-09-01").startswith("Borgeren har nået folkepensionsalderen")
    # 67 on 2030-06-01: born 1962-06-02 .. 1963-06-01, the 67 and 68 cohorts: pension age unknown
    assert note({"age": 67}, "2030-06-01").startswith("Fra 1. juli 2025")
    assert note({"birth_date": "1950-03-01"}, "2025-03-01") is None  # before the Elderly Act


def test_a_piped_check_does_not_import_rich():
    """Decision 0002: start-up time. rich (≈20 ms) is for a person at a terminal, not for piped output or CI."""
    code = ("import sys\nfrom standards_engine.cli import run\n"
            f"rc = run(['check', {str(EX / 'aflastning-120-doegn.yaml')!r}, *{AFL!r}])\n"
            "print(rc, any(m == 'rich' or m.startswith('rich.') for m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stdout.strip().splitlines()[-1] == "0 False", r.stdout + r.stderr


def test_describe_update_refuses_unpaired_markers_and_keeps_crlf(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    page = tmp_path / "page.md"
    start = "<!-- standards describe standards/ishoj/sel-107-aflastning -->"
    end = "<!-- /standards describe -->"
    unclosed = f"Hånd\n{start}\ngammelt\nVIGTIG HÅNDSKREVET TEKST\n"
    page.write_text(unclosed, encoding="utf-8")
    r = runner.invoke(app, ["describe", "--update", str(page)])
    assert r.exit_code == 1 and "ingen slutmarkør" in r.stderr
    assert page.read_text("utf-8") == unclosed  # nothing lost
    page.write_bytes(f"Hånd\r\n{start}\r\n{end}\r\nslut\r\n".encode("utf-8"))
    assert runner.invoke(app, ["describe", "--update", str(page)]).exit_code == 0
    raw = page.read_bytes().decode("utf-8")
    assert raw.startswith("Hånd\r\n") and raw.endswith(f"{end}\r\nslut\r\n") and "\n" not in raw.replace("\r\n", "")
    page.write_text(f'<!-- standards describe "uafsluttet -->\n{end}\n', encoding="utf-8")
    r = runner.invoke(app, ["describe", "--update", str(page)])
    assert r.exit_code == 1 and "kan ikke læses" in r.stderr


def test_describe_check_without_update_and_only_pointers_are_errors():
    assert runner.invoke(app, ["describe", "--check"]).exit_code == 2
    r = runner.invoke(app, ["describe", str(STANDARDS / "vallensbaek"), "--standards-dir", str(STANDARDS)])
    assert r.exit_code == 1 and "ingen standardtekster" in r.stderr


def test_schema_to_a_missing_folder_is_a_message(tmp_path):
    r = runner.invoke(app, ["schema", "-o", str(tmp_path / "nope" / "x.json")])
    assert r.exit_code == 2 and "mappen findes ikke" in r.stderr


def test_a_cpr_number_in_a_standard_is_refused_without_showing_it(tmp_path):
    import shutil
    root = tmp_path / "standards"
    d = root / "ishoj" / "sel-107-aflastning"
    copy_service(STANDARDS / "ishoj" / "sel-107-aflastning", d)
    shutil.copytree(STANDARDS / "_sources", root / "_sources")
    f = d / "2015-11-01.yaml"
    f.write_text(f.read_text("utf-8").replace("text: Som udgangspunkt højst 90", "text: Sag 0101901234: højst 90"), encoding="utf-8")
    r = runner.invoke(app, ["validate", str(root)])
    assert r.exit_code == 1 and "ligner et CPR-nummer" in r.stderr and "1901234" not in r.output + r.stderr


@pytest.mark.parametrize("profile, words", [
    ('{\n\t"age": 30,\n}', "<stdin>:3:1: ugyldig JSON (et navn i dobbelte anførselstegn ventes her"),  # not blamed on the tab
    ("%YAML 1.1\n---\nage: 017\n", "YAML-direktiver"),  # would read 017 as 15
    ("birth_date: 2001-02-30 10:00\n", "<stdin>:1:13: 2001-02-30 10:00 er ikke en gyldig dato"),
    ('a: "\\q"\n', "ukendt escape-tegn"),
    ("case_id: 2024-01-01\n", "men er 2024-01-01."),
])
def test_more_bad_profiles_are_said_in_danish_with_their_place(profile, words):
    r = runner.invoke(app, ["check", "-", *AFL], input=profile)
    assert r.exit_code == 2 and words in r.stderr, r.stderr
    assert not any(w in r.stderr for w in ("Expecting", "found", "datetime.", "Traceback"))


def test_a_bare_validate_checks_the_standards_folder_where_it_runs(tmp_path, monkeypatch):
    import shutil
    monkeypatch.delenv("STANDARDS_DIR", raising=False)
    copy_service(STANDARDS / "ishoj" / "sel-107-aflastning", tmp_path / "standards" / "ishoj" / "sel-107-aflastning")
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["validate"])
    assert r.exit_code == 0 and "1 standard kontrolleret i standards:" in r.stdout
    f = tmp_path / "standards" / "ishoj" / "sel-107-aflastning" / "2015-11-01.yaml"
    f.write_text(f.read_text("utf-8").replace("    max: 90", "    maks: 90"), encoding="utf-8")
    r = runner.invoke(app, ["validate"])
    assert r.exit_code == 1 and "maks" in r.stderr  # the edit here is what is checked, not the bundled copy


@pytest.mark.parametrize("mid, name", [("odense", "Odense Kommune"), ("ikast-brande", "Ikast-Brande Kommune")])
def test_a_new_municipality_needs_no_code_change(tmp_path, mid, name):
    import shutil
    root = tmp_path / "standards"
    d = root / mid / "sel-107-aflastning"
    copy_service(STANDARDS / "ishoj" / "sel-107-aflastning", d, ignore=shutil.ignore_patterns("tests"))
    shutil.copytree(STANDARDS / "_sources", root / "_sources")
    # the revision and the catalogue file it takes its header from (copied beside it), both made the new one's
    for f in (d / "2015-11-01.yaml", root / mid / "_catalogue" / "ydelseskatalog-2015.yaml"):
        text = f.read_text("utf-8").replace("municipality: {id: ishoj, name: Ishøj Kommune}", f"municipality: {{id: {mid}, name: {name}}}")
        text = text.replace("catalogue: ishoj/", f"catalogue: {mid}/")
        f.write_text(text.replace("shared_with: [vallensbaek]\n", ""), encoding="utf-8")
    r = runner.invoke(app, ["validate", str(root)])
    assert r.exit_code == 0, r.stderr
    r = runner.invoke(app, ["check", str(EX / "aflastning-120-doegn.yaml"), "-m", mid, "-s", "sel-107-aflastning",
                            "--date", "2025-03-01", "--standards-dir", str(root)])
    assert r.exit_code == 0 and r.stdout.splitlines()[1].startswith(f"{name} · Aflastning")


def test_standards_dir_may_name_the_repository_holding_standards(tmp_path):
    import shutil
    copy_service(STANDARDS / "ishoj" / "sel-107-aflastning", tmp_path / "repo" / "standards" / "ishoj" / "sel-107-aflastning")
    r = runner.invoke(app, ["check", str(EX / "aflastning-120-doegn.yaml"), "-m", "ishoj", "-s", "sel-107-aflastning",
                            "--date", "2025-03-01", "--standards-dir", str(tmp_path / "repo")])
    assert r.exit_code == 0 and "partial" in r.stdout


@pytest.mark.parametrize("date", ["20250301", "2025-W09-6"])
def test_a_date_that_is_not_yyyy_mm_dd_is_refused(date):
    r = runner.invoke(app, ["check", "-", *AFL, "--date", date], input="age: 30\n")
    assert r.exit_code == 2 and "ÅÅÅÅ-MM-DD" in r.stderr


def test_a_cpr_number_in_a_folder_name_is_not_printed_in_any_output(tmp_path):
    import shutil
    root = tmp_path / "010190-1234" / "standards"
    shutil.copytree(STANDARDS, root)
    for fmt in ("text", "json", "markdown"):
        r = runner.invoke(app, ["check", str(EX / "aflastning-120-doegn.yaml"), "-m", "ishoj", "-s", "sel-107-aflastning",
                                "--date", "2025-03-01", "--format", fmt, "--standards-dir", str(root)])
        assert r.exit_code == 0 and "1234" not in r.stdout + r.stderr, fmt
    d = json.loads(runner.invoke(app, ["check", str(EX / "aflastning-120-doegn.yaml"), *AFL[:6], "--format", "json",
                                       "--standards-dir", str(root)]).stdout)
    assert d["standard"]["path"].endswith("standards/ishoj/sel-107-aflastning/2015-11-01.yaml") and len(d["standard"]["sha256"]) == 64
    for cmd in ("validate", "test"):  # their warnings and summary go to standard output
        r = runner.invoke(app, [cmd, "--standards-dir", str(root)])
        assert "1234" not in r.stdout + r.stderr, cmd


def test_an_endless_profile_is_refused_not_read_into_memory():
    import os
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    r = subprocess.run([sys.executable, "-m", "standards_engine", "check", "/dev/zero", *AFL],
                       capture_output=True, text=True, timeout=30)
    # A device is refused before any byte is read (files.read_regular); a large regular file is "større end".
    assert r.returncode == 2 and "/dev/zero" in r.stderr and "Traceback" not in r.stderr


def test_a_deeply_nested_profile_exits_2_not_70():
    r = runner.invoke(app, ["check", "-", *AFL], input="age: " + "[" * 500 + "]" * 500 + "\n")
    assert r.exit_code == 2 and "<stdin>:1:" in r.stderr and "indlejret" in r.stderr


def test_a_failing_recommended_quantity_is_shown_as_written(tmp_path):
    import shutil
    root = tmp_path / "standards"
    copy_service(STANDARDS / "ishoj" / "sel-107-aflastning", root / "ishoj" / "sel-107-aflastning")
    tests = root / "ishoj" / "sel-107-aflastning" / "tests"
    shutil.rmtree(tests)
    tests.mkdir()
    (tests / "t.yaml").write_text(
        "cases:\n  - name: 120 døgn\n    date: 2025-03-01\n    profile: {age: 30, significant_mental_impairment: true, "
        "living_situation: with_relatives, relatives_primary_caregivers: true, relief_necessary_to_stay_home: true, "
        "requested_relief_nights_per_year: 120}\n    expect: {outcome: partial, recommended: {requested_relief_nights_per_year: 80}}\n",
        encoding="utf-8")
    r = runner.invoke(app, ["test", str(root)])
    assert r.exit_code == 1 and "anbefalet requested_relief_nights_per_year (aflastningsdøgn pr. år): forventet 80, fik 90\n" in r.stderr, r.stderr


def _aflastning_tree(tmp_path, cases_yaml: str):
    import shutil
    root = tmp_path / "standards"
    copy_service(STANDARDS / "ishoj" / "sel-107-aflastning", root / "ishoj" / "sel-107-aflastning")
    shutil.copytree(STANDARDS / "_sources", root / "_sources")
    tests = root / "ishoj" / "sel-107-aflastning" / "tests"
    shutil.rmtree(tests)
    tests.mkdir()
    (tests / "t.yaml").write_text(cases_yaml, encoding="utf-8")
    return root


GRANT_CASE = ("cases:\n  - name: 60 døgn\n    date: {date}\n    profile: {{age: 30, significant_mental_impairment: true, "
              "living_situation: with_relatives, relatives_primary_caregivers: true, relief_necessary_to_stay_home: true, "
              "requested_relief_nights_per_year: 60}}\n    expect: {{outcome: grant, deciding: [alder-18]}}\n")


def test_a_case_with_a_wrong_date_names_its_date_field(tmp_path):
    r = runner.invoke(app, ["test", str(_aflastning_tree(tmp_path, GRANT_CASE.format(date="1.3.2025")))])
    assert r.exit_code == 1 and "t.yaml:3:11: fejl: 'cases[0].date' skal være en dato (ÅÅÅÅ-MM-DD)" in r.stderr, r.stderr


def test_rules_no_case_decides_are_reported_only_when_every_case_runs_and_passes(tmp_path):
    r = runner.invoke(app, ["test", str(_aflastning_tree(tmp_path / "a", GRANT_CASE.format(date="2025-03-01")))])
    assert r.exit_code == 0 and "advarsel: ingen eksempelsag har disse regler som afgørende: funktionsnedsaettelse" in r.stdout
    r = runner.invoke(app, ["test", str(tmp_path / "a" / "standards"), "--lang", "en"])
    assert r.exit_code == 0 and "warning: no example case has these rules as deciding: funktionsnedsaettelse" in r.stdout
    # an unreadable case file says so, without a list of every rule as uncovered on top
    r = runner.invoke(app, ["test", str(_aflastning_tree(tmp_path / "b", GRANT_CASE.format(date="1.3.2025")))])
    assert r.exit_code == 1 and "ingen eksempelsag" not in r.output


def test_after_a_refusal_the_text_tells_how_to_complain_not_how_a_grant_is_followed_up():
    text = check(EX / "aflastning-16-aar.json").stdout
    told = text.split("Det skal borgeren have at vide\n", 1)[1].split("\n\n", 1)[0]
    assert told.startswith("  Klage: ") and "Opfølgning" not in told and "Leverandør" not in told
    d = json.loads(check(EX / "aflastning-16-aar.json", "--format", "json").stdout)
    assert d["information"][0]["topic"] == "complaint" and "follow_up" in {i["topic"] for i in d["information"]}


def test_a_103_grant_says_when_the_citizen_reaches_folkepensionsalder(repo):
    from standards_engine import check as api_check
    p = {"birth_date": "1958-06-01", "significant_mental_impairment": True, "can_work_on_normal_terms": False,
         "can_use_offers_under_other_legislation": False, "living_situation": "own_home", "lives_alone": True,
         "current_services": [], "requested_days_per_week": 3}
    on = __import__("datetime").date(2025, 3, 1)
    rec = api_check(p, "ishoj", "sel-103", on, "da", repo)
    assert rec.outcome == "grant"
    assert any(n.startswith("Borgeren når folkepensionsalderen 2025-06-01 ") for n in rec.notes)  # born 1958: 67
    assert not any("folkepensionsalder" in n for n in api_check({**p, "birth_date": None, "age": 40}, "ishoj", "sel-103", on, "da", repo).notes)
    assert not any("folkepensionsalder" in n for n in api_check({"birth_date": "1958-06-01"}, "ishoj", "sel-107-aflastning", on, "da", repo).notes)
