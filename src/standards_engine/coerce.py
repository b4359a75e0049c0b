"""Checking a citizen profile against the vocabulary: each value in its fact's type and range, never guessed.

Unknown is None: an absent or null fact is never false or zero.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

from .cpr import looks_like_cpr
from .errors import InputError, Message, msg
from .messages import quoted
from .vocabulary import FactDef, facts, input_facts, relations

Facts = dict[str, Any]


def _type_name(f: FactDef) -> Message:
    return msg(f"type_{f.type}", values=", ".join(f.values))


def coerce_value(f: FactDef, value: Any) -> Any:
    """Return the value in its fact's type, or raise ValueError. Never guesses."""
    t = f.type
    if t == "bool":
        if isinstance(value, bool):
            return value
    elif t == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif t == "number":
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value and abs(value) != float("inf"):
            return value
    elif t == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            return parse_date(value)
    elif t == "enum":
        if isinstance(value, str) and value in f.values:
            return value
    elif t == "list":
        if isinstance(value, list) and all(isinstance(v, str) and v in f.values for v in value):
            return tuple(dict.fromkeys(value))
    elif t == "text":
        if isinstance(value, str):
            return value
    raise ValueError


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Control and bidi/format characters in a text fact (case_id) would be echoed into a terminal or a case note,
# where they can recolour, hide or reverse what a caseworker reads: refused, never printed.
# Half a surrogate pair (from JSON sent to the API, which no file reader saw) could not be printed or saved at all.
_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")


def parse_date(text: str) -> dt.date:
    """A date written YYYY-MM-DD, or ValueError. Not Python's wider ISO forms: 20250301 or 2025-W09-6
    would be read as a date nobody meant to write."""
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)


def evaluation_date(value: str | None) -> dt.date:
    """The --date of a check: YYYY-MM-DD, default today."""
    if value is None:
        return dt.date.today()
    try:
        return parse_date(value)
    except ValueError:
        raise InputError(msg("bad_eval_date", value=quoted(value))) from None


def parse_profile(data: Any) -> Facts:
    """Validate a loaded profile mapping; return the given facts (None = unknown)."""
    if _has_cpr(data):
        raise InputError(msg("profile_has_cpr"))
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(msg("profile_not_mapping"))
    vocab = input_facts()
    all_facts = facts()
    quick, bounded = _quick_checks()
    result: Facts = {}
    for name, value in data.items():
        # The common kinds accepted as coerce_value accepts them, without its call; anything else goes through it.
        kind = quick.get(name)
        if kind is not None and value is not None:
            t = type(value)
            if (t is bool if kind is bool else t is int if kind is int else
                    (t is int or (t is float and value == value and value not in _INFINITE)) if kind is float else
                    (t is str and value in kind) if type(kind) is frozenset else False):
                result[name] = value
                continue
            if type(kind) is tuple and t is list and all(type(v) is str and v in kind[0] for v in value):
                result[name] = tuple(dict.fromkeys(value))  # a list fact: its allowed values, once each
                continue
        if name not in vocab:
            if name in all_facts:
                raise InputError(msg("fact_is_derived", name=name, sources=", ".join(all_facts[name].derived_from)))
            near = _nearest(str(name), vocab)
            raise InputError(msg("unknown_fact", name=quoted(name), hint=msg("did_you_mean", near=near) if near else ""))
        f = vocab[name]
        if value is None:
            continue
        if f.type == "text" and isinstance(value, str) and _UNSAFE_TEXT.search(value):
            raise InputError(msg("text_control_chars", name=name))
        try:
            result[name] = coerce_value(f, value)
        except (ValueError, TypeError):
            r = value.isoformat() if isinstance(value, dt.date) else repr(value)
            hint = msg("write_in_quotes") if f.type == "text" and isinstance(value, (int, float)) else ""  # case_id: 12345
            raise InputError(msg("wrong_type", name=name, type=_type_name(f),
                                 value=quoted(r if len(r) <= 60 else r[:57] + "..."), hint=hint)) from None
    for name, value in result.items():
        span = bounded.get(name)
        if span is None:
            continue
        f = vocab[name]
        if (f.min is not None and value < f.min) or (f.max is not None and value > f.max):
            lo, hi = (str(f.min), str(f.max)) if f.type == "date" else (f"{f.min:g}", f"{f.max:g}" if f.max is not None else None)
            span = msg("span_between", lo=lo, hi=hi) if hi is not None else msg("span_at_least", lo=lo)
            raise InputError(msg("out_of_range", name=name, span=span, value=quoted(value)))
    for name, other, implied in relations():
        if other and name in result and other in result and result[name] == result[other]:
            raise InputError(msg("facts_contradict", name=name, other=other, value="true" if result[name] else "false",
                                 why=msg("why_negation")))
        if implied and result.get(name) is True and result.get(implied) is False:
            raise InputError(msg("fact_implies", name=name, implied=implied, why=msg("why_implies")))
    return result


_INFINITE = (float("inf"), float("-inf"))


@cache
def _quick_checks() -> tuple[dict[str, Any], dict[str, tuple]]:
    """Per input fact, what parse_profile may accept without coerce_value: bool for yes/no, int for whole numbers,
    float for numbers (an int or a finite float), the allowed values of a choice (a frozenset) or of a list fact
    (the frozenset in a tuple); and the facts with a range (int, number, date with a min or max)."""
    quick: dict[str, Any] = {}
    bounded: dict[str, tuple] = {}
    for name, f in input_facts().items():
        if f.type == "bool":
            quick[name] = bool
        elif f.type == "int":
            quick[name] = int
        elif f.type == "number":
            quick[name] = float
        elif f.type == "enum":
            quick[name] = frozenset(f.values)
        elif f.type == "list":
            quick[name] = (frozenset(f.values),)
        if f.type in ("int", "number", "date") and (f.min is not None or f.max is not None):
            bounded[name] = (f.min, f.max)
    return quick, bounded


def _has_cpr(data: Any) -> bool:
    """looks_like_cpr(data), without scanning what cannot hold a CPR number: a fact name or one of its allowed
    values (tests/test_codegen.py holds every one never to look like one), nothing, yes/no, a number below 10^8
    (looks_like_cpr's own first answers). Everything else is scanned as looks_like_cpr scans it."""
    if type(data) is not dict:
        return looks_like_cpr(data)
    vocab = facts()
    for k, v in data.items():
        f = vocab.get(k) if type(k) is str else None
        if f is None:
            if looks_like_cpr(k) or looks_like_cpr(v):
                return True
            continue
        if v is None or v is True or v is False:
            continue
        t = type(v)
        if (t is int or t is float) and -_NO_CPR_BELOW < v < _NO_CPR_BELOW:
            continue
        if t is str and v in f.values:
            continue
        if t is list and f.values and all(type(i) is str and i in f.values for i in v):
            continue
        if looks_like_cpr(v):
            return True
    return False


_NO_CPR_BELOW = 1e8  # cpr._SHORTEST: 0101000000 read as a number is 101000000


def _nearest(name: str, vocab: dict) -> str | None:
    import difflib
    m = difflib.get_close_matches(name, list(vocab), n=1, cutoff=0.75)
    return m[0] if m else None
