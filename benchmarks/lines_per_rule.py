"""Lines per rule of the bundled standards: how much YAML a person reads and writes per rule.

    python benchmarks/lines_per_rule.py [TREE] [--git REV]

A rule here is a criterion, an exclusion, a limit or an information item (what the engine reads from the text).
For each revision (not the same_as pointers, which have no rules) it counts the lines of the revision file (what
the policy officer edits in Danish) and, where there is one, of the English beside it (<date>.en.yaml).
With --git REV the tree is read as it was at that commit (e.g. before a change), without checking it out.
Counts lines only: reads YAML with the plain safe loader, never the engine.
"""
from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parent.parent
KINDS = ("criteria", "exclusions", "limits", "information")


def _files(tree: str, rev: str | None) -> dict[str, str]:
    if rev is None:
        root = Path(tree)
        return {str(p.relative_to(root)): p.read_text("utf-8") for p in sorted(root.glob("*/*/*.yaml"))}
    names = subprocess.run(["git", "-C", str(REPO), "ls-tree", "-r", "--name-only", rev, tree],
                           capture_output=True, text=True, check=True).stdout.split()
    out = {}
    for n in names:
        rel = n[len(tree.rstrip("/")) + 1:]
        if rel.count("/") == 2 and rel.endswith(".yaml") and not rel.startswith("_"):
            out[rel] = subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:{n}"],
                                      capture_output=True, text=True, check=True).stdout
    return out


def measure(files: dict[str, str]) -> list[tuple[str, int, int, int]]:
    """(revision, rules, lines of the revision file, lines of its English file) per revision with rules."""
    y = YAML(typ="safe")
    rows = []
    for name, text in sorted(files.items()):
        if name.endswith(".en.yaml"):
            continue
        data = y.load(text)
        if not isinstance(data, dict) or "same_as" in data:
            continue
        rules = sum(len(data.get(k) or []) for k in KINDS)
        english = files.get(name.removesuffix(".yaml") + ".en.yaml", "")
        rows.append((name, rules, len(text.splitlines()), len(english.splitlines())))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("tree", nargs="?", default="standards")
    ap.add_argument("--git", dest="rev", default=None, help="read the tree at this commit")
    a = ap.parse_args()
    rows = measure(_files(a.tree if a.rev else str(REPO / a.tree) if not Path(a.tree).is_absolute() else a.tree, a.rev))
    print(f"{'revision':42} {'rules':>5} {'lines':>6} {'per rule':>8} {'+en':>5} {'all/rule':>8}")
    for name, rules, lines, en in rows:
        print(f"{name:42} {rules:5} {lines:6} {lines / rules:8.1f} {en:5} {(lines + en) / rules:8.1f}")
    r, l, e = (sum(x[i] for x in rows) for i in (1, 2, 3))
    print(f"{'total':42} {r:5} {l:6} {l / r:8.1f} {e:5} {(l + e) / r:8.1f}")


if __name__ == "__main__":
    main()
