"""The law layer: the statute's rules once, applied to every municipal standard on the evaluation date.

A topic folder (law/<topic>/<valid_from>.yaml) holds versions of the law for one
paragraph or procedure; the version in force on a date is the latest one from on
or before it, and it applies to the services its file names. A municipal rule that
restates a law rule (`restates: <id>`, or the same condition word for word) is
evaluated as that law rule, keeping the municipality's quote; every other law
rule is added. Nothing a municipal file says can weaken or remove a law rule.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .compiled import CompiledStandard, compile_standard
from .logic import compile_condition
from .records import record

LAW_DIR = Path(__file__).parent / "law"
_REVISION = re.compile(r"^(\d{4}-\d{2}-\d{2})\.yaml$")
KINDS = ("criteria", "exclusions", "limits")
# The keys that make a rule's logic: a restating municipal rule takes these from the law rule.
_LOGIC = {"criteria": ("condition", "applies_when", "group"), "exclusions": ("applies_if", "excluded_content"),
          "limits": ("fact", "max", "applies_when")}


@record(frozen=True)
class LawRevision:
    topic: str
    valid_from: dt.date
    path: Path
    sha256: str
    data: dict

    @property
    def display(self) -> str:
        return f"law/{self.topic}/{self.path.name}"


def _parse(path: Path) -> tuple[dict, str]:
    """A law file's validated data and sha256: from its signed cache entry when the file is unchanged (no parser,
    no models: prepared.py), else through loader.validated (the validated entry, checked by the LawFile model, or
    the file parsed and validated), which then signs the data for the next time."""
    from . import prepared
    hit = prepared.law(path)  # no parser, no models (prepared.py)
    if hit is not None:
        return hit
    from . import loader
    from .law_schema import LawFile
    model, sha = loader.validated(path, _display(path), {"LawFile": LawFile}, lambda data: LawFile)
    data = model.model_dump(mode="python", exclude_none=True)
    prepared.put_law(sha, data)
    return data, sha


def _display(path: Path) -> str:
    return f"law/{path.parent.name}/{path.name}"


def parse_file(path: Path) -> dict:
    """Validate one law file (located errors as StandardError); for validate."""
    from . import loader
    from .law_schema import LawFile
    f = loader.read(path, _display(path))
    return loader.parse_model(LawFile, f).model_dump(mode="python", exclude_none=True)


def files() -> list[Path]:
    return sorted(p for d in LAW_DIR.iterdir() if d.is_dir() for p in d.iterdir() if _REVISION.match(p.name))


@cache
def _topics() -> dict[str, tuple[tuple[dt.date, Path], ...]]:
    """Each topic's revision files by the date in their names, oldest first; nothing is read yet."""
    out: dict[str, list[tuple[dt.date, Path]]] = {}
    for p in files():
        out.setdefault(p.parent.name, []).append((dt.date.fromisoformat(p.stem), p))
    return {k: tuple(sorted(v, key=lambda r: r[0])) for k, v in out.items()}


@cache
def _revision(topic: str, valid_from: dt.date, path: Path) -> LawRevision:
    data, sha = _parse(path)
    return LawRevision(topic, valid_from, path, sha, data)


@cache
def revisions() -> dict[str, tuple[LawRevision, ...]]:
    """Every revision of every topic, validated (for validate and the documents; a check reads only those in force)."""
    return {topic: tuple(_revision(topic, day, p) for day, p in revs) for topic, revs in _topics().items()}


@lru_cache(maxsize=1024)
def in_force(service: str, on: dt.date) -> tuple[LawRevision, ...]:
    """The law versions in force on `on` that apply to `service` (found once per date: a caseload asks again and
    again). Only each topic's revision in force is read: a check needs no other."""
    out = []
    for topic, revs in _topics().items():
        current = [r for r in revs if r[0] <= on]
        if current:
            rev = _revision(topic, *current[-1])
            if service in rev.data["services"]:
                out.append(rev)
    return tuple(out)


def citation_label(c: dict, lang: str = "da") -> str:
    from .vocabulary import acts
    short = acts()[c["act"]]["short"]
    name = short.get(lang) or short["da"]
    if lang == "en":
        return f"{name} § {c['paragraph']}" + (f"({c['stk']})" if c.get("stk") else "") + (f"({c['nr']})" if c.get("nr") else "")
    return f"{name} § {c['paragraph']}" + (f", stk. {c['stk']}" if c.get("stk") else "") + (f", nr. {c['nr']}" if c.get("nr") else "")


