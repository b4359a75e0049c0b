"""A wrong standard is reported as file:line:column and a sentence; nothing passes silently."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import STANDARDS, written_out
from standards_engine.validate import validate_paths

GOOD = STANDARDS / "ishoj" / "sel-107-aflastning" / "2015-11-01.yaml"
GOOD_TEXT = written_out(GOOD)  # standalone: the catalogue file's header and shared rules written into it


def tree(tmp_path: Path, text: str, name: str = "2015-11-01.yaml") -> Path:
    root = tmp_path / "standards"
    d = root / "ishoj" / "sel-107-aflastning"
    d.mkdir(parents=True)
    shutil.copytree(STANDARDS / "_sources", root / "_sources")
    (d / name).write_text(text, encoding="utf-8")
    return root


def problems(root: Path):
    return [p for p in validate_paths([root]) if p.severity == "error"]


def edit(old: str, new: str) -> str:
    text = GOOD_TEXT
    assert old in text
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_the_bundled_example_is_valid(tmp_path):
    assert problems(tree(tmp_path, GOOD_TEXT)) == []


def test_unknown_key_is_located_and_named(tmp_path):
    text = edit("    group: allocation\n", "    group: allocation\n    grupe: x\n")
    [p] = problems(tree(tmp_path, text))
    assert (p.line, p.column) == (line_of(text, "grupe"), 5)
    assert "ukendt nøgle 'grupe'" in p.message
    assert str(p).startswith(f"{Path(p.path)}:{p.line}:5:")


def test_a_real_key_in_the_wrong_place_is_not_suggested_as_itself(tmp_path):
    # 'refer_to' belongs on rules, not on information items.
    text = edit("  - topic: complaint\n", "  - topic: complaint\n    refer_to: []\n")
    [p] = problems(tree(tmp_path, text))
    assert p.line == line_of(text, "refer_to: []")
    assert "nøglen 'refer_to' hører ikke til i 'information[1]'" in p.message and "mente du" not in p.message


def test_an_information_item_may_carry_an_english_note(tmp_path):
    text = edit("  - topic: complaint\n", "  - topic: complaint\n    note_en: The route.\n")
    assert problems(tree(tmp_path, text)) == []


def test_a_quote_matches_a_source_that_writes_a_letter_decomposed(tmp_path):
    # PDF text may write "å" as "a" + a combining ring (the § 102 document 001 does): the same text.
    root = tree(tmp_path, GOOD_TEXT)
    doc = root / "_sources" / "003_638059255b5fe559.txt"
    text = doc.read_text("utf-8")
    assert "å" in text
    doc.write_text(text.replace("å", "a\u030a"), encoding="utf-8")
    assert problems(root) == []


def test_a_date_where_text_belongs_is_told_to_be_quoted(tmp_path):
    text = edit('approved_on: "2015 (i kraft 1. november 2015)"', "approved_on: 2015-11-01")
    [p] = problems(tree(tmp_path, text))
    assert p.line == line_of(text, "approved_on: 2015-11-01")
    assert p.message == "'approved_on' skal være en tekst; sæt den i anførselstegn (\"2015-11-01\")"
    assert p.message_en == "'approved_on' must be text; put it in quotes (\"2015-11-01\")"


def test_duplicate_key(tmp_path):
    text = edit("    max: 90\n", "    max: 90\n    max: 120\n")
    [p] = problems(tree(tmp_path, text))
    assert p.line == line_of(text, "max: 120") and "står to gange" in p.message


def test_tab_is_refused_with_its_position(tmp_path):
    text = edit("    max: 90\n", "    max:\t90\n")
    [p] = problems(tree(tmp_path, text))
    assert (p.line, p.column) == (line_of(text, "max:\t90"), 9) and "tabulator" in p.message


def test_undefined_fact_in_a_condition(tmp_path):
    text = edit("{fact: age, gte: 18}", "{fact: alder, gte: 18}")
    [p] = problems(tree(tmp_path, text))
    assert p.line == line_of(text, "fact: alder") and "ukendt faktum 'alder'" in p.message


def test_quoted_number_is_not_silently_a_number(tmp_path):
    text = edit("    max: 90\n", '    max: "90"\n')
    [p] = problems(tree(tmp_path, text))
    assert p.line == line_of(text, 'max: "90"') and "tal" in p.message


def test_missing_field(tmp_path):
    text = edit("    basis: service_level\n    fact: requested_relief_nights_per_year\n", "    fact: requested_relief_nights_per_year\n")
    [p] = problems(tree(tmp_path, text))
    assert "basis" in p.message and "påkrævet" in p.message


def test_quote_must_be_verbatim(tmp_path):
    text = edit("maximalt visiteres til 90", "maksimalt visiteres til 90")
    [p] = problems(tree(tmp_path, text))
    assert p.line == line_of(text, "maksimalt") and "ordret" in p.message


def test_a_changed_word_at_the_end_of_a_quote_is_shown_where_it_leaves_the_document(tmp_path):
    # A quote cut at 60 characters hid a change after them; the message now shows where they part.
    text = edit('visiteres til 90 aflastningsdøgn/år."', 'visiteres til 80 aflastningsdøgn/år."')
    [p] = problems(tree(tmp_path, text))
    assert "det følger dokumentet til »…kan der maximalt visiteres til« (linje 765)" in p.message
    assert "dér står »90 aflastningsdøgn/år.…«, ikke »80 aflastningsdøgn/år.«" in p.message


def test_statute_basis_on_a_som_udgangspunkt_sentence_is_an_error(tmp_path):
    text = edit("  - id: max-90-doegn\n    basis: service_level", "  - id: max-90-doegn\n    basis: statute")
    [p] = problems(tree(tmp_path, text))
    assert "som udgangspunkt" in p.message


def test_file_name_must_match_valid_from(tmp_path):
    root = tree(tmp_path, GOOD_TEXT, name="2016-01-01.yaml")
    [p] = problems(root)
    assert "filnavnet" in p.message


def test_two_revisions_with_the_same_date(tmp_path):
    root = tree(tmp_path, GOOD_TEXT)
    (root / "ishoj" / "sel-107-aflastning" / "2015-11-01.yml").write_text(GOOD_TEXT, encoding="utf-8")
    msgs = [p.message for p in problems(root)]
    assert any("samme gyldighedsdato" in m for m in msgs)


def test_anchors_and_aliases_are_refused_at_the_first_anchor_before_anything_is_expanded(tmp_path):
    # 9**30 nodes if expanded; refused at the first anchor, so nothing is. How fast: benchmarks/run.py.
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} [*a{'' if i == 1 else i - 1}" + f", *a{'' if i == 1 else i - 1}" * 8 + "]")
    root = tree(tmp_path, "\n".join(lines) + "\n")
    [p] = problems(root)
    assert (p.line, p.column) == (1, 4) and "ankre" in p.message


def test_not_utf8(tmp_path):
    root = tree(tmp_path, "")
    f = root / "ishoj" / "sel-107-aflastning" / "2015-11-01.yaml"
    f.write_bytes(GOOD.read_bytes().replace("Ishøj".encode(), "Ish\xf8j".encode("latin-1"), 1))
    [p] = problems(root)
    assert "UTF-8" in p.message and p.line > 1


def test_overlapping_bands_are_an_error_until_the_decision_is_recorded(tmp_path):
    band = ("levels:\n  fact: requested_support_hours_per_week\n  basis: service_level\n  bands:\n"
            "    - {id: let, name: Let, max: 1, source: {section: S, quote: \"Let socialpædagogisk støtte: støtte i op til 1 time pr. uge.\"}}\n"
            "    - {id: moderat, name: Moderat, min: 1, max: 4, source: {section: S, quote: \"Moderat socialpædagogisk støtte: støtte i 1-4 timer pr. uge.\"}}\n")
    text = GOOD_TEXT.replace("limits:\n", band + "limits:\n", 1)
    [p] = problems(tree(tmp_path, text))
    assert "overlapper ved 1" in p.message
    decided = text.replace("  basis: service_level\n  bands:", "  basis: service_level\n  boundary: lower\n  boundary_reason: op til 1 omfatter 1\n  bands:")
    root2 = tree(tmp_path / "b", decided)
    assert problems(root2) == []
    # the recorded decision is said as a note, which --strict does not count
    notes = [p for p in validate_paths([root2]) if p.severity == "note"]
    assert any("overlappe ved 1" in w.message for w in notes)


def test_a_duplicate_rule_id_points_at_its_second_occurrence(tmp_path):
    text = edit("  - id: hjemmeboende\n", "  - id: alder-18\n")
    [p] = problems(tree(tmp_path, text))
    second = text.index("  - id: alder-18\n", text.index("  - id: alder-18\n") + 1)
    assert p.line == text[:second].count("\n") + 1
    assert "regel-id 'alder-18' bruges mere end én gang" in p.message


def test_a_reworded_duplicate_id_message_still_points_at_the_second_occurrence(tmp_path, monkeypatch):
    """The place comes from the error's code and parameters, never from matching its sentence."""
    from standards_engine import messages
    monkeypatch.setitem(messages.CATALOGUE, "duplicate_rule_id", ("id'et {id} er brugt to gange", "{id} twice"))
    text = edit("  - id: hjemmeboende\n", "  - id: alder-18\n")
    [p] = problems(tree(tmp_path, text))
    second = text.index("  - id: alder-18\n", text.index("  - id: alder-18\n") + 1)
    assert p.line == text[:second].count("\n") + 1 and p.line > 1
    assert "id'et alder-18 er brugt to gange" in p.message and p.text("en").endswith("alder-18 twice")


