"""JSON Schemas for editors and integrations: a standard file, an example-case file, a citizen profile."""
from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from .schema import SameAs, Standard

DRAFT = "https://json-schema.org/draft/2020-12/schema"
KINDS = ("standard", "cases", "profile", "translation")


def standard_json_schema() -> dict[str, Any]:
    schema = TypeAdapter(Standard | SameAs).json_schema(by_alias=True)
    # if/then/else, not anyOf: an editor then reports a wrong key where it is, not against the whole file
    refs = [branch["$ref"] for branch in schema.pop("anyOf")]
    same_as = next(r for r in refs if r.endswith("/SameAs"))
    standard = next(r for r in refs if r.endswith("/Standard"))
    defs = schema["$defs"]
    _with_catalogue(defs)
    schema.update({"if": {"required": ["same_as"]}, "then": {"$ref": same_as},
                   "else": {"if": {"required": ["catalogue"]}, "then": {"$ref": "#/$defs/CatalogueRevision"},
                            "else": {"$ref": standard}}})
    _plain_conditions(defs)
    schema["$schema"] = DRAFT
    schema["title"] = "Kvalitetsstandard (standards-engine)"
    schema["description"] = "Én udgave af en kommunes kvalitetsstandard for én ydelse efter serviceloven, eller en henvisning (same_as) til en fælles tekst."
    return schema


def _with_catalogue(defs: dict[str, Any]) -> None:
    """A revision that names a catalogue file (catalogue.py): the header keys may come from it, and an item of a
    list may be `use: <name>` with the keys that differ (its source). What the catalogue gives is checked by
    `standards validate`, which sees the revision expanded."""
    from .catalogue import HEADER, LISTS, REFERENCE
    ref = {"type": "string", "pattern": REFERENCE.pattern,
           "description": "katalogfilen: <kommune>/<navn> = standards/<kommune>/_catalogue/<navn>.yaml"}
    use = {"type": "object", "required": ["use"],
           "properties": {"use": {"type": "string", "description": "et punkt under shared: i katalogfilen"}}}
    std = defs["Standard"]
    props = {k: v for k, v in std["properties"].items()}
    for kind in LISTS:
        props[kind] = {**props[kind], "items": {"anyOf": [props[kind]["items"], use]}}
    defs["CatalogueRevision"] = {
        "type": "object", "title": "CatalogueRevision", "additionalProperties": False,
        "description": "En udgave, der tager sit hoved og sine fælles punkter fra en katalogfil (catalogue:, use:).",
        "properties": {**props, "catalogue": ref},
        "required": [k for k in std.get("required", []) if k not in HEADER] + ["catalogue"]}
    same = defs["SameAs"]
    same["properties"]["catalogue"] = ref
    same["required"] = [k for k in same.get("required", []) if k not in HEADER]


def _plain_conditions(defs: dict[str, Any]) -> None:
    """A condition may be a yes/no fact's name alone (`motivated`, `not: motivated`): editors accept both spellings."""
    from .vocabulary import facts
    explicit = {"type": "object", **defs["Condition"]}
    yes_no = sorted(n for n, f in facts().items() if f.type == "bool")
    defs["Condition"] = {"anyOf": [
        {"type": "string", "enum": yes_no,
         "description": "et ja/nej-faktum alene betyder {fact: <navn>, eq: true}; fx all: [motivated, lives_alone]"},
        explicit]}


_TYPES = {"bool": {"type": "boolean"}, "int": {"type": "integer"}, "number": {"type": "number"},
          "date": {"type": "string", "format": "date"}, "text": {"type": "string"}}


def profile_json_schema() -> dict[str, Any]:
    """The input facts of the vocabulary (docs/contract.md §2); derived facts are computed, so not allowed."""
    from .vocabulary import input_facts
    props: dict[str, Any] = {}
    for name, f in input_facts().items():
        if f.type == "enum":
            p: dict[str, Any] = {"enum": list(f.values)}
        elif f.type == "list":
            p = {"type": "array", "items": {"enum": list(f.values)}, "uniqueItems": True}
        else:
            p = dict(_TYPES[f.type])
            if f.type in ("int", "number"):
                if f.min is not None:
                    p["minimum"] = f.min
                if f.max is not None:
                    p["maximum"] = f.max
        p["description"] = f"{f.meaning}. {f.ask('da')}" + (f" ({f.min} – {f.max})" if f.type == "date" and f.min else "")
        props[name] = p
    return {"$schema": DRAFT, "title": "Borgerprofil (standards-engine)",
            "description": "Fakta om borgeren; udelad det, der ikke vides. Aldrig CPR-numre.",
            "type": "object", "properties": props, "additionalProperties": False}


def cases_json_schema() -> dict[str, Any]:
    from .cases import CaseFile
    schema = TypeAdapter(CaseFile).json_schema(by_alias=True)
    profile = profile_json_schema()
    profile.pop("$schema")
    schema.setdefault("$defs", {})["Profile"] = profile
    schema["$defs"]["Case"]["properties"]["profile"] = {"$ref": "#/$defs/Profile"}
    schema["$schema"] = DRAFT
    schema["title"] = "Eksempelsager (standards-engine)"
    schema["description"] = "Sager med en profil, en dato og det forventede udfald; `standards test` kører dem."
    return schema


def translation_json_schema() -> dict[str, Any]:
    from .translations import Translation
    schema = TypeAdapter(Translation).json_schema(by_alias=True)
    # `id: English text` is the text alone: editors accept a string where the mapping goes
    for name in ("RuleText", "InfoText"):
        schema["$defs"][name] = {"anyOf": [{"type": "string"}, {"type": "object", **schema["$defs"][name]}]}
    schema["$schema"] = DRAFT
    schema["title"] = "Oversættelse af en standard (standards-engine)"
    schema["description"] = "Engelsk ved siden af en udgave (<gyldig-fra>.en.yaml), efter reglens id; vises med --lang en."
    return schema


def json_schema(kind: str) -> dict[str, Any]:
    return {"standard": standard_json_schema, "cases": cases_json_schema, "profile": profile_json_schema,
            "translation": translation_json_schema}[kind]()
