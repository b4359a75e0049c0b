"""Danish by default, English where the standard gives it: rule texts, notes and assumptions."""
from __future__ import annotations

import pydantic
import pytest

from conftest import copy_service
from conftest import DATE, minimal_standard, src
from standards_engine.compiled import compile_standard
from standards_engine.engine import evaluate
from standards_engine.schema import Standard, to_data

STD = minimal_standard(
    assumptions=["Vi antager, at standarden gælder fra 1. januar."],
    assumptions_en=["We assume the standard applies from 1 January."],
    criteria=[{"id": "alder", "group": "target_group", "basis": "statute", "text": "Fyldt 18 år.", "text_en": "Aged 18 or over.",
               "source": src(), "condition": {"fact": "age", "gte": 18},
               "note": "Læses som fyldt 18 år.", "note_en": "Read as 18 or older."}])


def run(lang):
    return evaluate(compile_standard(to_data(Standard.model_validate(STD))), {"age": 16}, DATE, lang)


def test_english_uses_the_english_text_note_and_assumptions():
    r = next(r for r in run("en").reasons if r.rule == "alder")  # the law layer adds its own rules beside it
    assert (r.text, r.note) == ("Aged 18 or over.", "Read as 18 or older.")
    assert run("en").notes[0] == "We assume the standard applies from 1 January."


def test_danish_is_the_default():
    rec = run("da")
    assert (rec.reasons[0].text, rec.reasons[0].note) == ("Fyldt 18 år.", "Læses som fyldt 18 år.")
    assert rec.notes[0].startswith("Vi antager")


def test_english_assumptions_must_match_the_danish_ones_one_for_one():
    bad = {**STD, "assumptions_en": ["one", "two"]}
    with pytest.raises(pydantic.ValidationError, match="assumptions_en"):
        Standard.model_validate(bad)


# ---------------------------------------------------------------- validate, test, describe: --lang en

import re
import shutil
from pathlib import Path

from typer.testing import CliRunner

from conftest import STANDARDS
from standards_engine.cli import app, run as cli_run

runner = CliRunner()
AFL = STANDARDS / "ishoj" / "sel-107-aflastning"
GOOD = AFL / "2015-11-01.yaml"
CATALOGUE = STANDARDS / "ishoj" / "_catalogue" / "ydelseskatalog-2015.yaml"  # the age rule lives here, once
# Danish words none of these English messages may contain (outside a quoted sentence of the document)
DANISH = re.compile(r"\b(fejl|fejler|fejlet|ukendt|skal|mangler|findes|sager?|bestået|kontrolleret|advarsel|advarsler|"
                    r"ikke|og|mente|nøgle|nøglen|står|gange|tabulator|faktum|betingelsen|citatet|ordret|udgaver|"
                    r"gyldighedsdato|også|forventet|fik|udfald|være|tal|anførselstegn|ingen|kunne|læses)\b", re.I)


def danish_words(output: str) -> list[str]:
    """Danish words left in English output; a line's file:line:column: and quoted text (the document's
    sentences, a case's name) are the author's, not ours."""
    text = re.sub(r"^\S+?:\d+:\d+: ", "", output, flags=re.M)
    text = re.sub(r"“[^”]*”|»[^«]*«", "", text)
    return DANISH.findall(text)


def tree(tmp_path: Path, text: str | tuple[Path, str] | None = None, tests: bool = False) -> Path:
    root = tmp_path / "standards"
    d = root / "ishoj" / "sel-107-aflastning"
    copy_service(AFL, d, ignore=None if tests else shutil.ignore_patterns("tests"))
    shutil.copytree(STANDARDS / "_sources", root / "_sources")
    if text is not None:
        source, text = text if isinstance(text, tuple) else (GOOD, text)
        target = d / "2015-11-01.yaml" if source == GOOD else root / "ishoj" / "_catalogue" / source.name
        target.write_text(text, encoding="utf-8")
    return root


