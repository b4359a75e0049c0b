"""The hostile-input corpus (cases.yaml): every case keeps its promise through the command line."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

HERE = Path(__file__).parent
REPO = HERE.parent.parent
CASES = YAML(typ="safe").load((HERE / "cases.yaml").read_text("utf-8"))


def _tree(tmp: Path, spec: dict) -> Path:
    """A copy of Ishøj's § 85 folder with one hostile change."""
    root = tmp / "standards"
    shutil.copytree(REPO / "standards" / "ishoj" / "sel-85", root / "ishoj" / "sel-85",
                    ignore=shutil.ignore_patterns("tests"))
    shutil.copytree(REPO / "standards" / "_sources", root / "_sources")
    rev = sorted((root / "ishoj" / "sel-85").glob("*.yaml"))[0]
    shutil.copytree(REPO / "standards" / "ishoj" / "_catalogue", root / "ishoj" / "_catalogue")
    text = rev.read_text("utf-8")
    if {"source_file", "approved_by", "approved_by_raw"} & set(spec):  # header keys: from the catalogue, written in
        from conftest import written_out
        text = written_out(REPO / "standards" / "ishoj" / "sel-85" / rev.name)
    if "source_file" in spec:
        import re
        text = re.sub(r"(?m)^(\s*file:).*$", lambda m: f"{m.group(1)} {spec['source_file']}", text, count=1)
    if "approved_by" in spec:
        import re
        text = re.sub(r"(?m)^approved_by:.*$", lambda m: f"approved_by: \"{spec['approved_by']}\"", text, count=1)
    if "approved_by_raw" in spec:  # the value as written in YAML, e.g. with a tag
        import re
        text = re.sub(r"(?m)^approved_by:.*$", lambda m: f"approved_by: {spec['approved_by_raw']}", text, count=1)
    if "char_at_line" in spec:  # a character appended to line N (1-based) of the revision
        n, char = spec["char_at_line"]
        lines = text.split("\n")
        lines[n - 1] += char
        text = "\n".join(lines)
    rev.write_text(text, "utf-8")
    if "case_file" in spec:  # an example-case file beside the standard, as written (a YAML \\u escape stays one)
        cases = root / "ishoj" / "sel-85" / "tests"
        cases.mkdir()
        (cases / "cases.yaml").write_text(spec["case_file"], "utf-8")
    if spec.get("fifo_case_file"):
        (root / "ishoj" / "sel-85" / "tests").mkdir(exist_ok=True)
        os.mkfifo(root / "ishoj" / "sel-85" / "tests" / "fifo.yaml")
    if spec.get("fifo_revision"):
        os.mkfifo(root / "ishoj" / "sel-85" / "2030-01-01.yaml")
    return root


# A case marked xfail is a promise not yet kept: strict, so it must be unmarked once it passes.
@pytest.mark.parametrize("case", [pytest.param(c, marks=pytest.mark.xfail(reason=c["xfail"], strict=True))
                                  if "xfail" in c else c for c in CASES], ids=[c["name"] for c in CASES])
def test_hostile(case, tmp_path):
    tmp = tmp_path / "case"
    tmp.mkdir()
    tree = _tree(tmp_path, case["tree"]) if "tree" in case else None
    if case.get("make") == "fifo":
        os.mkfifo(tmp / "fifo")
    args = [a.replace("{in}", str(HERE / "inputs")).replace("{tmp}", str(tmp)).replace("{tree}", str(tree))
            for a in case["args"]]
    env = {**os.environ, "STANDARDS_CACHE_DIR": str(tmp_path / "cache"), "PYTHONIOENCODING": "utf-8"}
    env.pop("STANDARDS_DIR", None)
    r = subprocess.run([sys.executable, "-m", "standards_engine", *args], input=case.get("stdin", "").encode("utf-8"),
                       capture_output=True, env=env, cwd=tmp_path, timeout=120)
    out = (r.stdout + r.stderr).decode("utf-8", errors="replace")
    assert r.returncode != 70, out
    assert "Traceback" not in out, out
    if "exit" in case:
        assert r.returncode == case["exit"], out
    if "exit_in" in case:
        assert r.returncode in case["exit_in"], out
    for s in case.get("never", []):
        assert s not in out, f"{s!r} in output:\n{out}"
    for s in case.get("has", []):
        assert s in out, out
