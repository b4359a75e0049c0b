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

from .compiled import CompiledStandard
from .i18n import OUTCOME
from .profile import Facts, derive
from .recommendation import Alternative, InfoItem, LimitResult, MissingFact, Reason, Recommendation
from .schema import Band, Rule
from .vocabulary import elderly_act_note, facts, services

STATUTE, SERVICE, PARTIAL = 0, 1, 2
_LEVEL_OUTCOME = ("refuse", "assess", "partial")


def _text(r: Any, lang: str) -> str:
    return (getattr(r, "text_en", None) if lang == "en" else None) or r.text


def _reason(rule: Rule, kind: str, result: str, lang: str, used: list[str] | None = None) -> Reason:
    return Reason(rule=rule.id, kind=kind, basis=rule.basis, result=result, text=_text(rule, lang),
                  source=rule.source.quote, section=rule.source.section, line=rule.source.line,
                  facts=used or [], note=rule.note)


def _tri(v: bool | None, yes: str, no: str) -> str:
    return "unknown" if v is None else (yes if v else no)


def evaluate(cs: CompiledStandard, given: Facts, on: dt.date, lang: str = "da",
             meta: dict[str, Any] | None = None) -> Recommendation:
    """`given` is a checked profile (profile.parse_profile); `on` the evaluation date."""
    x = derive(given, on, lang)
    std = cs.standard
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
        if requested is None:
            # Unknown content could turn out to be wholly excluded: that is
            # decided at the exclusion's own level, not the partial one.
            r = _reason(rule, "exclusion", "unknown", lang, [e.content_fact])
            unknown[level].append(r)
        else:
            hit = e.content.intersection(requested)
            r = _reason(rule, "exclusion", "applies" if hit else "not_applies", lang, [e.content_fact])
            if hit:
                covered.setdefault(e.content_fact, set()).update(hit)
                content_rules.setdefault(e.content_fact, []).append((r, rule.basis))
                refer[rule.id] = rule.refer_to
        reasons.append(r)
    for fact_name, hit in covered.items():
        pairs = content_rules[fact_name]
        if set(x[fact_name]) <= hit:
            # All of the requested content is excluded: no longer a partial grant.
            level = STATUTE if all(b == "statute" for _, b in pairs) else SERVICE
        else:
            level = PARTIAL
        failed[level].extend(r for r, _ in pairs)

    # Limits: the smallest max of the definitely applicable limits wins.
    limit_rows: list[tuple[Any, bool | None, float | None]] = []
    effective: dict[str, float] = {}
    for lim in cs.limits:
        rule = lim.rule
        a = lim.when(x) if lim.when is not None else True
        req = x[rule.fact]
        limit_rows.append((lim, a, req))
        if a is True:
            effective[rule.fact] = min(rule.max, effective.get(rule.fact, rule.max))
    limit_results: list[LimitResult] = []
    vocab = facts()
    for lim, a, req in limit_rows:
        rule = lim.rule
        unit = vocab[rule.fact].unit.get(lang, "")
        if a is False:
            reasons.append(_reason(rule, "limit", "not_applies", lang, [rule.fact]))
            continue
        eff = effective.get(rule.fact, rule.max)
        if req is None:
            # An unknown requested quantity does not block; the limit is stated.
            reasons.append(_reason(rule, "limit", "unknown", lang, [rule.fact]))
            limit_results.append(LimitResult(rule.id, rule.fact, None, rule.max, eff if a else None, False, unit, rule.basis, a))
            continue
        if req <= rule.max:
            reasons.append(_reason(rule, "limit", "within", lang, [rule.fact]))
            limit_results.append(LimitResult(rule.id, rule.fact, req, rule.max, min(req, eff), False, unit, rule.basis, a))
            continue
        if a is None:
            r = _reason(rule, "limit", "unknown", lang, sorted(lim.why_when(x)))
            unknown[PARTIAL].append(r)
            reasons.append(r)
            limit_results.append(LimitResult(rule.id, rule.fact, req, rule.max, None, False, unit, rule.basis, None))
            continue
        r = _reason(rule, "limit", "exceeded", lang, [rule.fact])
        failed[PARTIAL].append(r)
        refer[rule.id] = rule.refer_to
        reasons.append(r)
        limit_results.append(LimitResult(rule.id, rule.fact, req, rule.max, min(req, eff), True, unit, rule.basis, True))

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

    missing = _missing(waiting, x, lang)
    alternatives = _alternatives(reasons, refer, on, lang)
    level = _level(cs, x, lang)
    reasons.sort(key=lambda r: not r.deciding)  # stable: deciding first, document order kept

    notes = list(std.assumptions)
    if outcome in ("assess", "partial") and any(r.deciding and r.basis == "service_level" for r in reasons):
        from .i18n import t
        notes.append(t(lang, "service_level_hint"))
    meta = meta or {}
    return Recommendation(
        outcome=outcome, outcome_label=OUTCOME[lang][outcome],
        municipality=std.municipality.id, municipality_name=std.municipality.name,
        service=std.service.id, service_title=(std.service.title_en if lang == "en" and std.service.title_en else std.service.title),
        evaluated_on=on.isoformat(),
        standard={"valid_from": std.valid_from.isoformat(), "sha256": meta.get("sha256"), "path": meta.get("path"),
                  "same_as": meta.get("same_as"), **_identity(cs)},
        reasons=reasons, limits=limit_results, level=level, missing_facts=missing, alternatives=alternatives,
        information=_information(cs, lang),
        notes=notes, case_id=given.get("case_id"), lang=lang)


