"""The outcome alone, for caseloads: the same decision as engine.evaluate, building no reasons.

A caseload run needs the outcome, the support level, the recommended quantities and the rules decided
against the request, not the sentences, sources, questions and referrals of a full recommendation,
which are most of evaluate's time. `decide` walks the same compiled rules in the same order with the same
levels (see engine's docstring); tests/test_outcome.py checks on random profiles for every bundled
standard that it agrees with `evaluate` in every field it returns.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from . import law
from .compiled import CompiledStandard
from .derive import derive

_LEVEL_OUTCOME = ("refuse", "assess", "partial")


@dataclass(slots=True, frozen=True)
class Outcome:
    outcome: str
    level: str | None                 # the support level's band id
    recommended: dict[str, Any]       # limited fact -> the quantity recommended (the smallest of its limits')
    against: tuple[str, ...]          # rules decided against the request, in the standard's order
    deciding: frozenset[str]          # the rules a full recommendation marks as deciding
    results: tuple[tuple[str, str], ...]  # (rule id, result) for every rule, as the reasons would say it
    case_id: str | None = None


def decide(cs: CompiledStandard, given: dict[str, Any], on: dt.date) -> Outcome:
    """`given` is a checked profile (coerce.parse_profile); `on` the evaluation date."""
    x = derive(given, on)
    cs, _ = law.apply(cs, on)
    results: list[tuple[str, str]] = []
    against: list[str] = []
    failed: tuple[list, list, list] = ([], [], [])
    unknown: tuple[list, list, list] = ([], [], [])
    for c in cs.criteria:
        rid = c.rule.id
        w = c.when(x) if c.when is not None else True
        if w is False:
            results.append((rid, "not_applies"))
            continue
        v = c.test(x)
        if w is None and v is not True:
            v = None
        level = 0 if c.rule.basis == "statute" else 1
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
    for e in cs.exclusions:
        rule = e.rule
        rid = rule.id
        level = 0 if rule.basis == "statute" else 1
        if e.test is not None:
            v = e.test(x)
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
        requested = x[e.content_fact]
        hit = e.content.intersection(requested) if requested is not None else None
        if not hit:
            results.append((rid, "not_applies"))
            continue
        results.append((rid, "applies"))
        covered.setdefault(e.content_fact, set()).update(hit)
        content_rules.setdefault(e.content_fact, []).append((rid, rule.basis))
        if rule.basis == "statute":
            statute_values.setdefault(e.content_fact, set()).update(hit)
        against.append(rid)
    for name, hit in covered.items():
        asked = set(x[name])
        if asked <= hit:
            level = 0 if asked <= statute_values.get(name, set()) else 1
        else:
            level = 2
        failed[level].extend(rid for rid, b in content_rules[name] if level != 0 or b == "statute")
    rows = []
    effective: dict[str, float] = {}
    for lim in cs.limits:
        a = lim.when(x) if lim.when is not None else True
        rows.append((lim, a, x[lim.fact]))
        if a is True:
            effective[lim.fact] = min(lim.max, effective.get(lim.fact, lim.max))
    recommended: dict[str, Any] = {}
    for lim, a, req in rows:
        rid, fact, mx = lim.rule.id, lim.fact, lim.max
        if a is False:
            results.append((rid, "not_applies"))
            continue
        eff = effective.get(fact, mx)
        if req is None:
            results.append((rid, "unknown"))
            rec = eff if a else None
        elif req <= mx:
            results.append((rid, "within"))
            rec = min(req, eff)
        elif a is None:
            results.append((rid, "unknown"))
            unknown[2].append(rid)
            rec = None
        else:
            results.append((rid, "exceeded"))
            failed[2].append(rid)
            against.append(rid)
            rec = min(req, eff)
        if rec is not None:
            recommended[fact] = min(rec, recommended.get(fact, rec))
    waiting: list[str] = []
    outcome = None
    deciding: set[str] = set()
    for level in (0, 1, 2):
        if failed[level]:
            outcome = "incomplete" if waiting else _LEVEL_OUTCOME[level]
            deciding.update(failed[level])
            break
        waiting.extend(unknown[level])
    if outcome is None:
        outcome = "incomplete" if waiting else "grant"
    deciding.update(waiting)
    if outcome == "grant":
        deciding.update(rid for rid, r in results if r in ("met", "within"))
    if outcome == "refuse":
        recommended = {}
    level_id = None
    lv = cs.levels
    if lv is not None and x[lv["fact"]] is not None:
        from .engine import _band_for
        band = _band_for(lv, x[lv["fact"]])
        level_id = band["id"] if band is not None else None
    return Outcome(outcome, level_id, {k: _num(v) for k, v in recommended.items()}, tuple(against),
                   frozenset(deciding), tuple(results), given.get("case_id"))


def _num(v: Any) -> Any:
    return int(v) if isinstance(v, float) and v.is_integer() else v
