"""`record`: dataclasses.dataclass with one __eq__, __repr__ and __hash__ for all, instead of one compiled per class.

dataclasses writes and compiles __init__, __repr__ and __eq__ for every class as it is made; for the two dozen
classes a `standards check` loads that was about 7 ms of its start-up (issue 8's cold start: measured with the
classes made both ways). Only __init__ (and a frozen class's __setattr__) must be made per class; the methods here
compare, print and hash as the generated ones do (the same tuples of the same fields; a test holds them to it).
"""
from __future__ import annotations

import dataclasses
from typing import Any


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        names = self.__record_compare__
        return tuple([getattr(self, n) for n in names]) == tuple([getattr(other, n) for n in names])
    return NotImplemented


def _repr(self: Any) -> str:
    return self.__class__.__qualname__ + "(" + ", ".join(
        f"{n}={getattr(self, n)!r}" for n in self.__record_repr__) + ")"


def _hash(self: Any) -> int:
    return hash(tuple([getattr(self, n) for n in self.__record_hash__]))


def record(cls: type | None = None, /, *, frozen: bool = False, kw_only: bool = False, slots: bool = False) -> Any:
    """As @dataclass(frozen=, kw_only=, slots=) with eq and repr on (the defaults)."""
    def wrap(c: type) -> type:
        own = c.__dict__
        out = dataclasses.dataclass(c, eq=False, repr=False, frozen=frozen, kw_only=kw_only, slots=slots)
        fs = dataclasses.fields(out)
        out.__record_compare__ = tuple(f.name for f in fs if f.compare)
        out.__record_repr__ = tuple(f.name for f in fs if f.repr)
        out.__record_hash__ = tuple(f.name for f in fs if (f.compare if f.hash is None else f.hash))
        if "__repr__" not in own:
            out.__repr__ = _repr
        if "__eq__" not in own:
            out.__eq__ = _eq
            if "__hash__" not in own:
                # as dataclass(eq=True): hashable by its fields when frozen, not hashable otherwise
                out.__hash__ = _hash if frozen else None
        return out
    return wrap if cls is None else wrap(cls)
