"""The example-case runner (`standards test`): what a policy officer's expectations check."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from conftest import copy_service
from conftest import STANDARDS
from standards_engine import cases

PROFILE = ('{"age": 40, "significant_mental_impairment": true, "living_situation": "own_home", "resources_in_some_areas": true, "motivated": true, '
           '"difficulty_managing_daily_life": true, '
           '"requested_support_tasks": ["daily_structure", "personal_care"], "requested_support_hours_per_week": 3}')


def _run(tmp_path, expect: str, date: str = "2023-06-01"):
    root = Path(tempfile.mkdtemp(dir=tmp_path)) / "standards"
    d = root / "ishoj" / "sel-85"
    copy_service(STANDARDS / "ishoj" / "sel-85", d, ignore=shutil.ignore_patterns("tests"))
    (d / "tests").mkdir()
    (d / "tests" / "t.yaml").write_text(
        f"cases:\n  - name: t\n    date: {date}\n    profile: {PROFILE}\n    expect: {expect}\n", encoding="utf-8")
    results, problems = cases.run([root], root)
    assert problems == []
    (r,) = results
    return r


def test_level_null_requires_that_there_is_no_level(tmp_path):
    # 2015 has levels: 3 hours is 'moderat', so `level: null` must fail there and pass in 2024 (no levels)
    r = _run(tmp_path, "{outcome: partial, level: null}")
    assert not r.passed and "støtteniveau: forventet intet, fik moderat" in r.diffs
    assert _run(tmp_path, "{outcome: partial, level: null}", "2025-03-01").passed
    assert _run(tmp_path, "{outcome: partial, level: moderat}").passed


def test_excluded_must_match_the_excluded_part_exactly(tmp_path):
    assert _run(tmp_path, "{outcome: partial, excluded: [personal_care]}").passed
    r = _run(tmp_path, "{outcome: partial, excluded: [personal_care, daily_structure]}")
    assert not r.passed and any(x.startswith("undtaget indhold") for x in r.diffs)


def test_the_example_case_in_the_authoring_guide_passes(tmp_path):
    from conftest import REPO
    guide = (REPO / "docs" / "authoring.md").read_text("utf-8")
    section = guide[guide.index("## Example cases"):]
    block = section[section.index("```yaml\n") + 8:section.index("\n```", section.index("```yaml\n"))]
    d = tmp_path / "standards" / "ishoj" / "sel-107-aflastning"
    copy_service(STANDARDS / "ishoj" / "sel-107-aflastning", d, ignore=shutil.ignore_patterns("tests"))
    (d / "tests").mkdir()
    (d / "tests" / "guide.yaml").write_text(block + "\n", encoding="utf-8")
    results, problems = cases.run([tmp_path / "standards"], tmp_path / "standards")
    assert problems == [] and len(results) == 1 and results[0].passed, results[0].diffs
