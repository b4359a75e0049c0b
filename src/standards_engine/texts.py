"""What every recommendation of one revision says whatever the profile, made once per compiled revision and language.

The explain stage only picks from here: each rule's reason (text, quote, section, citation, note) as a ready
field map, the units of its limits, the information items, the notes, the referral texts. A caseload evaluates
one revision thousands of times; none of this depends on the citizen.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from .compiled import CompiledStandard, RuleView
from .i18n import OUTCOME
from .recommendation import PieceKey, ReadOnlyDict, read_only
from .vocabulary import elderly_act_note, facts, services


def reason_base(rule: RuleView, kind: str, lang: str) -> dict[str, Any]:
    """A Reason's fields in their order; result and facts are filled per profile (engine.judge). The citation is
    shared by every recommendation of the revision, so it is read-only; `_piece` lets recommendation_json reuse
    the fixed fields' JSON (the Reason drops it when one of them is set again)."""
    citation = read_only(rule.citation)
    base = {"rule": rule.id, "kind": kind, "basis": rule.basis, "result": None, "text": rule.text_for(lang),
            "source": rule.quote, "section": rule.section, "line": rule.line, "deciding": False, "facts": None,
            "note": rule.note_for(lang), "origin": rule.origin, "citation": citation, "restates": rule.restates,
            "requested": True}
    if all(type(v) in _LEAVES for k, v in base.items() if k != "citation") and (citation is None or type(citation) is ReadOnlyDict):
        base["_piece"] = PieceKey()
    return base


_LEAVES = frozenset({str, int, float, bool, type(None)})


class Texts:
    """The fixed parts of one compiled revision's recommendations in one language."""

    __slots__ = ("lang", "criteria", "exclusions", "limits", "bases", "units", "notes", "outcome_label", "head", "referrals",
                 "elderly", "reads_pension_age", "info", "info_refused", "standard", "if_asked", "judge_criteria",
                 "judge_exclusions")

    def __init__(self, cs: CompiledStandard, lang: str):
        self.lang = lang
        self.criteria = tuple(reason_base(c.rule, "criterion", lang) for c in cs.criteria)
        self.exclusions = tuple(reason_base(e.rule, "exclusion", lang) for e in cs.exclusions)
        self.limits = tuple(reason_base(lim.rule, "limit", lang) for lim in cs.limits)
        self.bases = self.criteria + self.exclusions + self.limits   # one reason per rule, in judge's order
        # What engine.judge reads of each rule, unpacked once: (when, test, why, why_when, reason fields,
        # statute level?, id, referrals); an exclusion of a part of the request has no test.
        self.judge_criteria = tuple((c.when, c.test, c.why, c.why_when, base, c.rule.basis == "statute", c.rule.id,
                                     c.rule.refer_to) for c, base in zip(cs.criteria, self.criteria))
        self.judge_exclusions = tuple((e, e.test, e.why, base, e.rule.basis == "statute", e.rule.id, e.rule.refer_to)
                                      for e, base in zip(cs.exclusions, self.exclusions))
        vocab = facts()
        self.units = tuple(vocab[lim.fact].unit.get(lang, "") for lim in cs.limits)
        std = cs.data
        self.notes = tuple(cs.assumptions(lang))  # the text's, then a same_as pointer's
        self.outcome_label = OUTCOME[lang]
        service = std["service"]
        decider = cs.municipality  # a same_as pointer's municipality decides, not the shared text's
        self.head = {"municipality": decider["id"], "municipality_name": decider["name"],
                     "service": service["id"],
                     "service_title": (service.get("title_en") if lang == "en" else None) or service["title"]}
        bar_from, bar_general, bar_citizen = elderly_act_note()
        self.elderly = (bar_from, bar_general[lang], bar_citizen[lang])
        # id of a rule's referral (the dict in the compiled data, alive as long as `cs`) -> its fixed fields
        self.referrals: dict[int, tuple] = {}
        svc = services()
        for c in (*cs.criteria, *cs.exclusions, *cs.limits):
            for ref in c.rule.refer_to:
                s = svc[ref["service"]]
                self.referrals[id(ref)] = (
                    (ref.get("reason_en") if lang == "en" else None) or ref["reason"], s.paragraph,
                    s.title.get(lang, s.title["da"]), s.elderly_act_bar)
        self.reads_pension_age = "under_pension_age" in cs.conditions_read()
        self.info = None          # the information items, made on first use (engine._information)
        self.info_refused = None
        self.standard: dict[tuple, dict] = {}   # per file set (meta): the `standard` block
        self.if_asked: dict[str, Any] = {}      # rule id -> the information item for a part not asked for


def texts(cs: CompiledStandard, lang: str) -> Texts:
    key = ("texts", lang)
    t = cs.cache.get(key)
    if t is None:
        t = cs.cache[key] = Texts(cs, lang)
    return t


def elderly_note(t: Texts, on: dt.date, under_pension_age: bool | None) -> str | None:
    """The note on ældreloven for a referral to a paragraph it moved, from the date it applies."""
    bar_from, general, citizen = t.elderly
    if on < bar_from:
        return None
    return citizen if under_pension_age is False else general
