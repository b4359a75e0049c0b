"""The operators of the condition language: one table, read by conditions.py to check a condition
against the vocabulary and by logic.py to compile it.

A new operator: one entry here (its name, the fact types it applies to, how it tests a known value), a
field of the same name on conditions.Condition (its operand's type for pydantic and the JSON Schema), and
a message code in messages.py if it needs a fact type the others do not.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from .records import record

Tri = Optional[bool]
Facts = dict[str, Any]
Compiled = Callable[[Facts], Tri]

_SCALAR_TYPES = frozenset({"bool", "int", "number", "date", "enum", "text"})
ORDERED_TYPES = frozenset({"int", "number", "date"})
_LIST_TYPES = frozenset({"list"})


@record(frozen=True)
class Operator:
    name: str
    fact_types: frozenset[str]           # the fact types it may be used on
    needs: str | None                    # message code naming what it needs, when a fact is of another type
    compile: Callable[[str, Any], Compiled]  # (fact name, operand) -> the test, None while the fact is unknown
    decides_unknown: bool = False        # `known`: true or false even when the fact is unknown, never missing


def _cmp(test: Callable[[Any, Any], bool]) -> Callable[[str, Any], Compiled]:
    """A test of a known value; unknown stays unknown. The closure reads the fact once and calls nothing else."""
    def make(name: str, val: Any) -> Compiled:
        return lambda x: None if (v := x[name]) is None else test(v, val)
    return make


# Written out, not via _cmp, for the common operators: a check evaluates them thousands of times.
def _eq(name: str, val: Any) -> Compiled:
    return lambda x: None if (v := x[name]) is None else v == val


def _ne(name: str, val: Any) -> Compiled:
    return lambda x: None if (v := x[name]) is None else v != val


def _in(name: str, val: Any) -> Compiled:
    s = frozenset(val)
    return lambda x: None if (v := x[name]) is None else v in s


def _contains_any(name: str, val: Any) -> Compiled:
    s = frozenset(val)
    return lambda x: None if (v := x[name]) is None else not s.isdisjoint(v)


def _known(name: str, val: Any) -> Compiled:
    want = bool(val)
    return lambda x: (x[name] is not None) is want


OPERATORS: dict[str, Operator] = {op.name: op for op in (
    Operator("eq", _SCALAR_TYPES, None, _eq),
    Operator("ne", _SCALAR_TYPES, None, _ne),
    Operator("lt", ORDERED_TYPES, "needs_ordered", _cmp(lambda v, val: v < val)),
    Operator("lte", ORDERED_TYPES, "needs_ordered", _cmp(lambda v, val: v <= val)),
    Operator("gt", ORDERED_TYPES, "needs_ordered", _cmp(lambda v, val: v > val)),
    Operator("gte", ORDERED_TYPES, "needs_ordered", _cmp(lambda v, val: v >= val)),
    Operator("in", _SCALAR_TYPES, None, _in),
    Operator("contains", _LIST_TYPES, "needs_list", _cmp(lambda v, val: val in v)),
    Operator("contains_any", _LIST_TYPES, "needs_list", _contains_any),
    Operator("known", _SCALAR_TYPES | _LIST_TYPES, None, _known, decides_unknown=True),
)}
