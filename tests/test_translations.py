"""English beside the standard (<valid_from>.en.yaml, keyed by rule id) instead of text_en/note_en/reason_en in
every rule: the same output as the inline spelling, which keeps validating; a translation of a rule that does not
exist is a located error; what is left untranslated is shown in Danish and noted by validate."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from conftest import REPO, STANDARDS
from standards_engine.cli import app

runner = CliRunner()
HADERSLEV = STANDARDS / "haderslev" / "sel-102"
PROFILE = {"age": 40, "motivated": True, "significant_mental_impairment": True, "impairment_permanent": True,
           "living_situation": "own_home", "current_services": ["sel-85"], "requested_treatment_hours": 7}


def _tree(tmp_path: Path, translation: str | None = None, standard: str | None = None) -> Path:
    root = tmp_path / "standards"
    shutil.copytree(STANDARDS / "_sources", root / "_sources")
    d = root / "haderslev" / "sel-102"
    d.mkdir(parents=True)
    (d / "2024-01-01.yaml").write_text(standard or (HADERSLEV / "2024-01-01.yaml").read_text("utf-8"), "utf-8")
    tr = (HADERSLEV / "2024-01-01.en.yaml").read_text("utf-8") if translation is None else translation
    if tr:
        (d / "2024-01-01.en.yaml").write_text(tr, "utf-8")
    return root


def _inline(translation_text: str) -> str:
    """The standard with its translation file written back inline as text_en/note_en/…: the old spelling."""
    from ruamel.yaml import YAML
    y = YAML(typ="safe")
    tr = y.load(translation_text)
    std = y.load((HADERSLEV / "2024-01-01.yaml").read_text("utf-8"))
    std["service"]["title_en"] = tr["service_title"]
    std["legal_basis_en"] = tr["legal_basis"]
    std["assumptions_en"] = tr["assumptions"]
    for kind in ("criteria", "exclusions", "limits"):
        for r in std.get(kind, []):
            t = tr["rules"].get(r["id"])
            t = {"text": t} if isinstance(t, str) else (t or {})
            for k in ("text", "note"):
                if k in t:
                    r[k + "_en"] = t[k]
            for ref in r.get("refer_to", []):
                if ref["service"] in t.get("refer_to", {}):
                    ref["reason_en"] = t["refer_to"][ref["service"]]
    seen: dict = {}
    for it in std.get("information", []):
        seen[it["topic"]] = seen.get(it["topic"], 0) + 1
        key = it["topic"] if seen[it["topic"]] == 1 else f"{it['topic']}-{seen[it['topic']]}"
        t = tr["information"].get(key)
        t = {"text": t} if isinstance(t, str) else (t or {})
        for k in ("text", "note"):
            if k in t:
                it[k + "_en"] = t[k]
    import io
    out = io.StringIO()
    YAML().dump(std, out)
    return out.getvalue()


def _check(root: Path, *extra: str):
    prof = root.parent / "p.json"
    prof.write_text(json.dumps(PROFILE), "utf-8")
    return runner.invoke(app, ["check", str(prof), "-m", "haderslev", "-s", "sel-102", "--date", "2025-03-01",
                               "--standards-dir", str(root), "--lang", "en", *extra])


def test_the_translation_file_and_the_inline_spelling_give_the_same_english(tmp_path):
    beside = _tree(tmp_path / "beside")
    inline = _tree(tmp_path / "inline", translation="", standard=_inline((HADERSLEV / "2024-01-01.en.yaml").read_text("utf-8")))
    assert runner.invoke(app, ["validate", str(inline)]).exit_code == 0
    a, b = _check(beside, "--format", "json"), _check(inline, "--format", "json")
    assert a.exit_code == b.exit_code == 0, a.output + b.output
    da, db = json.loads(a.stdout), json.loads(b.stdout)
    for d in (da, db):
        d.pop("standard")
    assert da == db
    assert "The citizen is motivated to receive the service." in a.stdout


def test_the_recommendation_names_the_translation_file_with_its_sha256(tmp_path):
    import hashlib
    root = _tree(tmp_path)
    d = json.loads(_check(root, "--format", "json").stdout)
    files = d["standard"]["files"]
    [tr] = [f for f in files if f["role"] == "translation"]
    assert tr["path"].endswith("2024-01-01.en.yaml")
    assert tr["sha256"] == hashlib.sha256((root / "haderslev/sel-102/2024-01-01.en.yaml").read_bytes()).hexdigest()


def test_a_translation_of_a_rule_that_does_not_exist_is_located_with_did_you_mean(tmp_path):
    text = (HADERSLEV / "2024-01-01.en.yaml").read_text("utf-8").replace("  motiveret:\n", "  motiverett:\n", 1)
    root = _tree(tmp_path, translation=text)
    r = runner.invoke(app, ["validate", str(root)])
    assert r.exit_code == 1
    line = text.split("\n").index("  motiverett:") + 1
    assert f"2024-01-01.en.yaml:{line}:3: fejl: reglen 'motiverett' findes ikke i 2024-01-01.yaml; mente du 'motiveret'?" in r.output


def test_english_both_inline_and_beside_is_an_error_naming_both(tmp_path):
    std = (HADERSLEV / "2024-01-01.yaml").read_text("utf-8").replace(
        "  - id: motiveret\n", "  - id: motiveret\n    text_en: Motivated.\n", 1)
    r = runner.invoke(app, ["validate", "--lang", "en", str(_tree(tmp_path, standard=std))])
    assert r.exit_code == 1
    assert "the English is given both in the standard (text_en) and here; keep it in one place" in r.output


def test_a_missing_translation_falls_back_to_danish_and_validate_notes_it(tmp_path):
    text = (HADERSLEV / "2024-01-01.en.yaml").read_text("utf-8").replace(
        "  motiveret:\n    text: The citizen is motivated to receive the service.\n", "  motiveret:\n", 1)
    root = _tree(tmp_path, translation=text)
    r = runner.invoke(app, ["validate", str(root)])
    assert r.exit_code == 0, r.output
    assert "0 fejl, 1 advarsel" in r.output  # a note, not a warning: the Danish shown is not a slip that fails --strict
    assert "bemærkning: reglen 'motiveret' har ingen engelsk tekst i 2024-01-01.en.yaml; med --lang en vises den danske" in r.output
    assert "Borgeren er motiveret for at modtage indsatsen." in _check(root).stdout


def test_a_translation_without_its_revision_is_named(tmp_path):
    root = _tree(tmp_path)
    shutil.copy(root / "haderslev/sel-102/2024-01-01.en.yaml", root / "haderslev/sel-102/2023-01-01.en.yaml")
    r = runner.invoke(app, ["validate", str(root)])
    assert r.exit_code == 1 and "oversættelsen 2023-01-01.en.yaml hører til 2023-01-01.yaml, som ikke findes her" in r.output


def test_a_translated_text_may_be_written_alone_or_with_its_note():
    text = (HADERSLEV / "2024-01-01.en.yaml").read_text("utf-8")
    assert "  specialviden:\n    text: The treatment requires special expertise.\n" in text or "  specialviden: " in text
    schema = json.loads((REPO / "schemas" / "translation.schema.json").read_text("utf-8"))
    assert {"type": "string"} in schema["$defs"]["RuleText"]["anyOf"]


def test_a_changed_translation_is_never_served_from_the_cache(tmp_path):
    root = _tree(tmp_path)
    assert "The citizen is motivated to receive the service." in _check(root).stdout  # cached now
    f = root / "haderslev/sel-102/2024-01-01.en.yaml"
    f.write_text(f.read_text("utf-8").replace("The citizen is motivated to receive the service.",
                                              "The citizen wants the treatment."), "utf-8")
    out = _check(root).stdout
    assert "The citizen wants the treatment." in out and "motivated to receive" not in out
