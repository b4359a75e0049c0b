"""Evaluates a compiled standard against a citizen profile: the recommendation.

Outcome (docs/contract.md §3), by levels checked in order:
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
from .recommendation import (Alternative, ContentItem, ContentResult, InfoItem, LimitResult, MissingFact, Reason,
                             Recommendation, read_only)
from .texts import Texts, elderly_note, texts
from .vocabulary import facts
from . import law
from .records import record

STATUTE, SERVICE, PARTIAL = 0, 1, 2
_LEVEL_OUTCOME = ("refuse", "assess", "partial")


def _text(d: dict, lang: str) -> str:
    return (d.get("text_en") if lang == "en" else None) or d["text"]


_new = object.__new__
_set = object.__setattr__   # past Reason.__setattr__, which watches its fixed fields, not these


def _reason(base: dict[str, Any], result: str, used: list[str]) -> Reason:
    """A Reason from its rule's fixed fields (texts.reason_base), without dataclass __init__'s keyword parsing:
    a recommendation has a dozen of them, and a caseload thousands of recommendations."""
    d = base.copy()
    d["result"] = result
    d["facts"] = used
    r = _new(Reason)
    _set(r, "__dict__", d)
    return r


def _limit(rule: RuleView, fact: str, requested: float | None, mx: float, recommended: float | None, exceeded: bool,
           unit: str, applies: bool | None) -> LimitResult:
    r = _new(LimitResult)
    r.__dict__ = {"rule": rule.id, "fact": fact, "requested": requested, "max": mx, "recommended": recommended,
                  "exceeded": exceeded, "unit": unit, "basis": rule.basis, "applies": applies}
    return r


def _one_per_quantity(limits: list[LimitResult]) -> list[LimitResult]:
    """A quantity is listed once: the lowest limit that applies; a limit not known to apply only if it is lower."""
    names = [lim.fact for lim in limits]
    if len(set(names)) == len(names):  # one limit per quantity, as in most standards: each is listed
        return limits
    out: list[LimitResult] = []
    for fact in dict.fromkeys(names):
        mine = [lim for lim in limits if lim.fact == fact]
        sure = [lim for lim in mine if lim.applies is True]
        if not sure:
            out += mine
            continue
        low = min(sure, key=lambda lim: lim.max)
        out += [lim for lim in mine if lim is low or (lim.applies is None and lim.max < low.max)]
    return out


def evaluate(cs: CompiledStandard, given: Facts, on: dt.date, lang: str = "da",
             meta: dict[str, Any] | None = None) -> Recommendation:
    """`given` is a checked profile (coerce.parse_profile); `on` the evaluation date.
    The stages: derive the facts, add the law in force, judge each rule, decide the outcome, explain it."""
    x = derive(given, on)
    cs, law_revs = law.apply(cs, on)
    j = judge(cs, x, lang)
    outcome, waiting = decide(j)
    return explain(cs, x, on, lang, j, outcome, waiting, law_revs, meta or {}, given.get("case_id"))


@record(kw_only=True)
class Judgement:
    """Every rule judged on the facts: its reason, and at which level it failed or is unknown."""
    reasons: list[Reason]
    failed: list[list[Reason]]     # by level: STATUTE, SERVICE, PARTIAL
    unknown: list[list[Reason]]
    refer: dict[str, list]         # rule id -> referrals, for rules decided against (part of) the request
    by_value: dict[str, dict[str, list]]   # content fact -> requested value -> exclusions covering it
    if_asked: list[tuple]          # exclusions of parts the request did not name
    limits: list[LimitResult]


def judge(cs: CompiledStandard, x: Facts, lang: str) -> Judgement:
    """Stage 1: each criterion met/not met/unknown, each exclusion applies or not, each limit within or exceeded."""
    return judgement(cs, lang, judge_states(cs, x, lang))


@record(kw_only=True)
class States:
    """A Judgement as plain values, before any Reason is made (a caseload keys its lines by them, batch.Lines):
    per rule in order (criteria, exclusions, limits) its result, the facts it names and whether it was requested;
    the rules failed and unknown per level as positions in that order; the rest as judge found it."""
    results: list[tuple[str, tuple[str, ...], bool]]
    failed: list[list[int]]
    unknown: list[list[int]]
    refer: dict[str, list]
    by_value: dict[str, dict[str, list]]
    if_asked: list[tuple]
    limits: list[tuple]           # (rule, fact, requested, max, recommended, exceeded, unit, applies)


def judgement(cs: CompiledStandard, lang: str, st: States) -> Judgement:
    """The Judgement of judged states: a Reason per rule from its fixed fields, the limits' results."""
    tx = texts(cs, lang)
    reasons = []
    for base, (result, used, requested) in zip(tx.bases, st.results):
        r = _reason(base, result, list(used))
        if requested is False:
            r.__dict__["requested"] = False
        reasons.append(r)
    return Judgement(reasons=reasons, failed=[[reasons[i] for i in level] for level in st.failed],
                     unknown=[[reasons[i] for i in level] for level in st.unknown], refer=st.refer,
                     by_value=st.by_value, if_asked=st.if_asked, limits=[_limit(*lim) for lim in st.limits])


