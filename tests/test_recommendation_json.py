"""The JSON of a recommendation is json.dumps of its to_dict(), whatever made it fast: for every bundled example
case and seeded random profiles, and after a recommendation was changed by its user."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from standards_engine import check, open_repository
from standards_engine.batch import Row, json_line
from standards_engine.caseload import Entry
from standards_engine.recommendation import InfoItem
from standards_engine.render import to_json

sys.path.insert(0, str(Path(__file__).resolve().parent))

import golden_recommendations as golden  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def _default(o):
    return o.isoformat() if hasattr(o, "isoformat") else str(o)


def _whole(d: dict) -> dict:
    for lim in d["limits"]:
        for k in ("requested", "max", "recommended"):
            if isinstance(lim[k], float) and lim[k].is_integer():
                lim[k] = int(lim[k])
    return d


def reference_json(rec) -> str:
    """What `check --format json` printed before the pieces: json.dumps of to_dict() with indent 2."""
    return json.dumps(_whole(rec.to_dict()), ensure_ascii=False, indent=2, default=_default)


def reference_line(rec, position: dict) -> str:
    full = _whole(rec.to_dict())
    d = {**position, "case_id": None, "outcome": full.pop("outcome"), **full}
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"), default=_default)


@pytest.fixture(scope="module")
def repo():
    return open_repository(REPO / "standards")


def _recommendations(repo):
    for key, municipality, service, date, profile in golden.profiles():
        for lang in ("da", "en"):
            try:
                yield key, check(profile, municipality, service, date, lang, repo)
            except Exception:  # a case that expects an error: nothing to encode
                continue


def test_json_and_batch_lines_are_json_dumps_of_to_dict_for_every_case(repo):
    n = 0
    for key, rec in _recommendations(repo):
        assert to_json(rec) == reference_json(rec), key
        row = Row(Entry(12, None, {}), rec.case_id or "x", rec.outcome, rec=rec)
        assert json_line(row, False) == reference_line(rec, {"line": 12}), key
        row = Row(Entry(3, "mappe/sag.yaml", {}), rec.case_id or "x", rec.outcome, rec=rec)
        assert json_line(row, False) == reference_line(rec, {"file": "mappe/sag.yaml", "line": 3}), key
        n += 1
    assert n > 500


def _one(repo, lang="da"):
    """The README's aflastning example: reasons with citations, limits, information, files."""
    from ruamel.yaml import YAML
    profile = YAML(typ="safe").load((REPO / "examples" / "aflastning-120-doegn.yaml").read_text("utf-8"))
    return check(profile, "ishoj", "sel-107-aflastning", dt.date(2025, 3, 1), lang, repo)


def test_a_recommendation_changed_after_check_is_encoded_as_it_is_now(repo):
    for change in (
        lambda r: setattr(r.reasons[0], "text", "Ændret af sagsbehandleren"),
        lambda r: setattr(r.reasons[0], "line", 7.0),                       # 7.0, not 7, in JSON
        lambda r: setattr(r.reasons[-1], "citation", {"text": "egen", "stk": 2}),
        lambda r: r.reasons.reverse(),
        lambda r: setattr(r.reasons[0], "facts", ("a", "b")),
        lambda r: r.limits[0].__setattr__("max", 90.5) if r.limits else None,
        lambda r: r.standard.__setitem__("path", "andet/sted.yaml"),
        lambda r: r.standard.__setitem__("files", [*r.standard["files"], {"role": "note", "path": "x", "sha256": "0"}]),
        lambda r: r.information.append(InfoItem(topic="other", text="Ny", source="s", section="x", basis="statute")),
        lambda r: r.information.pop(0),
        lambda r: r.notes.append("En note"),
        lambda r: setattr(r, "case_id", "sag-1"),
        lambda r: setattr(r.reasons[0], "text", ["en", "liste"]),              # not text: no piece can be keyed on it
        lambda r: r.standard.__setitem__("sha256", ["x"]),
        lambda r: setattr(r.limits[0], "unit", None) if r.limits else None,
    ):
        rec = _one(repo)
        to_json(rec), json_line(Row(Entry(1, None, {}), "x", rec.outcome, rec=rec), False)   # pieces made
        change(rec)
        assert to_json(rec) == reference_json(rec)
        assert json_line(Row(Entry(1, None, {}), "x", rec.outcome, rec=rec), False) == reference_line(rec, {"line": 1})


def test_a_plain_citation_changed_in_place_is_encoded_as_it_is_now(repo):
    rec = _one(repo)
    rec.reasons[0].citation = {"text": "før"}
    to_json(rec)
    rec.reasons[0].citation["text"] = "efter"
    assert json.loads(to_json(rec))["reasons"][0]["citation"]["text"] == "efter"


def test_what_recommendations_share_is_read_only_and_to_dict_gives_copies(repo):
    rec = _one(repo)
    shared = [r.citation for r in rec.reasons if r.citation] + [rec.standard["files"][0]] + [rec.information[0].details]
    assert shared
    for d in shared:
        with pytest.raises(TypeError):
            d["text"] = "x"
    with pytest.raises(TypeError):
        rec.standard["files"].append({})
    with pytest.raises(Exception):
        rec.information[0].text = "x"   # an information item is shared by the revision's recommendations
    d = rec.to_dict()
    d["standard"]["files"][0]["path"] = "mit"
    next(r for r in d["reasons"] if r["citation"])["citation"]["text"] = "mit"
    assert type(d["information"][0]["details"]) is dict
    assert _one(repo).standard["files"][0]["path"] != "mit"
