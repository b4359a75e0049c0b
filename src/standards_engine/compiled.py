"""A standard compiled once: every condition turned into a closure."""
from __future__ import annotations

from dataclasses import dataclass, field

from .conditions import Compiled, Condition, Explainer, compile_condition, compile_explainer
from .schema import Band, Criterion, Exclusion, Limit, Standard


@dataclass(frozen=True)
class CCriterion:
    rule: Criterion
    test: Compiled
    when: Compiled | None
    why: Explainer
    why_when: Explainer | None


@dataclass(frozen=True)
class CExclusion:
    rule: Exclusion
    test: Compiled | None          # whole-request exclusion
    content_fact: str | None       # partial (content) exclusion
    content: frozenset[str]
    why: Explainer | None


@dataclass(frozen=True)
class CLimit:
    rule: Limit
    when: Compiled | None
    why_when: Explainer | None


@dataclass(frozen=True)
class CompiledStandard:
    standard: Standard
    criteria: tuple[CCriterion, ...]
    exclusions: tuple[CExclusion, ...]
    limits: tuple[CLimit, ...]
    bands: tuple[Band, ...]
    # Per-language pieces of every recommendation, built on first use.
    cache: dict = field(default_factory=dict, compare=False)


def _opt(c: Condition | None) -> Compiled | None:
    return compile_condition(c) if c is not None else None


def _why(c: Condition | None) -> Explainer | None:
    return compile_explainer(c) if c is not None else None


def compile_standard(s: Standard) -> CompiledStandard:
    crits = tuple(CCriterion(r, compile_condition(r.condition), _opt(r.applies_when),
                             compile_explainer(r.condition), _why(r.applies_when)) for r in s.criteria)
    excls = tuple(
        CExclusion(r, _opt(r.applies_if),
                   r.excluded_content.fact if r.excluded_content else None,
                   frozenset(r.excluded_content.values) if r.excluded_content else frozenset(),
                   _why(r.applies_if))
        for r in s.exclusions)
    limits = tuple(CLimit(r, _opt(r.applies_when), _why(r.applies_when)) for r in s.limits)
    bands = tuple(s.levels.bands) if s.levels else ()
    return CompiledStandard(s, crits, excls, limits, bands)
