"""What the HTTP API takes and gives, as pydantic models: the OpenAPI document is generated from these."""
from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

# A municipality or service id is a folder name: lower-case letters, digits, hyphens. Nothing else reaches the disk.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

Lang = Literal["da", "en"]


class CheckRequest(BaseModel):
    """A citizen profile to evaluate against the standard in force, as `standards check --format json` does."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "municipality": "ishoj", "service": "sel-107-aflastning", "date": "2025-03-01", "lang": "da",
        "profile": {"case_id": "eksempel-aflastning-1", "birth_date": "2001-04-17", "significant_mental_impairment": True,
                    "living_situation": "with_relatives", "relatives_primary_caregivers": True,
                    "relief_necessary_to_stay_home": True, "requested_relief_nights_per_year": 120}}]})

    municipality: str = Field(pattern=ID_PATTERN, description="The municipality's id: its folder under standards/, e.g. ishoj.")
    service: str = Field(pattern=ID_PATTERN, description="The service id, e.g. sel-85 or sel-107-aflastning.")
    date: Optional[str] = Field(None, pattern=DATE_PATTERN, description="Evaluation date YYYY-MM-DD; default today.")
    profile: dict[str, Any] = Field(default_factory=dict,
                                    description="Fact name to value (`standards facts`); leave out what is not known. "
                                                "Never a CPR number: use a pseudonymous case_id.")
    lang: Lang = Field("da", description="Language of the texts: da (default) or en.")


class InterviewRequest(BaseModel):
    """The profile answered so far; a fact given as null was answered "ved ikke" and is not asked again."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "municipality": "ishoj", "service": "sel-107-aflastning", "date": "2025-03-01", "lang": "da",
        "profile": {"birth_date": "2001-04-17", "living_situation": "with_relatives", "lives_alone": None}}]})

    municipality: str = Field(pattern=ID_PATTERN)
    service: str = Field(pattern=ID_PATTERN)
    date: Optional[str] = Field(None, pattern=DATE_PATTERN, description="Evaluation date YYYY-MM-DD; default today.")
    profile: dict[str, Any] = Field(default_factory=dict)
    lang: Lang = "da"
    skip: list[str] = Field(default_factory=list, max_length=200, description="Facts never to ask.")


class Choice(BaseModel):
    number: int
    value: str = Field(description="The profile's value (a code)")
    label: str = Field(description="The value in words, e.g. 'hjemme hos familie/pårørende'")


class Question(BaseModel):
    """The next question: the one whose answer could still change the outcome, most decisive first."""

    kind: Literal["question"]
    fact: str
    type: Literal["bool", "int", "number", "date", "enum", "list", "text"]
    text: str
    hint: str
    choices: list[Choice]
    unit: Optional[str] = None
    min: Any = None
    max: Any = None
    rules: list[str] = Field(description="The rules waiting for this answer")
    remaining: int = Field(description="At most this many questions are left, this one included")
    outcome_now: str


class NextQuestion(BaseModel):
    kind: Literal["question"]
    question: Question


class Final(BaseModel):
    """No answer could change the outcome any more: the recommendation, exactly as /v1/check gives it."""

    kind: Literal["recommendation"]
    recommendation: dict[str, Any]


class LetterRequest(BaseModel):
    """A draft decision letter (udkast til afgørelse) for the caseworker to complete and sign; in Danish."""

    model_config = ConfigDict(extra="forbid")

    municipality: str = Field(pattern=ID_PATTERN)
    service: str = Field(pattern=ID_PATTERN)
    decision_date: str = Field(pattern=DATE_PATTERN, description="The date of the decision; the complaint deadline is "
                                                                  "computed from it")
    application_date: Optional[str] = Field(None, pattern=DATE_PATTERN)
    date: Optional[str] = Field(None, pattern=DATE_PATTERN, description="Evaluation date; default the decision date")
    profile: dict[str, Any] = Field(default_factory=dict)
    format: Literal["markdown", "html"] = "markdown"


class ErrorMessage(BaseModel):
    da: str
    en: str


class ApiErrorBody(BaseModel):
    """Every refusal: a stable code, the message in Danish and English, and the field at fault (or null)."""

    code: str = Field(description="e.g. invalid_input, cpr_refused, too_large, unsupported_media_type, not_found")
    message: ErrorMessage
    field: Optional[str] = Field(None, description="e.g. profile.age, municipality, content-type")


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    standards: int = Field(description="How many revisions the server's standards tree holds.")


class RevisionInfo(BaseModel):
    valid_from: str
    sha256: str = Field(description="sha256 of the revision's file")
    same_as: Optional[str] = Field(None, description="For a pointer to a joint text: the file with the text.")


class ServiceInfo(BaseModel):
    id: str
    title: str
    title_en: Optional[str] = None
    revisions: list[RevisionInfo]


class MunicipalityInfo(BaseModel):
    id: str
    name: str
    services: list[ServiceInfo]


class StandardsIndex(BaseModel):
    municipalities: list[MunicipalityInfo]


class StandardDocument(BaseModel):
    """One revision's validated content, as the engine reads it."""

    municipality: str
    service: str
    valid_from: str
    sha256: str
    same_as: Optional[str] = None
    standard: dict[str, Any]


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ApiErrorBody, "description": what} for code, what in (
        (400, "Malformed request (invalid JSON, nested too deep, a malformed id)"),
        (401, "Token missing or wrong (when the server listens beyond this machine)"),
        (404, "No such municipality, service or page"),
        (413, "Body too large"),
        (415, "Wrong content type"),
        (422, "Bad input: unknown fact, wrong type, no revision in force, or a CPR-like number (never echoed)"),
    )
}
