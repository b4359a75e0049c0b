"""Golden outputs: what every bundled example case gives, byte for byte, in every output form.

A speed-up of the explain stage or of the JSON must change no byte of any output. This file computes, for each
example case kept beside the bundled standards (standards/*/*/tests/*.yaml) and for a few hundred seeded random
profiles per Ishøj standard (benchmarks/profiles.py: unknown facts, every outcome), the output of `check` as JSON
(Danish and English), to_dict() and the `standards batch` JSON line, and keeps a sha256 of each in
tests/golden/recommendations.json, beside a digest of what the output rests on (the case, the standard's files,
the vocabulary and the law layer).

    .venv/bin/python tests/golden_recommendations.py --update   # regenerate, after a change of wording on purpose

tests/test_golden_recommendations.py compares. An entry whose inputs changed (someone edited a standard, the
vocabulary or the law layer) is stale, not failed: it is counted and skipped until regenerated, so a change of
a standard's text never fails this test; a change of code that alters an output whose inputs did not change does.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STANDARDS = REPO / "standards"
GOLDEN = Path(__file__).resolve().parent / "golden" / "recommendations.json"
PACKAGE = REPO / "src" / "standards_engine"
RANDOM_PER_SERVICE = 150


def _sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()[:20]  # enough to tell outputs apart; keeps the file small


def _shared_digest() -> str:
    """The vocabulary, service catalogue and the law layer's shared files (acts): every output reads them."""
    h = hashlib.sha256()
    for p in sorted([*(PACKAGE / "data").glob("*.yaml"), *(PACKAGE / "law").glob("*.yaml")]):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def _inputs(shared: str, municipality: str, service: str, date: dt.date, profile, rec) -> str:
    files = sorted((f["path"], f["sha256"]) for f in rec.standard["files"]) if rec is not None else [
        (str(p.relative_to(REPO)), _sha(p.read_bytes())) for p in sorted((STANDARDS / municipality / service).glob("*.yaml"))]
    blob = json.dumps([shared, municipality, service, date.isoformat(), profile, files], ensure_ascii=False,
                      sort_keys=True, default=str)
    return _sha(blob.encode())


def profiles():
    """(key, municipality, service, date, profile): every example case, then seeded random profiles."""
    from ruamel.yaml import YAML
    yaml = YAML(typ="safe")
    for f in sorted(STANDARDS.glob("*/*/tests/*.yaml")):
        municipality, service = f.parent.parent.parent.name, f.parent.parent.name
        doc = yaml.load(f.read_text("utf-8")) or {}
        base = doc.get("base_profile") or {}
        for case in doc.get("cases", ()):
            if not isinstance(case, dict):
                continue
            # one date, several (`dates`) or one per expectation (`expect_on`), as `standards test` runs them
            dates = [case["date"]] if case.get("date") else list(case.get("dates") or case.get("expect_on") or ())
            for d in dates:
                date = d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d))
                yield (f"{f.relative_to(REPO)}::{case.get('name')}::{date.isoformat()}", municipality, service, date,
                       {**base, **(case.get("profile") or {})})
    sys.path.insert(0, str(REPO / "benchmarks"))
    from profiles import ON, SERVICES, generate
    for service in SERVICES:
        for i, p in enumerate(generate(service, RANDOM_PER_SERVICE, unknown=0.25)):
            yield f"random::{service}::{i}", "ishoj", service, ON, p


def outputs(repo, municipality: str, service: str, date: dt.date, profile) -> tuple[dict[str, str], object]:
    """Every output form of one profile, as text; an error's message where it cannot be evaluated."""
    from standards_engine import InputError, check
    from standards_engine.batch import Row, json_line
    from standards_engine.caseload import Entry
    from standards_engine.errors import EngineError
    from standards_engine.render import to_json
    out: dict[str, str] = {}
    rec = None
    for lang in ("da", "en"):
        try:
            rec = check(profile, municipality, service, date, lang, repo)
        except (InputError, EngineError) as e:
            out[f"error-{lang}"] = e.text(lang)
            continue
        out[f"json-{lang}"] = to_json(rec)
        out[f"batch-{lang}"] = json_line(Row(Entry(7, None, profile), rec.case_id, rec.outcome, rec=rec), False, lang)
        out[f"dict-{lang}"] = json.dumps(rec.to_dict(), ensure_ascii=False, sort_keys=True, default=str)
    return out, rec


def compute() -> dict[str, dict]:
    from standards_engine import open_repository
    repo = open_repository(STANDARDS)
    shared = _shared_digest()
    got: dict[str, dict] = {}
    for key, municipality, service, date, profile in profiles():
        out, rec = outputs(repo, municipality, service, date, profile)
        got[key] = {"inputs": _inputs(shared, municipality, service, date, profile, rec),
                    "outputs": {k: _sha(v.encode()) for k, v in sorted(out.items())}}
    return got


def main() -> None:
    if "--update" not in sys.argv:
        raise SystemExit(__doc__)
    got = compute()
    GOLDEN.parent.mkdir(exist_ok=True)
    tmp = GOLDEN.with_suffix(".tmp")
    lines = [f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, sort_keys=True)}" for k, v in sorted(got.items())]
    tmp.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")  # one line per entry
    tmp.replace(GOLDEN)
    print(f"{len(got)} entries written to {GOLDEN.relative_to(REPO)}")


if __name__ == "__main__":
    main()
