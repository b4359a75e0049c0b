"""`standards validate --fix` fills in a quote's `line:` from the source document: a person does not count lines.
The file keeps its comments and layout, is written whole, and a quote that is not found or found at several
places is reported, never guessed."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from conftest import STANDARDS
from standards_engine.cli import app

runner = CliRunner()
HADERSLEV = STANDARDS / "haderslev" / "sel-102" / "2024-01-01.yaml"
ORIGINAL = HADERSLEV.read_text("utf-8")
LINE = re.compile(r"^ +line: \d+\n", re.M)


def _tree(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "standards"
    shutil.copytree(STANDARDS / "_sources", root / "_sources")
    d = root / "haderslev" / "sel-102"
    d.mkdir(parents=True)
    (d / "2024-01-01.yaml").write_text(text, "utf-8")
    return d / "2024-01-01.yaml"


def _fix(f: Path, *extra: str):
    return runner.invoke(app, ["validate", "--fix", str(f.parent.parent.parent), *extra])


def test_a_missing_line_is_filled_in_and_nothing_else_changes(tmp_path):
    quote = '      quote: "Være motiveret for at modtage indsatsen."\n      line: 70\n'
    assert quote in ORIGINAL
    f = _tree(tmp_path, ORIGINAL.replace(quote, quote.replace("      line: 70\n", ""), 1))
    r = _fix(f)
    assert r.exit_code == 0, r.output
    assert f.read_text("utf-8") == ORIGINAL  # comments, quotes, folded notes and order all kept
    at = ORIGINAL[: ORIGINAL.index(quote)].count("\n") + 2
    assert f"2024-01-01.yaml:{at}:13: rettet: line: 70 (manglede)" in r.output
    assert not [p for p in f.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_wrong_line_is_corrected_in_english_too(tmp_path):
    f = _tree(tmp_path, ORIGINAL.replace("      line: 70\n", "      line: 7\n", 1))
    assert runner.invoke(app, ["validate", str(f.parent.parent.parent)]).exit_code == 1  # validate alone catches it
    r = _fix(f, "--lang", "en")
    assert r.exit_code == 0, r.output
    assert re.search(r"2024-01-01\.yaml:\d+:13: fixed: line: 70 \(was 7\)", r.output)
    assert f.read_text("utf-8") == ORIGINAL


def test_a_quote_found_at_several_places_is_reported_not_guessed(tmp_path):
    f = _tree(tmp_path, ORIGINAL.replace("      line: 43\n", "", 1))  # "Lov om Social Service § 102" repeats
    r = _fix(f)
    assert r.exit_code == 0, r.output
    assert "line: ikke udfyldt: citatet står flere steder (linje 43, 68, 137)" in r.output
    assert f.read_text("utf-8") == ORIGINAL.replace("      line: 43\n", "", 1)


def test_a_quote_not_found_is_reported_and_validate_fails(tmp_path):
    text = ORIGINAL.replace('quote: "Være motiveret for at modtage indsatsen."\n      line: 70\n',
                            'quote: "Være meget motiveret for indsatsen."\n', 1)
    f = _tree(tmp_path, text)
    r = _fix(f)
    assert r.exit_code == 1
    assert "line: ikke udfyldt: citatet findes ikke ordret i kildedokumentet" in r.output
    assert "citatet findes ikke ordret i haderslev-2024-sel-102.txt" in r.output
    assert f.read_text("utf-8") == text


def test_a_flow_style_source_gets_its_line_inside_the_braces(tmp_path):
    old = ('    source:\n      section: Målgruppe og vigtige betingelser for at være omfattet af målgruppen\n'
           '      quote: "Være motiveret for at modtage indsatsen."\n      line: 70\n')
    assert old in ORIGINAL
    f = _tree(tmp_path, ORIGINAL.replace(old, '    source: {section: Målgruppe, quote: "Være motiveret for at modtage indsatsen."}\n', 1))
    r = _fix(f)
    assert r.exit_code == 0, r.output
    assert '    source: {section: Målgruppe, quote: "Være motiveret for at modtage indsatsen.", line: 70}\n' in f.read_text("utf-8")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(st.integers(0, len(LINE.findall(ORIGINAL)) - 1), min_size=1, max_size=6))
def test_removing_any_lines_and_fixing_gives_a_valid_file_differing_only_in_line_entries(tmp_path_factory, drop):
    spans = list(LINE.finditer(ORIGINAL))
    text = ORIGINAL
    for i in sorted(drop, reverse=True):
        m = spans[i]
        text = text[: m.start()] + text[m.end():]
    f = _tree(tmp_path_factory.mktemp("fix"), text)
    r = _fix(f)
    assert r.exit_code == 0, r.output
    after = f.read_text("utf-8")
    assert LINE.sub("", after) == LINE.sub("", ORIGINAL)
    assert runner.invoke(app, ["validate", str(f.parent.parent.parent)]).exit_code == 0


def test_every_line_removed_comes_back_in_its_place_or_is_reported(tmp_path):
    """All of Ishøj § 85 2024's lines removed: each comes back where it was (also the last one of a section,
    before its blank line), except the quotes found at several places, which are reported."""
    import difflib
    original = (STANDARDS / "ishoj" / "sel-85" / "2024-01-01.yaml").read_text("utf-8")
    root = tmp_path / "standards"
    shutil.copytree(STANDARDS / "_sources", root / "_sources")
    d = root / "ishoj" / "sel-85"
    d.mkdir(parents=True)
    f = d / "2024-01-01.yaml"
    f.write_text(LINE.sub("", original), "utf-8")
    shutil.copy(STANDARDS / "ishoj" / "sel-85" / "2024-01-01.en.yaml", d)
    r = runner.invoke(app, ["validate", "--fix", str(root)])
    assert r.exit_code == 0, r.output
    after = f.read_text("utf-8").splitlines()
    ops = difflib.SequenceMatcher(None, original.splitlines(), after, autojunk=False).get_opcodes()
    missing = [line for op, i1, i2, _, _ in ops if op != "equal" for line in original.splitlines()[i1:i2]]
    assert all(op in ("equal", "delete") for op, *_ in ops), ops
    assert all(re.fullmatch(r" +line: \d+", line) for line in missing)
    assert r.output.count("citatet står flere steder") == len(missing)
