"""Every output of every bundled example case (and seeded random profiles) is byte for byte what it was when
tests/golden/recommendations.json was made: speed work on the explain stage and the JSON changes no byte.

An entry whose inputs changed since (a standard, the vocabulary, the law layer, the case itself) is stale and
skipped; regenerate with `.venv/bin/python tests/golden_recommendations.py --update` after checking the change
is meant (tests/golden_recommendations.py says how the file is made)."""
from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import golden_recommendations as golden  # noqa: E402


def test_every_output_is_byte_for_byte_the_golden_one():
    want = json.loads(golden.GOLDEN.read_text("utf-8"))
    got = golden.compute()
    compared, stale, differ = 0, 0, []
    for key, g in got.items():
        w = want.get(key)
        if w is None or w["inputs"] != g["inputs"]:
            stale += 1
            continue
        compared += 1
        for form, sha in g["outputs"].items():
            if w["outputs"].get(form) != sha:
                differ.append(f"{key} [{form}]")
        for form in set(w["outputs"]) - set(g["outputs"]):
            differ.append(f"{key} [{form} missing]")
    assert not differ, (f"{len(differ)} outputs changed although their inputs did not (first: {differ[:8]}); if the "
                        f"change is meant, regenerate: .venv/bin/python tests/golden_recommendations.py --update")
    if stale:  # someone changed a standard, the vocabulary or the law: not a failure, but the file wants regenerating
        warnings.warn(f"{stale} of {len(got)} golden entries are stale ({compared} compared): "
                      f".venv/bin/python tests/golden_recommendations.py --update")
