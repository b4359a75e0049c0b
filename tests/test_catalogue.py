"""A catalogue file: what a catalogue's revisions share, written once; and a same_as pointer kept apart from the
text it points at. What a policy officer relies on: the expanded revision is the one they would have written out,
a problem is reported in the file that has it, and every file a recommendation rests on is named with its sha256."""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

from typer.testing import CliRunner

from conftest import REPO, STANDARDS
from standards_engine import api
from standards_engine.cli import app
from standards_engine.repository import Repository
from standards_engine.validate import validate_paths

runner = CliRunner()
CAT = Path("ishoj") / "_catalogue" / "ydelseskatalog-2015.yaml"
ON = "2025-03-01"


def tree(tmp_path: Path) -> Path:
    root = tmp_path / "standards"
    shutil.copytree(STANDARDS, root)
    return root


def errors(root: Path) -> list:
    return [p for p in validate_paths([root]) if p.severity == "error"]


def test_the_six_2015_revisions_take_the_shared_parts_from_one_file_and_say_so(tmp_path):
    repo = Repository(STANDARDS)
    cat = (STANDARDS / CAT).read_bytes()
    for service in ("sel-85", "sel-103", "sel-104", "sel-107", "sel-107-aflastning", "sel-108"):
        text = (STANDARDS / "ishoj" / service / "2015-11-01.yaml").read_text("utf-8")
        assert "catalogue: ishoj/ydelseskatalog-2015" in text and "text: \"Klage skal være modtaget" not in text
        res = repo.resolve(STANDARDS / "ishoj" / service / "2015-11-01.yaml")
        assert res.text.data["approved_by"].startswith("Social- og Sundhedsudvalget")
        assert res.text.data["criteria"][0]["id"] == "alder-18" and res.text.data["criteria"][0]["source"]["line"]
        files = {f["role"]: f for f in res.meta["files"]}
        assert files["catalogue"]["sha256"] == hashlib.sha256(cat).hexdigest()
        assert files["catalogue"]["path"].endswith("ishoj/_catalogue/ydelseskatalog-2015.yaml")


def test_a_recommendation_names_the_text_the_pointer_and_both_catalogue_files():
    rec = api.check({"age": 30}, "vallensbaek", "sel-104", dt.date.fromisoformat(ON))
    roles = [f["role"] for f in rec.standard["files"]]
    assert roles[:2] == ["municipal_text", "same_as"] and roles.count("catalogue") == 2
    assert rec.municipality == "vallensbaek" and rec.municipality_name == "Vallensbæk Kommune"
    assert any(n.startswith("Kataloget er fælles for Ishøj og Vallensbæk") for n in rec.notes)


def test_a_problem_in_a_shared_part_is_reported_in_the_catalogue_file_at_its_line(tmp_path):
    root = tree(tmp_path)
    f = root / CAT
    f.write_text(f.read_text("utf-8").replace("    condition: {fact: age, gte: 18}", "    condition: {fact: age, gte: \"18\"}"),
                 encoding="utf-8")
    found = errors(root)
    assert len(found) == 1, found  # said once, though six revisions use it
    line = next(i for i, ln in enumerate(f.read_text("utf-8").splitlines(), 1) if 'gte: "18"' in ln)
    assert found[0].path.endswith("_catalogue/ydelseskatalog-2015.yaml") and found[0].line == line
    assert "skal være et tal" in found[0].message


def test_a_key_written_twice_and_an_unknown_use_are_located_in_the_revision(tmp_path):
    root = tree(tmp_path)
    f = root / "ishoj" / "sel-104" / "2015-11-01.yaml"
    text = f.read_text("utf-8")
    f.write_text(text.replace("  - use: klage\n", "  - use: klagen\n").replace(
        "catalogue: ishoj/ydelseskatalog-2015", "approved_by: Nogen\ncatalogue: ishoj/ydelseskatalog-2015"), encoding="utf-8")
    found = errors(root)
    said = {p.code: p for p in found}
    assert set(said) == {"catalogue_key_twice", "catalogue_unknown_use"}, found
    assert all(p.path.endswith("sel-104/2015-11-01.yaml") and p.line > 1 for p in found)
    r = runner.invoke(app, ["validate", str(root), "--lang", "en"])
    assert r.exit_code == 1 and "the catalogue ishoj/ydelseskatalog-2015 has no 'klagen' under shared" in r.stderr


def test_a_missing_catalogue_file_is_named_and_check_exits_2(tmp_path):
    root = tree(tmp_path)
    (root / CAT).unlink()
    assert any(p.code == "catalogue_missing" for p in errors(root))
    r = runner.invoke(app, ["check", str(REPO / "examples" / "aflastning-120-doegn.yaml"), "-m", "ishoj", "-s",
                            "sel-107-aflastning", "--date", ON, "--standards-dir", str(root)])
    assert r.exit_code == 2 and "ydelseskatalog-2015" in r.stderr and "Traceback" not in r.stderr


def test_changing_the_catalogue_file_changes_every_revision_that_uses_it_not_a_cached_copy(tmp_path):
    root = tree(tmp_path)
    before = Repository(root).resolve(root / "ishoj" / "sel-108" / "2015-11-01.yaml")
    f = root / CAT
    f.write_text(f.read_text("utf-8").replace("approved_on: \"2015 (i kraft 1. november 2015)\"",
                                              "approved_on: \"2016\""), encoding="utf-8")
    after = Repository(root).resolve(root / "ishoj" / "sel-108" / "2015-11-01.yaml")
    assert before.text.data["approved_on"] != after.text.data["approved_on"] == "2016"
    shas = [{x["role"]: x["sha256"] for x in r.meta["files"]}["catalogue"] for r in (before, after)]
    assert shas[0] != shas[1]


def test_render_for_vallensbaek_names_vallensbaek_and_its_complaint_route():
    r = runner.invoke(app, ["render", "-m", "vallensbaek", "-s", "sel-85", "--date", ON, "--format", "markdown"])
    assert r.exit_code == 0
    assert "Vallensbæk Kommune. Gælder fra" in r.stdout or "Vallensbæk Kommune." in r.stdout
    assert "Klagen sendes til Vallensbæk Kommune" in r.stdout and "Ishøj Store Torv 20" not in r.stdout
