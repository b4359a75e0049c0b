"""check --application-date: which revision applies, said when another one is close enough to matter."""
from __future__ import annotations

import json

from typer.testing import CliRunner

import municipal
from standards_engine.cli import app

runner = CliRunner()
PROFILE = "age: 40\nsignificant_mental_impairment: true\ncurrent_services: []\nrequested_support_hours_per_week: 6\n"


def check(root, *args):
    (root / "p.yaml").write_text(PROFILE, encoding="utf-8")
    r = runner.invoke(app, ["check", str(root / "p.yaml"), "-m", "greve", "-s", "sel-85", "--standards-dir", str(root),
                            "--format", "json", *args])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_application_under_the_old_revision_decided_under_the_new_names_both_and_the_transition(tmp_path):
    municipal.write(tmp_path)
    f = tmp_path / "standards" / "greve" / "sel-85" / "2026-06-01.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace(
        "\ncriteria:", '\ntransition:\n  text: "Ansøgninger modtaget før 1. juni 2026 behandles efter standarden fra 2025."\ncriteria:'),
        encoding="utf-8")
    d = check(tmp_path, "--date", "2026-06-05", "--application-date", "2026-05-20")
    assert d["standard"]["valid_from"] == "2026-06-01"  # the engine evaluates on the date it is given
    assert d["notes"][0].startswith("Ansøgningen er modtaget 20. maj 2026, da udgaven gældende fra 1. juni 2025 gjaldt; "
                                    "vurderingen pr. 5. juni 2026 bruger udgaven gældende fra 1. juni 2026.")
    assert d["notes"][1] == ("Overgangsregel i udgaven gældende fra 1. juni 2026: Ansøgninger modtaget før 1. juni 2026 "
                             "behandles efter standarden fra 2025.")


def test_a_revision_starting_within_30_days_is_named_and_one_further_off_is_not(tmp_path):
    municipal.write(tmp_path)
    d = check(tmp_path, "--date", "2026-05-20")
    assert d["notes"][0].startswith("En ny udgave gælder fra 1. juni 2026 (12 dage efter 20. maj 2026)")
    assert "udgaven gældende fra 1. juni 2025" in d["notes"][0]
    d = check(tmp_path, "--date", "2026-04-20", "--application-date", "2026-04-01")
    assert not any("udgave" in n for n in d["notes"])


def test_in_english_and_in_the_text_output(tmp_path):
    municipal.write(tmp_path)
    d = check(tmp_path, "--date", "2026-06-05", "--application-date", "2026-05-20", "--lang", "en")
    assert d["notes"][0].startswith("The application was received on 20 May 2026, under the revision in force from 1 June 2025")
    (tmp_path / "p.yaml").write_text(PROFILE, encoding="utf-8")
    r = runner.invoke(app, ["check", str(tmp_path / "p.yaml"), "-m", "greve", "-s", "sel-85", "--standards-dir", str(tmp_path),
                            "--date", "2026-05-20"])
    assert "En ny udgave gælder fra 1. juni 2026" in r.stdout


def test_a_bad_application_date_is_bad_input(tmp_path):
    municipal.write(tmp_path)
    (tmp_path / "p.yaml").write_text(PROFILE, encoding="utf-8")
    r = runner.invoke(app, ["check", str(tmp_path / "p.yaml"), "-m", "greve", "-s", "sel-85", "--standards-dir", str(tmp_path),
                            "--application-date", "20-05-2026"])
    assert r.exit_code == 2
