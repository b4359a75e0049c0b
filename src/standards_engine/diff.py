"""What changed between two revisions of a standard, rule by rule, in words.

Rules are matched by id; a rule whose id changed is matched by its source quote (or text) within the
same role (a limit on the same quantity, a criterion of the same group, information on the same
topic), so a renamed limit reads as one change, "grænse: 6 → 5 timer/uge", not one removed and one added.
Works on the canonical data of two validated revisions (schema.to_data).
"""
from __future__ import annotations

import difflib
from pathlib import Path
import re
from dataclasses import dataclass, field
from typing import Any

from . import wording

KIND_WORDS = {
    "da": {"header": "standarden", "criterion": "kriterium", "exclusion": "undtagelse", "limit": "grænse",
           "band": "støtteniveau", "information": "oplysning til borgeren", "not_encoded": "sætning ikke kodet"},
    "en": {"header": "the standard", "criterion": "criterion", "exclusion": "exclusion", "limit": "limit",
           "band": "support level", "information": "information for the citizen", "not_encoded": "sentence not encoded"},
}

FIELD_WORDS = {
    "da": {"condition": "betingelse", "applies_when": "gælder når", "applies_if": "undtaget når",
           "excluded_content": "undtaget indhold", "max": "grænse", "fact": "mængde", "basis": "grundlag",
           "text": "tekst", "quote": "citat", "section": "afsnit", "refer_to": "henvisning", "group": "gruppe",
           "name": "navn", "min": "fra", "band_max": "til", "topic": "emne", "weeks": "uger", "days_per_year": "dage om året",
           "every_months": "hver N. måned", "km": "km", "free_choice_of_provider": "frit valg af leverandør",
           "citizen_pays": "borgeren betaler", "reason": "begrundelse", "refer_reason": "henvisningens begrundelse", "id": "id",
           "legal_basis": "lovgrundlag", "approved_by": "godkendt af", "approved_on": "godkendt",
           "valid_from": "gældende fra", "source_document": "kildedokument", "assumptions": "antagelser",
           "municipality": "kommune", "title": "titel", "boundary": "grænseværdi hører til",
           "levels_fact": "niveauernes mængde", "levels_basis": "niveauernes grundlag", "transition": "overgangsregel"},
    "en": {"condition": "condition", "applies_when": "applies when", "applies_if": "excluded when",
           "excluded_content": "excluded content", "max": "limit", "fact": "quantity", "basis": "basis",
           "text": "text", "quote": "quote", "section": "section", "refer_to": "referral", "group": "group",
           "name": "name", "min": "from", "band_max": "to", "topic": "topic", "weeks": "weeks", "days_per_year": "days a year",
           "every_months": "every N months", "km": "km", "free_choice_of_provider": "free choice of provider",
           "citizen_pays": "citizen pays", "reason": "reason", "refer_reason": "the referral's reason", "id": "id",
           "legal_basis": "legal basis", "approved_by": "approved by", "approved_on": "approved",
           "valid_from": "in force from", "source_document": "source document", "assumptions": "assumptions",
           "municipality": "municipality", "title": "title", "boundary": "a boundary value belongs to",
           "levels_fact": "the levels' quantity", "levels_basis": "the levels' basis", "transition": "transition"},
}

_GROUP = {"da": {"target_group": "målgruppe", "allocation": "tildeling"},
          "en": {"target_group": "target group", "allocation": "allocation"}}
_BASIS = {"da": {"statute": "lovkrav", "service_level": "serviceniveau"},
          "en": {"statute": "statute", "service_level": "service level"}}
_BOUNDARY = {"da": {"lower": "det lavere niveau", "upper": "det højere niveau"},
             "en": {"lower": "the lower level", "upper": "the higher level"}}


