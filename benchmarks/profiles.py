"""Citizen profiles for the benchmarks: generated at random from a seed, so every run sees the same caseload.

Two standards, Ishøj's 2015 aflastning (§ 107) and aktivitets- og samværstilbud (§ 104); the facts each
reads, with values spread so that every outcome and every rule result occurs. `unknown` is the chance
that a fact is left out (unknown); 0 gives complete profiles, as a caseload of finished cases.
"""
from __future__ import annotations

import datetime as dt
import random

SERVICES = ("sel-107-aflastning", "sel-104")
ON = dt.date(2025, 3, 1)

_LIVING = ("own_home", "with_relatives", "with_relatives", "residential", "residential", "homeless", "other")
_CURRENT = ("sel-103", "sel-104-evening", "sel-85", "sel-107", "sel-83", "sel-108")


def _age(r: random.Random, p: dict, birth_dates: bool) -> None:
    if birth_dates and r.random() < 0.15:  # a birth date instead of an age: the age is then computed on the evaluation date
        born = ON - dt.timedelta(days=r.randrange(10 * 365, 85 * 365))
        p["birth_date"] = born.isoformat()
    else:
        p["age"] = r.choice((16, 17, 18, 19)) if r.random() < 0.15 else r.randrange(18, 95)


def _impairments(r: random.Random, p: dict) -> None:
    for name in ("significant_physical_impairment", "significant_mental_impairment", "special_social_problems"):
        p[name] = r.random() < 0.35


def aflastning(r: random.Random, birth_dates: bool = True) -> dict:
    p: dict = {}
    _age(r, p, birth_dates)
    _impairments(r, p)
    p["living_situation"] = r.choice(_LIVING)
    p["relatives_primary_caregivers"] = r.random() < 0.8
    p["relief_necessary_to_stay_home"] = r.random() < 0.8
    p["requested_relief_nights_per_year"] = r.choice((r.randrange(0, 91), r.randrange(60, 200), 90, 90.5))
    p["requested_holiday_days_per_year"] = r.choice((0, 3, 5, 6, r.randrange(0, 12)))
    return p


def dagtilbud(r: random.Random, birth_dates: bool = True) -> dict:
    p: dict = {}
    _age(r, p, birth_dates)
    _impairments(r, p)
    p["living_situation"] = r.choice(_LIVING)
    p["lives_alone"] = r.random() < 0.4
    p["special_considerations"] = r.random() < 0.4
    p["current_services"] = r.sample(_CURRENT, r.choice((0, 0, 0, 1, 1, 2)))
    p["requested_days_per_week"] = r.choice((1, 2, 3, 4, 5, 2.5, 6, 7))
    p["requested_holiday_days_per_year"] = r.choice((0, 2, 3, 4, r.randrange(0, 8)))
    return p


_TASKS = ("daily_structure", "finances", "mail", "social_relations", "shopping_cooking", "cleaning_laundry",
          "escort_without_pedagogical_purpose", "respite", "medication")


def stoette(r: random.Random, birth_dates: bool = True) -> dict:
    """§ 85 socialpædagogisk støtte (for impact: Ishøj's 2015 and 2024 revisions)."""
    p: dict = {}
    _age(r, p, birth_dates)
    _impairments(r, p)
    p["living_situation"] = r.choice(("own_home", "own_home", "own_home", "with_relatives", "residential", "homeless"))
    for name in ("difficulty_managing_daily_life", "motivated", "resources_in_some_areas", "needs_new_skills",
                 "risk_of_losing_skills"):
        p[name] = r.random() < 0.7
    p["requested_support_tasks"] = r.sample(_TASKS, r.choice((1, 2, 2, 3)))
    p["requested_support_hours_per_week"] = r.choice((1, 2, 3, 4, 5, 6, 8, 10, 2.5))
    return p


_MAKERS = {"sel-107-aflastning": aflastning, "sel-104": dagtilbud, "sel-85": stoette}


def generate(service: str, n: int, seed: int = 8, unknown: float = 0.0, case_ids: bool = True,
             birth_dates: bool = True) -> list[dict]:
    """n profiles for a service; each fact left out with probability `unknown`; some with a birth date
    instead of an age unless `birth_dates` is false (the peers compute no age)."""
    r = random.Random(f"{seed}-{service}-{unknown}-{birth_dates}")
    make = _MAKERS[service]
    out = []
    for i in range(n):
        p = make(r, birth_dates)
        if unknown:
            p = {k: v for k, v in p.items() if r.random() >= unknown}
        if case_ids:
            p = {"case_id": f"sag-{i + 1:06d}", **p}
        out.append(p)
    return out


def bad(service: str) -> list[dict]:
    """Profiles both sides must refuse: a wrong type, a value out of range, an unknown fact, a CPR number."""
    good = generate(service, 1)[0]
    return [{**good, "significant_mental_impairment": "ja"}, {**good, "age": 200}, {**good, "age": True},
            {**good, "living_situation": "hjemme"}, {**good, "alder": 30}, {**good, "case_id": "010190-1234"},
            {**good, "case_id": 17}, {**good, "requested_holiday_days_per_year": -1}]