def judge_states(cs: CompiledStandard, x: Facts, lang: str) -> States:
    """judge's work, leaving each reason as (result, facts, requested) at its rule's position."""
    tx = texts(cs, lang)
    results: list[tuple[str, tuple[str, ...], bool]] = []
    add = results.append
    failed: list[list[int]] = [[], [], []]
    unknown: list[list[int]] = [[], [], []]
    refer: dict[str, list] = {}  # rule id -> referrals, for rules decided against the request

    # Criteria: met, not met, or unknown. `applies_when` false skips the rule.
    for when, test, why, why_when, base, statute, rid, refer_to in tx.judge_criteria:
        w = when(x) if when is not None else True
        if w is False:
            add(("not_applies", (), True))
            continue
        v = test(x)
        if v is True:
            add(("met", (), True))
        elif v is False and w is True:
            failed[STATUTE if statute else SERVICE].append(len(results))
            add(("not_met", (), True))
            refer[rid] = refer_to
        else:  # unknown, or not met where it may not apply (could be inapplicable, could be failed)
            unknown[STATUTE if statute else SERVICE].append(len(results))
            add(("unknown", tuple(sorted(why(x) | (why_when(x) if w is None else set()))), True))

    # Exclusions: a whole-request condition, or a part of the requested content.
    covered: dict[str, set[str]] = {}
    content_rules: dict[str, list[tuple[int, str]]] = {}
    by_value: dict[str, dict[str, list]] = {}  # content fact -> value -> exclusions covering it
    if_asked: list[tuple] = []  # exclusions of parts the request did not name
    for e, test, why, base, statute, rid, refer_to in tx.judge_exclusions:
        if test is not None:  # a whole-request condition
            v = test(x)
            if v is True:
                failed[STATUTE if statute else SERVICE].append(len(results))
                add(("applies", (), True))
                refer[rid] = refer_to
            elif v is False:
                add(("not_applies", (), True))
            else:
                unknown[STATUTE if statute else SERVICE].append(len(results))
                add(("unknown", tuple(sorted(why(x))), True))
            continue
        rule = e.rule  # a part of the requested content
        requested = x[e.content_fact]
        by_value.setdefault(e.content_fact, {})
        if requested is None:
            # The request is for the service itself unless the profile names its parts: an exclusion
            # of a part not asked for decides nothing; it is told as information ("Hvis der søges om …").
            add(("not_applies", (e.content_fact,), False))
            if_asked.append((e, rule))
        else:
            hit = e.content.intersection(requested)
            for value in hit:
                by_value[e.content_fact].setdefault(value, []).append(rule)
            if hit:
                covered.setdefault(e.content_fact, set()).update(hit)
                content_rules.setdefault(e.content_fact, []).append((len(results), rule.basis))
                refer[rule.id] = rule.refer_to
            add(("applies" if hit else "not_applies", (e.content_fact,), True))
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
        failed[level].extend(i for i, b in pairs if level != STATUTE or b == "statute")

    # Limits: the smallest max of the definitely applicable limits wins.
    limit_rows: list[tuple[Any, bool | None, float | None]] = []
    effective: dict[str, float] = {}
    for lim in cs.limits:
        a = lim.when(x) if lim.when is not None else True
        req = x[lim.fact]
        limit_rows.append((lim, a, req))
        if a is True:
            effective[lim.fact] = min(lim.max, effective.get(lim.fact, lim.max))
    limit_results: list[tuple] = []
    for (lim, a, req), unit in zip(limit_rows, tx.units):
        rule, fact, mx = lim.rule, lim.fact, lim.max
        if a is False:
            add(("not_applies", (fact,), True))
            continue
        eff = effective.get(fact, mx)
        if req is None:
            # An unknown requested quantity does not block; the limit is stated.
            add(("unknown", (fact,), True))
            limit_results.append((rule, fact, None, mx, eff if a else None, False, unit, a))
            continue
        if req <= mx:
            add(("within", (fact,), True))
            limit_results.append((rule, fact, req, mx, min(req, eff), False, unit, a))
            continue
        if a is None:
            unknown[PARTIAL].append(len(results))
            add(("unknown", tuple(sorted(lim.why_when(x))), True))
            limit_results.append((rule, fact, req, mx, None, False, unit, None))
            continue
        failed[PARTIAL].append(len(results))
        add(("exceeded", (fact,), True))
        refer[rule.id] = rule.refer_to
        limit_results.append((rule, fact, req, mx, min(req, eff), True, unit, True))

    return States(results=results, failed=failed, unknown=unknown, refer=refer, by_value=by_value,
                  if_asked=if_asked, limits=limit_results)