def test_a_whole_file_check_is_located_at_the_key_it_names_whatever_its_wording(tmp_path, monkeypatch):
    from standards_engine import messages
    monkeypatch.setitem(messages.CATALOGUE, "translation_length", ("for få oversættelser", "too few translations"))
    text = GOOD_TEXT
    assert "\nassumptions:" not in text
    text += "assumptions:\n  - \"a\"\n  - \"b\"\nassumptions_en:\n  - \"a\"\n"
    [p] = problems(tree(tmp_path, text))
    assert p.line == line_of(text, "assumptions_en:") + 1 and "for få oversættelser" in p.message  # at its items


def test_unknown_fact_in_a_condition_suggests_the_near_one(tmp_path):
    text = edit("{fact: age, gte: 18}", "{fact: agee, gte: 18}")
    [p] = problems(tree(tmp_path, text))
    assert "mente du 'age'?" in p.message and "data/facts.yaml" not in p.message


def test_a_yaml_file_not_named_by_its_date_is_reported_not_silently_skipped(tmp_path):
    root = tree(tmp_path, GOOD_TEXT)
    (root / "ishoj" / "sel-107-aflastning" / "01-07-2025.yaml").write_text(GOOD_TEXT, encoding="utf-8")
    [p] = problems(root)
    assert p.path.endswith("01-07-2025.yaml") and "ÅÅÅÅ-MM-DD.yaml" in p.message


