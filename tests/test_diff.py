"""`standards diff`: what changed between two revisions, as a policy officer and a council read it."""
from __future__ import annotations

import json

from typer.testing import CliRunner

import municipal
from conftest import STANDARDS
from standards_engine.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["diff", *args])


def test_a_renamed_limit_reads_as_one_change_and_the_new_exclusion_as_new(tmp_path):
    municipal.write(tmp_path)
    r = run("-m", "greve", "-s", "sel-85", "--from", "2025-07-01", "--to", "2026-07-01",
            "--standards-dir", str(tmp_path), "--format", "markdown")
    assert r.exit_code == 1, r.output  # like diff: 1 when something changed
    assert "- grænse: 6 → 5 timer/uge" in r.stdout
    assert "### Grænse `max-5-timer` (tidligere `max-6-timer`)" in r.stdout
    assert "## Nyt" in r.stdout and "`bor-i-botilbud-108`" in r.stdout
    assert "undtaget når: ydelser borgeren allerede modtager omfatter Længerevarende botilbud (servicelovens § 108)" in r.stdout
    assert "## Fjernet" not in r.stdout  # the renamed limit is not "removed and added"


def test_files_json_and_english(tmp_path):
    municipal.write(tmp_path)
    d = tmp_path / "standards" / "greve" / "sel-85"
    r = run(str(d / "2025-06-01.yaml"), str(d / "2026-06-01.yaml"), "--format", "json")
    out = json.loads(r.stdout)
    assert out["counts"] == {"added": 1, "removed": 0, "changed": 2}
    [lim] = [c for c in out["changes"] if c["kind"] == "limit"]
    assert (lim["id"], lim["old_id"], lim["matched_by"]) == ("max-5-timer", "max-6-timer", "quote")
    [mx] = [f for f in lim["fields"] if f["field"] == "max"]
    assert (mx["old"], mx["new"]) == (6, 5)
    en = run(str(d / "2025-06-01.yaml"), str(d / "2026-06-01.yaml"), "--lang", "en").stdout
    assert "limit: 6 → 5 hours/week" in en and "NEW" in en


def test_the_same_revision_is_no_change_exit_0():
    f = STANDARDS / "ishoj" / "sel-85" / "2024-01-01.yaml"
    r = run(str(f), str(f))
    assert r.exit_code == 0 and "Ingen ændringer" in r.stdout


def test_bundled_ishoj_85_2015_to_2024_names_removed_levels_and_changed_content():
    r = run("-m", "ishoj", "-s", "sel-85", "--from", "2020-01-01", "--to", "2024-06-01", "--standards-dir", str(STANDARDS))
    assert r.exit_code == 1
    assert "Undtagelse praktisk-hjaelp (tidligere praktiske-opgaver)" in r.stdout
    assert "Støtteniveau omfattende" in r.stdout and "fra: over 10 timer/uge" in r.stdout
    assert "boform er en af egen bolig (også almen bolig)" in r.stdout  # a code value in words, not own_home


def test_bad_input_exits_2_with_a_sentence(tmp_path):
    r = run(str(tmp_path / "nope.yaml"), str(tmp_path / "nope2.yaml"))
    assert r.exit_code == 2 and "findes ikke" in r.output
    r = run("-m", "ishoj", "-s", "sel-85", "--from", "2020-01-01")
    assert r.exit_code == 2 and "--to" in r.output
