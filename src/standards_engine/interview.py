"""The interview: the next question whose answer could still change the outcome, or the recommendation.

Backward chaining on the engine's own three-valued evaluation: the facts the undecided rules still
wait for are exactly the recommendation's missing facts; an answer is taken, the profile evaluated
again, and the interview stops once the outcome is decided. A grant is decided only once the
quantities applied for are known or unknowable, since one above its limit makes it partial. A fact answered "ved ikke" stays in the
profile as null (unknown) and is never asked again. Pure library calls (no printing, no input), so
the terminal, a case system (`--next --format json`) and the HTTP server share them.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

from . import api
from .messages import quoted
from .errors import msg, InputError
from .coerce import parse_date
from .cpr import looks_like_cpr
from .recommendation import Recommendation
from .vocabulary import facts, input_facts, services
from .wording import value as value_label

# What a caseworker types for "don't know", and for yes and no.
UNKNOWN_WORDS = {"ved ikke", "vedikke", "?", "ukendt", "don't know", "dont know", "unknown", "dk"}
_YES = {"ja", "j", "yes", "y"}
_NO = {"nej", "n", "no"}
_NONE_WORDS = {"ingen", "none", "0", "-"}


@dataclass(frozen=True)
class Choice:
    number: int      # what the caseworker types (1, 2, …)
    value: str       # the profile's value (a code, never shown as the answer)
    label: str       # the value in words

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, kw_only=True)
class Question:
    """One question: the fact it answers, its type and how to answer it, in the language asked for."""
    fact: str
    type: str                     # bool | int | number | date | enum | list | text
    text: str                     # the question, e.g. "Bor borgeren alene?"
    hint: str                     # how to answer, e.g. "ja / nej / ved ikke"
    choices: list[Choice] = field(default_factory=list)   # enum and list facts, numbered
    unit: str | None = None
    min: Any = None
    max: Any = None
    rules: list[str] = field(default_factory=list)        # the rules waiting for this answer
    remaining: int = 0            # facts still missing, this one included: at most this many questions left
    outcome_now: str = "incomplete"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("min", "max"):
            if isinstance(d[k], dt.date):
                d[k] = d[k].isoformat()
        d["kind"] = "question"
        return d


class AnswerError(InputError):
    """An answer that does not fit the question; the message says why, to ask again."""


def unknown_facts(profile: dict[str, Any] | None) -> set[str]:
    """The facts answered "ved ikke": present in the profile with no value."""
    return {k for k, v in (profile or {}).items() if v is None}


def next_question(profile: dict[str, Any] | None, municipality: str, service: str, on: dt.date | None = None,
                  repository: Any = None, *, lang: str = "da", skip: Iterable[str] = ()) -> Question | Recommendation:
    """The next question for `profile` (a mapping of fact names to values; null = "ved ikke"), or the
    recommendation when no answer could change the outcome any more (the outcome is decided, or every
    fact it still waits for has been answered "ved ikke"). `skip` adds facts never to ask.

    Raises InputError for a bad profile, municipality, service or date, as `api.check` does.
    """
    profile = dict(profile or {})
    repository = repository or api.open_repository()  # one for every probe below: a standard is read once
    rec = api.check(profile, municipality, service, on, lang, repository)
    open_ = open_facts(rec, unknown_facts(profile) | set(skip))
    if not open_:
        return rec
    if rec.outcome == "grant":  # only quantities left: ask them in the standard's order
        lim = next(lim for lim in rec.limits if lim.fact == open_[0])
        return _question(open_[0], lang, rules=[lim.rule], remaining=len(open_))
    waiting = [r for r in rec.reasons if r.deciding and r.result == "unknown"]
    fact = max(open_, key=lambda n: (_decides(profile, n, municipality, service, on, repository, lang),
                                     sum(n in r.facts or _derived_from(r.facts, n) for r in waiting),
                                     -open_.index(n)))
    # A quantity not yet given may be asked once the rest is settled: count it in what is left.
    later = {lim.fact for lim in rec.limits if lim.requested is None and lim.applies is not False} - set(open_) - set(profile)
    return _question(fact, lang, rules=[r.rule for r in waiting if fact in r.facts or _derived_from(r.facts, fact)],
                     remaining=len(open_) + len(later))


def open_facts(rec: Recommendation, asked: Iterable[str] = ()) -> list[str]:
    """The facts whose answer could still change `rec`'s outcome, less those in `asked` (answered
    "ved ikke"): the missing facts while it is incomplete; for a grant, a requested quantity not yet
    given where a limit applies (above the limit the grant becomes partial); nothing otherwise."""
    vocab = facts()
    asked = set(asked)
    # One answer gives the other: "ved ikke" to one is "ved ikke" to both.
    asked |= {f.negation_of for n, f in vocab.items() if n in asked and f.negation_of}
    asked |= {n for n, f in vocab.items() if f.negation_of in asked}
    if rec.outcome == "incomplete":
        return [m.fact for m in rec.missing_facts if m.fact not in asked]
    if rec.outcome == "grant":
        return list(dict.fromkeys(lim.fact for lim in rec.limits
                                  if lim.requested is None and lim.applies is not False and lim.fact not in asked))
    return []


def _derived_from(names: list[str], fact: str) -> bool:
    vocab = facts()
    return any(fact in vocab[n].derived_from for n in names if n in vocab)


def _probes(fact: str, on: dt.date) -> list[Any]:
    """Answers to try: every value of a yes/no or choice, the ends of a number's range."""
    f = facts()[fact]
    if f.type == "bool":
        return [True, False]
    if f.type == "enum":
        return list(f.values)
    if f.type == "list":
        return [[], *([v] for v in f.values)]
    if f.type in ("int", "number"):
        lo = f.min if f.min is not None else 0
        return [lo, f.max if f.max is not None else 10_000]
    if f.type == "date":
        return [on.replace(year=on.year - 10), on.replace(year=on.year - 90)] if fact == "birth_date" else []
    return []


