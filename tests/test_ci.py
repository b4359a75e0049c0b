"""The CI a municipality copies (docs/ci.md, .pre-commit-hooks.yaml), run as written on a small municipal
repository: green on a good revision, red on each slip a policy officer makes."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import municipal
from conftest import REPO

BIN = Path(sys.executable).parent  # the installed `standards` command of this environment


def commands_from_docs() -> dict[str, list[str]]:
    """The shell commands of the GitHub Actions and GitLab CI examples in docs/ci.md, as written."""
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    out = {}
    for name in ("GitHub Actions", "GitLab CI"):
        section = text.split(f"## {name}", 1)[1]
        block = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
        data = YAML(typ="safe").load(block)
        if name == "GitHub Actions":
            steps = data["jobs"]["standards"]["steps"]
            out[name] = [s["run"] for s in steps if "run" in s]
        else:
            out[name] = data["standards"]["script"]
    return out


def hook_commands() -> list[str]:
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"standards-validate", "standards-test", "standards-schema"}
    return [" ".join([h["entry"], *map(shlex.quote, h.get("args", []))]) for h in hooks]


def run_all(root: Path, commands: list[str]) -> list[tuple[str, int, str]]:
    """Each command in the repository's root, as CI runs it; the installation line is already done here."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "STANDARDS_DIR": ""}
    env.pop("STANDARDS_DIR")
    results = []
    for cmd in commands:
        if cmd.startswith("pip install"):
            assert "standards-engine @ git+" in cmd
            continue
        r = subprocess.run(cmd, shell=True, cwd=root, env=env, capture_output=True, text=True, timeout=300)
        results.append((cmd, r.returncode, r.stdout + r.stderr))
    return results


def repository(tmp_path: Path) -> Path:
    root = municipal.write(tmp_path / "odense")
    (root / "schemas").mkdir()
    subprocess.run([BIN / "standards", "schema", "-o", "schemas/standard.schema.json"], cwd=root, check=True)
    return root


def slip(root: Path, name: str) -> None:
    new = root / "standards" / "greve" / "sel-85" / "2026-06-01.yaml"
    text = new.read_text(encoding="utf-8")
    if name == "limit disagrees with its quote":
        text = text.replace("max: 5", "max: 6")
    elif name == "deadline disagrees with its quote":
        text = text.replace("weeks: 8", "weeks: 2")
    elif name == "quote not verbatim":
        text = text.replace('quote: "Du kan som udgangspunkt få støtte i op til 5 timer om ugen."',
                            'quote: "Du kan få støtte i op til 5 timer om ugen."')
    elif name == "a rule no case decides":
        cases = root / "standards" / "greve" / "sel-85" / "tests" / "cases.yaml"
        cases.write_text(cases.read_text(encoding="utf-8").split("  - name: bor på § 108-botilbud")[0], encoding="utf-8")
    elif name == "a failing case":
        cases = root / "standards" / "greve" / "sel-85" / "tests" / "cases.yaml"
        cases.write_text(cases.read_text(encoding="utf-8").replace("expect: {outcome: assess", "expect: {outcome: grant"),
                         encoding="utf-8")
    elif name == "schema left behind":
        p = root / "schemas" / "standard.schema.json"
        p.write_text(p.read_text(encoding="utf-8").replace('"transition"', '"overgang"'), encoding="utf-8")
    new.write_text(text, encoding="utf-8")


SLIPS = ["limit disagrees with its quote", "deadline disagrees with its quote", "quote not verbatim",
         "a rule no case decides", "a failing case", "schema left behind"]


@pytest.mark.parametrize("where", ["GitHub Actions", "GitLab CI", "pre-commit"])
def test_the_ci_examples_are_green_on_a_good_revision_and_red_on_each_slip(tmp_path, where):
    commands = hook_commands() if where == "pre-commit" else commands_from_docs()[where]
    good = run_all(repository(tmp_path / "good"), commands)
    assert all(code == 0 for _, code, _ in good), good
    for name in SLIPS:
        root = repository(tmp_path / re.sub(r"\W", "-", name))
        slip(root, name)
        bad = run_all(root, commands)
        assert any(code != 0 for _, code, _ in bad), (name, bad)


def test_a_figure_that_disagrees_with_its_quote_names_both(tmp_path):
    root = repository(tmp_path)
    slip(root, "limit disagrees with its quote")
    slip(root, "deadline disagrees with its quote")
    r = subprocess.run([BIN / "standards", "validate"], cwd=root, capture_output=True, text=True)
    assert r.returncode == 0  # a warning; --strict makes it red
    assert "advarsel: grænsen 'max-5-timer' har max: 6, men citatet siger 5 timer" in r.stdout
    assert "har weeks: 2, men citatet siger 8 uger" in r.stdout


def test_github_annotations(tmp_path):
    root = repository(tmp_path)
    slip(root, "limit disagrees with its quote")
    r = subprocess.run([BIN / "standards", "validate", "--strict", "--format", "github"], cwd=root, capture_output=True, text=True)
    assert r.returncode == 1
    assert re.search(r"^::error file=standards/greve/sel-85/2026-06-01\.yaml,line=\d+,col=\d+::grænsen 'max-5-timer' har max%3A 6|"
                     r"^::error file=standards/greve/sel-85/2026-06-01\.yaml,line=\d+,col=\d+::grænsen 'max-5-timer' har max: 6",
                     r.stderr, re.M), r.stderr
    slip(root, "a failing case")
    r = subprocess.run([BIN / "standards", "test", "--format", "github"], cwd=root, capture_output=True, text=True)
    assert "::error file=standards/greve/sel-85/tests/cases.yaml,line=" in r.stderr and "%0A" in r.stderr


def test_a_documented_boundary_decision_is_a_note_not_a_strict_failure():
    from conftest import STANDARDS
    r = subprocess.run([BIN / "standards", "validate", "--strict", str(STANDARDS / "ishoj" / "sel-85" / "2015-11-01.yaml")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "bemærkning: dokumentet lader båndene 'let' og 'moderat' overlappe ved 1" in r.stdout
