"""The project stands on its own: its documents describe what users rely on and point at nothing outside it."""
import re
import subprocess
from pathlib import Path

from standards_engine import vocabulary

ROOT = Path(__file__).resolve().parents[1]


def _tracked_text_files():
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in out.splitlines():
        path = ROOT / name
        if path.suffix in {".md", ".py", ".yaml", ".yml", ".toml", ".txt", ".cfg", ".html", ".json"} and path.is_file():
            yield name, path.read_text(encoding="utf-8", errors="replace")


def _profile_section() -> str:
    text = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
    return text.split("## 2.", 1)[1].split("## 3.", 1)[0]


def test_the_contract_lists_exactly_the_vocabulary_input_facts():
    # A fact added to facts.yaml without a line in docs/contract.md (or the reverse) fails here.
    text = _profile_section()
    documented = set(re.findall(r"^\| `([a-z_0-9]+)` \|", text, flags=re.M))
    assert documented == set(vocabulary.input_facts())


def test_every_fact_value_is_documented_in_the_contract():
    text = _profile_section()
    for name, fact in vocabulary.input_facts().items():
        row = re.search(rf"^\| `{name}` \|(.*)$", text, flags=re.M).group(1)
        for value in fact.values:
            assert f"`{value}`" in row, f"{name}: value {value} missing from docs/contract.md"


def test_no_project_file_points_outside_the_repository():
    outside = re.compile(r"\.\./shared|/work/|CONTRACT\.md|SEEDS\.md|LAW-NOTES\.md|STYLE\.md")
    hits = [f"{name}: {m.group(0)}" for name, text in _tracked_text_files()
            if name != "tests/test_project_docs.py" for m in [outside.search(text)] if m]
    assert hits == []
