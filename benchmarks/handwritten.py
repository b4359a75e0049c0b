"""The baseline: the decisions of two standards written by hand, independently of the engine.

Nothing here imports standards_engine. The functions read the profile dict themselves, check the types
of its facts themselves (against the vocabulary file, read once with ruamel.yaml) and build their own
result. What a person would write who was given Ishøj's 2015 aflastning (§ 107) and aktivitets- og
samværstilbud (§ 104) and the outcome rules of the README:

- `outcome(profile, on)` -> (outcome, ids of the rules decided against the request), the least a
  caseload run needs;
- `full(profile, on)` -> the recommendation as the JSON output has it (docs/contract.md §4): every reason with
  its text and source sentence, the limits, the missing facts with their questions, referrals,
  information, notes. The texts are read from the standard's YAML file once (data, not code).

A bad profile raises ValueError. Each standard's conditions are spelt out below by hand, with three-valued
logic (None = unknown) as the README states it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STANDARD_FILES = {"sel-107-aflastning": REPO / "standards" / "ishoj" / "sel-107-aflastning" / "2015-11-01.yaml",
                  "sel-104": REPO / "standards" / "ishoj" / "sel-104" / "2015-11-01.yaml"}
_DATA = REPO / "src" / "standards_engine" / "data"

LABEL = {"refuse": "afslag anbefales", "incomplete": "mangler oplysninger", "assess": "kræver konkret vurdering",
         "partial": "delvis bevilling anbefales", "grant": "bevilling anbefales"}
_CPR = re.compile(r"(?<!\d)([0-3]\d)\D?([01]\d)\D?\d\d\D?\d{4}(?!\d)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _yaml(path: Path):
    from ruamel.yaml import YAML
    return YAML(typ="safe").load(path.read_text("utf-8"))


def _revision(path: Path) -> dict:
    """A revision with its catalogue file taken in (the header keys it lacks; each `use:` item from `shared`)."""
    std = _yaml(path)
    if "catalogue" not in std:
        return std
    municipality, name = std.pop("catalogue").split("/")
    cat = _yaml(path.parents[2] / municipality / "_catalogue" / f"{name}.yaml")
    shared = cat.pop("shared", {})
    std = {**{k: v for k, v in cat.items() if k not in ("schema_version", "title")}, **std}
    for kind in ("criteria", "exclusions", "limits", "information"):
        std[kind] = [{**shared[i["use"]], **{k: v for k, v in i.items() if k != "use"}} if "use" in i else i
                     for i in std.get(kind, ())]
    return std


class Vocabulary:
    """The fact names and their types, from the vocabulary file."""

    def __init__(self):
        raw = _yaml(_DATA / "facts.yaml")
        self.facts = raw["facts"]
        self.services = _yaml(_DATA / "services.yaml")["services"]
        for d in self.facts.values():
            if d["type"] == "date":
                d["min"], d["max"] = (dt.date.fromisoformat(d[k]) if d.get(k) else None for k in ("min", "max"))
            if "values" in d:
                d["values"] = frozenset(d["values"])

    def check(self, profile) -> dict:
        """The profile's known facts, typed; ValueError for anything else."""
        if not isinstance(profile, dict):
            raise ValueError("not a mapping")
        facts = self.facts
        out = {}
        for k, v in profile.items():
            d = facts.get(k)
            if d is None:
                raise ValueError(f"unknown fact {k!r}")
            if v is None:
                continue
            t = d["type"]
            if t == "bool":
                ok = v is True or v is False
            elif t == "int":
                ok = type(v) is int and d["min"] <= v <= d["max"]
            elif t == "number":
                ok = (type(v) is int or (type(v) is float and v == v)) and v >= d.get("min", 0) and \
                    (d.get("max") is None or v <= d["max"])
            elif t == "enum":
                ok = type(v) is str and v in d["values"]
            elif t == "list":
                ok = type(v) is list and all(type(e) is str and e in d["values"] for e in v)
                v = tuple(dict.fromkeys(v)) if ok else v
            elif t == "date":
                ok = type(v) is str and _DATE.fullmatch(v) is not None
                if ok:
                    v = dt.date.fromisoformat(v)
                    ok = d["min"] <= v <= d["max"]
            else:  # text: the only place a CPR number can hide, as every other value is typed and bounded
                ok = type(v) is str and not any(1 <= int(m[1]) <= 31 and 1 <= int(m[2]) <= 12 for m in _CPR.finditer(v))
            if not ok:
                raise ValueError(f"bad value for {k}")
            out[k] = v
        return out