def test_a_quoted_number_in_a_condition_is_said_once_with_the_fix(tmp_path):
    text = edit("{fact: age, gte: 18}", '{fact: age, gte: "18"}')
    [p] = problems(tree(tmp_path, text))
    assert p.message.count("condition.gte") == 1 and "uden anførselstegn" in p.message


def test_same_as_pointing_at_itself_is_located_not_a_crash(tmp_path):
    root = tmp_path / "standards"
    shutil.copytree(STANDARDS, root)
    f = root / "vallensbaek" / "sel-85" / "2015-11-01.yaml"
    f.write_text(f.read_text("utf-8").replace("same_as: ishoj/sel-85/2015-11-01", "same_as: vallensbaek/sel-85/2015-11-01"),
                 encoding="utf-8")
    [p] = [p for p in validate_paths([root]) if p.severity == "error"]
    assert p.path.endswith("vallensbaek/sel-85/2015-11-01.yaml") and p.line == 3 and "selv en henvisning" in p.message


def test_a_source_document_that_is_not_utf8_is_an_error_not_a_crash(tmp_path):
    root = tree(tmp_path, GOOD_TEXT)
    (root / "_sources" / "003_638059255b5fe559.txt").write_bytes("Ishøj".encode("latin-1"))
    [p] = problems(root)  # an error, not a crash; and not a warning either: the quotes go unchecked
    assert "kan ikke læses som UTF-8" in p.message


