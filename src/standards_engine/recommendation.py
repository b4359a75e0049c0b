"""The recommendation the engine returns: plain data, JSON as in docs/contract.md §4."""
from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

OUTCOMES = ("refuse", "incomplete", "assess", "partial", "grant")


@dataclass(kw_only=True)
class Reason:
    rule: str
    kind: str          # criterion | exclusion | limit
    basis: str         # statute | service_level
    result: str        # met | not_met | unknown | applies | not_applies | within | exceeded
    text: str
    source: str        # the verbatim sentence
    section: str
    line: int | None
    deciding: bool = False
    facts: list[str] = field(default_factory=list)
    note: str | None = None
    origin: str = "municipality"        # law: the law layer's own rule; municipality: the standard's
    citation: dict[str, Any] | None = None   # act, paragraph, stk, nr, text: where the rule comes from in the law
    restates: str | None = None         # the law rule a municipal rule restates (its quote kept)
    requested: bool = True              # false: an exclusion of a part the request did not name


@dataclass(kw_only=True)
class LimitResult:
    rule: str
    fact: str
    requested: float | None
    max: float
    recommended: float | None
    exceeded: bool
    unit: str = ""
    basis: str = "service_level"
    applies: bool | None = True


@dataclass(kw_only=True)
class ContentItem:
    value: str
    label: str
    rules: list[str] = field(default_factory=list)       # the exclusions that cover it (empty: recommended)
    refer_to: list[str] = field(default_factory=list)    # where to apply for it instead


@dataclass(kw_only=True)
class ContentResult:
    """What was asked for (a list fact such as requested_support_tasks), split into what the
    service covers (`recommended`) and what it excludes (`excluded`, with rule and referral)."""
    fact: str
    requested: list[str]
    recommended: list[ContentItem]
    excluded: list[ContentItem]


@dataclass(kw_only=True)
class MissingFact:
    fact: str
    question: str


@dataclass(kw_only=True)
class Alternative:
    service: str
    reason: str
    paragraph: str = ""
    title: str = ""
    note: str | None = None
    # The referral checked against the other paragraph's law rules with the facts at hand:
    # met (nothing in the law layer against it), not_met, unknown; None where the layer has no rules for it.
    check: str | None = None
    check_text: list[str] = field(default_factory=list)   # why not met / what must be checked, with act and §
    instead: str | None = None                             # what applies instead, when not met
    ask: list[MissingFact] = field(default_factory=list)   # unknown: the questions that decide it
    law_notes: list[str] = field(default_factory=list)     # what the law says with any referral to it, with act and §


@dataclass(kw_only=True)
class InfoItem:
    topic: str
    text: str
    source: str
    section: str
    basis: str
    details: dict[str, Any] = field(default_factory=dict)
    origin: str = "municipality"
    citation: dict[str, Any] | None = None


@dataclass(kw_only=True)
class Recommendation:
    outcome: str
    outcome_label: str
    municipality: str
    municipality_name: str
    service: str
    service_title: str
    evaluated_on: str
    standard: dict[str, Any]
    reasons: list[Reason]
    limits: list[LimitResult]
    level: dict[str, Any] | None
    missing_facts: list[MissingFact]
    alternatives: list[Alternative]
    information: list[InfoItem]
    notes: list[str]
    content: list[ContentResult] = field(default_factory=list)
    case_id: str | None = None
    lang: str = "da"

    def to_dict(self) -> dict[str, Any]:
        d = _plain(self)
        d.pop("lang")
        return d

    def deciding(self) -> list[Reason]:
        return [r for r in self.reasons if r.deciding]


_FIELDS: dict[type, tuple[str, ...]] = {}
_LEAVES = frozenset({str, int, float, bool, type(None)})


def _plain(o: Any) -> Any:
    """dataclasses.asdict without its deep copy of every leaf: containers are rebuilt (so the caller may change
    them), immutable leaves (text, numbers, dates) are shared. A tenth of asdict's time for a recommendation."""
    t = type(o)
    if t in _LEAVES:
        return o
    names = _FIELDS.get(t)
    if names is None and is_dataclass(o):
        names = _FIELDS[t] = tuple(f.name for f in fields(o))
    if names is not None:
        return {n: _plain(getattr(o, n)) for n in names}
    if t is list or t is tuple:
        return t(_plain(v) for v in o)
    if t is dict:
        return {k: _plain(v) for k, v in o.items()}
    return o