def _citation(c: dict) -> dict:
    return {**c, "text": citation_label(c, "da"), "text_en": citation_label(c, "en")}


def _as_rule(d: dict, rev: LawRevision) -> dict:
    """A law rule in the shape the compiler reads: basis statute, the citation where a quote would be."""
    cit = _citation(d["citation"])
    rule = {k: v for k, v in d.items() if k not in ("citation", "also_cites", "assumption", "assumption_en", "services")}
    rule.update(basis="statute", origin="law", citation=cit, law_file=rev.display,
                source={"section": cit["text"], "quote": cit["text"]})
    if d.get("assumption"):
        rule["note"] = "Antagelse: " + d["assumption"]
        if d.get("assumption_en"):
            rule["note_en"] = "Assumption: " + d["assumption_en"]
    return rule


def law_rules(service: str, revs: tuple[LawRevision, ...]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {k: [] for k in (*KINDS, "information")}
    for rev in revs:
        if service not in rev.data["services"]:
            continue
        for kind in out:
            for d in rev.data.get(kind, ()):
                if d.get("services") and service not in d["services"]:
                    continue
                out[kind].append(_as_rule(d, rev))
    return out


def _logic(rule: dict, kind: str) -> tuple:
    return tuple(rule.get(k) for k in _LOGIC[kind] if k != "group")


def restated(rule: dict, kind: str, candidates: list[dict]) -> str | None:
    """The law rule a municipal rule restates: the one it names, or one with the very same logic."""
    if rule.get("restates"):
        return rule["restates"]
    if rule.get("basis") != "statute":
        return None
    mine = _logic(rule, kind)
    for c in candidates:
        if _logic(c, kind) == mine:
            return c["id"]
    return None


def merge(data: dict, revs: tuple[LawRevision, ...]) -> dict:
    """The municipal standard's data with the law layer in it."""
    service = data["service"]["id"]
    law = law_rules(service, revs)
    out = dict(data)
    for kind in KINDS:
        by_id = {r["id"]: r for r in law[kind]}
        used: set[str] = set()
        merged = []
        for r in data.get(kind, ()):
            lid = restated(r, kind, law[kind])
            if lid in by_id and lid not in used:
                lr = by_id[lid]
                used.add(lid)
                r = {k: v for k, v in r.items() if k not in _LOGIC[kind]}
                r.update({k: lr[k] for k in _LOGIC[kind] if k in lr})
                refs = {ref["service"]: ref for ref in [*lr.get("refer_to", ()), *r.get("refer_to", ())][::-1]}
                r.update(basis="statute", origin="municipality", restates=lid, citation=lr["citation"],
                         refer_to=list(refs.values())[::-1])
            merged.append(r)
        merged += [r for r in law[kind] if r["id"] not in used]
        out[kind] = merged
    out["law_information"] = law["information"]
    return out


def information(data: dict, municipality: dict) -> list[dict]:
    """The information items of a standard with the law in it (merge), as `municipality` gives them: the
    standard's own, then the law's (origin: law), each law text named for that municipality. The complaint goes
    to the deciding municipality, always: where a joint text names another municipality's address, the law's
    route is given instead, with a sentence saying so. Texts in Danish and English (text, text_en)."""
    from .i18n import t
    name = municipality["name"]
    other = data["municipality"] if data["municipality"]["id"] != municipality["id"] else None  # a joint text's author
    law_items = data.get("law_information", ())
    own = data.get("information", ())
    has_complaint = any(i["topic"] == "complaint" for i in own)
    law_complaint = any(li["topic"] == "complaint" for li in law_items)
    out = [i for i in own if not (i["topic"] == "complaint" and other and law_complaint)]
    for li in law_items:
        if li["topic"] == "complaint" and has_complaint and not other:
            continue  # the standard's own complaint text, with its address
        said = {"text": li["text"], **({"text_en": li["text_en"]} if li.get("text_en") else {})}
        for key, lang in (("text", "da"), ("text_en", "en")):
            if key in said:
                said[key] = said[key].replace("{municipality}", name)
                if li["topic"] == "complaint" and other:
                    said[key] += t(lang, "joint_complaint").format(other=other["name"], name=name)
        out.append({**li, **said, "origin": "law"})
    return out


def apply(cs: CompiledStandard, on: dt.date) -> tuple[CompiledStandard, tuple[LawRevision, ...]]:
    """The standard with the law in force on `on`, compiled once per set of law files."""
    if cs.data.get("origin_law"):  # already merged
        return cs, ()
    hit = cs.cache.get(("law-on", on))  # a caseload asks for the same date again and again
    if hit is not None:
        return hit
    revs = in_force(cs.data["service"]["id"], on)
    key = ("law", tuple(r.sha256 for r in revs))
    merged = cs.cache.get(key)
    if merged is None:
        merged = cs.cache[key] = compile_standard({**merge(cs.data, revs), "origin_law": True}, cs.pointer)
    cs.cache[("law-on", on)] = merged, revs
    return merged, revs


# -- referrals: the other paragraph's own rules, with the facts at hand ---------------------------------

@record(frozen=True)
class _Check:
    rule: dict
    test: Any
    when: Any


@cache
def _referral_rules(service: str, shas: tuple[str, ...], on: dt.date) -> tuple[tuple[_Check, ...], tuple[dict, ...]]:
    """The referred service's law criteria (compiled) and the law's notes for a referral to it."""
    revs = in_force(service, on)
    from .logic import compile_explainer
    out = []
    for r in law_rules(service, revs)["criteria"]:
        when = compile_condition(r["applies_when"]) if r.get("applies_when") else None
        out.append(_Check(r, (compile_condition(r["condition"]), compile_explainer(r["condition"])),
                          (when, compile_explainer(r["applies_when"])) if when else None))
    notes = []
    for rev in revs:
        if service in rev.data["services"]:
            for n in rev.data.get("referral_notes", ()):
                notes.append({**n, "citation": _citation(n["citation"])})
    return tuple(out), tuple(notes)


@record
class ReferralCheck:
    status: str | None           # met | not_met | unknown; None: the layer has no conditions for it, only notes
    why: list[dict]              # the law rules not met (or unknown): text, citation, instead
    facts: list[str]             # for unknown: the facts that could decide it
    notes: tuple[dict, ...] = () # what the law says with any referral to the service (text, citation)


def check_referral(service: str, x: dict, on: dt.date) -> ReferralCheck | None:
    """The referral's own conditions in the law layer; None when the layer has nothing for it."""
    revs = in_force(service, on)
    checks, notes = _referral_rules(service, tuple(r.sha256 for r in revs), on)
    if not checks:
        return ReferralCheck(None, [], [], notes) if notes else None
    failed, unknown, facts = [], [], set()
    for c in checks:
        w = c.when[0](x) if c.when else True
        if w is False:
            continue
        v = c.test[0](x)
        if w is None and v is not True:
            v = None
        if v is False:
            failed.append(c.rule)
        elif v is None:
            unknown.append(c.rule)
            facts |= c.test[1](x) | (c.when[1](x) if c.when and w is None else set())
    if failed:
        return ReferralCheck("not_met", failed, [], notes)
    if unknown:
        return ReferralCheck("unknown", unknown, sorted(facts), notes)
    return ReferralCheck("met", [], [], notes)


# -- the law layer as a table, for docs/standards.md (a test keeps the page in step) ------------------

_KIND_DA = (("criteria", "kriterium"), ("exclusions", "undtagelse"), ("limits", "grænse"),
            ("information", "oplysning"), ("referral_notes", "med henvisningen"))


def table_markdown() -> str:
    """Every law rule: file, id, kind, the services it applies to, its citations, whether it carries an assumption."""
    rows = ["| lovfil | regel | slags | ydelser | lov | antagelse |", "|---|---|---|---|---|---|"]
    for topic, revs in sorted(revisions().items()):
        for rev in revs:
            for kind, label in _KIND_DA:
                for r in rev.data.get(kind, ()):
                    cites = ", ".join(citation_label(c) for c in [r["citation"], *r.get("also_cites", ())])
                    svc = ", ".join(r.get("services") or rev.data["services"])
                    rows.append(f"| `{topic}/{rev.valid_from}` | `{r['id']}` | {label} | {svc} | {cites} | "
                                f"{'ja' if r.get('assumption') else ''} |")
    return "\n".join(rows) + "\n"
