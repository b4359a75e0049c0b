"""Evaluates a compiled standard against a citizen profile: the recommendation.

Outcome (CONTRACT.md §3), by levels checked in order:
  1. statute rules (criteria, whole-request exclusions)  -> refuse
  2. service-level rules                                 -> assess
  3. limits exceeded, part of the content excluded       -> partial
The first level with a definite failure decides, unless a rule at an earlier
level is unknown: then the outcome is incomplete, and the unknown facts of
those earlier levels are the missing facts. No failure anywhere: incomplete
while any rule is unknown, else grant. A service-level rule alone can never
reach level 1, so it never produces a refusal.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from .compiled import CompiledStandard, RuleView
from . import pension
from .i18n import OUTCOME, t
from .derive import Facts, derive
from .recommendation import Alternative, ContentItem, ContentResult, InfoItem, LimitResult, MissingFact, Reason, Recommendation
from .vocabulary import elderly_act_note, facts, services
from . import law

STATUTE, SERVICE, PARTIAL = 0, 1, 2
_LEVEL_OUTCOME = ("refuse", "assess", "partial")


def _text(d: dict, lang: str) -> str:
    return (d.get("text_en") if lang == "en" else None) or d["text"]


def _reason(rule: RuleView, kind: str, result: str, lang: str, used: list[str] | None = None) -> Reason:
    return Reason(rule.id, kind, rule.basis, result, rule.text_for(lang), rule.quote, rule.section, rule.line,
                  False, used or [], rule.note_for(lang), origin=rule.origin, citation=rule.citation,
                  restates=rule.restates)


def _tri(v: bool | None, yes: str, no: str) -> str:
    return "unknown" if v is None else (yes if v else no)


def evaluate(cs: CompiledStandard, given: Facts, on: dt.date, lang: str = "da",
             meta: dict[str, Any] | None = None) -> Recommendation:
    """`given` is a checked profile (coerce.parse_profile); `on` the evaluation date."""
    x = derive(given, on)
    cs, law_revs = law.apply(cs, on)
    std = cs.data
    reasons: list[Reason] = []
    failed: list[list[Reason]] = [[], [], []]
    unknown: list[list[Reason]] = [[], [], []]
    refer: dict[str, list] = {}  # rule id -> referrals, for rules decided against the request

    # Criteria: met, not met, or unknown. `applies_when` false skips the rule.
    for c in cs.criteria:
        rule = c.rule
        w = c.when(x) if c.when is not None else True
        if w is False:
            reasons.append(_reason(rule, "criterion", "not_applies", lang))
            continue
        v = c.test(x)
        if w is None and v is not True:
            v = None  # could be inapplicable, could be failed
        r = _reason(rule, "criterion", _tri(v, "met", "not_met"), lang)
        level = STATUTE if rule.basis == "statute" else SERVICE
        if v is False:
            failed[level].append(r)
            refer[rule.id] = rule.refer_to
        elif v is None:
            r.facts = sorted(c.why(x) | (c.why_when(x) if w is None else set()))
            unknown[level].append(r)
        reasons.append(r)

    # Exclusions: a whole-request condition, or a part of the requested content.
    covered: dict[str, set[str]] = {}
    content_rules: dict[str, list[tuple[Reason, str]]] = {}
    by_value: dict[str, dict[str, list]] = {}  # content fact -> value -> exclusions covering it
    if_asked: list[tuple] = []  # exclusions of parts the request did not name
    for e in cs.exclusions:
        rule = e.rule
        level = STATUTE if rule.basis == "statute" else SERVICE
        if e.test is not None:
            v = e.test(x)
            r = _reason(rule, "exclusion", _tri(v, "applies", "not_applies"), lang)
            if v is True:
                failed[level].append(r)
                refer[rule.id] = rule.refer_to
            elif v is None:
                r.facts = sorted(e.why(x))
                unknown[level].append(r)
            reasons.append(r)
            continue
        requested = x[e.content_fact]
        by_value.setdefault(e.content_fact, {})
        if requested is None:
            # The request is for the service itself unless the profile names its parts: an exclusion
            # of a part not asked for decides nothing; it is told as information ("Hvis der søges om …").
            r = _reason(rule, "exclusion", "not_applies", lang, [e.content_fact])
            r.requested = False
            if_asked.append((e, rule))
        else:
            hit = e.content.intersection(requested)
            r = _reason(rule, "exclusion", "applies" if hit else "not_applies", lang, [e.content_fact])
            for value in hit:
                by_value[e.content_fact].setdefault(value, []).append(rule)
            if hit:
                covered.setdefault(e.content_fact, set()).update(hit)
                content_rules.setdefault(e.content_fact, []).append((r, rule.basis))
                refer[rule.id] = rule.refer_to
        reasons.append(r)
    for fact_name, hit in covered.items():
        pairs = content_rules[fact_name]
        if set(x[fact_name]) <= hit:
            # All of the requested content is excluded: no longer a partial grant. The statute refuses when
            # every requested part is excluded by the statute, whatever a municipal rule adds on top of it
            # (then only the statute's rules decide).
            by_statute = {v for v, rules in by_value[fact_name].items() if any(r.basis == "statute" for r in rules)}
            level = STATUTE if set(x[fact_name]) <= by_statute else SERVICE
        else:
            level = PARTIAL
        failed[level].extend(r for r, b in pairs if level != STATUTE or b == "statute")

    # Limits: the smallest max of the definitely applicable limits wins.
    limit_rows: list[tuple[Any, bool | None, float | None]] = []
    effective: dict[str, float] = {}
    for lim in cs.limits:
        rule = lim.rule
        a = lim.when(x) if lim.when is not None else True
        req = x[lim.fact]
        limit_rows.append((lim, a, req))
        if a is True:
            effective[lim.fact] = min(lim.max, effective.get(lim.fact, lim.max))
    limit_results: list[LimitResult] = []
    vocab = facts()
    for lim, a, req in limit_rows:
        rule, fact, mx = lim.rule, lim.fact, lim.max
        unit = vocab[fact].unit.get(lang, "")
        if a is False:
            reasons.append(_reason(rule, "limit", "not_applies", lang, [fact]))
            continue
        eff = effective.get(fact, mx)
        if req is None:
            # An unknown requested quantity does not block; the limit is stated.
            reasons.append(_reason(rule, "limit", "unknown", lang, [fact]))
            limit_results.append(LimitResult(rule.id, fact, None, mx, eff if a else None, False, unit, rule.basis, a))
            continue
        if req <= mx:
            reasons.append(_reason(rule, "limit", "within", lang, [fact]))
            limit_results.append(LimitResult(rule.id, fact, req, mx, min(req, eff), False, unit, rule.basis, a))
            continue
        if a is None:
            r = _reason(rule, "limit", "unknown", lang, sorted(lim.why_when(x)))
            unknown[PARTIAL].append(r)
            reasons.append(r)
            limit_results.append(LimitResult(rule.id, fact, req, mx, None, False, unit, rule.basis, None))
            continue
        r = _reason(rule, "limit", "exceeded", lang, [fact])
        failed[PARTIAL].append(r)
        refer[rule.id] = rule.refer_to
        reasons.append(r)
        limit_results.append(LimitResult(rule.id, fact, req, mx, min(req, eff), True, unit, rule.basis, True))

    # The outcome, by level.
    waiting: list[Reason] = []
    outcome = None
    for level in (STATUTE, SERVICE, PARTIAL):
        if failed[level]:
            outcome = "incomplete" if waiting else _LEVEL_OUTCOME[level]
            for r in failed[level]:
                r.deciding = True
            break
        waiting.extend(unknown[level])
    if outcome is None:
        outcome = "incomplete" if waiting else "grant"
    for r in waiting:
        r.deciding = True
    if outcome == "grant":
        for r in reasons:
            if r.result in ("met", "within"):
                r.deciding = True

    content = [_content(name, x[name], by_value[name], lang) for name in by_value if x[name] is not None]
    if outcome == "refuse":
        for lr in limit_results:
            lr.recommended = None  # nothing is recommended granted; the limits are still stated
    missing = _missing(waiting, x, lang)
    alternatives = _alternatives(reasons, refer, on, lang, x.get("under_pension_age"), x)
    level = _level(cs, x, lang)
    reasons.sort(key=lambda r: not r.deciding)  # stable: deciding first, document order kept

    notes = list((std.get("assumptions_en") if lang == "en" else None) or std.get("assumptions", ()))
    if outcome in ("assess", "partial") and any(r.deciding and r.basis == "service_level" for r in reasons):
        notes.append(t(lang, "service_level_hint"))
    if x.get("under_pension_age") is True and x.get("birth_date") is not None and "under_pension_age" in cs.conditions_read():
        # The offer is for those under folkepensionsalder: say when this citizen reaches it.
        notes.append(t(lang, "pension_date").format(date=pension.pension_date(x["birth_date"]).isoformat()))
    meta = meta or {}
    service = std["service"]
    return Recommendation(
        outcome=outcome, outcome_label=OUTCOME[lang][outcome],
        municipality=std["municipality"]["id"], municipality_name=std["municipality"]["name"],
        service=service["id"], service_title=(service.get("title_en") if lang == "en" else None) or service["title"],
        evaluated_on=on.isoformat(),
        standard={"valid_from": std["valid_from"].isoformat(), "sha256": meta.get("sha256"), "path": meta.get("path"),
                  "same_as": meta.get("same_as"), **_identity(cs),
                  "law": [{"topic": r.topic, "valid_from": r.valid_from.isoformat(), "path": r.display, "sha256": r.sha256}
                          for r in law_revs],
                  "files": [*meta.get("files", ()),
                            *({"role": "law", "path": r.display, "sha256": r.sha256} for r in law_revs)]},
        reasons=reasons, limits=limit_results, level=level, missing_facts=missing, alternatives=alternatives,
        information=[*_information(cs, lang, complaint_first=outcome == "refuse"),
                     *(_if_asked(e, rule, lang) for e, rule in if_asked)],
        notes=notes, content=content, case_id=given.get("case_id"), lang=lang)


def _identity(cs: CompiledStandard) -> dict[str, Any]:
    ident = cs.cache.get("identity")
    if ident is None:
        std = cs.data
        ident = cs.cache["identity"] = {"source_document": std["source_document"]["title"], "legal_basis": std["legal_basis"],
                                        "legal_basis_en": std.get("legal_basis_en"),
                                        "approved_by": std["approved_by"], "approved_on": std["approved_on"]}
    return ident


_DETAILS = ("weeks", "days_per_year", "every_months", "km", "free_choice_of_provider", "citizen_pays")


def _information(cs: CompiledStandard, lang: str, complaint_first: bool = False) -> list[InfoItem]:
    if complaint_first:  # after a refusal the citizen needs the complaint route first
        items = _information(cs, lang)
        return sorted(items, key=lambda i: i.topic != "complaint")
    key = ("information", lang)
    items = cs.cache.get(key)
    if items is None:
        items = cs.cache[key] = _information_items(cs.data, lang)
    return list(items)


def _information_items(std: dict, lang: str) -> list[InfoItem]:
    """The standard's items, and the law's: the complaint goes to the deciding municipality, always."""
    name = std["municipality"]["name"]
    other = std.get("text_municipality")
    other = other if other and other["id"] != std["municipality"]["id"] else None
    law_items = std.get("law_information", ())
    has_complaint = any(i["topic"] == "complaint" for i in std.get("information", ()))
    items = []
    for i in std.get("information", ()):
        if i["topic"] == "complaint" and other and any(li["topic"] == "complaint" for li in law_items):
            continue  # the joint text names the other municipality's address: the law's route, named for this one
        items.append(InfoItem(i["topic"], _text(i, lang), i["source"]["quote"], i["source"]["section"],
                              i.get("basis", "service_level"), {k: i[k] for k in _DETAILS if i.get(k) not in (None, [])}))
    for li in law_items:
        if li["topic"] == "complaint" and has_complaint and not other:
            continue  # the standard's own complaint text, with its address
        text = _text(li, lang).replace("{municipality}", name)
        if li["topic"] == "complaint" and other:
            text += (f" The joint catalogue names {other['name']} as the address for complaints; a complaint about "
                     f"{name}'s decision goes to {name}, which made it." if lang == "en" else
                     f" Det fælles katalog nævner {other['name']} som klageadresse; en klage over {name}s afgørelse "
                     f"sendes til {name}, som traf den.")
        items.append(InfoItem(li["topic"], text, li["source"]["quote"], li["source"]["section"], "statute",
                              {k: li[k] for k in _DETAILS if li.get(k) not in (None, [])},
                              origin="law", citation=li["citation"]))
    return items


def _if_asked(e, rule: RuleView, lang: str) -> InfoItem:
    """An exclusion of a part not asked for, said as what holds if it is asked for."""
    labels = ", ".join(facts()[e.content_fact].label(v, lang) for v in sorted(e.content))
    lead = f"If {labels} is applied for" if lang == "en" else f"Hvis der søges om {labels}"
    text = rule.text_for(lang)
    return InfoItem("other", f"{lead}: {text[0].lower() + text[1:]}", rule.quote, rule.section, rule.basis,
                    {}, origin=rule.origin, citation=rule.citation)


def _content(name: str, requested: list[str], excluding: dict[str, list[RuleView]], lang: str) -> ContentResult:
    f = facts()[name]
    recommended, excluded = [], []
    for value in requested:
        rules = excluding.get(value)
        if rules is None:
            recommended.append(ContentItem(value, f.label(value, lang)))
            continue
        refer = list(dict.fromkeys(ref["service"] for r in rules for ref in r.refer_to))
        excluded.append(ContentItem(value, f.label(value, lang), [r.id for r in rules], refer))
    return ContentResult(name, list(requested), recommended, excluded)


def _missing(waiting: list[Reason], x: Facts, lang: str) -> list[MissingFact]:
    vocab = facts()
    out: dict[str, MissingFact] = {}
    for r in waiting:
        for name in r.facts:
            f = vocab[name]
            if f.derived:
                # Ask for what it is computed from, never for the derived fact.
                for src in f.derived_from:
                    if x.get(src) is None:
                        name, f = src, vocab[src]
                        break
            if name == "birth_date" and x.get("age") is None and "age" in out:
                continue
            if any(vocab[n].negation_of == name or f.negation_of == n for n in out):
                continue  # one answer gives the other: ask once
            if name not in out:
                out[name] = MissingFact(name, f.ask(lang))
    return list(out.values())


def _alternatives(reasons: list[Reason], refer: dict[str, list], on: dt.date, lang: str,
                  under_pension_age: bool | None = None, x: Facts | None = None) -> list[Alternative]:
    svc = services()
    bar_from, bar_general, bar_citizen = elderly_act_note()
    bar_text = bar_citizen if under_pension_age is False else bar_general
    out: dict[str, Alternative] = {}
    for r in reasons:
        if r.rule not in refer:  # only rules decided against (part of) the request
            continue
        for ref in refer[r.rule]:
            sid = ref["service"]
            if sid in out:
                continue
            s = svc[sid]
            note = bar_text[lang] if s.elderly_act_bar and on >= bar_from else None
            out[sid] = Alternative(sid, (ref.get("reason_en") if lang == "en" else None) or ref["reason"],
                                   s.paragraph, s.title.get(lang, s.title["da"]), note)
            if x is not None:
                _check(out[sid], x, on, lang)
    return list(out.values())


def _check(a: Alternative, x: Facts, on: dt.date, lang: str) -> None:
    """The referral against the other paragraph's law rules, with the facts at hand."""
    chk = law.check_referral(a.service, x, on)
    if chk is None:
        return
    a.check = chk.status
    en = lang == "en"
    cite = (lambda r: r["citation"]["text_en" if en else "text"])
    if chk.status == "not_met":
        a.check_text = [f"{(r.get('text_en') if en else None) or r['text']} ({cite(r)})" for r in chk.why]
        a.instead = next((((r.get("instead_en") if en else None) or r.get("instead")) for r in chk.why if r.get("instead")), None)
    elif chk.status == "unknown":
        a.check_text = [f"{(r.get('text_en') if en else None) or r['text']} ({cite(r)})" for r in chk.why]
        vocab = facts()
        asked = _missing([Reason("", "", "", "", "", "", "", None, facts=chk.facts)], x, lang)
        a.ask = asked or [MissingFact(n, vocab[n].ask(lang)) for n in chk.facts]


