"""How code values read to a person: fact names, values and conditions in Danish (or English).

Used wherever a person reads a standard rather than its YAML: diff, render, describe, facts.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from .vocabulary import facts, services

_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
           "november", "december")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")


def date_text(d: dt.date | str, lang: str = "da") -> str:
    """1. januar 2026 / 1 January 2026."""
    if isinstance(d, str):
        try:
            d = dt.date.fromisoformat(d)
        except ValueError:
            return d
    if lang == "en":
        return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"
    return f"{d.day}. {_MONTHS[d.month - 1]} {d.year}"


def number(v: float | int, lang: str = "da") -> str:
    """6, 1,5 (Danish decimal comma) / 1.5."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v)
    return s.replace(".", ",") if lang != "en" else s


def fact_name(name: str, lang: str = "da") -> str:
    """A fact as words: its Danish meaning (the part before a colon), or its name spelt out in English."""
    f = facts().get(name)
    if f is None:
        return name
    if lang == "en":
        return f.name.replace("_", " ")
    return f.meaning.split(":")[0].split(" (")[0].strip()


def unit(name: str, lang: str = "da") -> str:
    f = facts().get(name)
    if f is None or not f.unit:
        return ""
    return f.unit.get(lang) or f.unit.get("da", "")


def service_name(sid: str, lang: str = "da") -> str:
    s = services().get(sid)
    if s is None:
        return sid
    title = s.title.get(lang) or s.title.get("da") or sid
    if sid in ("sundhedsloven", "anden-lovgivning"):
        return title
    return f"{title} (SEL {s.paragraph})" if lang == "en" else f"{title} (servicelovens {s.paragraph})"


def value(name: str, v: Any, lang: str = "da") -> str:
    """A value of a fact as words: ja/nej, a label, a service's title, a number with a decimal comma."""
    f = facts().get(name)
    if isinstance(v, list):
        return ", ".join(value(name, x, lang) for x in v)
    if isinstance(v, bool):
        return ("yes" if v else "no") if lang == "en" else ("ja" if v else "nej")
    if isinstance(v, (int, float)):
        return number(v, lang)
    if isinstance(v, dt.date):
        return date_text(v, lang)
    if isinstance(v, str):
        if f is not None and v in f.labels:
            return f.label(v, lang)
        if v in services():
            return service_name(v, lang)
    return str(v)


_OPS = {
    "da": {"lt": "under", "lte": "højst", "gt": "over", "gte": "mindst", "eq": "er", "ne": "er ikke",
           "in": "er en af", "contains": "omfatter", "contains_any": "omfatter en af", "known_true": "er oplyst",
           "known_false": "er ikke oplyst", "and": "og", "or": "eller", "not": "ikke", "no": "ikke"},
    "en": {"lt": "under", "lte": "at most", "gt": "over", "gte": "at least", "eq": "is", "ne": "is not",
           "in": "is one of", "contains": "includes", "contains_any": "includes one of", "known_true": "is given",
           "known_false": "is not given", "and": "and", "or": "or", "not": "not", "no": "not"},
}


def condition(node: dict | None, lang: str = "da", _nested: bool = False) -> str:
    """A condition as a sentence fragment: 'alder mindst 18 og (betydelig nedsat fysisk funktionsevne eller …)'."""
    if node is None:
        return ""
    w = _OPS["en" if lang == "en" else "da"]
    for key, word in (("all", w["and"]), ("any", w["or"])):
        if node.get(key) is not None:
            parts = [condition(c, lang, True) for c in node[key]]
            text = f" {word} ".join(parts)
            return f"({text})" if _nested and len(parts) > 1 else text
    inner = node.get("not", node.get("not_"))
    if inner is not None:
        return f"{w['not']}: {condition(inner, lang, True)}"
    name = node.get("fact", "")
    f = facts().get(name)
    subject = fact_name(name, lang)
    u = unit(name, lang)
    if "known" in node and node["known"] is not None:
        return f"{subject} {w['known_true' if node['known'] else 'known_false']}"
    for op in ("eq", "ne", "lt", "lte", "gt", "gte", "in", "contains", "contains_any"):
        if op in node and node[op] is not None:
            operand = node[op]
            if f is not None and f.type == "bool" and op in ("eq", "ne") and isinstance(operand, bool):
                yes = operand if op == "eq" else not operand
                return subject if yes else f"{w['no']}: {subject}"
            shown = value(name, operand, lang)
            if op in ("in", "contains_any"):
                shown = ", ".join(value(name, x, lang) for x in operand)
            tail = f" {u}" if u and op in ("lt", "lte", "gt", "gte", "eq", "ne") else ""
            return f"{subject} {w[op]} {shown}{tail}"
    return subject


_TYPES = {"da": {"bool": "ja/nej", "int": "helt tal", "number": "tal", "date": "dato", "enum": "én af", "list": "liste",
                 "text": "tekst"},
          "en": {"bool": "yes/no", "int": "whole number", "number": "number", "date": "date", "enum": "one of",
                 "list": "list", "text": "text"}}


def fact_line(f, lang: str = "da") -> str:
    """One fact as `standards facts` shows it: its name, its words (Danish), its type and unit, and the question
    (or what it is computed from)."""
    lg = "en" if lang == "en" else "da"
    words = fact_name(f.name, lg)
    head = f.name if lg == "en" or words == f.name else f"{f.name} – {words}"
    kind = _TYPES[lg].get(f.type, f.type)
    u = unit(f.name, lg)
    if u:
        kind += f", {u}"
    if f.derived:
        computed = "computed from" if lg == "en" else "beregnes af"
        return f"{head} ({kind}; {computed} {', '.join(f.derived_from)})"
    return f"{head} ({kind}): {f.ask(lg)}"


def value_lines(f, lang: str = "da") -> list[str]:
    """Each allowed value of an enum or list fact with its words: shopping_cooking = indkøb og madlavning."""
    return [f"{v} = {value(f.name, v, lang)}" for v in f.values]


def rule_texts(standards: list, lang: str = "da") -> dict[str, str]:
    """Each rule's text by its id, the law layer's rules included, from (compiled standard, date) pairs; where
    both have a rule of that id, the first pair's text is said."""
    from . import law
    out: dict[str, str] = {}
    for cs, on in standards:
        for r in law.apply(cs, on)[0].rules():
            out.setdefault(r.id, r.text_for(lang))
    return out
