"""The fact vocabulary and service catalogue, read once from data/*.yaml."""
from __future__ import annotations

import datetime as dt
from dataclasses import field
from functools import cache
from pathlib import Path

from .records import record

_PKG = Path(__file__).parent  # not importlib.resources: its imports would slow every start-up


FACT_TYPES = ("bool", "int", "number", "date", "enum", "list", "text")


@record(frozen=True)
class FactDef:
    name: str
    type: str
    meaning: str
    question: dict[str, str] = field(default_factory=dict)
    values: tuple[str, ...] = ()
    unit: dict[str, str] = field(default_factory=dict)
    derived: bool = False
    derived_from: tuple[str, ...] = ()
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    negation_of: str | None = None   # a bool fact that is always this one's opposite
    implies: str | None = None       # a bool fact that is true whenever this one is (improve -> preserve or improve)
    min: float | dt.date | None = None   # the range of a number or date (no negative nights, at most 7 days a week)
    max: float | dt.date | None = None
    # How the engine computes it from `derived_from` (derive.py's computations); for an input fact
    # (age from birth_date) a given value must agree with the computed one.
    compute: str | dict | None = None
    not_after_evaluation_date: bool = False  # a date that cannot lie after the evaluation date (a birth date)

    def ask(self, lang: str) -> str:
        return self.question.get(lang) or self.question.get("da") or self.meaning

    def label(self, value: str, lang: str) -> str:
        """How a value of an enum or list fact reads in a recommendation; the value itself if unlabelled."""
        lab = self.labels.get(value, {})
        return lab.get(lang) or lab.get("da") or value


@record(frozen=True)
class ServiceDef:
    id: str
    paragraph: str
    title: dict[str, str]
    elderly_act_bar: bool = False


def _read(name: str) -> dict:
    return _read_path(_PKG / "data" / name)


def _read_path(path: Path) -> dict:
    """A package YAML file as data, through the cache (keyed by its bytes)."""
    from . import cache
    from .digest import sha256
    raw = path.read_bytes()
    key = sha256(raw).hexdigest()
    hit = cache.get("data", key)
    if isinstance(hit, dict):
        return hit
    from ruamel.yaml import YAML  # only when the cache has no copy
    data = YAML(typ="safe").load(raw.decode("utf-8"))
    cache.put("data", key, data)
    return data


@cache
def acts() -> dict[str, dict]:
    """The known acts and the paragraphs of each that a citation may name (law/acts.yaml)."""
    return _read_path(_PKG / "law" / "acts.yaml")["acts"]


def _bound(d: dict, key: str) -> float | dt.date | None:
    v = d.get(key)
    return dt.date.fromisoformat(v) if d["type"] == "date" and v is not None else v


@cache
def facts() -> dict[str, FactDef]:
    raw = _read("facts.yaml")
    out: dict[str, FactDef] = {}
    for name, d in raw["facts"].items():
        out[name] = FactDef(name=name, type=d["type"], meaning=d["meaning"], question=d.get("question", {}),
                            values=tuple(d.get("values", ())), unit=d.get("unit", {}),
                            labels=d.get("labels", {}), negation_of=d.get("negation_of"), implies=d.get("implies"),
                            min=_bound(d, "min"), max=_bound(d, "max"),
                            derived_from=tuple(d.get("computed_from", ())), compute=d.get("compute"),
                            not_after_evaluation_date=d.get("not_after_evaluation_date", False))
    for name, d in raw["derived"].items():
        out[name] = FactDef(name=name, type=d["type"], meaning=d["meaning"], derived=True,
                            derived_from=tuple(d["from"]), compute=d["compute"])
    return out


@cache
def input_facts() -> dict[str, FactDef]:
    return {n: f for n, f in facts().items() if not f.derived}


@cache
def relations() -> tuple[tuple[str, str | None, str | None], ...]:
    """(fact, its negation, the fact it implies) for the facts with either, in vocabulary order: found once,
    not on every profile."""
    return tuple((n, f.negation_of, f.implies) for n, f in input_facts().items() if f.negation_of or f.implies)


@cache
def dated_facts() -> tuple[FactDef, ...]:
    """The input facts that may not lie after the evaluation date (a birth date)."""
    return tuple(f for f in input_facts().values() if f.not_after_evaluation_date)


@cache
def services() -> dict[str, ServiceDef]:
    raw = _read("services.yaml")
    return {sid: ServiceDef(id=sid, paragraph=d["paragraph"], title=d["title"],
                            elderly_act_bar=d.get("elderly_act_bar", False))
            for sid, d in raw["services"].items()}


@cache
def elderly_act_note() -> tuple[dt.date, dict[str, str], dict[str, str]]:
    """From when, the general note, and the note for a citizen known to have reached pension age."""
    raw = _read("services.yaml")["elderly_act_note"]
    return dt.date.fromisoformat(raw["from"]), raw["text"], raw["text_over_pension_age"]


# The services a standard can describe (docs/contract.md §1).
STANDARD_SERVICES = ("sel-85", "sel-102", "sel-103", "sel-104", "sel-107", "sel-107-aflastning", "sel-108")