def edit(old: str, new: str) -> tuple[Path, str]:
    """The revision, or the catalogue file it takes the age rule from, with `old` replaced."""
    for source in (GOOD, CATALOGUE):
        text = source.read_text("utf-8")
        if old in text:
            return source, text.replace(old, new, 1)
    raise AssertionError(f"{old!r} is in neither {GOOD.name} nor {CATALOGUE.name}")


def both(*args):
    """The same command in Danish (the default) and with --lang en."""
    return runner.invoke(app, list(args)), runner.invoke(app, [*args, "--lang", "en"])


@pytest.mark.parametrize("old, new, da, en", [
    ("    group: allocation\n", "    group: allocation\n    grupe: x\n",
     "fejl: ukendt nøgle 'grupe' i 'criteria[4]'; mente du 'group'?", "error: unknown key 'grupe' in 'criteria[4]'; did you mean 'group'?"),
    ("    max: 90\n", "    max: 90\n    max: 120\n", 'fejl: nøglen "max" står to gange i samme afsnit',
     'error: the key "max" appears twice in the same section'),
    ("    max: 90\n", "    max:\t90\n", "fejl: tabulator-tegn er ikke tilladt", "error: tab characters are not allowed in YAML here; use spaces"),
    ("{fact: age, gte: 18}", "{fact: agee, gte: 18}", "ukendt faktum 'agee' i betingelsen; mente du 'age'?",
     "error: 'criteria[0].condition': unknown fact 'agee' in the condition; did you mean 'age'? (`standards facts` lists the vocabulary)"),
    ("    max: 90\n", '    max: "90"\n', "fejl: 'limits[0].max' skal være et tal (skrevet uden anførselstegn)",
     "error: 'limits[0].max' must be a number (written without quotes)"),
    ("{fact: age, gte: 18}", "{fact: age, eq: true}", "'age' er et tal; true er ikke et tal", "'age' is a number; true is not a number"),
    ("{fact: age, gte: 18}", "{fact: age, gte: true}", "'criteria[0].condition.gte' skal være et tal eller en dato (ÅÅÅÅ-MM-DD)",
     "'criteria[0].condition.gte' must be a number or a date (YYYY-MM-DD)"),
    ("maximalt visiteres til 90", "maksimalt visiteres til 90", "fejl: citatet findes ikke ordret i 003_638059255b5fe559.txt",
     "error: the quote is not found verbatim in 003_638059255b5fe559.txt: it follows the document up to “"),
    ("  - id: max-90-doegn\n    basis: service_level", "  - id: max-90-doegn\n    basis: statute",
     "er markeret statute, men citatet siger »som udgangspunkt«", "is marked statute, but the quote says “som udgangspunkt”"),
    ("    basis: service_level\n    fact: requested_relief_nights_per_year\n", "    fact: requested_relief_nights_per_year\n",
     "fejl: 'limits[0].basis' mangler: feltet 'basis' er påkrævet", "error: 'limits[0].basis' is missing: the field 'basis' is required"),
])
def test_validate_says_each_problem_in_english_with_lang_en_and_in_danish_by_default(tmp_path, old, new, da, en):
    root = tree(tmp_path, edit(old, new))
    r_da, r_en = both("validate", str(root))
    assert r_da.exit_code == r_en.exit_code == 1
    assert da in r_da.stderr and en in r_en.stderr, (r_da.stderr, r_en.stderr)
    # (a rule marked statute that restates no law rule adds a warning saying how to link it)
    assert re.search(r"1 standard kontrolleret: 1 fejl, [01] advars", r_da.stdout), r_da.stdout
    assert re.search(r"1 standard checked: 1 error, [01] warning", r_en.stdout), r_en.stdout
    assert danish_words(r_en.output) == [], r_en.output
    # file:line:column: is the same in both languages
    assert [ln.split(": ", 1)[0] for ln in r_da.stderr.splitlines()] == [ln.split(": ", 1)[0] for ln in r_en.stderr.splitlines()]


