"""A standard compiled once from its validated data: every condition a closure.

Works on the canonical data (schema.to_data), never on pydantic models: one
plain shape for the compiler, whatever produced it.
"""
from __future__ import annotations

from typing import Any

from .logic import Compiled, Explainer, compile_condition, compile_explainer, fact_names


class RuleView:
    """What the engine reads of a rule."""

    __slots__ = ("id", "basis", "text", "text_en", "quote", "section", "line", "note", "note_en", "refer_to", "data",
                 "origin", "citation", "restates")

    def __init__(self, d: dict[str, Any]):
        self.data = d
        self.id = d["id"]
        self.basis = d["basis"]
        self.text = d["text"]
        self.text_en = d.get("text_en")
        src = d["source"]
        self.quote, self.section, self.line = src["quote"], src["section"], src.get("line")
        self.note = d.get("note")
        self.note_en = d.get("note_en")
        self.refer_to = d.get("refer_to") or []
        self.origin = d.get("origin", "municipality")   # law: a rule of the law layer itself
        self.citation = d.get("citation")                # act and § (law rules and the municipal rules restating them)
        self.restates = d.get("restates")

    def text_for(self, lang: str) -> str:
        return (self.text_en if lang == "en" else None) or self.text

    def note_for(self, lang: str) -> str | None:
        return (self.note_en if lang == "en" else None) or self.note


def _opt(node: dict | None) -> Compiled | None:
    return compile_condition(node) if node is not None else None


def _why(node: dict | None) -> Explainer | None:
    return compile_explainer(node) if node is not None else None


class CCriterion:
    __slots__ = ("rule", "test", "when", "why", "why_when")

    def __init__(self, d: dict[str, Any]):
        self.rule = RuleView(d)
        self.test, self.why = compile_condition(d["condition"]), compile_explainer(d["condition"])
        self.when, self.why_when = _opt(d.get("applies_when")), _why(d.get("applies_when"))


class CExclusion:
    __slots__ = ("rule", "test", "why", "content_fact", "content")

    def __init__(self, d: dict[str, Any]):
        self.rule = RuleView(d)
        self.test, self.why = _opt(d.get("applies_if")), _why(d.get("applies_if"))
        content = d.get("excluded_content")
        self.content_fact = content["fact"] if content else None          # a part of the request
        self.content = frozenset(content["values"]) if content else frozenset()


class CLimit:
    __slots__ = ("rule", "fact", "max", "when", "why_when")

    def __init__(self, d: dict[str, Any]):
        self.rule = RuleView(d)
        self.fact, self.max = d["fact"], d["max"]
        self.when, self.why_when = _opt(d.get("applies_when")), _why(d.get("applies_when"))


class CompiledStandard:
    __slots__ = ("data", "criteria", "exclusions", "limits", "levels", "cache", "pointer")

    def __init__(self, data: dict[str, Any], pointer: dict[str, Any] | None = None):
        self.data = data        # the text as written (a joint text: as its own municipality wrote it)
        self.pointer = pointer  # a same_as pointer's own data: the municipality using the text, its assumptions
        self.criteria = tuple(CCriterion(d) for d in data.get("criteria", ()))
        self.exclusions = tuple(CExclusion(d) for d in data.get("exclusions", ()))
        self.limits = tuple(CLimit(d) for d in data.get("limits", ()))
        self.levels = data.get("levels")
        self.cache: dict = {}  # per-language pieces of every recommendation, built on first use

    def for_pointer(self, pointer: dict[str, Any]) -> "CompiledStandard":
        """The same text as a same_as pointer's municipality uses it: the compiled rules shared, a cache of its own."""
        out = CompiledStandard.__new__(CompiledStandard)
        out.data, out.pointer, out.cache = self.data, pointer, {}
        out.criteria, out.exclusions, out.limits, out.levels = self.criteria, self.exclusions, self.limits, self.levels
        return out

    @property
    def municipality(self) -> dict[str, Any]:
        """The municipality that decides: a pointer's, else the text's own."""
        return (self.pointer or self.data)["municipality"]

    def assumptions(self, lang: str) -> list[str]:
        """The text's assumptions, then the pointer's (what holds for that municipality only), in `lang`."""
        out = []
        for d in (self.data, self.pointer or {}):
            out += (d.get("assumptions_en") if lang == "en" else None) or d.get("assumptions", ())
        return out

    def rules(self) -> list[RuleView]:
        return [c.rule for c in (*self.criteria, *self.exclusions, *self.limits)]

    def conditions_read(self) -> frozenset[str]:
        """Every fact a rule's condition (condition, applies_when, applies_if) reads; computed once."""
        names = self.cache.get("conditions_read")
        if names is None:
            names = self.cache["conditions_read"] = frozenset().union(*(
                fact_names(r.data[k]) for r in self.rules() for k in ("condition", "applies_when", "applies_if")
                if r.data.get(k)))
        return names


def compile_standard(data: dict[str, Any], pointer: dict[str, Any] | None = None) -> CompiledStandard:
    return CompiledStandard(data, pointer)