def _identity(cs: CompiledStandard) -> dict[str, Any]:
    ident = cs.cache.get("identity")
    if ident is None:
        std = cs.standard
        ident = cs.cache["identity"] = {"source_document": std.source_document.title, "legal_basis": std.legal_basis,
                                        "approved_by": std.approved_by, "approved_on": std.approved_on}
    return ident


def _information(cs: CompiledStandard, lang: str) -> list[InfoItem]:
    key = ("information", lang)
    items = cs.cache.get(key)
    if items is None:
        items = cs.cache[key] = [
            InfoItem(i.topic, _text(i, lang), i.source.quote, i.source.section, i.basis,
                     {k: v for k, v in (("weeks", i.weeks), ("days_per_year", i.days_per_year),
                                        ("every_months", i.every_months), ("km", i.km),
                                        ("free_choice_of_provider", i.free_choice_of_provider),
                                        ("citizen_pays", i.citizen_pays or None)) if v is not None})
            for i in cs.standard.information]
    return list(items)


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
            if name not in out:
                out[name] = MissingFact(name, f.ask(lang))
    return list(out.values())


def _alternatives(reasons: list[Reason], refer: dict[str, list], on: dt.date, lang: str) -> list[Alternative]:
    svc = services()
    bar_from, bar_text = elderly_act_note()
    out: dict[str, Alternative] = {}
    for r in reasons:
        if r.rule not in refer:  # only rules decided against (part of) the request
            continue
        for ref in refer[r.rule]:
            if ref.service in out:
                continue
            s = svc[ref.service]
            note = bar_text[lang] if s.elderly_act_bar and on >= bar_from else None
            out[ref.service] = Alternative(ref.service, (ref.reason_en if lang == "en" and ref.reason_en else ref.reason),
                                           s.paragraph, s.title.get(lang, s.title["da"]), note)
    return list(out.values())


def _in_band(b: Band, v: float) -> bool:
    lo = 0.0 if b.min is None else b.min
    if v < lo or (b.min_exclusive and v == lo):
        return False
    if b.max is not None and (v > b.max or (b.max_exclusive and v == b.max)):
        return False
    return True


def _level(cs: CompiledStandard, x: Facts, lang: str) -> dict[str, Any] | None:
    lv = cs.standard.levels
    if lv is None:
        return None
    v = x[lv.fact]
    if v is None:
        return None
    matches = [b for b in cs.bands if _in_band(b, v)]
    if not matches:
        return None
    b = matches[-1] if lv.boundary == "upper" else matches[0]
    return {"id": b.id, "name": (b.name_en if lang == "en" and b.name_en else b.name), "fact": lv.fact,
            "min": b.min, "max": b.max, "min_exclusive": b.min_exclusive, "max_exclusive": b.max_exclusive,
            "basis": lv.basis, "source": b.source.quote}