def _age(x: dict, on: dt.date):
    born = x.get("birth_date")
    if born is None:
        return x.get("age")
    if born > on:
        raise ValueError("born after the evaluation date")
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if x.get("age") is not None and x["age"] != age:
        raise ValueError("age and birth date disagree")
    return age


def _any(*vs):
    return True if True in vs else (None if None in vs else False)


def _all(*vs):
    return False if False in vs else (None if None in vs else True)


def _eq(v, want):
    return None if v is None else v == want


def _ge(v, n):
    return None if v is None else v >= n


IMPAIRMENTS = ("significant_mental_impairment", "significant_physical_impairment", "special_social_problems")


# --- the two decisions, outcome and failed rule ids -------------------------------------------------------


def _one_per_quantity(limits: list[dict]) -> list[dict]:
    """A quantity is listed once: the lowest limit that applies; one not known to apply only if lower."""
    out = []
    for fact in dict.fromkeys(lim["fact"] for lim in limits):
        mine = [lim for lim in limits if lim["fact"] == fact]
        sure = [lim for lim in mine if lim["applies"] is True]
        if not sure:
            out += mine
            continue
        low = min(sure, key=lambda lim: lim["max"])
        out += [lim for lim in mine if lim is low or (lim["applies"] is None and lim["max"] < low["max"])]
    return out

def _outcome(failed: tuple[list, list, list], unknown: tuple[list, list, list]) -> tuple[str, list, list]:
    """The README's levels: statute -> refuse, service level -> assess, limits -> partial; an unknown
    at an earlier level makes it incomplete. Returns the outcome, the deciding failures and the waiting unknowns."""
    waiting: list = []
    for level, name in enumerate(("refuse", "assess", "partial")):
        if failed[level]:
            return ("incomplete" if waiting else name), failed[level], waiting
        waiting += unknown[level]
    return ("incomplete" if waiting else "grant"), [], waiting


def _common(x: dict, on: dt.date):
    age = _age(x, on)
    return _ge(age, 18), _any(*(x.get(n) for n in IMPAIRMENTS)), age