@dataclass
class FieldChange:
    field: str          # the key, e.g. "max"
    label: str          # in words, e.g. "grænse"
    old: Any            # as in the file (JSON-able)
    new: Any
    old_text: str       # in words, e.g. "6 timer/uge"
    new_text: str

    def line(self, lang: str = "da") -> str:
        none = "(none)" if lang == "en" else "(ingen)"
        # "grænse: 6 → 5 timer/uge": a shared unit is said once, after the new value
        o, n = self.old_text or none, self.new_text or none
        common = _shared_tail(o, n)
        if common:
            o = o[: -len(common)].rstrip()
        return f"{self.label}: {o} → {n}"


@dataclass
class Change:
    kind: str             # header, criterion, exclusion, limit, band, information, not_encoded
    status: str           # added, removed, changed
    id: str | None        # the rule's id (the new one when renamed)
    old_id: str | None    # the id in the older revision, when it differs
    text: str             # the rule's text (the new one; the old one when removed)
    matched_by: str = "id"  # id, quote (the id changed)
    fields: list[FieldChange] = field(default_factory=list)
    details: list[str] = field(default_factory=list)   # an added or removed rule in words

    def as_json(self) -> dict:
        return {"kind": self.kind, "status": self.status, "id": self.id, "old_id": self.old_id,
                "matched_by": self.matched_by, "text": self.text, "details": self.details,
                "fields": [{"field": f.field, "label": f.label, "old": f.old, "new": f.new,
                            "old_text": f.old_text, "new_text": f.new_text} for f in self.fields]}


@dataclass
class Diff:
    old: dict             # {"path", "valid_from", "title", ...} of each revision
    new: dict
    changes: list[Change]

    @property
    def empty(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, int]:
        return {s: sum(c.status == s for c in self.changes) for s in ("added", "removed", "changed")}

    def as_json(self) -> dict:
        return {"old": self.old, "new": self.new, "counts": self.counts(),
                "changes": [c.as_json() for c in self.changes]}


def _shared_tail(a: str, b: str) -> str:
    """A unit both values end with ("6 timer/uge", "5 timer/uge" -> "timer/uge")."""
    ma, mb = re.match(r"^-?[\d.,]+ (.+)$", a), re.match(r"^-?[\d.,]+ (.+)$", b)
    return ma.group(1) if ma and mb and ma.group(1) == mb.group(1) else ""


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s or "").strip().lower()


def _similar(a: str, b: str) -> float:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# ---- reading rules as words ------------------------------------------------------------------

def _refs(refs: list[dict] | None, lang: str) -> str:
    return "; ".join(wording.service_name(r if isinstance(r, str) else r["service"], lang) for r in refs or [])


def _excluded(ec: dict | None, lang: str) -> str:
    if not ec:
        return ""
    return ", ".join(wording.value(ec["fact"], v, lang) for v in ec["values"])


def _amount(fact: str | None, v: Any, lang: str) -> str:
    if v is None:
        return ""
    u = wording.unit(fact, lang) if fact else ""
    return f"{wording.number(v, lang)} {u}".strip()


def _shown(key: str, v: Any, rule: dict, lang: str) -> str:
    """One field's value in words."""
    if v is None or v == [] or v == "":
        return ""
    if key in ("condition", "applies_when", "applies_if"):
        return wording.condition(v, lang)
    if key == "excluded_content":
        return _excluded(v, lang)
    if key == "refer_to":
        return _refs(v, lang)
    if key == "max" or key == "band_max" or key == "min":
        return _amount(rule.get("_fact") or rule.get("fact"), v, lang)
    if key in ("fact", "levels_fact"):
        return wording.fact_name(v, lang)
    if key in ("basis", "levels_basis"):
        return _BASIS["en" if lang == "en" else "da"].get(v, v)
    if key == "group":
        return _GROUP["en" if lang == "en" else "da"].get(v, v)
    if key == "boundary":
        return _BOUNDARY["en" if lang == "en" else "da"].get(v, v)
    if key == "topic":
        from .i18n import TOPIC
        return TOPIC["en" if lang == "en" else "da"].get(v, v)
    if key == "free_choice_of_provider":
        return wording.value("", v, lang)
    if key in ("weeks", "days_per_year", "every_months", "km"):
        return wording.number(v, lang)
    if key == "citizen_pays":
        return ", ".join(v)
    if key == "valid_from":
        return wording.date_text(str(v), lang)
    if key == "assumptions":
        return " / ".join(v)
    if key in ("text", "quote", "reason", "name"):
        return f"»{v}«" if lang != "en" else f"“{v}”"
    return str(v)


