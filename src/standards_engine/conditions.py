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

from .errors import Invalid, msg
from .operators import OPERATORS, Operator
from .yamlio import as_written
from .vocabulary import facts

# Strict: "18" is not 18. A comparison never coerces between types.
StrictDate = Annotated[dt.date, Strict()]  # a YAML date; never a string or a timestamp
Scalar = Union[StrictBool, StrictInt, StrictFloat, StrictStr, StrictDate]
Ordered = Union[StrictInt, StrictFloat, StrictDate]

# The model's field for each operator of operators.OPERATORS (a Python keyword gets a trailing _).
_FIELD = {name: name + "_" if name == "in" else name for name in OPERATORS}


class Condition(BaseModel):
    """One node: exactly one of `all`, `any`, `not`, or `fact` with one operator."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True, allow_inf_nan=False,
                              json_schema_extra={"description": "all/any/not, or fact + one of " + ", ".join(OPERATORS)})

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

    @model_validator(mode="before")
    @classmethod
    def _plain_yes_no(cls, data: Any) -> Any:
        # `motivated` is `{fact: motivated, eq: true}`: a yes/no fact written plainly. Normalised here, so the
        # canonical data (schema.to_data), the compiler and the cache see only the explicit form.
        if isinstance(data, str):
            return plain_fact(data)
        return data

    @model_validator(mode="after")
    def _one_form(self) -> "Condition":
        forms = [k for k in ("all", "any", "not_") if getattr(self, k) is not None]
        ops = [name for name, f in _FIELD.items() if getattr(self, f) is not None]
        if self.fact is None:
            if len(forms) != 1 or ops:
                raise Invalid(msg("condition_one_form"))
            return self
        if forms:
            raise Invalid(msg("condition_fact_and_form"))
        if len(ops) != 1:
            raise Invalid(msg("condition_one_operator", name=self.fact, operators=", ".join(OPERATORS)))
        _check_fact(self.fact, OPERATORS[ops[0]], getattr(self, _FIELD[ops[0]]))
        return self


def plain_fact(name: str) -> dict[str, Any]:
    """The explicit condition a plain name stands for; only a yes/no fact may be written so."""
    vocab = facts()
    f = vocab.get(name)
    if f is None or f.type != "bool":
        import difflib
        yes_no = [n for n, d in vocab.items() if d.type == "bool"]
        near = difflib.get_close_matches(name, yes_no, n=1, cutoff=0.75)
        hint = msg("condition_did_you_mean", near=near[0]) if near else ""
        if f is None:
            raise Invalid(msg("condition_plain_unknown", name=name, hint=hint))
        raise Invalid(msg("condition_plain_not_yes_no", name=name, type=f.type, hint=hint))
    return {"fact": name, "eq": True}


def _check_fact(name: str, op: Operator, operand: Any) -> None:
    vocab = facts()
    if name not in vocab:
        import difflib
        near = difflib.get_close_matches(name, list(vocab), n=1, cutoff=0.75)
        raise Invalid(msg("condition_unknown_fact", name=name, hint=msg("condition_did_you_mean", near=near[0]) if near else ""))
    f = vocab[name]
    t = f.type
    if t not in op.fact_types:
        if op.needs is None:  # eq, ne, in on a list
            raise Invalid(msg("list_needs_contains", name=name))
        raise Invalid(msg("operator_needs_type", op=op.name, needs=msg(op.needs), name=name, type=t))
    if op.decides_unknown:  # `known: true/false` says nothing about the value
        return
    values = operand if isinstance(operand, list) else [operand]
    for v in values:
        if isinstance(v, float) and not math.isfinite(v):  # NaN compares false with everything: a silent "not met"
            raise Invalid(msg("operand_not_finite", name=name, value=as_written(v)))
        if t == "bool" and not isinstance(v, bool):
            raise Invalid(msg("operand_not_bool", name=name, value=as_written(v)))
        if t in ("int", "number") and (isinstance(v, bool) or not isinstance(v, (int, float))):
            raise Invalid(msg("operand_not_number", name=name, value=as_written(v)))
        if t == "date" and not isinstance(v, dt.date):
            raise Invalid(msg("operand_not_date", name=name, value=as_written(v)))
        if t in ("enum", "list") and v not in f.values:
            raise Invalid(msg("operand_not_value", name=name, value=as_written(v), values=", ".join(f.values)))
        if t == "text" and not isinstance(v, str):
            raise Invalid(msg("operand_not_text", name=name, value=as_written(v)))


def fact_names() -> list[str]:
    """The fact names a standard may use, for editors (JSON Schema); read only when the schema is made."""
    return sorted(facts())