def test_an_upper_case_yaml_suffix_is_reported_too(tmp_path):
    root = tree(tmp_path, GOOD_TEXT)
    (root / "ishoj" / "sel-107-aflastning" / "2024-01-01.YAML").write_text(GOOD_TEXT, encoding="utf-8")
    [p] = problems(root)
    assert p.path.endswith("2024-01-01.YAML") and "ÅÅÅÅ-MM-DD.yaml" in p.message


def test_a_misspelt_source_document_is_an_error_where_the_tree_has_sources(tmp_path):
    text = edit("file: 003_638059255b5fe559.txt", "file: 003_638059255b5fe55.txt")
    [p] = problems(tree(tmp_path, text))
    assert "findes ikke" in p.message and p.line == line_of(text, "file: 003_638059255b5fe55.txt")


def test_nan_and_infinity_in_a_condition_or_limit_are_refused(tmp_path):
    """age >= .nan is never true: such a condition would silently fail every citizen."""
    for old, new, needle in [("{fact: age, gte: 18}", "{fact: age, gte: .nan}", "gte: .nan"),
                             ("{fact: age, gte: 18}", "{fact: age, in: [18, .inf]}", "in: [18, .inf]"),
                             ("    max: 90\n", "    max: .inf\n", "max: .inf")]:
        text = edit(old, new)
        [p] = problems(tree(tmp_path / needle.replace(" ", "").replace(":", "").replace("[", "").replace("]", "").replace(",", ""), text))
        assert p.line == line_of(text, needle) and "endeligt tal" in p.message, p.message


def test_deep_nesting_is_refused_at_its_place(tmp_path):
    # Refused at the 65th level, before the parser recurses (it used to run past 20 s or fail with
    # RecursionError). How fast: benchmarks/run.py.
    text = GOOD_TEXT + "x: " + "[" * 50_000 + "]" * 50_000 + "\n"
    root = tree(tmp_path, text)
    [p] = problems(root)
    assert p.line == line_of(text, "x: [[") and "indlejret" in p.message
    assert p.column == len("x: ") + 64  # the 64th bracket: the file's own mapping is the first level


def test_a_value_in_a_condition_message_is_written_as_in_yaml(tmp_path):
    text = edit("{fact: age, gte: 18}", "{fact: age, gte: 2015-01-01}")
    [p] = problems(tree(tmp_path, text))
    assert "2015-01-01 er ikke et tal" in p.message and "datetime" not in p.message


def test_several_missing_fields_at_one_place_are_listed_not_offered_as_alternatives(tmp_path):
    [p] = problems(tree(tmp_path, "schema_version: 1\n"))
    assert "'municipality' mangler" in p.message and "'valid_from' mangler" in p.message
    assert " eller " not in p.message  # every one is required, not one of them


@pytest.mark.parametrize("text", [
    "x: " + "[" * 100 + "]" * 100 + "\n",                      # a run of brackets
    "a: 1\nb:\n  c: " + "[1, " * 80 + "2" + "]" * 80 + "\n",   # brackets with values between, under a block
    "- " + "{a: " * 70 + "1" + "}" * 70 + "\n",                 # mappings, in a list
    "[" * 70 + "]" * 70 + "\n",                                 # a flow collection at the top
])
def test_deep_nesting_refused_early_is_refused_as_the_whole_parse_refuses_it(text):
    """The cheap early refusal (yamlio._refuse_deep_early) says exactly what the full event check says."""
    import io

    from standards_engine.yamlio import YamlProblem, _check_events, _yaml, load_text
    with pytest.raises(YamlProblem) as early:
        load_text(text, "f.yaml")
    with pytest.raises(YamlProblem) as whole:
        _check_events(_yaml().parse(io.StringIO(text)), "f.yaml")
    assert early.value.problem == whole.value.problem and early.value.problem.code == "too_deep"


@pytest.mark.parametrize("text", [
    "note: '" + "[" * 100 + "'\n",            # brackets in quoted text
    "# " + "{" * 100 + "\nx: 1\n",             # in a comment
    "note: a " + "[" * 100 + "\n",             # in a plain text
    "x: [" + "[a], " * 100 + "[b]]\n",         # many lists side by side, none deep
])
def test_many_brackets_that_do_not_nest_deep_are_read(text):
    from standards_engine.yamlio import load_text
    data, _ = load_text(text, "f.yaml")
    assert data
