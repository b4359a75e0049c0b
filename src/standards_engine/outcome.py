"""The outcome alone, for caseloads: the same decision as engine.evaluate, building no reasons.

A caseload run needs the outcome, the support level, the recommended quantities and the rules decided
against the request, not the sentences, sources, questions and referrals of a full recommendation,
which are most of evaluate's time. `decide` walks the same compiled rules in the same order with the same
levels (see engine's docstring); tests/test_outcome.py checks on random profiles for every bundled
standard that it agrees with `evaluate` in every field it returns.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from . import law
from .compiled import CompiledStandard
from .derive import derive
from .records import record

_LEVEL_OUTCOME = ("refuse", "assess", "partial")


@record(slots=True)
class Outcome:
    outcome: str
    level: str | None                 # the support level's band id
    recommended: dict[str, Any]       # limited fact -> the quantity recommended (the smallest of its limits')
    against: tuple[str, ...]          # rules decided against the request, in the standard's order
    deciding: frozenset[str]          # the rules a full recommendation marks as deciding
    results: tuple[tuple[str, str], ...]  # (rule id, result) for every rule, as the reasons would say it
    case_id: str | None = None


def _plan(cs: CompiledStandard) -> tuple:
    """The compiled rules flattened once per standard: what decide reads of each, without attribute walks."""
    plan = cs.cache.get("decide-plan")
    if plan is None:
        crit = tuple((c.rule.id, 0 if c.rule.basis == "statute" else 1, c.when, c.test) for c in cs.criteria)
        excl = tuple((e.rule.id, 0 if e.rule.basis == "statute" else 1, e.rule.basis, e.test, e.content_fact, e.content)
                     for e in cs.exclusions)
        lims = tuple((lim.rule.id, lim.fact, lim.max, lim.when) for lim in cs.limits)
        # Only the derived facts the rules read need computing (and those they are computed from).
        plan = cs.cache["decide-plan"] = (crit, excl, lims, needed_facts(cs))
    return plan


def needed_facts(cs: CompiledStandard) -> frozenset[str]:
    names = set(cs.conditions_read())
    names.update(lim.fact for lim in cs.limits)
    names.update(e.content_fact for e in cs.exclusions if e.content_fact)
    if cs.levels is not None:
        names.add(cs.levels["fact"])
    return frozenset(names)


def decide(cs: CompiledStandard, given: dict[str, Any], on: dt.date) -> Outcome:
    """`given` is a checked profile (coerce.parse_profile); `on` the evaluation date."""
    cs, _ = law.apply(cs, on)
    crit, excl, lims, needed = _plan(cs)
    x = derive(given, on, needed)
    results: list[tuple[str, str]] = []
    against: list[str] = []
    failed: tuple[list, list, list] = ([], [], [])
    unknown: tuple[list, list, list] = ([], [], [])
    for rid, level, when, test in crit:
        w = when(x) if when is not None else True
        if w is False:
            results.append((rid, "not_applies"))
            continue
        v = test(x)
        if w is None and v is not True:
            v = None
        if v is True:
            results.append((rid, "met"))
        elif v is False:
            results.append((rid, "not_met"))
            failed[level].append(rid)
            against.append(rid)
        else:
            results.append((rid, "unknown"))
            unknown[level].append(rid)
    covered: dict[str, set] = {}
    content_rules: dict[str, list] = {}
    statute_values: dict[str, set] = {}
    for rid, level, basis, test, content_fact, content in excl:
        if test is not None:
            v = test(x)
            if v is True:
                results.append((rid, "applies"))
                failed[level].append(rid)
                against.append(rid)
            elif v is False:
                results.append((rid, "not_applies"))
            else:
                results.append((rid, "unknown"))
                unknown[level].append(rid)
            continue
        requested = x[content_fact]
        hit = content.intersection(requested) if requested is not None else None
        if not hit:
            results.append((rid, "not_applies"))
            continue
        results.append((rid, "applies"))
        covered.setdefault(content_fact, set()).update(hit)
        content_rules.setdefault(content_fact, []).append((rid, basis))
        if basis == "statute":
            statute_values.setdefault(content_fact, set()).update(hit)
        against.append(rid)
    for name, hit in covered.items():
        asked = set(x[name])
        if asked <= hit:
            level = 0 if asked <= statute_values.get(name, set()) else 1
        else:
            level = 2
        failed[level].extend(rid for rid, b in content_rules[name] if level != 0 or b == "statute")
    recommended: dict[str, Any] = {}
    if lims:
        rows = []
        effective: dict[str, float] = {}
        for rid, fact, mx, when in lims:
            a = when(x) if when is not None else True
            rows.append((rid, fact, mx, a, x[fact]))
            if a is True:
                effective[fact] = min(mx, effective.get(fact, mx))
        for rid, fact, mx, a, req in rows:
            if a is False:
                results.append((rid, "not_applies"))
                continue
            eff = effective.get(fact, mx)
            if req is None:
                results.append((rid, "unknown"))
                rec = eff if a else None
            elif req <= mx:
                results.append((rid, "within"))
                rec = req if req < eff else eff
            elif a is None:
                results.append((rid, "unknown"))
                unknown[2].append(rid)
                rec = None
            else:
                results.append((rid, "exceeded"))
                failed[2].append(rid)
                against.append(rid)
                rec = req if req < eff else eff
            if rec is not None:
                old = recommended.get(fact)
                recommended[fact] = rec if old is None or rec < old else old
    waiting: list[str] = []
    outcome = None
    deciding: list[str] = []
    for level in (0, 1, 2):
        if failed[level]:
            outcome = "incomplete" if waiting else _LEVEL_OUTCOME[level]
            deciding = failed[level]
            break
        waiting += unknown[level]
    if outcome is None:
        outcome = "incomplete" if waiting else "grant"
    if outcome == "grant":
        deciding = [rid for rid, r in results if r == "met" or r == "within"]
    elif outcome == "refuse":
        recommended = {}
    level_id = None
    lv = cs.levels
    if lv is not None and x[lv["fact"]] is not None:
        from .engine import _band_for
        band = _band_for(lv, x[lv["fact"]])
        level_id = band["id"] if band is not None else None
    for k, v in recommended.items():
        if type(v) is float and v.is_integer():
            recommended[k] = int(v)
    return Outcome(outcome, level_id, recommended, tuple(against), frozenset(deciding + waiting), tuple(results),
                   given.get("case_id"))


def _num(v: Any) -> Any:
    return int(v) if isinstance(v, float) and v.is_integer() else v
