"""Checks a citizen profile against the vocabulary and derives computed facts.

Unknown is None: an absent or null fact is never false or zero.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

from . import pension
from .errors import InputError
from .vocabulary import FactDef, facts, input_facts

# A CPR number: ddmmyy and four digits, as people write it (0101901234, 010190-1234, 010190–1234,
# 01 01 90 1234, 01.01.90-1234, 010190/1234, 010190_1234). Refused wherever it appears and never echoed back.
# Spaces are any on one line (Word and web forms put in no-break and thin spaces); dashes are any of
# the hyphens, dashes and minus signs Unicode has (Word's non-breaking hyphen U+2011 among them).
_SPACE = r"[^\S\n\r]*"
_SEP = rf"{_SPACE}[-_./\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d]?{_SPACE}"
# \d is any Unicode digit; the first digits of day and month may be fullwidth too (０１０１９０…).
_CPR = re.compile(rf"(?<!\d)([0-3\uff10-\uff13]\d){_SEP}([01\uff10\uff11]\d){_SEP}(\d\d){_SEP}(\d{{4}})(?!\d)")

_DAY_OFFERS = frozenset({"sel-103", "sel-104"})
# All of § 104 (clubs too) and §§ 107–110 (relief stays too), as the fact's meaning says.
_OTHER_SEL_SUPPORT = frozenset({"sel-85", "sel-103", "sel-104", "sel-104-evening", "sel-107", "sel-107-aflastning",
                                "sel-108", "sel-109", "sel-110"})

Facts = dict[str, Any]


@cache
def _all_unknown() -> dict[str, None]:
    return dict.fromkeys(facts())



def looks_like_cpr(value: Any) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float)):
        # YAML and JSON read 0101901234 as the number 101901234: put the zero back.
        value = str(int(value)).zfill(10) if value == value and abs(value) < 1e10 else str(value)
    if isinstance(value, str):
        for m in _CPR.finditer(value):
            day, month = int(m.group(1)), int(m.group(2))
            if 1 <= day <= 31 and 1 <= month <= 12:
                return True
    if isinstance(value, list):
        return any(looks_like_cpr(v) for v in value)
    if isinstance(value, dict):
        return any(looks_like_cpr(k) or looks_like_cpr(v) for k, v in value.items())
    return False


def _type_name(f: FactDef, lang: str) -> str:
    da = {"bool": "ja/nej (true/false)", "int": "et helt tal", "number": "et tal", "date": "en dato (ÅÅÅÅ-MM-DD)",
          "text": "en tekst", "enum": "én af: " + ", ".join(f.values),
          "list": "en liste med værdier blandt: " + ", ".join(f.values)}
    en = {"bool": "true or false", "int": "a whole number", "number": "a number", "date": "a date (YYYY-MM-DD)",
          "text": "a text", "enum": "one of: " + ", ".join(f.values),
          "list": "a list of values among: " + ", ".join(f.values)}
    return (en if lang == "en" else da)[f.type]


def _coerce(f: FactDef, value: Any) -> Any:
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


def load_profile(source: str, lang: str = "da", stdin: Any = None) -> Any:
    """Read a profile from a path, or from `stdin` (a binary stream) when the source is '-'.
    Reads at most one byte more than a profile may have, so /dev/zero or an endless pipe is refused, not swallowed."""
    from .yamlio import MAX_PROFILE_BYTES
    en = lang == "en"
    name = "<stdin>" if source == "-" else source
    try:
        if source == "-":
            if stdin is None:
                raise InputError("The profile is to be read from standard input, but it is closed." if en else
                                 "Profilen skal læses fra standard input, men den er lukket.")
            raw = stdin.read(MAX_PROFILE_BYTES + 1)
        else:
            with open(source, "rb") as fh:
                raw = fh.read(MAX_PROFILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"The profile {shown(name, lang)} does not exist." if en else
                         f"Profilen {shown(name, lang)} findes ikke.") from None
    except IsADirectoryError:
        raise InputError(f"{shown(name, lang)} is a folder, not a profile file." if en else
                         f"{shown(name, lang)} er en mappe, ikke en profilfil.") from None
    except (OSError, ValueError) as e:  # ValueError: a path with a NUL byte
        raise InputError((f"The profile {shown(name, lang)} cannot be read ({e.__class__.__name__})." if en else
                          f"Profilen {shown(name, lang)} kan ikke læses ({e.__class__.__name__}).")) from None
    return read_profile(raw, name, lang)


def cpr_line(text: str) -> int | None:
    """The line of the first CPR-like number in a text, to point at it without showing it."""
    for m in _CPR.finditer(text):
        if looks_like_cpr(m.group(0)):
            return text.count("\n", 0, m.start()) + 1
    return None


def redact(text: str) -> str:
    """A message with every CPR-like number replaced: the last guard before anything is printed."""
    def one(m: re.Match) -> str:
        return "‹CPR›" if 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12 else m.group(0)
    return _CPR.sub(one, text)


def shown(value: Any, lang: str = "da") -> str:
    """A value as it may be quoted in a message: never a CPR number."""
    if looks_like_cpr(value):
        return "(a value that looks like a CPR number, not shown)" if lang == "en" else "(en værdi, der ligner et CPR-nummer, vises ikke)"
    return str(value)


def read_profile(raw: bytes, name: str, lang: str = "da") -> Any:
    """A profile file's bytes as data: JSON when it is JSON (tabs allowed), else strict YAML.
    A CPR number anywhere in the text is refused before anything is parsed or quoted."""
    import json

    from .yamlio import MAX_DEPTH, MAX_PROFILE_BYTES, YamlProblem, decode, depth, load_text, message
    en = lang == "en"
    shown_name = shown(name, lang)
    try:
        text = decode(raw, shown_name, lang, MAX_PROFILE_BYTES)
    except YamlProblem as e:
        raise InputError((f"The profile cannot be read: {e.problem}." if en else f"Profilen kan ikke læses: {e.problem}.")) from None
    if looks_like_cpr(text):
        raise InputError(_CPR_MESSAGE[lang if en else "da"])
    stripped = text.lstrip()
    if stripped.startswith("{"):
        def pairs(kv: list) -> dict:
            keys = [k for k, _ in kv]
            dup = next((k for k in keys if keys.count(k) > 1), None)
            if dup is not None:
                raise InputError((f"The profile gives the fact '{dup}' twice." if en else f"Profilen angiver faktummet '{dup}' to gange."))
            return dict(kv)
        def no_constant(c: str) -> Any:
            raise ValueError(c)  # NaN and Infinity are not JSON numbers
        too_deep = False
        try:
            data = json.loads(text, object_pairs_hook=pairs, parse_constant=no_constant)
        except json.JSONDecodeError as e:
            json_error = e  # maybe YAML's flow style ({age: 30}); if not, this is the better message
        except ValueError:
            json_error = None
        except RecursionError:  # nested past Python's limit
            json_error, too_deep = None, True
        else:
            too_deep = depth(data) > MAX_DEPTH
            if not too_deep:
                return data
        if too_deep:
            raise InputError(f"The profile cannot be read: {shown_name}: {message('too_deep', lang, n=MAX_DEPTH)}." if en else
                             f"Profilen kan ikke læses: {shown_name}: {message('too_deep', lang, n=MAX_DEPTH)}.")
    else:
        json_error = None
    try:
        data, _ = load_text(text, shown_name, lang)
    except YamlProblem as e:
        if json_error is not None and "\t" in text:  # JSON may hold tabs; YAML's complaint about them would mislead
            where = f"{shown_name}:{json_error.lineno}:{json_error.colno}"
            da = next((d for k, d in _JSON_DA.items() if json_error.msg.startswith(k)), "")
            raise InputError((f"The profile cannot be read: {where}: invalid JSON ({json_error.msg})." if en else
                              f"Profilen kan ikke læses: {where}: ugyldig JSON" + (f" ({da})" if da else "") + ".")) from None
        raise InputError((f"The profile cannot be read: {e.problem}." if en else f"Profilen kan ikke læses: {e.problem}.")) from None
    return data


_JSON_DA = {
    "Expecting property name enclosed in double quotes": "et navn i dobbelte anførselstegn ventes her; et komma for meget?",
    "Expecting ',' delimiter": "et komma mangler",
    "Expecting ':' delimiter": "et kolon mangler",
    "Expecting value": "en værdi mangler",
    "Extra data": "der står mere efter det afsluttende }",
    "Unterminated string": "en tekst mangler sit afsluttende anførselstegn",
    "Invalid control character": "et kontroltegn (fx et linjeskift) inde i en tekst",
}

_CPR_MESSAGE = {
    "en": "The profile contains a value that looks like a CPR number. It was refused and is not shown. "
          "Use a pseudonymous case_id instead.",
    "da": "Profilen indeholder en værdi, der ligner et CPR-nummer. Den er afvist og vises ikke. "
          "Brug et pseudonymt case_id i stedet.",
}


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
            result[name] = _coerce(f, value)
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


def derive(given: Facts, on: dt.date, lang: str = "da") -> Facts:
    """Add the computed facts for the evaluation date; unknown stays None."""
    f = dict(given)
    en = lang == "en"
    bd = f.get("birth_date")
    if bd is not None:
        if bd > on:
            raise InputError(f"The birth date {bd} is after the evaluation date {on}." if en else
                             f"Fødselsdatoen {bd} ligger efter evalueringsdatoen {on}.")
        age = pension.age_on(bd, on)
        if f.get("age") is not None and f["age"] != age:
            raise InputError(f"The fact 'age' ({f['age']}) does not match birth_date, which gives {age} on {on}." if en else
                             f"Faktummet 'age' ({f['age']}) passer ikke med birth_date, som giver {age} år den {on}.")
        f["age"] = age
        f["under_pension_age"] = pension.under_pension_age(bd, on)
        f["pension_age_years"] = pension.pension_age_months(bd) / 12
    else:
        age = f.get("age")
        # Without a birth date only the cohort table's bounds are certain.
        if age is None or pension.MIN_PENSION_AGE <= age < pension.MAX_PENSION_AGE:
            f["under_pension_age"] = None
        else:
            f["under_pension_age"] = age < pension.MIN_PENSION_AGE
        f["pension_age_years"] = None
    for name, fd in input_facts().items():
        other = fd.negation_of
        if other:  # one answer gives the other
            if f.get(name) is None and f.get(other) is not None:
                f[name] = not f[other]
            elif f.get(other) is None and f.get(name) is not None:
                f[other] = not f[name]
        implied = fd.implies
        if implied:  # yes to the narrower is yes to the wider; no to the wider is no to the narrower
            if f.get(name) is True and f.get(implied) is None:
                f[implied] = True
            elif f.get(implied) is False and f.get(name) is None:
                f[name] = False
    services = f.get("current_services")
    if services is None:
        for k in ("receives_day_offer", "receives_evening_offer", "receives_other_sel_support", "receives_more_than_one_offer"):
            f[k] = None
    else:
        s = set(services)
        f["receives_day_offer"] = bool(s & _DAY_OFFERS)
        f["receives_evening_offer"] = "sel-104-evening" in s
        f["receives_other_sel_support"] = bool(s & _OTHER_SEL_SUPPORT)
        f["receives_more_than_one_offer"] = len(s) > 1
    return {**_all_unknown(), **f}