def _decides(profile: dict, fact: str, municipality: str, service: str, on: dt.date | None, repository: Any,
             lang: str) -> bool:
    """Whether some answer to `fact` decides the outcome at once: such a question goes first."""
    on = on or dt.date.today()
    for value in _probes(fact, on):
        try:
            # the outcome-only path (no reasons built), property-tested to decide as check() does
            if api.decide({**profile, fact: value}, municipality, service, on, repository).outcome != "incomplete":
                return True
        except InputError:  # e.g. an answer that contradicts another fact: not a possible answer
            continue
    return False


def question_for(fact: str, lang: str = "da") -> Question:
    """The question for any fact of the vocabulary (for a case system that asks its own order)."""
    if fact not in input_facts():
        raise InputError(msg("unknown_fact_plain", name=quoted(fact)))
    return _question(fact, lang)


def _question(fact: str, lang: str, rules: list[str] | None = None, remaining: int = 0) -> Question:
    f = facts()[fact]
    en = lang == "en"
    dk = "don't know" if en else "ved ikke"
    choices = [Choice(i, v, value_label(fact, v, lang)) for i, v in enumerate(f.values, 1)]
    unit = f.unit.get(lang) or None
    if f.type == "bool":
        hint = f"yes / no / {dk}" if en else f"ja / nej / {dk}"
    elif f.type == "enum":
        hint = f"a number 1–{len(choices)}, or {dk}" if en else f"et tal 1–{len(choices)} eller {dk}"
    elif f.type == "list":
        hint = (f"numbers separated by commas (e.g. 1, 3), 'none', or {dk}" if en else
                f"tal adskilt af komma (fx 1, 3), »ingen« eller {dk}")
    elif f.type == "date":
        hint = f"YYYY-MM-DD, or {dk}" if en else f"ÅÅÅÅ-MM-DD eller {dk}"
    elif f.type == "int":
        hint = (f"a whole number{' in ' + unit if unit else ''}, or {dk}" if en else
                f"et helt tal{' i ' + unit if unit else ''} eller {dk}")
        if fact == "age":
            hint = (f"years, or the date of birth YYYY-MM-DD, or {dk}" if en else
                    f"år, eller fødselsdatoen ÅÅÅÅ-MM-DD, eller {dk}")
    elif f.type == "number":
        hint = f"a number{' (' + unit + ')' if unit else ''}, or {dk}" if en else f"et tal{' (' + unit + ')' if unit else ''} eller {dk}"
    else:
        hint = f"text, or {dk}" if en else f"tekst eller {dk}"
    return Question(fact=fact, type=f.type, text=f.ask(lang), hint=hint, choices=choices, unit=unit,
                    min=f.min, max=f.max, rules=list(rules or ()), remaining=remaining)