_FIELDS = {
    "criterion": ("group", "condition", "applies_when", "basis", "text", "quote", "section", "refer_to"),
    "exclusion": ("applies_if", "excluded_content", "basis", "text", "quote", "section", "refer_to"),
    "limit": ("fact", "max", "applies_when", "basis", "text", "quote", "section", "refer_to"),
    "band": ("name", "min", "band_max", "quote", "section"),
    "information": ("topic", "text", "weeks", "days_per_year", "every_months", "km", "free_choice_of_provider",
                    "citizen_pays", "basis", "quote", "section"),
    "not_encoded": ("reason", "quote", "section"),
}


def _get(rule: dict, key: str) -> Any:
    if key in ("quote", "section"):
        return rule.get("source", {}).get(key)
    if key == "band_max":
        return rule.get("max")
    if key == "basis":
        return rule.get("basis", "service_level" if "topic" in rule else None)
    if key in ("min", "band_max") and rule.get(f"{'min' if key == 'min' else 'max'}_exclusive"):
        return rule.get("min" if key == "min" else "max")
    if key == "refer_to":
        return [r["service"] for r in rule.get("refer_to") or []]
    return rule.get(key)


def _band_bound(rule: dict, key: str, lang: str) -> str:
    """A band's bound with its exclusiveness: 'over 4 timer/uge', 'under 10'."""
    v = rule.get("min" if key == "min" else "max")
    if v is None:
        return ""
    excl = rule.get("min_exclusive" if key == "min" else "max_exclusive")
    amount = _amount(rule.get("_fact"), v, lang)
    if not excl:
        return amount
    word = ("over" if key == "min" else "under")
    return f"{word} {amount}"


def _field_changes(kind: str, old: dict, new: dict, lang: str) -> list[FieldChange]:
    words = FIELD_WORDS["en" if lang == "en" else "da"]
    out = []
    for key in _FIELDS[kind]:
        a, b = _get(old, key), _get(new, key)
        if key in ("min", "band_max"):
            oa, nb = _band_bound(old, key, lang), _band_bound(new, key, lang)
            if oa != nb:
                out.append(FieldChange(key, words[key], a, b, oa, nb))
            continue
        if key == "refer_to":  # the reasons are words for the citizen: a changed reason is a change too
            a2 = [(r["service"], r.get("reason")) for r in old.get("refer_to") or []]
            b2 = [(r["service"], r.get("reason")) for r in new.get("refer_to") or []]
            if a2 == b2:
                continue
            if a == b:
                out.append(FieldChange(key, words["refer_reason"], [r for _, r in a2], [r for _, r in b2],
                                       " / ".join(r or "" for _, r in a2), " / ".join(r or "" for _, r in b2)))
                continue
        if _comparable(a) == _comparable(b):
            continue
        if key == "max" and kind == "limit":
            old_s, new_s = _amount(old.get("fact"), a, lang), _amount(new.get("fact"), b, lang)
        else:
            old_s, new_s = _shown(key, a, old, lang), _shown(key, b, new, lang)
        out.append(FieldChange(key, words[key], _jsonable(a), _jsonable(b), old_s, new_s))
    return out


def _comparable(v: Any) -> Any:
    if isinstance(v, str):
        return _norm(v)
    return v


def _jsonable(v: Any) -> Any:
    import datetime as dt
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    return v


