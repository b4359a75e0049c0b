"""The JSON Schema of a standard file, for YAML editors (schemas/standard.schema.json)."""
from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from .schema import SameAs, Standard


def standard_json_schema() -> dict[str, Any]:
    schema = TypeAdapter(Standard | SameAs).json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Kvalitetsstandard (standards-engine)"
    schema["description"] = "Én udgave af en kommunes kvalitetsstandard for én ydelse efter serviceloven, eller en henvisning (same_as) til en fælles tekst."
    return schema