def parse_answer(question: Question, text: str, lang: str = "da") -> dict[str, Any]:
    """What a typed answer means for the profile: {fact: value}, {fact: None} for "ved ikke".
    The age question also takes a date of birth ({"birth_date": …}). Raises AnswerError, whose
    message says why the answer does not fit and how to answer; a CPR-like number is refused, never echoed."""
    en = lang == "en"
    raw = " ".join((text or "").split())
    if looks_like_cpr(raw) or looks_like_cpr(raw.replace(" ", "")):
        raise AnswerError("That looks like a CPR number. It is not accepted and was not stored; give what the question asks."
                          if en else "Det ligner et CPR-nummer. Det modtages ikke og er ikke gemt; svar på det, der spørges om.")
    low = raw.lower().rstrip(".!")
    if low in UNKNOWN_WORDS:
        return {question.fact: None}
    if not low:
        raise AnswerError(f"Please answer: {question.hint}." if en else f"Svar venligst: {question.hint}.")
    t = question.type

    def bad(da: str, en_: str) -> AnswerError:
        return AnswerError((en_ if en else da) + (f" Answer: {question.hint}." if en else f" Svar: {question.hint}."))

    if t == "bool":
        if low in _YES:
            return {question.fact: True}
        if low in _NO:
            return {question.fact: False}
        raise bad(f"»{raw}« er hverken ja eller nej.", f"“{raw}” is neither yes nor no.")
    if t == "enum":
        return {question.fact: _pick(question, low, raw, lang, bad)}
    if t == "list":
        if low in _NONE_WORDS:
            return {question.fact: []}
        parts = [p for p in re.split(r"[,;\s]+(?:og\s+|and\s+)?|\s+og\s+|\s+and\s+", low) if p and p not in ("og", "and")]
        picked = [_pick(question, p, p, lang, bad) for p in parts]
        return {question.fact: list(dict.fromkeys(picked))}
    if t == "date" or (question.fact == "age" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", low)):
        try:
            d = parse_date(low)
        except ValueError:
            raise bad(f"»{raw}« er ikke en dato skrevet ÅÅÅÅ-MM-DD.", f"“{raw}” is not a date written YYYY-MM-DD.") from None
        bd = facts()["birth_date"] if question.fact == "age" else None
        lo, hi = (bd.min, bd.max) if bd else (question.min, question.max)
        if (lo is not None and d < lo) or (hi is not None and d > hi):
            raise bad(f"Datoen skal ligge mellem {lo} og {hi}.", f"The date must be between {lo} and {hi}.")
        return {"birth_date" if bd else question.fact: d}
    if t in ("int", "number"):
        bare = low.replace(question.unit.lower(), " ") if question.unit else low  # "120 aflastningsdøgn/år"
        words = [w for w in bare.replace(",", ".").split()
                 if w not in ("timer", "dage", "døgn", "km", "år", "hours", "days", "years", "pr.", "per")]
        if len(words) != 1:
            raise bad(f"»{raw}« er ikke et tal.", f"“{raw}” is not a number.")
        try:
            v = float(words[0])
        except ValueError:
            raise bad(f"»{raw}« er ikke et tal.", f"“{raw}” is not a number.") from None
        if v != v or v in (float("inf"), float("-inf")):
            raise bad(f"»{raw}« er ikke et tal.", f"“{raw}” is not a number.")
        if t == "int":
            if not v.is_integer():
                raise bad(f"»{raw}« er ikke et helt tal.", f"“{raw}” is not a whole number.")
            v = int(v)
        elif v.is_integer():
            v = int(v)
        lo, hi = question.min, question.max
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            span = (f"mellem {lo:g} og {hi:g}" if hi is not None else f"mindst {lo:g}") if not en else \
                   (f"between {lo:g} and {hi:g}" if hi is not None else f"at least {lo:g}")
            raise bad(f"Tallet skal være {span}.", f"The number must be {span}.")
        return {question.fact: v}
    return {question.fact: raw}


def _pick(question: Question, low: str, raw: str, lang: str, bad) -> str:
    """A numbered choice by its number or its words (the label, or the start of it)."""
    if low.isdigit():
        n = int(low)
        for c in question.choices:
            if c.number == n:
                return c.value
        raise bad(f"Der er intet valg nummer {n}; vælg 1–{len(question.choices)}.",
                  f"There is no choice number {n}; choose 1–{len(question.choices)}.")
    exact = [c for c in question.choices if c.label.lower() == low]
    starts = exact or [c for c in question.choices if c.label.lower().startswith(low)]
    if len(starts) == 1:
        return starts[0].value
    raise bad(f"»{raw}« er ikke et af valgene.", f"“{raw}” is not one of the choices.")


def apply_answer(profile: dict[str, Any] | None, question: Question, text: str, lang: str = "da") -> dict[str, Any]:
    """The profile with the typed answer added (a new mapping); raises AnswerError as parse_answer does.
    An answer that contradicts the profile (an age that does not fit the birth date, say) is refused too."""
    new = {**(profile or {}), **parse_answer(question, text, lang)}
    from .coerce import parse_profile
    try:
        parse_profile({k: v for k, v in new.items() if v is not None})
    except InputError as e:
        raise AnswerError(e.text(lang)) from None
    return new


def profile_text(profile: dict[str, Any], lang: str = "da", header: str | None = None) -> str:
    """The profile as YAML that `standards check` reads back: one fact a line, its question and the
    answer in words as a comment; "ved ikke" as null. Never a CPR number (the profile had none to give)."""
    vocab = input_facts()
    out = ["# Citizen profile written by `standards interview`; check it with `standards check`." if lang == "en" else
           "# Borgerprofil skrevet af `standards interview`; vurdér den med `standards check`."]
    if header:
        out.append(f"# {header}")
    for name, value in profile.items():
        f = vocab.get(name)
        q = f.ask(lang) if f else name
        if value is None:
            out.append(f"# {q} – {'don’t know' if lang == 'en' else 'ved ikke'}")
            out.append(f"{name}: null")
            continue
        words = (", ".join(value_label(name, v, lang) for v in value) or ("none" if lang == "en" else "ingen")) \
            if isinstance(value, (list, tuple)) else value_label(name, value, lang)
        out.append(f"# {q} – {words}")
        out.append(f"{name}: {_yaml_value(value)}")
    return "\n".join(out) + "\n"


def _yaml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_yaml_value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)  # a JSON string is a YAML double-quoted string
