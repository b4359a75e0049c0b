"""Source documents have readable names; the standard pins the document's content with a sha256."""
from __future__ import annotations

import shutil

from typer.testing import CliRunner

from conftest import STANDARDS
from standards_engine.cli import app

runner = CliRunner()
HADERSLEV = STANDARDS / "haderslev" / "sel-102" / "2024-01-01.yaml"


def _tree(tmp_path, text=None):
    root = tmp_path / "standards"
    shutil.copytree(STANDARDS / "_sources", root / "_sources")
    d = root / "haderslev" / "sel-102"
    d.mkdir(parents=True)
    (d / "2024-01-01.yaml").write_text(text or HADERSLEV.read_text("utf-8"), "utf-8")
    return root


def test_the_bundled_documents_have_readable_names_and_pinned_content():
    text = HADERSLEV.read_text("utf-8")
    assert "file: haderslev-2024-sel-102.txt\n" in text and "  sha256: " in text


def test_a_changed_source_document_fails_at_the_sha256_line(tmp_path):
    root = _tree(tmp_path)
    doc = root / "_sources" / "haderslev-2024-sel-102.txt"
    doc.write_text(doc.read_text("utf-8") + "\nEt nyt afsnit.\n", "utf-8")  # every quote still found
    r = runner.invoke(app, ["validate", str(root)])
    assert r.exit_code == 1
    line = HADERSLEV.read_text("utf-8").split("\n").index(next(
        l for l in HADERSLEV.read_text("utf-8").split("\n") if l.startswith("  sha256: "))) + 1
    assert f"2024-01-01.yaml:{line}:11: fejl: kildedokumentet haderslev-2024-sel-102.txt er ikke det, standarden er skrevet efter" in r.output


def test_without_sha256_the_old_spelling_still_validates_and_a_bad_form_is_located(tmp_path):
    text = HADERSLEV.read_text("utf-8")
    pin = next(l for l in text.split("\n") if l.startswith("  sha256: "))
    assert runner.invoke(app, ["validate", str(_tree(tmp_path / "a", text.replace(pin + "\n", "")))]).exit_code == 0
    r = runner.invoke(app, ["validate", str(_tree(tmp_path / "b", text.replace(pin, "  sha256: abc")))])
    assert r.exit_code == 1 and "'source_document.sha256' har ugyldig form" in r.output


def test_a_source_outside_sources_is_still_refused(tmp_path):
    text = HADERSLEV.read_text("utf-8").replace("file: haderslev-2024-sel-102.txt", "file: ../../etc/passwd")
    r = runner.invoke(app, ["validate", str(_tree(tmp_path, text))])
    assert r.exit_code == 1 and "rent filnavn i _sources/" in r.output