# The contract's precedence (docs/contract.md §3), in one place: levels in order, and what a definite failure at
# each level gives. An unknown rule at an earlier level makes any later failure `incomplete`.
PRECEDENCE = ((STATUTE, "refuse"), (SERVICE, "assess"), (PARTIAL, "partial"))


def decide(j: Judgement) -> tuple[str, list[Reason]]:
    """Stage 2: the outcome, and the unknown reasons that hold it open (marks the deciding reasons)."""
    failed, unknown, reasons = j.failed, j.unknown, j.reasons
    waiting: list[Reason] = []
    outcome = None
    for level, result in PRECEDENCE:
        if failed[level]:
            outcome = "incomplete" if waiting else result
            for r in failed[level]:
                r.__dict__["deciding"] = True
            break
        waiting.extend(unknown[level])
    if outcome is None:
        outcome = "incomplete" if waiting else "grant"
    for r in waiting:
        r.__dict__["deciding"] = True
    if outcome == "grant":
        for r in reasons:
            if r.result in ("met", "within"):
                r.__dict__["deciding"] = True
    return outcome, waiting


def explain(cs: CompiledStandard, x: Facts, on: dt.date, lang: str, j: Judgement, outcome: str,
            waiting: list[Reason], law_revs: tuple, meta: dict[str, Any], case_id: str | None) -> Recommendation:
    """Stage 3: reasons in order, limits, missing facts, referrals (checked against the law), information, notes.
    Everything that does not depend on the profile comes ready from texts.Texts (once per revision and language)."""
    tx = texts(cs, lang)
    reasons, limit_results, by_value, refer, if_asked = j.reasons, j.limits, j.by_value, j.refer, j.if_asked
    content = [_content(name, x[name], by_value[name], lang) for name in by_value if x[name] is not None] if by_value else []
    limit_results = _one_per_quantity(limit_results)
    if outcome == "refuse":
        for lr in limit_results:
            lr.recommended = None  # nothing is recommended granted; the limits are still stated
    missing = _missing(waiting, x, lang) if waiting else []
    alternatives = _alternatives(reasons, refer, on, lang, x.get("under_pension_age"), x, tx) if refer else []
    level = _level(cs, x, lang) if cs.levels is not None else None
    # deciding first, document order kept (a stable sort on `not deciding`)
    reasons = [r for r in reasons if r.deciding] + [r for r in reasons if not r.deciding]

    notes = list(tx.notes)
    if outcome in ("assess", "partial") and any(r.deciding and r.basis == "service_level" for r in reasons):
        notes.append(t(lang, "service_level_hint"))
    # (the standard's own question first: a caseload's lines are kept by the facts explain reads, batch.Lines)
    if tx.reads_pension_age and x.get("under_pension_age") is True and x.get("birth_date") is not None:
        # The offer is for those under folkepensionsalder: say when this citizen reaches it.
        notes.append(t(lang, "pension_date").format(date=pension.pension_date(x["birth_date"]).isoformat()))
    information = _information(cs, lang, complaint_first=outcome == "refuse")
    if if_asked:
        information += [_if_asked(e, rule, lang, tx) for e, rule in if_asked]
    rec = _new(Recommendation)
    rec.__dict__ = {
        "outcome": outcome, "outcome_label": tx.outcome_label[outcome], **tx.head, "evaluated_on": on.isoformat(),
        "standard": _standard(cs, tx, law_revs, meta),
        "reasons": reasons, "limits": limit_results, "level": level, "missing_facts": missing,
        "alternatives": alternatives, "information": information, "notes": notes, "content": content,
        "case_id": case_id, "lang": lang}
    return rec


