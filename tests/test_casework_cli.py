"""screen, compare and letter as a caseworker runs them."""
from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from conftest import STANDARDS
from standards_engine.cli import app

runner = CliRunner()
SD = ["--standards-dir", str(STANDARDS)]
D = ["--date", "2025-03-01"]


@pytest.fixture
def profile(tmp_path):
    p = tmp_path / "profil.yaml"
    p.write_text("case_id: sag-17\nage: 30\nsignificant_mental_impairment: true\nliving_situation: own_home\n"
                 "requested_support_tasks: [daily_structure, cleaning_laundry]\n", encoding="utf-8")
    return p


def run(*args):
    r = runner.invoke(app, [*map(str, args), *SD])
    assert r.exit_code == 0, r.output
    return r.stdout


@pytest.mark.parametrize("m", ["ishoj", "vallensbaek", "haderslev", "ukendt"])
def test_screen_has_one_row_per_bundled_service(profile, m):
    services = sorted(d.name for d in (STANDARDS / m).iterdir() if d.is_dir() and not d.name.startswith("_"))  # _catalogue holds no service
    d = json.loads(run("screen", profile, "-m", m, *D, "--format", "json"))
    assert sorted(r["service"] for r in d["rows"]) == services
    md = run("screen", profile, "-m", m, *D, "--format", "markdown")
    assert len([ln for ln in md.splitlines() if ln.startswith("| §")]) == len(services)
    text = run("screen", profile, "-m", m, *D)
    assert text.count("Anbefaling: ") == len(services)
    assert "sel-" not in text and "own_home" not in text  # words, not codes


def test_screen_all_municipalities(profile):
    d = json.loads(run("screen", profile, "--all-municipalities", *D, "--format", "json"))
    total = sum(1 for m in STANDARDS.iterdir() if m.is_dir() and not m.name.startswith("_") for s in m.iterdir()
                if s.is_dir() and not s.name.startswith("_"))  # _catalogue holds no service
    assert len(d["rows"]) == total


def test_compare_shows_ishoj_and_vallensbaek_85_side_by_side_with_their_revisions(profile):
    text = run("compare", profile, "-s", "sel-85", *D)
    head = text.splitlines()[0]
    assert head.index("Ishøj Kommune") < head.index("Vallensbæk Kommune")
    line = next(ln for ln in text.splitlines() if ln.startswith("Standard"))
    assert re.search(r"gældende fra 2024-01-01 +gældende fra 2015-11-01", line)
    md = run("compare", profile, "-s", "sel-85", *D, "--format", "markdown")
    assert "| | Ishøj Kommune | Vallensbæk Kommune |" in md
    assert "| **Standard** | gældende fra 2024-01-01 | gældende fra 2015-11-01 |" in md
    d = json.loads(run("compare", profile, "-s", "sel-85", *D, "--format", "json"))
    assert [(r["municipality"], r["valid_from"]) for r in d["rows"]] == [("ishoj", "2024-01-01"), ("vallensbaek", "2015-11-01")]


def test_screen_needs_a_municipality_or_all(profile):
    r = runner.invoke(app, ["screen", str(profile), *SD])
    assert r.exit_code == 2 and "--all-municipalities" in r.output


def test_a_profile_with_a_cpr_number_is_refused_by_every_command(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("age: 30\nnote: 010190-1234\n", encoding="utf-8")
    for args in (["screen", p, "-m", "ishoj"], ["compare", p, "-s", "sel-85"],
                 ["letter", p, "-m", "ishoj", "-s", "sel-85", "--decision-date", "2025-03-03"],
                 ["interview", "-m", "ishoj", "-s", "sel-85", "--profile", p, "--next"]):
        r = runner.invoke(app, [*map(str, args), *SD])
        assert r.exit_code == 2 and "CPR" in r.output and "1234" not in r.output