def _in_band(b: dict, v: float) -> bool:
    lo = b.get("min") or 0.0
    if v < lo or (b.get("min_exclusive") and v == lo):
        return False
    hi = b.get("max")
    if hi is not None and (v > hi or (b.get("max_exclusive") and v == hi)):
        return False
    return True


def _level(cs: CompiledStandard, x: Facts, lang: str) -> dict[str, Any] | None:
    lv = cs.levels
    if lv is None:
        return None
    v = x[lv["fact"]]
    if v is None:
        return None
    b = _band_for(lv, v)
    if b is None:
        return None
    # The band's ends as the file's boundary decision makes them: where the document lets two
    # bands share a value, that value belongs to one of them, and the other's end is exclusive.
    lo, hi = b.get("min"), b.get("max")
    return {"id": b["id"], "name": (b.get("name_en") if lang == "en" else None) or b["name"], "fact": lv["fact"],
            "min": lo, "max": hi,
            "min_exclusive": b.get("min_exclusive", False) or (lo is not None and _band_for(lv, lo) is not b),
            "max_exclusive": b.get("max_exclusive", False) or (hi is not None and _band_for(lv, hi) is not b),
            "basis": lv["basis"], "source": b["source"]["quote"]}


def _band_for(lv: dict, v: float) -> dict | None:
    matches = [b for b in lv["bands"] if _in_band(b, v)]
    if not matches:
        return None
    return matches[-1] if lv.get("boundary") == "upper" else matches[0]
