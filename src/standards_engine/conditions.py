"""The declarative condition language of standards: its schema and checks.

A condition is YAML data, never code: `all`/`any`/`not`, or one fact with one
operator. It is checked against the fact vocabulary here; logic.py compiles
the checked data into closures with Kleene's three-valued logic.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, Strict, StrictBool, StrictFloat, StrictInt, StrictStr, model_validator

from .errors import Invalid
from .yamlio import as_written
from .vocabulary import facts

# Strict: "18" is not 18. A comparison never coerces between types.
StrictDate = Annotated[dt.date, Strict()]  # a YAML date; never a string or a timestamp
Scalar = Union[StrictBool, StrictInt, StrictFloat, StrictStr, StrictDate]
Ordered = Union[StrictInt, StrictFloat, StrictDate]

_COMPARE = ("lt", "lte", "gt", "gte")
_OPERATORS = ("eq", "ne", *_COMPARE, "in", "contains", "contains_any", "known")
_ORDERED_TYPES = ("int", "number", "date")


class Condition(BaseModel):
    """One node: exactly one of `all`, `any`, `not`, or `fact` with one operator."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True, allow_inf_nan=False,
                              json_schema_extra={"description": "all/any/not, or fact + one of eq, ne, lt, lte, gt, gte, in, contains, contains_any, known"})

    all: Optional[list["Condition"]] = Field(None, min_length=1)
    any: Optional[list["Condition"]] = Field(None, min_length=1)
    not_: Optional["Condition"] = Field(None, alias="not")
    fact: Optional[str] = Field(None, json_schema_extra=lambda s: s.update(enum=[*fact_names(), None]))
    eq: Optional[Scalar] = None
    ne: Optional[Scalar] = None
    lt: Optional[Ordered] = None
    lte: Optional[Ordered] = None
    gt: Optional[Ordered] = None
    gte: Optional[Ordered] = None
    in_: Optional[list[Scalar]] = Field(None, alias="in", min_length=1)
    contains: Optional[StrictStr] = None
    contains_any: Optional[list[StrictStr]] = Field(None, min_length=1)
    known: Optional[StrictBool] = None

    @model_validator(mode="after")
    def _one_form(self) -> "Condition":
        forms = [k for k in ("all", "any", "not_") if getattr(self, k) is not None]
        ops = [k for k in ("eq", "ne", *_COMPARE, "in_", "contains", "contains_any", "known") if getattr(self, k) is not None]
        if self.fact is None:
            if len(forms) != 1 or ops:
                raise Invalid("en betingelse skal have præcis én af: all, any, not, eller fact med én operator",
                              "a condition must have exactly one of: all, any, not, or fact with one operator")
            return self
        if forms:
            raise Invalid("en betingelse med 'fact' kan ikke også have all/any/not",
                          "a condition with 'fact' cannot also have all/any/not")
        if len(ops) != 1:
            raise Invalid(f"betingelsen på '{self.fact}' skal have præcis én operator ({', '.join(_OPERATORS)})",
                          f"the condition on '{self.fact}' must have exactly one operator ({', '.join(_OPERATORS)})")
        _check_fact(self.fact, ops[0].rstrip("_"), getattr(self, ops[0]))
        return self


def _check_fact(name: str, op: str, operand: Any) -> None:
    vocab = facts()
    if name not in vocab:
        import difflib
        near = difflib.get_close_matches(name, list(vocab), n=1, cutoff=0.75)
        hint, hint_en = (f"; mente du '{near[0]}'?", f"; did you mean '{near[0]}'?") if near else ("", "")
        raise Invalid(f"ukendt faktum '{name}' i betingelsen{hint} (`standards facts` viser ordforrådet)",
                      f"unknown fact '{name}' in the condition{hint_en} (`standards facts` lists the vocabulary)")
    f = vocab[name]
    t = f.type
    if op == "known":
        return
    if op in _COMPARE and t not in _ORDERED_TYPES:
        raise Invalid(f"'{op}' kræver et tal eller en dato, men '{name}' er af typen {t}",
                      f"'{op}' needs a number or a date, but '{name}' is of type {t}")
    if op in ("contains", "contains_any") and t != "list":
        raise Invalid(f"'{op}' kræver et listefaktum, men '{name}' er af typen {t}",
                      f"'{op}' needs a list fact, but '{name}' is of type {t}")
    if t == "list" and op not in ("contains", "contains_any"):
        raise Invalid(f"'{name}' er en liste; brug 'contains' eller 'contains_any'",
                      f"'{name}' is a list; use 'contains' or 'contains_any'")
    values = operand if isinstance(operand, list) else [operand]
    for v in values:
        if isinstance(v, float) and not math.isfinite(v):  # NaN compares false with everything: a silent "not met"
            raise Invalid(f"'{name}' sammenlignes med {as_written(v)}, som ikke er et tal; skriv et endeligt tal",
                          f"'{name}' is compared with {as_written(v)}, which is not a number; write a finite number")
        if t == "bool" and not isinstance(v, bool):
            raise Invalid(f"'{name}' er ja/nej; sammenlign med true eller false, ikke {as_written(v)}",
                          f"'{name}' is yes/no; compare it with true or false, not {as_written(v)}")
        if t in ("int", "number") and (isinstance(v, bool) or not isinstance(v, (int, float))):
            raise Invalid(f"'{name}' er et tal; {as_written(v)} er ikke et tal", f"'{name}' is a number; {as_written(v)} is not a number")
        if t == "date" and not isinstance(v, dt.date):
            raise Invalid(f"'{name}' er en dato; {as_written(v)} er ikke en dato", f"'{name}' is a date; {as_written(v)} is not a date")
        if t in ("enum", "list") and v not in f.values:
            raise Invalid(f"{as_written(v)} er ikke en gyldig værdi for '{name}' (gyldige: {', '.join(f.values)})",
                          f"{as_written(v)} is not a valid value for '{name}' (valid: {', '.join(f.values)})")
        if t == "text" and not isinstance(v, str):
            raise Invalid(f"'{name}' er en tekst; {as_written(v)} er ikke en tekst", f"'{name}' is text; {as_written(v)} is not text")


def fact_names() -> list[str]:
    """The fact names a standard may use, for editors (JSON Schema); read only when the schema is made."""
    return sorted(facts())