def _details(kind: str, rule: dict, lang: str) -> list[str]:
    """An added or removed rule in words: what it says, on what, with which figures."""
    words = FIELD_WORDS["en" if lang == "en" else "da"]
    out = []
    for key in _FIELDS[kind]:
        if key in (("quote",) if kind == "not_encoded" else ("text", "name", "reason")):
            continue
        if key in ("min", "band_max"):
            s = _band_bound(rule, key, lang)
        elif key == "max" and kind == "limit":
            s = _amount(rule.get("fact"), rule.get("max"), lang)
        else:
            s = _shown(key, _get(rule, key), rule, lang)
        if s:
            out.append(f"{words[key]}: {s}")
    return out


# ---- matching ---------------------------------------------------------------------------------

def _role(kind: str, rule: dict) -> tuple:
    if kind == "criterion":
        return (kind, rule.get("group"))
    if kind == "exclusion":
        return (kind, "content" if rule.get("excluded_content") else "whole")
    if kind == "limit":
        return (kind, rule.get("fact"))
    if kind == "information":
        return (kind, rule.get("topic"))
    return (kind,)


def _key(kind: str, rule: dict) -> str | None:
    """What identifies an item within a revision: a rule's id; information and not-encoded sentences have none."""
    if kind in ("information", "not_encoded"):
        return None
    return rule.get("id")


def _items(data: dict) -> list[tuple[str, dict]]:
    out = []
    for kind, key in (("criterion", "criteria"), ("exclusion", "exclusions"), ("limit", "limits")):
        out += [(kind, r) for r in data.get(key, [])]
    lv = data.get("levels")
    if lv:
        out += [("band", {**b, "_fact": lv["fact"]}) for b in lv["bands"]]
    out += [("information", i) for i in data.get("information", [])]
    out += [("not_encoded", n) for n in data.get("not_encoded", [])]
    return out


def _pair(old_items, new_items) -> tuple[list, list, list]:
    """(pairs (kind, old, new, how), removed, added)."""
    pairs, used_new = [], set()
    by_key = {}
    for j, (kind, r) in enumerate(new_items):
        k = _key(kind, r)
        if k is not None:
            by_key[(kind, k)] = j
    left = []
    for i, (kind, r) in enumerate(old_items):
        j = by_key.get((kind, _key(kind, r))) if _key(kind, r) is not None else None
        if j is not None and j not in used_new:
            pairs.append((kind, r, new_items[j][1], "id"))
            used_new.add(j)
        else:
            left.append(i)
    # What is left: the same role and a similar quote or text (an id that changed, or information)
    candidates = []
    for i in left:
        kind, r = old_items[i]
        for j, (kind2, r2) in enumerate(new_items):
            if j in used_new or kind2 != kind or _role(kind, r) != _role(kind2, r2):
                continue
            score = max(_similar(r["source"]["quote"], r2["source"]["quote"]),
                        _similar(r.get("text") or r.get("name") or r.get("reason", ""),
                                 r2.get("text") or r2.get("name") or r2.get("reason", "")))
            candidates.append((score, i, j))
    matched_old = set()
    for score, i, j in sorted(candidates, key=lambda c: -c[0]):
        if i in matched_old or j in used_new:
            continue
        kind = old_items[i][0]
        alone = (sum(1 for _, i2, j2 in candidates if i2 == i) == 1
                 and sum(1 for _, i2, j2 in candidates if j2 == j) == 1)
        # a limit on the same quantity with one candidate each side is the same limit renamed
        if score >= 0.6 or (alone and kind in ("limit", "band", "information") and score >= 0.3):
            pairs.append((kind, old_items[i][1], new_items[j][1], "quote" if _key(kind, old_items[i][1]) else "id"))
            used_new.add(j)
            matched_old.add(i)
    removed = [old_items[i] for i in left if i not in matched_old]
    added = [it for j, it in enumerate(new_items) if j not in used_new]
    return pairs, removed, added


# ---- the header -------------------------------------------------------------------------------