def _standard(cs: CompiledStandard, tx: Texts, law_revs: tuple, meta: dict[str, Any]) -> dict[str, Any]:
    """The files the recommendation rests on; made once per file set. Each recommendation gets its own mapping;
    the lists `law` and `files` and their entries are shared and read-only."""
    key = (meta.get("sha256"), meta.get("path"), meta.get("same_as"))
    tpl = tx.standard.get(key)
    if tpl is None:
        std = cs.data
        tpl = tx.standard[key] = {"valid_from": std["valid_from"].isoformat(), "sha256": meta.get("sha256"),
                                  "path": meta.get("path"), "same_as": meta.get("same_as"), **_identity(cs),
                                  **{k: read_only(v) for k, v in _law_meta(cs, law_revs, meta).items()}}
    return dict(tpl)


def _law_meta(cs: CompiledStandard, law_revs: tuple, meta: dict[str, Any]) -> dict[str, Any]:
    """The law versions in force and every file the recommendation rests on; made once per standard and law."""
    key = ("law-meta", meta.get("sha256"), meta.get("same_as"))
    out = cs.cache.get(key)
    if out is None:
        out = cs.cache[key] = {
            "law": [{"topic": r.topic, "valid_from": r.valid_from.isoformat(), "path": r.display, "sha256": r.sha256}
                    for r in law_revs],
            "files": [*meta.get("files", ()), *({"role": "law", "path": r.display, "sha256": r.sha256} for r in law_revs)]}
    return {k: [dict(d) for d in v] for k, v in out.items()}


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
    tx = texts(cs, lang)
    if tx.info is None:
        tx.info = tuple(_information_items(cs, lang))
        # after a refusal the citizen needs the complaint route first
        tx.info_refused = tuple(sorted(tx.info, key=lambda i: i.topic != "complaint"))
    return list(tx.info_refused if complaint_first else tx.info)