def test_a_same_date_revision_pair_and_a_misnamed_file_in_english(tmp_path):
    root = tree(tmp_path)
    d = root / "ishoj" / "sel-107-aflastning"
    (d / "2015-11-01.yml").write_text(GOOD.read_text("utf-8"), encoding="utf-8")
    (d / "2016-01-01.yaml").write_text(GOOD.read_text("utf-8"), encoding="utf-8")
    r_da, r_en = both("validate", str(root))
    assert "to udgaver har samme gyldighedsdato 2015-11-01" in r_da.stderr
    assert "valid_from 2015-11-01 passer ikke med filnavnet 2016-01-01.yaml" in r_da.stderr
    assert "error: two revisions are in force from the same date 2015-11-01: 2015-11-01.yml as well" in r_en.stderr
    assert "error: valid_from 2015-11-01 does not match the file name 2016-01-01.yaml" in r_en.stderr
    assert "error: a standard must be named <valid-from>.yaml" in r_en.stderr
    assert re.search(r"^3 standards checked: \d+ errors, 0 warnings\.$", r_en.stdout, re.M), r_en.stdout
    assert danish_words(r_en.output) == [], r_en.output


def test_the_summary_and_warnings_of_validate_in_english():
    r_da, r_en = both("validate", str(STANDARDS / "ishoj" / "sel-85"))
    assert r_da.exit_code == r_en.exit_code == 0
    assert "bemærkning: dokumentet lader båndene 'let' og 'moderat' overlappe ved 1" in r_da.stdout
    assert "note: the document lets the bands 'let' and 'moderat' overlap at 1; the file has decided: it belongs to 'let'" in r_en.stdout
    assert re.search(r"^\d+ standards checked: 0 errors, 0 warnings\.$", r_en.stdout, re.M), r_en.stdout
    r_da, r_en = both("validate", str(AFL))
    # The first line says which tree was checked (found upwards from the path, as git does).
    assert r_da.stdout.strip().splitlines() == ["Standardtræ: standards", "1 standard kontrolleret: 0 fejl, 0 advarsler."]
    assert r_en.stdout.strip().splitlines() == ["Standards tree: standards", "1 standard checked: 0 errors, 0 warnings."]


def test_a_missing_path_and_usage_errors_in_english(tmp_path, capsys):
    r_da, r_en = both("validate", str(tmp_path / "nope"))
    assert "nope:1:1: fejl: stien findes ikke" in r_da.stderr and "Ingen standarder fundet." in r_da.stderr
    assert "nope:1:1: error: the path does not exist" in r_en.stderr and "No standards found." in r_en.stderr
    assert "0 standards checked: 1 error, 0 warnings." in r_en.stdout
    r_en = runner.invoke(app, ["test", str(tmp_path / "nope"), "--lang", "en"])
    assert "error: the path does not exist" in r_en.stderr and "0 cases passed, 0 failed, 1 file could not be read." in r_en.stdout
    assert danish_words(r_en.output) == [], r_en.output
    for argv in (["validate", "--lang", "en", "--bogus"], ["test", "--lang=en", "--bogus"], ["describe", "--bogus", "--lang", "en"]):
        assert cli_run(argv) == 2
        err = capsys.readouterr().err
        assert "No such option: --bogus" in err and "to see the options" in err and danish_words(err) == [], err
    assert cli_run(["validate", "--bogus"]) == 2 and "Ukendt tilvalg: --bogus" in capsys.readouterr().err