class Handwritten:
    def __init__(self):
        self.vocab = Vocabulary()
        self.standards = {s: _Texts(p, self.vocab) for s, p in STANDARD_FILES.items()}

    # outcome + the ids of the rules decided against the request

    def outcome(self, service: str, profile: dict, on: dt.date) -> tuple[str, list[str]]:
        x = self.vocab.check(profile)
        adult, impaired, _ = _common(x, on)
        ls = x.get("living_situation")
        if service == "sel-107-aflastning":
            at_home, carers, needed = _eq(ls, "with_relatives"), x.get("relatives_primary_caregivers"), x.get("relief_necessary_to_stay_home")
            nights, holiday = x.get("requested_relief_nights_per_year"), x.get("requested_holiday_days_per_year")
            statute = (("alder-18", adult), ("funktionsnedsaettelse", impaired))
            service_level = (("hjemmeboende", at_home), ("paaroerende-primaere-omsorgspersoner", carers),
                             ("aflastning-noedvendig", needed))
            over = [rid for rid, req, mx in (("max-90-doegn", nights, 90), ("ferie-5-dage", holiday, 5)) if req is not None and req > mx]
            failed = ([r for r, v in statute if v is False], [r for r, v in service_level if v is False], over)
            unknown = ([r for r, v in statute if v is None], [r for r, v in service_level if v is None], [])
        else:
            alone, resid, special, services, days = x.get("lives_alone"), _eq(ls, "residential"), x.get("special_considerations"), \
                x.get("current_services"), x.get("requested_days_per_week")
            home = _eq(ls, "with_relatives")
            # "bor alene"; one who lives with the family does not live alone, even when that is not stated
            b_alone = alone if alone is not None else (False if ls == "with_relatives" else None)
            b_family = _all(home, special)
            scope = _any(b_alone, resid, b_family)
            other_day = None if services is None else "sel-103" in services
            combined = _all(resid, None if services is None else ("sel-103" in services or "sel-104-evening" in services))
            statute = (("alder-18", adult), ("funktionsnedsaettelse", impaired))
            failed = ([r for r, v in statute if v is False],
                      (["omfang-for-boformen"] if scope is False else []) + (["andet-dagtilbud"] if other_day else [])
                      + (["botilbud-kombination"] if combined else []), [])
            unknown = ([r for r, v in statute if v is None],
                       (["omfang-for-boformen"] if scope is None else []) + (["andet-dagtilbud"] if other_day is None else [])
                       + (["botilbud-kombination"] if combined is None else []), [])
            holiday = x.get("requested_holiday_days_per_year")
            for rid, when, req, mx in (("dage-bor-alene", b_alone, days, 3), ("dage-botilbud", resid, days, 3),
                                       ("dage-familie-saerlige-hensyn", b_family, days, 5), ("ferie-3-dage", True, holiday, 3)):
                if req is not None and req > mx and when is not False:
                    (failed if when else unknown)[2].append(rid)
        outcome, _, _ = _outcome(failed, unknown)
        return outcome, failed[0] + failed[1] + failed[2]

    # the full recommendation

    def full(self, service: str, profile: dict, on: dt.date) -> dict:
        x = self.vocab.check(profile)
        adult, impaired, age = _common(x, on)
        t = self.standards[service]
        ls = x.get("living_situation")
        imp_why = [n for n in IMPAIRMENTS if x.get(n) is None] if impaired is None else []
        reasons = [t.reason("alder-18", adult, [] if adult is not None else ["age"]),
                   t.reason("funktionsnedsaettelse", impaired, imp_why)]
        failed: tuple[list, list, list] = ([], [], [])
        unknown: tuple[list, list, list] = ([], [], [])
        for r in reasons:
            (failed if r["result"] == "not_met" else unknown if r["result"] == "unknown" else ([], [], []))[0].append(r)
        limits = []
        if service == "sel-107-aflastning":
            for rid, v, fact in (("hjemmeboende", _eq(ls, "with_relatives"), "living_situation"),
                                 ("paaroerende-primaere-omsorgspersoner", x.get("relatives_primary_caregivers"), "relatives_primary_caregivers"),
                                 ("aflastning-noedvendig", x.get("relief_necessary_to_stay_home"), "relief_necessary_to_stay_home")):
                r = t.reason(rid, v, [] if v is not None else [fact])
                reasons.append(r)
                if v is False:
                    failed[1].append(r)
                elif v is None:
                    unknown[1].append(r)
            for rid, fact, mx in (("max-90-doegn", "requested_relief_nights_per_year", 90), ("ferie-5-dage", "requested_holiday_days_per_year", 5)):
                req = x.get(fact)
                result = "unknown" if req is None else ("within" if req <= mx else "exceeded")
                r = t.reason(rid, None, [fact], result)
                reasons.append(r)
                if result == "exceeded":
                    failed[2].append(r)
                limits.append(t.limit(rid, fact, req, mx, mx if req is None else min(req, mx), result == "exceeded", True))
        else:
            alone, special, services = x.get("lives_alone"), x.get("special_considerations"), x.get("current_services")
            resid, home = _eq(ls, "residential"), _eq(ls, "with_relatives")
            b_alone = alone if alone is not None else (False if ls == "with_relatives" else None)
            why_alone = (["lives_alone"] + (["living_situation"] if ls is None else [])) if b_alone is None else []
            b_family = _all(home, special)
            why_family = ((["living_situation"] if home is None else []) + (["special_considerations"] if special is None else [])) \
                if b_family is None else []
            scope = _any(b_alone, resid, b_family)
            why_scope = []
            if scope is None:
                why_scope = sorted(set((why_alone if b_alone is None else []) + (["living_situation"] if resid is None else [])
                                       + (why_family if b_family is None else [])))
            r = t.reason("omfang-for-boformen", scope, why_scope)
            reasons.append(r)
            (failed[1] if scope is False else unknown[1] if scope is None else []).append(r)
            other_day = None if services is None else "sel-103" in services
            any_other = None if services is None else ("sel-103" in services or "sel-104-evening" in services)
            combined = _all(resid, any_other)
            for rid, v, why in (("andet-dagtilbud", other_day, ["current_services"]),
                                ("botilbud-kombination", combined,
                                 (["current_services"] if any_other is None else []) + (["living_situation"] if resid is None else []))):
                r = t.reason(rid, v, sorted(why) if v is None else [], "unknown" if v is None else ("applies" if v else "not_applies"))
                reasons.append(r)
                (failed[1] if v else unknown[1] if v is None else []).append(r)
            days, holiday = x.get("requested_days_per_week"), x.get("requested_holiday_days_per_year")
            rows = (("dage-bor-alene", "requested_days_per_week", days, 3, b_alone, sorted(why_alone)),
                    ("dage-botilbud", "requested_days_per_week", days, 3, resid, ["living_situation"]),
                    ("dage-familie-saerlige-hensyn", "requested_days_per_week", days, 5, b_family, sorted(why_family)),
                    ("ferie-3-dage", "requested_holiday_days_per_year", holiday, 3, True, []))
            effective: dict[str, float] = {}
            for rid, fact, _, mx, when, _ in rows:
                if when is True:
                    effective[fact] = min(mx, effective.get(fact, mx))
            for rid, fact, req, mx, when, why in rows:
                if when is False:
                    reasons.append(t.reason(rid, None, [fact], "not_applies"))
                    continue
                eff = effective.get(fact, mx)
                if req is None:
                    reasons.append(t.reason(rid, None, [fact], "unknown"))
                    limits.append(t.limit(rid, fact, None, mx, eff if when else None, False, when))
                elif req <= mx:
                    reasons.append(t.reason(rid, None, [fact], "within"))
                    limits.append(t.limit(rid, fact, req, mx, min(req, eff), False, when))
                elif when is None:
                    r = t.reason(rid, None, why, "unknown")
                    reasons.append(r)
                    unknown[2].append(r)
                    limits.append(t.limit(rid, fact, req, mx, None, False, None))
                else:
                    r = t.reason(rid, None, [fact], "exceeded")
                    reasons.append(r)
                    failed[2].append(r)
                    limits.append(t.limit(rid, fact, req, mx, min(req, eff), True, True))
        outcome, deciding, waiting = _outcome(failed, unknown)
        for r in deciding:
            r["deciding"] = True
        for r in waiting:
            r["deciding"] = True
        if outcome == "grant":
            for r in reasons:
                if r["result"] in ("met", "within"):
                    r["deciding"] = True
        limits = _one_per_quantity(limits)
        if outcome == "refuse":
            for lim in limits:
                lim["recommended"] = None
        missing = []
        for r in waiting:
            for name in r["facts"]:
                if name not in missing:
                    missing.append(name)
        against = [r["rule"] for r in reasons if r["result"] in ("not_met", "exceeded") or (r["result"] == "applies")]
        alternatives = {}
        for rid in against:
            for ref in t.refer.get(rid, ()):
                if ref["service"] not in alternatives:
                    s = self.vocab.services[ref["service"]]
                    alternatives[ref["service"]] = {
                        "service": ref["service"], "reason": ref["reason"], "paragraph": s["paragraph"], "title": s["title"]["da"],
                        "note": _ELDERLY_NOTE if s.get("elderly_act_bar") and on >= _ELDERLY_FROM else None}
        reasons.sort(key=lambda r: not r["deciding"])
        notes = list(t.assumptions)
        if outcome in ("assess", "partial") and any(r["deciding"] and r["basis"] == "service_level" for r in reasons):
            notes.append(_SERVICE_LEVEL_NOTE)
        info = t.information
        if outcome == "refuse":
            info = sorted(info, key=lambda i: i["topic"] != "complaint")
        return {"outcome": outcome, "outcome_label": LABEL[outcome], **t.head, "evaluated_on": on.isoformat(),
                "standard": dict(t.standard), "reasons": reasons, "limits": limits, "level": None,
                "missing_facts": [{"fact": n, "question": self.vocab.facts[n]["question"]["da"]} for n in missing],
                "alternatives": list(alternatives.values()), "information": [dict(i, details=dict(i["details"])) for i in info],
                "notes": notes, "content": [], "case_id": x.get("case_id")}