def _information_items(cs: CompiledStandard, lang: str) -> list[InfoItem]:
    """The standard's items and the law's, as the deciding municipality gives them (law.information)."""
    return [InfoItem(topic=i["topic"], text=_text(i, lang), source=i["source"]["quote"], section=i["source"]["section"],
                     basis="statute" if i.get("origin") == "law" else i.get("basis", "service_level"),
                     details=read_only({k: i[k] for k in _DETAILS if i.get(k) not in (None, [])}),
                     **({"origin": "law", "citation": read_only(i["citation"])} if i.get("origin") == "law" else {}))
            for i in law.information(cs.data, cs.municipality)]


def _if_asked(e, rule: RuleView, lang: str, tx: Texts) -> InfoItem:
    """An exclusion of a part not asked for, said as what holds if it is asked for (made once per revision)."""
    item = tx.if_asked.get(rule.id)
    if item is None:
        labels = ", ".join(facts()[e.content_fact].label(v, lang) for v in sorted(e.content))
        lead = f"If {labels} is applied for" if lang == "en" else f"Hvis der søges om {labels}"
        text = rule.text_for(lang)
        item = tx.if_asked[rule.id] = InfoItem(
            topic="other", text=f"{lead}: {text[0].lower() + text[1:]}", source=rule.quote, section=rule.section,
            basis=rule.basis, origin=rule.origin, citation=read_only(rule.citation), details=read_only({}))
    return item


def _content(name: str, requested: list[str], excluding: dict[str, list[RuleView]], lang: str) -> ContentResult:
    f = facts()[name]
    recommended, excluded = [], []
    for value in requested:
        rules = excluding.get(value)
        if rules is None:
            recommended.append(ContentItem(value=value, label=f.label(value, lang)))
            continue
        refer = list(dict.fromkeys(ref["service"] for r in rules for ref in r.refer_to))
        excluded.append(ContentItem(value=value, label=f.label(value, lang), rules=[r.id for r in rules], refer_to=refer))
    return ContentResult(fact=name, requested=list(requested), recommended=recommended, excluded=excluded)


def _missing(waiting: list[Reason], x: Facts, lang: str) -> list[MissingFact]:
    return _questions([name for r in waiting for name in r.facts], x, lang)


def _questions(names: list[str], x: Facts, lang: str) -> list[MissingFact]:
    """The questions for facts that could decide: a derived fact asks for what it is computed from, and two
    facts that answer each other are asked once."""
    vocab = facts()
    out: dict[str, MissingFact] = {}
    for name in names:
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
            out[name] = MissingFact(fact=name, question=f.ask(lang))
    return list(out.values())


def _alternatives(reasons: list[Reason], refer: dict[str, list], on: dt.date, lang: str,
                  under_pension_age: bool | None = None, x: Facts | None = None, tx: Texts | None = None) -> list[Alternative]:
    out: dict[str, Alternative] = {}
    for r in reasons:
        refs = refer.get(r.rule)  # only rules decided against (part of) the request
        if not refs:
            continue
        for ref in refs:
            sid = ref["service"]
            if sid in out:
                continue
            reason, paragraph, title, bar = tx.referrals[id(ref)]
            out[sid] = Alternative(service=sid, reason=reason, paragraph=paragraph, title=title,
                                   note=elderly_note(tx, on, under_pension_age) if bar else None)
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
    if chk.status != "not_met":  # a paragraph that does not apply has nothing more to say; `instead` does
        a.law_notes = [f"{(n.get('text_en') if en else None) or n['text']} ({cite(n)})" for n in chk.notes]
    if chk.status == "not_met":
        a.check_text = [f"{(r.get('text_en') if en else None) or r['text']} ({cite(r)})" for r in chk.why]
        a.instead = next((((r.get("instead_en") if en else None) or r.get("instead")) for r in chk.why if r.get("instead")), None)
    elif chk.status == "unknown":
        a.check_text = [f"{(r.get('text_en') if en else None) or r['text']} ({cite(r)})" for r in chk.why]
        vocab = facts()
        a.ask = _questions(chk.facts, x, lang) or [MissingFact(fact=n, question=vocab[n].ask(lang)) for n in chk.facts]


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