def _header_changes(old: dict, new: dict, lang: str) -> list[FieldChange]:
    words = FIELD_WORDS["en" if lang == "en" else "da"]
    out = []
    pairs = [("legal_basis", old.get("legal_basis"), new.get("legal_basis")),
             ("approved_by", old.get("approved_by"), new.get("approved_by")),
             ("approved_on", old.get("approved_on"), new.get("approved_on")),
             ("source_document", old.get("source_document", {}).get("title"), new.get("source_document", {}).get("title")),
             ("title", old.get("service", {}).get("title"), new.get("service", {}).get("title")),
             ("assumptions", old.get("assumptions", []), new.get("assumptions", [])),
             ("transition", (old.get("transition") or {}).get("text") if isinstance(old.get("transition"), dict) else old.get("transition"),
              (new.get("transition") or {}).get("text") if isinstance(new.get("transition"), dict) else new.get("transition"))]
    lv_o, lv_n = old.get("levels") or {}, new.get("levels") or {}
    if lv_o and lv_n:
        pairs += [("levels_fact", lv_o.get("fact"), lv_n.get("fact")), ("levels_basis", lv_o.get("basis"), lv_n.get("basis")),
                  ("boundary", lv_o.get("boundary"), lv_n.get("boundary"))]
    for key, a, b in pairs:
        if _comparable(a) != _comparable(b):
            out.append(FieldChange(key, words[key], _jsonable(a), _jsonable(b), _shown(key, a, {}, lang), _shown(key, b, {}, lang)))
    return out


def _summary(data: dict, path: str) -> dict:
    return {"path": path, "municipality": data["municipality"]["id"], "service": data["service"]["id"],
            "title": data["service"]["title"], "municipality_name": data["municipality"]["name"],
            "valid_from": str(data["valid_from"]), "approved_by": data.get("approved_by"),
            "approved_on": data.get("approved_on")}


def diff(old: dict, new: dict, old_path: str = "", new_path: str = "", lang: str = "da") -> Diff:
    """The changes from revision `old` to revision `new` (canonical data of each)."""
    changes: list[Change] = []
    head = _header_changes(old, new, lang)
    if head:
        changes.append(Change("header", "changed", None, None, "", fields=head))
    pairs, removed, added = _pair(_items(old), _items(new))
    for kind, a, b, how in pairs:
        fields = _field_changes(kind, a, b, lang)
        renamed = _key(kind, a) is not None and a.get("id") != b.get("id")
        if renamed:
            words = FIELD_WORDS["en" if lang == "en" else "da"]
            fields.insert(0, FieldChange("id", words["id"], a["id"], b["id"], a["id"], b["id"]))
        if fields:
            changes.append(Change(kind, "changed", b.get("id"), a.get("id") if renamed else None,
                                  _title(kind, b, lang), "quote" if renamed else "id", fields))
    for kind, r in removed:
        changes.append(Change(kind, "removed", r.get("id"), None, _title(kind, r, lang), details=_details(kind, r, lang)))
    for kind, r in added:
        changes.append(Change(kind, "added", r.get("id"), None, _title(kind, r, lang), details=_details(kind, r, lang)))
    order = {"header": 0, "criterion": 1, "exclusion": 2, "limit": 3, "band": 4, "information": 5, "not_encoded": 6}
    status_order = {"changed": 0, "added": 1, "removed": 2}
    changes.sort(key=lambda c: (status_order[c.status] if c.kind != "header" else -1, order[c.kind]))
    return Diff(_summary(old, old_path), _summary(new, new_path), changes)


def _title(kind: str, r: dict, lang: str) -> str:
    if kind == "band":
        return r.get("name_en") if lang == "en" and r.get("name_en") else r.get("name", "")
    if kind == "not_encoded":
        return r["source"]["quote"]
    if kind == "information":
        from .i18n import TOPIC
        return f"{TOPIC['en' if lang == 'en' else 'da'].get(r['topic'], r['topic'])}. " + ((r.get("text_en") if lang == "en" else None) or r["text"])
    return (r.get("text_en") if lang == "en" else None) or r.get("text", "")


# ---- output -----------------------------------------------------------------------------------

