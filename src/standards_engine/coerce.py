"""Checking a citizen profile against the vocabulary: each value in its fact's type and range, never guessed.

Unknown is None: an absent or null fact is never false or zero.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .cpr import CPR_MESSAGE as _CPR_MESSAGE
from .cpr import looks_like_cpr, shown
from .errors import InputError
from .vocabulary import FactDef, facts, input_facts

Facts = dict[str, Any]


def _type_name(f: FactDef, lang: str) -> str:
    da = {"bool": "ja/nej (true/false)", "int": "et helt tal", "number": "et tal", "date": "en dato (ÅÅÅÅ-MM-DD)",
          "text": "en tekst", "enum": "én af: " + ", ".join(f.values),
          "list": "en liste med værdier blandt: " + ", ".join(f.values)}
    en = {"bool": "true or false", "int": "a whole number", "number": "a number", "date": "a date (YYYY-MM-DD)",
          "text": "a text", "enum": "one of: " + ", ".join(f.values),
          "list": "a list of values among: " + ", ".join(f.values)}
    return (en if lang == "en" else da)[f.type]


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


def parse_date(text: str) -> dt.date:
    """A date written YYYY-MM-DD, or ValueError. Not Python's wider ISO forms: 20250301 or 2025-W09-6
    would be read as a date nobody meant to write."""
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)


def evaluation_date(value: str | None, lang: str = "da") -> dt.date:
    """The --date of a check: YYYY-MM-DD, default today."""
    if value is None:
        return dt.date.today()
    try:
        return parse_date(value)
    except ValueError:
        raise InputError((f"--date must be a date as YYYY-MM-DD, not '{shown(value, lang)}'." if lang == "en" else
                          f"--date skal være en dato som ÅÅÅÅ-MM-DD, ikke '{shown(value, lang)}'.")) from None


def parse_profile(data: Any, lang: str = "da") -> Facts:
    """Validate a loaded profile mapping; return the given facts (None = unknown)."""
    en = lang == "en"
    if looks_like_cpr(data):
        raise InputError(_CPR_MESSAGE["en" if en else "da"])
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError("The profile must be a mapping of fact names to values (e.g. `age: 34`), not a list or a single value."
                         if en else "Profilen skal være en samling af faktanavne og værdier (fx `age: 34`), ikke en liste eller en enkelt værdi.")
    vocab = input_facts()
    all_facts = facts()
    result: Facts = {}
    for name, value in data.items():
        if name not in vocab:
            if name in all_facts:
                src = ", ".join(all_facts[name].derived_from)
                raise InputError(f"The fact '{name}' is computed by the engine from {src}; give those instead." if en else
                                 f"Faktummet '{name}' beregnes af motoren ud fra {src}; angiv dem i stedet.")
            near = _nearest(str(name), vocab)
            hint = (f" Did you mean '{near}'?" if en else f" Mente du '{near}'?") if near else ""
            raise InputError((f"The profile has an unknown fact '{name}'.{hint} See `standards facts` for the vocabulary." if en else
                              f"Profilen har et ukendt faktum '{name}'.{hint} Se `standards facts` for ordforrådet."))
        f = vocab[name]
        if value is None:
            continue
        try:
            result[name] = coerce_value(f, value)
        except (ValueError, TypeError):
            r = value.isoformat() if isinstance(value, dt.date) else repr(value)
            quoted = shown(r if len(r) <= 60 else r[:57] + "...", lang)
            hint = ""
            if f.type == "text" and isinstance(value, (int, float)):  # e.g. case_id: 12345
                hint = " Write it in quotes, e.g. \"12345\"." if en else " Skriv den i anførselstegn, fx \"12345\"."
            raise InputError((f"The fact '{name}' must be {_type_name(f, lang)}, but is {quoted}.{hint}" if en else
                              f"Faktummet '{name}' skal være {_type_name(f, lang)}, men er {quoted}.{hint}")) from None
    for name, value in result.items():
        f = vocab[name]
        if f.type in ("int", "number", "date") and ((f.min is not None and value < f.min) or (f.max is not None and value > f.max)):
            lo, hi = (str(f.min), str(f.max)) if f.type == "date" else (f"{f.min:g}", f"{f.max:g}" if f.max is not None else None)
            span = (f"between {lo} and {hi}" if en else f"mellem {lo} og {hi}") if hi is not None else \
                   (f"at least {lo}" if en else f"mindst {lo}")
            raise InputError(f"The fact '{name}' must be {span}, but is {shown(value, lang)}." if en else
                             f"Faktummet '{name}' skal være {span}, men er {shown(value, lang)}.")
    for name, f in vocab.items():
        other = f.negation_of
        if other and name in result and other in result and result[name] == result[other]:
            v = "true" if result[name] else "false"
            raise InputError(f"The facts '{name}' and '{other}' are both {v}, but each is the opposite of the other "
                             f"(treatment that can be obtained under other legislation means those options are not exhausted). "
                             f"Correct one of them or leave it out." if en else
                             f"Faktaene '{name}' og '{other}' er begge {v}, men det ene er det modsatte af det andet "
                             f"(kan behandlingen gives efter anden lovgivning, er mulighederne dér ikke udtømt). "
                             f"Ret det ene, eller udelad det.")
        implied = f.implies
        if implied and result.get(name) is True and result.get(implied) is False:
            raise InputError(f"The fact '{name}' is true but '{implied}' is false, though the first is a case of the "
                             f"second (treatment necessary to improve is necessary to preserve or improve). "
                             f"Correct one of them or leave it out." if en else
                             f"Faktummet '{name}' er true, men '{implied}' er false, selv om det første er et "
                             f"tilfælde af det andet (er behandlingen nødvendig for at forbedre, er den nødvendig "
                             f"for at bevare eller forbedre). Ret det ene, eller udelad det.")
    return result


def _nearest(name: str, vocab: dict) -> str | None:
    import difflib
    m = difflib.get_close_matches(name, list(vocab), n=1, cutoff=0.75)
    return m[0] if m else None
