"""The canonical data of a validated standard as JSON and back (for the cache).

Dates are tagged so they come back as dates, not strings; nothing else in the
canonical data needs tagging (numbers, strings, booleans, lists, mappings).
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any


def dumps(data: dict) -> str:
    def default(o: Any) -> Any:
        if isinstance(o, dt.date):
            return {"$date": o.isoformat()}
        raise TypeError(f"not JSON: {type(o).__name__}")
    return json.dumps(data, default=default, ensure_ascii=False)


def loads(text: str) -> dict:
    def hook(d: dict) -> Any:
        return dt.date.fromisoformat(d["$date"]) if len(d) == 1 and "$date" in d else d
    return json.loads(text, object_hook=hook)