_ELDERLY_FROM = dt.date(2025, 7, 1)
_ELDERLY_NOTE = "Fra 1. juli 2025 gives denne ydelse til borgere omfattet af ældreloven efter ældreloven."
_SERVICE_LEVEL_NOTE = "Serviceniveauet er et vejledende udgangspunkt og skal fraviges, hvor borgerens behov nødvendiggør det."
_RESULTS = {"criterion": ("met", "not_met"), "exclusion": ("applies", "not_applies")}


class _Texts:
    """What a recommendation quotes from one standard file, read once."""

    def __init__(self, path: Path, vocab: Vocabulary):
        raw = path.read_bytes()
        std = _revision(path)
        self.head = {"municipality": std["municipality"]["id"], "municipality_name": std["municipality"]["name"],
                     "service": std["service"]["id"], "service_title": std["service"]["title"]}
        self.standard = {"valid_from": std["valid_from"].isoformat(), "sha256": hashlib.sha256(raw).hexdigest(),
                         "path": str(path.relative_to(REPO)), "same_as": None,
                         "source_document": std["source_document"]["title"], "legal_basis": std["legal_basis"],
                         "legal_basis_en": std.get("legal_basis_en"), "approved_by": std["approved_by"],
                         "approved_on": std["approved_on"]}
        self.rules = {}
        self.refer = {}
        for kind, key in (("criterion", "criteria"), ("exclusion", "exclusions"), ("limit", "limits")):
            for d in std.get(key, ()):
                self.rules[d["id"]] = (kind, d["basis"], d["text"], d["source"]["quote"], d["source"]["section"],
                                       d["source"].get("line"), d.get("note"))
                self.refer[d["id"]] = d.get("refer_to", ())
        self.units = {name: f.get("unit", {}).get("da", "") for name, f in vocab.facts.items()}
        self.information = [{"topic": i["topic"], "text": i["text"], "source": i["source"]["quote"], "section": i["source"]["section"],
                             "basis": i.get("basis", "service_level"),
                             "details": {k: i[k] for k in ("weeks", "days_per_year", "every_months", "km", "free_choice_of_provider",
                                                          "citizen_pays") if i.get(k) not in (None, [])}}
                            for i in std.get("information", ())]
        self.assumptions = tuple(std.get("assumptions", ()))

    def reason(self, rid: str, value, facts: list, result: str | None = None) -> dict:
        kind, basis, text, quote, section, line, note = self.rules[rid]
        if result is None:
            yes, no = _RESULTS[kind]
            result = "unknown" if value is None else (yes if value else no)
        return {"rule": rid, "kind": kind, "basis": basis, "result": result, "text": text, "source": quote, "section": section,
                "line": line, "deciding": False, "facts": facts if result == "unknown" or kind == "limit" else [], "note": note}

    def limit(self, rid: str, fact: str, req, mx, recommended, exceeded: bool, applies) -> dict:
        return {"rule": rid, "fact": fact, "requested": req, "max": mx, "recommended": recommended, "exceeded": exceeded,
                "unit": self.units[fact], "basis": self.rules[rid][1], "applies": applies}


def stable(d: dict) -> dict:
    """What the benchmark compares between the engine and this baseline: the outcome, the deciding rule ids,
    the limits' figures and the missing facts. Texts, notes and the order of reasons are left out on purpose:
    they are the engine's wording, which is free to change (the law layer adds reasons), while these are
    the decision."""
    return {"outcome": d["outcome"],
            "deciding": sorted(r["rule"] for r in d["reasons"] if r["deciding"]),
            "limits": [(lim["rule"], lim["requested"], lim["max"], lim["recommended"], lim["exceeded"]) for lim in d["limits"]],
            "missing": [m["fact"] for m in d["missing_facts"]]}
