"""A small municipality's own repository (Greve, § 85), as a policy officer would set it up: two revisions
(the limit lowered from 6 to 5 hours a week, a new exclusion for residents of a § 108 botilbud), the
source documents the quotes come from, and example cases. Written fresh into a folder by each test."""
from __future__ import annotations

from pathlib import Path

SOURCE_2025 = """Kvalitetsstandard for socialpædagogisk støtte efter servicelovens § 85
Greve Kommune. Godkendt af Social- og Sundhedsudvalget den 12. maj 2025.

Målgruppe
Støtten gives til borgere, der er fyldt 18 år.
Du skal have betydelig nedsat fysisk eller psykisk funktionsevne eller særlige sociale problemer.

Omfang
Du kan som udgangspunkt få støtte i op til 6 timer om ugen.

Sagsbehandlingstid
Vi træffer afgørelse inden 8 uger efter, at vi har modtaget din ansøgning.

Klage
Klagen skal være modtaget af Greve Kommune senest 4 uger efter, at du har modtaget afgørelsen.
"""

SOURCE_2026 = SOURCE_2025.replace("12. maj 2025", "10. maj 2026").replace("op til 6 timer", "op til 5 timer").replace(
    "Sagsbehandlingstid", "Borgere i botilbud\nStøtten gives ikke til borgere, der bor i et længerevarende botilbud efter § 108.\n\n"
    "Sagsbehandlingstid")

STANDARD = """# yaml-language-server: $schema=../../../schemas/standard.schema.json
schema_version: 1
municipality: {{id: greve, name: Greve Kommune}}
service: {{id: sel-85, title: Socialpædagogisk støtte}}
legal_basis: "§ 85 i Lov om social service"
approved_by: Social- og Sundhedsudvalget
approved_on: "{approved}"
valid_from: {valid_from}
source_document: {{file: {source}, title: "Kvalitetsstandard for § 85 ({year})"}}
{transition}
criteria:
  - id: alder-18
    group: target_group
    basis: statute
    restates: lov-voksen-18
    text: Borgeren er fyldt 18 år.
    condition: {{fact: age, gte: 18}}
    source: {{section: Målgruppe, quote: "Støtten gives til borgere, der er fyldt 18 år.", line: 5}}
  - id: funktionsnedsaettelse
    group: target_group
    basis: statute
    restates: lov-85-maalgruppe
    text: Borgeren har betydelig nedsat fysisk eller psykisk funktionsevne eller særlige sociale problemer.
    condition:
      any:
        - {{fact: significant_physical_impairment, eq: true}}
        - {{fact: significant_mental_impairment, eq: true}}
        - {{fact: special_social_problems, eq: true}}
    source: {{section: Målgruppe, quote: "betydelig nedsat fysisk eller psykisk funktionsevne eller særlige sociale problemer", line: 6}}
{exclusions}
limits:
  - id: {limit_id}
    basis: service_level
    text: Som udgangspunkt højst {hours} timer om ugen.
    fact: requested_support_hours_per_week
    max: {max}
    source: {{section: Omfang, quote: "Du kan som udgangspunkt få støtte i op til {hours} timer om ugen.", line: 9}}

information:
  - topic: response_deadline
    weeks: {deadline_weeks}
    text: Kommunen træffer afgørelse inden 8 uger efter at have modtaget ansøgningen.
    source: {{section: Sagsbehandlingstid, quote: "Vi træffer afgørelse inden 8 uger efter, at vi har modtaget din ansøgning.", line: {deadline_line}}}
  - topic: complaint
    basis: statute
    weeks: 4
    text: Klagen skal være modtaget af Greve Kommune senest 4 uger efter, at afgørelsen er modtaget.
    source: {{section: Klage, quote: "Klagen skal være modtaget af Greve Kommune senest 4 uger efter, at du har modtaget afgørelsen.", line: {complaint_line}}}
"""

EXCLUSION_108 = """exclusions:
  - id: bor-i-botilbud-108
    basis: service_level
    text: Støtten gives ikke til borgere, der bor i et længerevarende botilbud efter § 108.
    applies_if: {fact: current_services, contains: sel-108}
    source: {section: Borgere i botilbud, quote: "Støtten gives ikke til borgere, der bor i et længerevarende botilbud efter § 108.", line: 12}
    refer_to:
      - service: sel-108
        reason: Støtten gives af botilbuddet.
"""

CASES = """cases:
  - name: fire timer om ugen bevilges
    date: {date}
    profile: {{age: 40, significant_mental_impairment: true, current_services: [], requested_support_hours_per_week: 4}}
    expect: {{outcome: grant}}
  - name: for mange timer giver delvis bevilling
    date: {date}
    profile: {{age: 40, significant_mental_impairment: true, current_services: [], requested_support_hours_per_week: 8}}
    expect: {{outcome: partial, deciding: [{limit_id}], recommended: {{requested_support_hours_per_week: {max}}}}}
  - name: under 18 afslås
    date: {date}
    profile: {{age: 16, significant_mental_impairment: true}}
    expect: {{outcome: refuse, deciding: [alder-18]}}
  - name: uden funktionsnedsættelse afslås
    date: {date}
    profile: {{age: 40, significant_mental_impairment: false, significant_physical_impairment: false, special_social_problems: false}}
    expect: {{outcome: refuse, deciding: [funktionsnedsaettelse]}}
"""

CASE_108 = """  - name: bor på § 108-botilbud
    date: 2026-07-01
    profile: {age: 40, significant_mental_impairment: true, current_services: [sel-108], requested_support_hours_per_week: 2}
    expect: {outcome: assess, deciding: [bor-i-botilbud-108]}
"""


def revision(year: int, *, max_hours: int | None = None, deadline_weeks: int = 8, transition: str = "") -> str:
    new = year == 2026
    hours = 5 if new else 6
    return STANDARD.format(
        approved="10. maj 2026" if new else "12. maj 2025", valid_from=f"{year}-06-01", year=year,
        source=f"greve-sel-85-{year}.txt", limit_id=f"max-{hours}-timer", hours=hours,
        max=hours if max_hours is None else max_hours, exclusions=EXCLUSION_108 if new else "",
        deadline_weeks=deadline_weeks, deadline_line=15 if new else 12, complaint_line=18 if new else 15,
        transition=transition)


def write(root: Path, *, revisions=(2025, 2026), with_cases: bool = True) -> Path:
    """The repository at `root`; returns `root`."""
    sources = root / "standards" / "_sources"
    sources.mkdir(parents=True, exist_ok=True)
    (sources / "greve-sel-85-2025.txt").write_text(SOURCE_2025, encoding="utf-8")
    (sources / "greve-sel-85-2026.txt").write_text(SOURCE_2026, encoding="utf-8")
    d = root / "standards" / "greve" / "sel-85"
    (d / "tests").mkdir(parents=True, exist_ok=True)
    cases = ""
    for year in revisions:
        (d / f"{year}-06-01.yaml").write_text(revision(year), encoding="utf-8")
        cases += CASES.format(date=f"{year}-07-01", limit_id=f"max-{5 if year == 2026 else 6}-timer",
                              max=5 if year == 2026 else 6).removeprefix("cases:\n")
    if 2026 in revisions:
        cases += CASE_108
    if with_cases:
        (d / "tests" / "cases.yaml").write_text("cases:\n" + cases, encoding="utf-8")
    return root
