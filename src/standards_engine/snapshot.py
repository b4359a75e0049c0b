"""A validated standard as JSON and back, without validating it again.

Used by the cache: the file's bytes were validated when the entry was
written, so reading it back only rebuilds the models (model_construct), which
costs no schema building at start-up. Dates are tagged so they come back as
dates, not strings.
"""
from __future__ import annotations

import datetime as dt
import json
import typing
from typing import Any

from pydantic import BaseModel

from .schema import SameAs, Standard


def dumps(model: Standard | SameAs) -> str:
    def default(o: Any) -> Any:
        if isinstance(o, dt.date):
            return {"$date": o.isoformat()}
        raise TypeError(type(o))
    kind = "same_as" if isinstance(model, SameAs) else "standard"
    return json.dumps({"kind": kind, "model": model.model_dump(mode="python", by_alias=True)},
                      default=default, ensure_ascii=False)


def loads(text: str) -> Standard | SameAs:
    def hook(d: dict) -> Any:
        return dt.date.fromisoformat(d["$date"]) if len(d) == 1 and "$date" in d else d
    doc = json.loads(text, object_hook=hook)
    return _construct(SameAs if doc["kind"] == "same_as" else Standard, doc["model"])


def _model_in(tp: Any) -> type[BaseModel] | None:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    for arg in typing.get_args(tp):
        m = _model_in(arg)
        if m is not None:
            return m
    return None


def _value(tp: Any, v: Any) -> Any:
    if v is None:
        return None
    m = _model_in(tp)
    if m is None:
        return v
    if isinstance(v, list):
        return [_construct(m, x) if isinstance(x, dict) else x for x in v]
    return _construct(m, v) if isinstance(v, dict) else v


def _construct(model: type[BaseModel], data: dict) -> BaseModel:
    values = {}
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key in data:
            values[name] = _value(field.annotation, data[key])
    return model.model_construct(**values)
