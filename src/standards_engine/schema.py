"""Pydantic models of a standard revision. Unknown keys are refused everywhere.

Every rule has an id, a Danish text, a basis (statute or service_level) and a
source: the section heading and the verbatim sentence of the document.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .conditions import Condition, fact_names
from .errors import Invalid, msg
from .vocabulary import STANDARD_SERVICES, facts, services

Basis = Literal["statute", "service_level"]
RuleId = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="kort id med små bogstaver, tal og bindestreger")


class Strict(BaseModel):
    # strict: a quoted "90" is not silently read as 90. defer_build: validators are
    # built on first validation, not at import (a cached standard never needs them).
    model_config = ConfigDict(extra="forbid", populate_by_name=True, strict=True, defer_build=True, allow_inf_nan=False)


class Source(Strict):
    """Where in the document a rule comes from."""

    section: str = Field(description="afsnittets overskrift i dokumentet, fx 'Personkreds'")
    quote: str = Field(min_length=3, description="sætningen ordret fra dokumentet")
    line: Optional[int] = Field(None, ge=1, description="linjenummer i kildefilen under sources/")


class Referral(Strict):
    service: str = Field(description="ydelsen borgeren henvises til, fx sel-83",
                         json_schema_extra=lambda s: s.update(enum=sorted(services())))
    reason: str
    reason_en: Optional[str] = None

    @field_validator("service")
    @classmethod
    def _known_service(cls, v: str) -> str:
        if v not in services():
            raise Invalid(msg("unknown_service", service=v, known=", ".join(services())))
        return v


class Rule(Strict):
    id: str = RuleId
    text: str = Field(description="reglen på dansk, som den vises for sagsbehandleren")
    text_en: Optional[str] = None
    basis: Basis = Field(description="statute: følger af loven selv; service_level: kommunens serviceniveau (kan fraviges)")
    source: Source
    note: Optional[str] = Field(None, description="fortolkning eller valg truffet ved kodningen")
    note_en: Optional[str] = Field(None, description="the note in English (shown with --lang en)")
    refer_to: list[Referral] = Field(default_factory=list)
    restates: Optional[str] = Field(None, description="id på den lovregel (law/), som reglen gengiver; lovens betingelse gælder, kommunens citat vises")


class Criterion(Rule):
    """A condition of the target group or allocation. Not met + statute = refuse; not met + service level = assess."""

    group: Literal["target_group", "allocation"]
    condition: Condition
    applies_when: Optional[Condition] = Field(None, description="kriteriet gælder kun, når denne betingelse er opfyldt")


class ExcludedContent(Strict):
    """Part of the requested content (values of a list fact) the service does not cover."""

    fact: str = Field(json_schema_extra=lambda s: s.update(enum=fact_names()))
    values: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _values_exist(self) -> "ExcludedContent":
        f = facts().get(self.fact)
        if f is None or f.type != "list":
            raise Invalid(msg("not_list_fact", name=self.fact))
        bad = [v for v in self.values if v not in f.values]
        if bad:
            raise Invalid(msg("bad_list_values", name=self.fact, values=", ".join(bad)))
        return self


class Exclusion(Rule):
    """Either the whole request is excluded when `applies_if` holds, or `excluded_content` names the part excluded."""

    applies_if: Optional[Condition] = None
    excluded_content: Optional[ExcludedContent] = None

    @model_validator(mode="after")
    def _one_kind(self) -> "Exclusion":
        if (self.applies_if is None) == (self.excluded_content is None):
            raise Invalid(msg("exclusion_one_form"))
        return self


class Limit(Rule):
    """A maximum for a requested quantity, optionally only in some situations."""

    fact: str = Field(json_schema_extra=lambda s: s.update(enum=fact_names()))
    max: float = Field(ge=0)
    applies_when: Optional[Condition] = None

    @field_validator("fact")
    @classmethod
    def _quantity(cls, v: str) -> str:
        f = facts().get(v)
        if f is None or f.type not in ("int", "number") or f.derived:
            raise Invalid(msg("not_a_quantity", name=v))
        return v


class Band(Strict):
    id: str = RuleId
    name: str
    name_en: Optional[str] = None
    min: Optional[float] = Field(None, ge=0, description="nedre grænse som skrevet; tom = 0")
    max: Optional[float] = Field(None, ge=0, description="øvre grænse som skrevet; tom = ingen")
    min_exclusive: bool = Field(False, description="true for 'over N'")
    max_exclusive: bool = Field(False, description="true for 'under N'")
    source: Source


class Levels(Strict):
    """Named bands of a quantity (støtteniveauer)."""

    fact: str = Field(json_schema_extra=lambda s: s.update(enum=fact_names()))
    basis: Basis
    boundary: Optional[Literal["lower", "upper"]] = Field(
        None, description="hvor en værdi på en grænse, som dokumentet lader to bånd dele, hører til")
    boundary_reason: Optional[str] = None
    bands: list[Band] = Field(min_length=1)

    @field_validator("fact")
    @classmethod
    def _quantity(cls, v: str) -> str:
        return Limit._quantity(v)


InfoTopic = Literal["response_deadline", "complaint", "user_payment", "follow_up", "provider",
                    "holiday", "termination", "transport", "documentation", "other"]


class Information(Strict):
    """What the citizen must be told; never decides eligibility."""

    topic: InfoTopic
    text: str
    text_en: Optional[str] = None
    basis: Basis = "service_level"
    source: Source
    weeks: Optional[float] = Field(None, ge=0, description="en frist i uger")
    days_per_year: Optional[float] = Field(None, ge=0)
    every_months: Optional[float] = Field(None, gt=0, description="opfølgning mindst hver N. måned")
    km: Optional[float] = Field(None, ge=0)
    free_choice_of_provider: Optional[bool] = None
    citizen_pays: list[str] = Field(default_factory=list, description="hvad borgeren selv betaler")
    note: Optional[str] = Field(None, description="fortolkning eller bemærkning til kodningen")
    note_en: Optional[str] = Field(None, description="the note in English")


class NotEncoded(Strict):
    """A sentence deliberately not encoded as a rule, with the reason."""

    reason: str
    source: Source


MUNICIPALITY_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Municipality(Strict):
    """Any municipality: its id is the name of its folder (validate checks that they agree)."""

    id: str = Field(pattern=MUNICIPALITY_ID, description="kommunens id = mappens navn, fx ishoj, odense, ikast-brande")
    name: str = Field(description="kommunens navn, som det vises, fx Odense Kommune")


class Service(Strict):
    id: str = Field(json_schema_extra={"enum": list(STANDARD_SERVICES)}, description="ydelsen = mappens navn")
    title: str
    title_en: Optional[str] = None

    @field_validator("id")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in STANDARD_SERVICES:
            raise Invalid(msg("unknown_service", service=v, known=", ".join(STANDARD_SERVICES)))
        return v


class SourceDocument(Strict):
    file: str = Field(description="kildefilens navn i standards/_sources/, gerne læsbart, fx ishoj-2024-sel-85.txt")
    title: str
    sha256: Optional[str] = Field(None, pattern=r"^[0-9a-f]{64}$",
                                  description="kildefilens SHA-256 (sha256sum); validate kontrollerer, at filen ikke er ændret")

    @field_validator("file")
    @classmethod
    def _plain_name(cls, v: str) -> str:
        # Read only from the tree's _sources folder: /etc/passwd or ../../x would let a quote check
        # print what another file says.
        from .files import is_plain_name
        if not is_plain_name(v):
            from .cpr import shown
            raise Invalid(msg("source_not_plain", name=shown(v)))
        return v


class Transition(Strict):
    """How applications received before this revision applies are handled (the standard's own transition rule)."""

    text: str = Field(description="fx 'Ansøgninger modtaget før 1. juni 2026 behandles efter den hidtidige standard.'")
    text_en: Optional[str] = None


class Standard(Strict):
    """One revision of a municipality's quality standard for one service."""

    schema_version: Literal[1]
    municipality: Municipality
    shared_with: list[Annotated[str, Field(pattern=MUNICIPALITY_ID)]] = Field(default_factory=list, description="kommuner, der bruger samme tekst via same_as")
    service: Service
    legal_basis: str
    legal_basis_en: Optional[str] = Field(None, description="the legal basis in English (shown with --lang en)")
    approved_by: str
    approved_on: str = Field(description="som dokumentet angiver det, fx 'januar 2024'")
    valid_from: dt.date
    source_document: SourceDocument
    assumptions: list[str] = Field(default_factory=list, description="antagelser, hvor dokumentet intet siger")
    assumptions_en: list[str] = Field(default_factory=list, description="the assumptions in English, in the same order")
    criteria: list[Criterion] = Field(default_factory=list)
    exclusions: list[Exclusion] = Field(default_factory=list)
    limits: list[Limit] = Field(default_factory=list)
    levels: Optional[Levels] = None
    information: list[Information] = Field(default_factory=list)
    not_encoded: list[NotEncoded] = Field(default_factory=list)
    transition: Optional[Transition] = Field(None, description="overgangsregel: hvordan ansøgninger modtaget før valid_from behandles")

    @model_validator(mode="after")
    def _unique_ids(self) -> "Standard":
        seen: set[str] = set()
        for kind in ("criteria", "exclusions", "limits"):  # file order: the second one is the one to name
            for i, r in enumerate(getattr(self, kind)):
                if r.id in seen:
                    raise Invalid(msg("duplicate_rule_id", id=r.id), at=(kind, i, "id"))
                seen.add(r.id)
        _same_length(self.assumptions, self.assumptions_en)
        return self


def _same_length(assumptions: list[str], english: list[str]) -> None:
    """The English assumptions, when given, are the Danish ones one for one."""
    if english and len(english) != len(assumptions):
        raise Invalid(msg("translation_length", key="assumptions_en", of="assumptions", n=len(assumptions), m=len(english)),
                      at=("assumptions_en",))


class SameAs(Strict):
    """A municipality that uses another municipality's text unchanged (one joint catalogue)."""

    schema_version: Literal[1]
    same_as: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9-]+/\d{4}-\d{2}-\d{2}$",
                         description="kommune/ydelse/gyldig-fra for den fælles tekst, fx ishoj/sel-85/2015-11-01")
    municipality: Municipality
    # What holds for this municipality only (e.g. the joint text names the other's address); shown after
    # the text's own assumptions.
    assumptions: list[str] = Field(default_factory=list, description="antagelser, der kun gælder for denne kommune")
    assumptions_en: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _english_assumptions_match(self) -> "SameAs":
        _same_length(self.assumptions, self.assumptions_en)
        return self


def to_data(model: Standard | SameAs) -> dict:
    """The canonical data of a validated standard: what the compiler and the cache use."""
    return model.model_dump(mode="python", by_alias=True, exclude_none=True)