_OUT = {
    "da": {"title": "Ændringer i kvalitetsstandarden", "from": "Fra udgaven gældende fra", "to": "til udgaven gældende fra",
           "none": "Ingen ændringer i reglerne.", "changed": "Ændret", "added": "Nyt", "removed": "Fjernet",
           "count": "{changed} ændret, {added} {new_word}, {removed} fjernet.", "renamed": "tidligere",
           "header": "Standardens oplysninger"},
    "en": {"title": "Changes to the quality standard", "from": "From the revision in force from", "to": "to the revision in force from",
           "none": "No changes to the rules.", "changed": "Changed", "added": "New", "removed": "Removed",
           "count": "{changed} changed, {added} new, {removed} removed.", "renamed": "formerly",
           "header": "The standard's details"},
}


def _label(c: Change, lang: str, md: bool) -> str:
    kw = KIND_WORDS["en" if lang == "en" else "da"][c.kind]
    if c.kind == "header":
        return _OUT["en" if lang == "en" else "da"]["header"]
    ident = ""
    if c.id:
        q = "`" if md else ""
        ident = f" {q}{c.id}{q}"
        if c.old_id:
            ident += f" ({_OUT['en' if lang == 'en' else 'da']['renamed']} {q}{c.old_id}{q})"
    kw = kw[0].upper() + kw[1:]
    return f"{kw}{ident}: {c.text}" if c.text else f"{kw}{ident}"


def to_text(d: Diff, lang: str = "da", markdown: bool = False) -> str:
    w = _OUT["en" if lang == "en" else "da"]
    o, n = d.old, d.new
    lines = []
    title = f"{w['title']}: {n['title']} ({n['service']}), {n['municipality_name']}"
    when = (f"{w['from']} {wording.date_text(o['valid_from'], lang)} ({o['path']}) "
            f"{w['to']} {wording.date_text(n['valid_from'], lang)} ({n['path']}).")
    lines += [f"# {title}" if markdown else title, "", when, ""]
    if d.empty:
        lines.append(w["none"])
        return "\n".join(lines) + "\n"
    counts = d.counts()
    lines += [w["count"].format(**counts, new_word="ny" if counts["added"] == 1 else "nye"), ""]
    for status in ("changed", "added", "removed"):
        group = [c for c in d.changes if c.status == status]
        if not group:
            continue
        lines += [f"## {w[status]}" if markdown else f"{w[status].upper()}", ""]
        for c in group:
            head = _label(c, lang, markdown)
            lines.append(f"### {head}" if markdown else head)
            if markdown:
                lines.append("")
            for f in c.fields:
                lines.append(f"- {f.line(lang)}")
            for s in c.details:
                lines.append(f"- {s}")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def to_json(d: Diff) -> str:
    import json
    return json.dumps(d.as_json(), ensure_ascii=False, indent=2, default=str) + "\n"


# ---- which two revisions ----------------------------------------------------------------------

def resolve_file(p: Path, standards_dir: Path | None = None):
    """A revision file resolved in its tree (repository.Resolved; a same_as pointer is followed)."""
    from .errors import InputError, msg
    from .repository import Repository
    from .tree import root_for
    if not p.is_file():
        raise InputError(msg("revision_file_missing", path=str(p)))
    return Repository(root_for(p, standards_dir)).resolve(p)


def as_used(res) -> tuple[dict, str]:
    """What a diff compares of a resolved revision (Resolved.as_used), and the path it shows: a same_as pointer's."""
    return res.as_used(), res.meta["same_as"] or res.meta["path"]


def load_files(a: Path, b: Path, standards_dir: Path | None = None) -> tuple[dict, str, dict, str]:
    """The data and shown path of two revision files."""
    return (*as_used(resolve_file(a, standards_dir)), *as_used(resolve_file(b, standards_dir)))  # type: ignore[return-value]


def load_dates(repo, municipality: str, service: str, start, end) -> tuple[dict, str, dict, str]:
    """The revisions in force on two dates."""
    return (*as_used(repo.standard_for(municipality, service, start)),  # type: ignore[return-value]
            *as_used(repo.standard_for(municipality, service, end)))