def test_a_failing_example_case_shows_expected_and_actual_in_english(tmp_path):
    root = tree(tmp_path)
    tests = root / "ishoj" / "sel-107-aflastning" / "tests"
    tests.mkdir()
    (tests / "t.yaml").write_text("cases:\n  - name: forkert\n    date: 2025-01-01\n    profile: {age: 16}\n"
                                  "    expect: {outcome: grant, deciding: [hjemmeboende], missing: [agee]}\n"
                                  "  - name: rigtig\n    date: 2025-01-01\n    profile: {age: 16}\n    expect: {outcome: refuse}\n"
                                  "  - name: for tidligt\n    date: 2001-01-01\n    profile: {age: 30}\n"
                                  "    expect: {outcome: refuse}\n", encoding="utf-8")
    r_da, r_en = both("test", str(root))
    assert r_da.exit_code == r_en.exit_code == 1
    assert "t.yaml:2:5: fejl: sagen »forkert« fejler" in r_da.stderr and "udfald: forventet grant (bevilling anbefales), fik refuse (afslag anbefales)" in r_da.stderr
    assert "1 sag bestået, 2 fejlet." in r_da.stdout
    assert "t.yaml:2:5: error: the case “forkert” fails" in r_en.stderr
    assert "    outcome: expected grant (grant recommended), got refuse (refusal recommended)" in r_en.stderr
    assert "t.yaml:5:66: error: the expectation names an unknown fact 'agee'; did you mean 'age'? (see `standards facts`)" in r_en.stderr
    assert ("    deciding rule: expected hjemmeboende “The citizen lives at home with parents or other relatives.”, "
            "but it did not decide; deciding were:\n"
            "      – alder-18: “The citizen is 18 or older (the adult provisions apply from 18, SEL § 1).”") in r_en.stderr
    assert "    could not be evaluated: No revision of ishoj/sel-107-aflastning is in force on 2001-01-01" in r_en.stderr
    assert "no example case has these rules" not in r_en.output  # listed only once every case passes
    assert "1 case passed, 2 failed." in r_en.stdout
    assert danish_words(r_en.output) == [], r_en.output


def test_an_example_case_against_an_invalid_standard_in_english(tmp_path):
    root = tree(tmp_path, edit("    max: 90\n", "    maks: 90\n"), tests=True)
    r_en = runner.invoke(app, ["test", str(root), "--lang", "en"])
    assert r_en.exit_code == 1
    assert "the standard the case runs against is not valid:" in r_en.stderr
    assert "error: unknown key 'maks' in 'limits[0]'" in r_en.stderr
    assert danish_words(r_en.output) == [], r_en.output


def test_describe_in_english_and_its_errors(tmp_path):
    r_da, r_en = both("describe", str(AFL))
    assert "gældende fra 2015-11-01" in r_da.stdout and "| linje | sætning | kodet som | grundlag | bemærkning |" in r_da.stdout
    assert "in force from 2015-11-01" in r_en.stdout and "| line | sentence | encoded as | basis | note |" in r_en.stdout
    r_da, r_en = both("describe", str(tmp_path / "nope"))
    assert r_en.exit_code == 1 and "the path does not exist" in r_en.stderr and "stien findes ikke" in r_da.stderr
    assert runner.invoke(app, ["describe", "--check", "--lang", "en"]).stderr.startswith("--check is used with --update FILE")
    page = tmp_path / "page.md"
    page.write_text("no blocks\n", encoding="utf-8")
    r_en = runner.invoke(app, ["describe", "--update", str(page), "--lang", "en"])
    assert r_en.exit_code == 1 and "has no generated blocks" in r_en.stderr and danish_words(r_en.stderr) == []
    page.write_text("<!-- standards describe x -->\n", encoding="utf-8")
    r_en = runner.invoke(app, ["describe", "--update", str(page), "--lang", "en"])
    assert "the block has no end marker" in r_en.stderr


def test_check_says_an_invalid_standard_in_force_in_english(tmp_path):
    from conftest import REPO
    root = tree(tmp_path, edit("    max: 90\n", "    maks: 90\n"))
    args = ["check", str(REPO / "examples" / "aflastning-120-doegn.yaml"), "-m", "ishoj", "-s", "sel-107-aflastning",
            "--date", "2025-03-01", "--standards-dir", str(root)]
    r_da, r_en = both(*args)
    assert r_da.exit_code == r_en.exit_code == 2
    assert "ukendt nøgle 'maks'" in r_da.stderr
    assert "The standard in force is not valid:" in r_en.stderr and "unknown key 'maks' in 'limits[0]'" in r_en.stderr
    assert danish_words(r_en.stderr) == [], r_en.stderr


