"""Pydantic models of a law-layer file (src/standards_engine/law/<topic>/<valid_from>.yaml).

A law rule is a statute's rule written once, in our own words, with a citation
(act, §, stk., nr.) checked against the known-acts table (law/acts.yaml). It has
no municipal quote and its basis is always the statute.
"""
from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Literal, Optional

from pydantic import Field, field_validator, model_validator

from .conditions import Condition
from .errors import Invalid, msg
from .schema import ExcludedContent, InfoTopic, Referral, RuleId, Strict
from .vocabulary import facts, services

_LAW_DIR = Path(__file__).parent / "law"


from .vocabulary import acts  # noqa: E402  (read without the models: a check cites acts)


class Citation(Strict):
    act: str = Field(description="lovens id i law/acts.yaml, fx serviceloven")
    paragraph: str = Field(description="paragraffen uden §, fx '85' eller '83 a'")
    stk: Optional[int] = Field(None, ge=1)
    nr: Optional[int] = Field(None, ge=1)

    @model_validator(mode="after")
    def _known(self) -> "Citation":
        known = acts()
        if self.act not in known:
            raise Invalid(msg("unknown_act", act=self.act, known=", ".join(known)))
        if self.paragraph not in known[self.act]["paragraphs"]:
            raise Invalid(msg("unknown_paragraph", act=self.act, paragraph=self.paragraph))
        return self


class LawRule(Strict):
    id: str = RuleId
    text: str = Field(description="reglen med vores egne ord (ikke lovens tekst)")
    text_en: Optional[str] = None
    citation: Citation
    also_cites: list[Citation] = Field(default_factory=list)
    assumption: Optional[str] = Field(None, description="hvad vi antager, hvor vi ikke er sikre på loven")
    assumption_en: Optional[str] = None
    refer_to: list[Referral] = Field(default_factory=list)
    services: list[str] = Field(default_factory=list, description="kun for disse ydelser (tom: alle i filen)")
    # What applies instead when a referral to this service is checked and this rule is definitely not met.
    instead: Optional[str] = None
    instead_en: Optional[str] = None


class LawCriterion(LawRule):
    group: Literal["target_group", "allocation"]
    condition: Condition
    applies_when: Optional[Condition] = None


class LawExclusion(LawRule):
    applies_if: Optional[Condition] = None
    excluded_content: Optional[ExcludedContent] = None

    @model_validator(mode="after")
    def _one_kind(self) -> "LawExclusion":
        if (self.applies_if is None) == (self.excluded_content is None):
            raise Invalid(msg("exclusion_one_form"))
        return self


class LawLimit(LawRule):
    fact: str
    max: float = Field(ge=0)
    applies_when: Optional[Condition] = None


class LawInformation(Strict):
    id: str = RuleId
    topic: InfoTopic
    text: str = Field(description="{municipality} står for den kommune, der har truffet afgørelsen")
    text_en: Optional[str] = None
    citation: Citation
    also_cites: list[Citation] = Field(default_factory=list)
    assumption: Optional[str] = None
    assumption_en: Optional[str] = None
    weeks: Optional[float] = Field(None, ge=0)


class LawNote(Strict):
    """What the law says to the caseworker with a referral to one of the file's services, whatever the facts
    (§ 83, stk. 3: a rehabilitation course is considered first; which sundhedsloven § offers what)."""
    id: str = RuleId
    text: str = Field(description="med vores egne ord (ikke lovens tekst)")
    text_en: Optional[str] = None
    citation: Citation
    also_cites: list[Citation] = Field(default_factory=list)
    assumption: Optional[str] = None
    assumption_en: Optional[str] = None


class LawFile(Strict):
    """One version of the law for a topic, in force from valid_from until the topic's next version."""

    schema_version: Literal[1]
    topic: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="= mappens navn")
    title: str
    valid_from: dt.date
    services: list[str] = Field(min_length=1, description="ydelserne, filens regler gælder for")
    criteria: list[LawCriterion] = Field(default_factory=list)
    exclusions: list[LawExclusion] = Field(default_factory=list)
    limits: list[LawLimit] = Field(default_factory=list)
    information: list[LawInformation] = Field(default_factory=list)
    referral_notes: list[LawNote] = Field(default_factory=list, description="vises med en henvisning til filens ydelser")

    @field_validator("services")
    @classmethod
    def _known_services(cls, v: list[str]) -> list[str]:
        bad = [s for s in v if s not in services()]
        if bad:
            raise Invalid(msg("unknown_service", service=", ".join(bad), known=", ".join(services())))
        return v

    @model_validator(mode="after")
    def _consistent(self) -> "LawFile":
        seen: set[str] = set()
        for r in [*self.criteria, *self.exclusions, *self.limits, *self.information, *self.referral_notes]:
            if r.id in seen:
                raise Invalid(msg("duplicate_rule_id", id=r.id))
            seen.add(r.id)
            extra = [s for s in getattr(r, "services", []) if s not in self.services]
            if extra:
                raise Invalid(msg("law_rule_services", id=r.id, services=", ".join(extra)))
        for lim in self.limits:
            if lim.fact not in facts():
                raise Invalid(msg("unknown_fact_name", name=lim.fact))
        return self
