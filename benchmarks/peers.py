"""Peers deciding the same outcome and failed rule ids, for the same two standards (pip install '.[bench]').

- GoRules ZEN (`zen-engine`): one JDM decision per standard, an expression node computing the outcome
  and the rules decided against, as a ZEN user would write it.
- JsonLogic (`datalogic-py`): one compiled template rule per standard computing the same two fields.

Both are given complete profiles with `age` (every fact known): neither language has the three-valued
logic of unknown facts, so the outcome `incomplete` and missing facts are not asked of them, and neither
checks the profile's types nor refuses a CPR number. That is less work than the hand-written baseline
and the engine do; the table says so.
"""
from __future__ import annotations

import json

AFLASTNING = [
    ("alder-18", "statute", "age < 18", {"<": [{"var": "age"}, 18]}),
    ("funktionsnedsaettelse", "statute",
     "not (significant_physical_impairment or significant_mental_impairment or special_social_problems)",
     {"!": {"or": [{"var": "significant_physical_impairment"}, {"var": "significant_mental_impairment"},
                   {"var": "special_social_problems"}]}}),
    ("hjemmeboende", "service", "living_situation != 'with_relatives'", {"!=": [{"var": "living_situation"}, "with_relatives"]}),
    ("paaroerende-primaere-omsorgspersoner", "service", "not relatives_primary_caregivers", {"!": {"var": "relatives_primary_caregivers"}}),
    ("aflastning-noedvendig", "service", "not relief_necessary_to_stay_home", {"!": {"var": "relief_necessary_to_stay_home"}}),
    ("max-90-doegn", "limit", "requested_relief_nights_per_year > 90", {">": [{"var": "requested_relief_nights_per_year"}, 90]}),
    ("ferie-5-dage", "limit", "requested_holiday_days_per_year > 5", {">": [{"var": "requested_holiday_days_per_year"}, 5]}),
]

_RESID = {"==": [{"var": "living_situation"}, "residential"]}
_FAMILY = {"and": [{"==": [{"var": "living_situation"}, "with_relatives"]}, {"var": "special_considerations"}]}
DAGTILBUD = [
    ("alder-18", "statute", "age < 18", {"<": [{"var": "age"}, 18]}),
    ("funktionsnedsaettelse", "statute",
     "not (significant_physical_impairment or significant_mental_impairment or special_social_problems)",
     {"!": {"or": [{"var": "significant_physical_impairment"}, {"var": "significant_mental_impairment"},
                   {"var": "special_social_problems"}]}}),
    ("omfang-for-boformen", "service",
     "not (lives_alone or living_situation == 'residential' or (living_situation == 'with_relatives' and special_considerations))",
     {"!": {"or": [{"var": "lives_alone"}, _RESID, _FAMILY]}}),
    ("andet-dagtilbud", "service", "'sel-103' in current_services", {"in": ["sel-103", {"var": "current_services"}]}),
    ("botilbud-kombination", "service",
     "living_situation == 'residential' and ('sel-103' in current_services or 'sel-104-evening' in current_services)",
     {"and": [_RESID, {"or": [{"in": ["sel-103", {"var": "current_services"}]}, {"in": ["sel-104-evening", {"var": "current_services"}]}]}]}),
    ("dage-bor-alene", "limit", "lives_alone and requested_days_per_week > 3",
     {"and": [{"var": "lives_alone"}, {">": [{"var": "requested_days_per_week"}, 3]}]}),
    ("dage-botilbud", "limit", "living_situation == 'residential' and requested_days_per_week > 3",
     {"and": [_RESID, {">": [{"var": "requested_days_per_week"}, 3]}]}),
    ("dage-familie-saerlige-hensyn", "limit",
     "living_situation == 'with_relatives' and special_considerations and requested_days_per_week > 5",
     {"and": [_FAMILY, {">": [{"var": "requested_days_per_week"}, 5]}]}),
    ("ferie-3-dage", "limit", "requested_holiday_days_per_year > 3", {">": [{"var": "requested_holiday_days_per_year"}, 3]}),
]
RULES = {"sel-107-aflastning": AFLASTNING, "sel-104": DAGTILBUD}


def _zen_outcome(rules) -> str:
    def anyof(kind):
        return " or ".join(f"({e})" for _, k, e, _ in rules if k == kind) or "false"
    return (f"({anyof('statute')}) ? 'refuse' : (({anyof('service')}) ? 'assess' : "
            f"(({anyof('limit')}) ? 'partial' : 'grant'))")


def _zen_against(rules) -> str:
    return "filter([" + ", ".join(f"({e}) ? '{rid}' : ''" for rid, _, e, _ in rules) + "], # != '')"


def zen_decision(rules) -> dict:
    """A JDM graph: input -> expression node (outcome, against) -> output."""
    return {"nodes": [{"id": "in", "type": "inputNode", "name": "Ansøgning", "position": {"x": 0, "y": 0}},
                      {"id": "decide", "type": "expressionNode", "name": "Afgørelse", "position": {"x": 200, "y": 0},
                       "content": {"expressions": [{"id": "o", "key": "outcome", "value": _zen_outcome(rules)},
                                                   {"id": "a", "key": "against", "value": _zen_against(rules)}]}},
                      {"id": "out", "type": "outputNode", "name": "Resultat", "position": {"x": 400, "y": 0}}],
            "edges": [{"id": "e1", "sourceId": "in", "targetId": "decide", "type": "edge"},
                      {"id": "e2", "sourceId": "decide", "targetId": "out", "type": "edge"}]}


def jsonlogic_rule(rules) -> dict:
    def anyof(kind):
        return {"or": [j for _, k, _, j in rules if k == kind]}
    return {"outcome": {"if": [anyof("statute"), "refuse", anyof("service"), "assess", anyof("limit"), "partial", "grant"]},
            "against": {"filter": [[{"if": [j, rid, ""]} for rid, _, _, j in rules], {"!=": [{"var": ""}, ""]}]}}


def contenders(complete: dict[str, list[dict]]) -> list[tuple[str, object, str]]:
    """(name, fn(service, profile) -> (outcome, against), what it computes) for each peer that is installed."""
    out = []
    what = "outcome + rules decided against; no type check, no unknowns"
    try:
        import zen
    except ImportError:
        pass
    else:
        engine = zen.ZenEngine()
        decisions = {s: engine.create_decision(json.dumps(zen_decision(r))) for s, r in RULES.items()}

        def zen_fn(service, profile):
            r = decisions[service].evaluate(profile)["result"]
            return r["outcome"], r["against"]
        out.append(("GoRules ZEN (zen-engine)", zen_fn, what))
    try:
        import datalogic_py
    except ImportError:
        pass
    else:
        engine = datalogic_py.Engine()
        compiled = {s: engine.compile_template(jsonlogic_rule(r)) for s, r in RULES.items()}

        def logic_fn(service, profile):
            r = compiled[service].evaluate(profile)
            return r["outcome"], r["against"]
        out.append(("JsonLogic (datalogic-py)", logic_fn, what))
    return out