def test_a_validator_message_carries_both_languages():
    from standards_engine.errors import Invalid
    bad = {**STD, "criteria": [{**STD["criteria"][0], "condition": {"fact": "alder", "gte": 18}}]}
    with pytest.raises(pydantic.ValidationError) as e:
        Standard.model_validate(bad)
    (err,) = e.value.errors()
    assert isinstance(err["ctx"]["error"], Invalid)
    assert str(err["ctx"]["error"]).startswith("ukendt faktum 'alder'") and err["ctx"]["error"].en.startswith("unknown fact 'alder'")


def test_the_legal_basis_is_in_english_with_lang_en():
    from conftest import REPO
    args = ["check", str(REPO / "examples" / "aflastning-120-doegn.yaml"), "-m", "ishoj", "-s", "sel-107-aflastning",
            "--date", "2025-03-01", "--standards-dir", str(STANDARDS)]
    en = runner.invoke(app, [*args, "--lang", "en"]).stdout.splitlines()[1]
    da = runner.invoke(app, args).stdout.splitlines()[1]
    assert en == "Ishøj Kommune · Relief care (aflastning) · § 107(1) of the Social Services Act (serviceloven)"
    assert da == "Ishøj Kommune · Aflastning · § 107, stk. 1 i Lov om Social Service (serviceloven)"


def test_importing_the_cli_patches_nothing_in_click_or_typer():
    """--lang is an ordinary option; the help screens are made by the app's own command classes."""
    import subprocess
    import sys
    code = ("from typer import rich_utils\n"
            "from typer._click import core, formatting\n"
            "before = (formatting.HelpFormatter.write_usage, core.Command.get_help_option, rich_utils.OPTIONS_PANEL_TITLE)\n"
            "import standards_engine.cli\n"
            "standards_engine.cli.run(['check', '--help'])\n"
            "after = (formatting.HelpFormatter.write_usage, core.Command.get_help_option, rich_utils.OPTIONS_PANEL_TITLE)\n"
            "assert after == before and before[2] == 'Options', after\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "Brug: standards check" in r.stdout  # the Danish screen was printed, and nothing stayed patched


def test_help_screens_in_english_with_lang_en_and_danish_again_after(capsys):
    from standards_engine.cli import run
    assert run(["check", "--help", "--lang", "en"]) == 0
    en = " ".join(capsys.readouterr().out.replace("│", " ").split())  # a phrase rich wrapped in its column reads as one
    assert "Usage: standards check" in en and "Options" in en and "Evaluate a citizen profile" in en
    assert "Show this help and exit." in en and "YYYY-MM-DD" in en
    assert "Brug" not in en and "Tilvalg" not in en and "Vurdér" not in en
    assert run(["--lang=en", "--help"]) == 0
    top = capsys.readouterr().out
    assert "Commands" in top and "Run the example cases" in top
    assert run(["check", "--help"]) == 0
    da = " ".join(capsys.readouterr().out.replace("│", " ").split())
    assert "Brug: standards check" in da and "Tilvalg" in da and "Vurdér en borgerprofil" in da and "Options" not in da


@pytest.mark.parametrize("argv, english", [
    (["--lang", "en", "check"], True),           # before the command: the command speaks English too
    (["--lang=en", "check"], True),
    (["--lang", "en", "check", "--lang", "da"], False),  # the command's own --lang wins
    (["check"], False),
])
def test_lang_before_the_command_reaches_the_command(capsys, argv, english):
    from pathlib import Path
    from standards_engine.cli import run
    example = str(Path(__file__).resolve().parents[1] / "examples" / "aflastning-120-doegn.yaml")
    args = argv[:argv.index("check") + 1] + [example, "-m", "ishoj", "-s", "sel-107-aflastning", "--date", "2025-03-01"]
    args += argv[argv.index("check") + 1:]
    assert run(args) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("RECOMMENDATION:" if english else "ANBEFALING:"), first
