"""A recommendation as JSON: byte for byte what json.dumps of Recommendation.to_dict() gives, made from pieces.

The JSON of a recommendation is mostly text that does not depend on the profile: each reason's text, quote,
section and citation, the information items, the files the standard rests on. json.dumps encodes all of it
again for every recommendation (with indent=2 in Python, not C). Here each such piece is encoded once, the
first time it is seen, and kept with the values it was made from; it is reused only while the object holds the
very same values (compared by identity, down into nested mappings and lists, which the piece keeps alive), so
a recommendation changed after check() is encoded as it is now, and an equal value that is another object
only costs a fresh piece. Everything else goes through json.dumps itself.

Two layouts: `indent=2` as `standards check --format json` prints (render.to_json) and compact, one line, as
`standards batch` writes (batch.json_line). Both turn a whole-number float of a limit into an integer, as
they always did.
"""
from __future__ import annotations

import json
from dataclasses import fields
from json.encoder import encode_basestring as _s  # what json.dumps(ensure_ascii=False) uses for a str (C)
from operator import is_
from typing import Any

from .recommendation import (Alternative, InfoItem, LimitResult, MissingFact, ReadOnlyDict, ReadOnlyList, Reason,
                             Recommendation, _plain)

_VAR = object()   # marks a field encoded per recommendation in a template
_MAX_PIECES = 20_000   # pieces kept per kind: profile-dependent keys (a caseload's case ids) never pile up


def _default(o: Any) -> Any:
    return o.isoformat() if hasattr(o, "isoformat") else str(o)


class _Layout:
    """compact (separators "," and ":", one line) or indented by 2 as json.dumps(indent=2) writes it."""

    def __init__(self, indent: bool):
        self.indent = indent
        self.pieces: dict[Any, Any] = {}

    def pad(self, level: int) -> str:
        return "\n" + "  " * level

    def generic(self, v: Any, level: int) -> str:
        """Any value, through json.dumps (the reference), placed at `level`."""
        v = _plain(v)
        if self.indent:
            return json.dumps(v, ensure_ascii=False, indent=2, default=_default).replace("\n", self.pad(level))
        return json.dumps(v, ensure_ascii=False, separators=(",", ":"), default=_default)

    def template(self, fields: list[tuple[str, Any]], level: int) -> tuple[str, ...]:
        """An object's text cut at its variable fields: c0 v1 c1 v2 … vn cn, the constants encoded once."""
        if not fields:
            return ("{}",)
        chunks, cur = [], "{"
        for i, (key, value) in enumerate(fields):
            if self.indent:
                cur += ("," if i else "") + self.pad(level + 1) + f'"{key}": '
            else:
                cur += ("," if i else "") + f'"{key}":'
            if value is _VAR:
                chunks.append(cur)
                cur = ""
            else:
                cur += self.generic(value, level + 1)
        cur += (self.pad(level) + "}") if self.indent else "}"
        chunks.append(cur)
        return tuple(chunks)

    def array(self, items: list[str], level: int) -> str:
        """A list whose items are already encoded for `level + 1`."""
        if not items:
            return "[]"
        if self.indent:
            inner = self.pad(level + 1)
            return "[" + inner + ("," + inner).join(items) + self.pad(level) + "]"
        return "[" + ",".join(items) + "]"

    def strings(self, v: Any, level: int) -> str:
        if type(v) is list:
            if not v:
                return "[]"
            try:
                items = [_s(x) for x in v]  # TypeError for anything but text
            except TypeError:
                return self.generic(v, level)
            return self.array(items, level)
        return self.generic(v, level)

    def piece(self, kind: str, key: Any, values: tuple, make) -> Any:
        """The piece kept for (kind, key) if it was made from the very same `values`, else a new one. The values
        are compared by identity; a container among them also by its contents (_frozen), unless it is read-only."""
        hit = self.pieces.get((kind, key))
        if hit is not None and all(map(is_, values, hit[0])) and all(_same(values[i], f) for i, f in hit[1]):
            return hit[2]
        if len(self.pieces) > _MAX_PIECES:
            self.pieces.clear()
        made = make()
        nested = tuple((i, _frozen(v)) for i, v in enumerate(values) if type(v) not in _SHARED)
        self.pieces[(kind, key)] = (values, nested, made)
        return made


# Values whose identity is their content; and with the read-only containers (recommendation.read_only makes
# them only of such values), values that cannot change under a piece.
_IMMUTABLE = frozenset({str, int, float, bool, type(None)})
_SHARED = _IMMUTABLE | {ReadOnlyDict, ReadOnlyList}


def _frozen(v: Any) -> Any:
    """What a piece was made from: immutable values as the objects themselves, containers as their type and
    contents in order (a later change to a container in place no longer matches)."""
    t = type(v)
    if t in _IMMUTABLE:
        return v
    if t is dict:
        return (dict, tuple((k, _frozen(x)) for k, x in v.items()))
    if t is list or t is tuple:
        return (t, tuple(_frozen(x) for x in v))
    return (t, v)  # anything else: never matched again (compared by identity of a fresh tuple)


def _same(v: Any, f: Any) -> bool:
    """`v` is what `f` (from _frozen) was made from: the same objects, the same containers' contents in order."""
    t = type(v)
    if t in _IMMUTABLE:
        return v is f
    if type(f) is not tuple or len(f) != 2 or f[0] is not t:
        return False
    items = f[1]
    if t is dict:
        if len(v) != len(items):
            return False
        for (k, x), (fk, fx) in zip(v.items(), items):
            if k is not fk:
                return False
            if x is not fx and not (type(x) not in _IMMUTABLE and _same(x, fx)):
                return False
        return True
    if t is list or t is tuple:
        if len(v) != len(items):
            return False
        for x, fx in zip(v, items):
            if x is not fx and not (type(x) not in _IMMUTABLE and _same(x, fx)):
                return False
        return True
    return False


def _bool(v: Any) -> str | None:
    return "true" if v is True else "false" if v is False else None


def _num(v: Any) -> str | None:
    """A limit's figure as to_json and batch always wrote it: a whole float as an integer."""
    t = type(v)
    if v is None:
        return "null"
    if t is int:
        return int.__repr__(v)
    if t is float and v == v and v not in (float("inf"), float("-inf")):
        return int.__repr__(int(v)) if v.is_integer() else float.__repr__(v)
    return None


# --- the pieces ----------------------------------------------------------------------------------------------

_REASON_CONST = ("rule", "kind", "basis", "text", "source", "section", "line", "note", "origin", "citation", "restates")
_REASON_FIELDS = ("rule", "kind", "basis", "result", "text", "source", "section", "line", "deciding", "facts", "note",
                  "origin", "citation", "restates", "requested")
_REASON_VAR = frozenset({"result", "deciding", "facts", "requested"})


def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


# The fast paths below know these classes' fields; should a field be added, they step aside (json.dumps) until
# taught it, rather than leave it out.
_FAST_REASON = _names(Reason) == _REASON_FIELDS


def _reason(lay: _Layout, r: Any, level: int) -> str:
    if type(r) is not Reason or not _FAST_REASON:
        return lay.generic(r, level)
    d = r.__dict__
    result, deciding, requested, facts = d["result"], d["deciding"], d["requested"], d["facts"]
    if type(result) is not str or (deciding is not True and deciding is not False) or (
            requested is not True and requested is not False):
        return lay.generic(r, level)
    key = d.get("_piece")  # the engine's reasons: fixed fields as made, unchanged since (Reason.__setattr__)
    if key is not None:
        entry = lay.pieces.get((key, level))
        if entry is None:
            entry = lay.pieces[(key, level)] = (lay.template(
                [(k, _VAR if k in _REASON_VAR else d[k]) for k in _REASON_FIELDS], level), {})
        c, done = entry
        # A rule has few states (result, deciding, the facts that keep it open, requested): each state's
        # text is kept whole, so a caseload joins it once per state, not once per profile.
        state = (result, deciding, requested, *facts) if type(facts) is list else None
        text = done.get(state) if state is not None else None
        if text is not None:
            return text
    else:
        c = lay.piece("reason", (r.rule, r.text, level), tuple(map(d.get, _REASON_CONST)), lambda: lay.template(
            [(k, _VAR if k in _REASON_VAR else d[k]) for k in _REASON_FIELDS], level))
        state = None
    text = "".join((c[0], _s(result), c[1], "true" if deciding else "false", c[2],
                    "[]" if facts == [] and type(facts) is list else lay.strings(facts, level + 1), c[3],
                    "true" if requested else "false", c[4]))
    if state is not None and len(done) < 256 and all(type(f) is str for f in facts):
        done[state] = text
    return text


_LIMIT_FIELDS = ("rule", "fact", "requested", "max", "recommended", "exceeded", "unit", "basis", "applies")
_LIMIT_CONST = ("rule", "fact", "unit", "basis")
_FAST_LIMIT = _names(LimitResult) == _LIMIT_FIELDS


def _limit(lay: _Layout, lim: Any, level: int) -> str:
    if type(lim) is not LimitResult or not _FAST_LIMIT:
        return _limit_generic(lay, lim, level)
    d = lim.__dict__
    rule, fact, unit, basis = d["rule"], d["fact"], d["unit"], d["basis"]
    key = ("limit", rule, fact, level)
    hit = lay.pieces.get(key)
    if hit is not None and hit[0] is rule and hit[1] is fact and hit[2] is unit and hit[3] is basis \
            and type(rule) is str and type(fact) is str and type(unit) is str and type(basis) is str:
        c = hit[4]
    else:
        c = lay.template([(k, d[k] if k in _LIMIT_CONST else _VAR) for k in _LIMIT_FIELDS], level)
        lay.pieces[key] = (rule, fact, unit, basis, c)
    req, mx, rec = _num(d["requested"]), _num(d["max"]), _num(d["recommended"])
    exceeded, applies = d["exceeded"], d["applies"]
    if req is None or mx is None or rec is None or (exceeded is not True and exceeded is not False) or (
            applies is not None and applies is not True and applies is not False):
        return _limit_generic(lay, lim, level)
    return "".join((c[0], req, c[1], mx, c[2], rec, c[3], "true" if exceeded else "false", c[4],
                    "null" if applies is None else "true" if applies else "false", c[5]))


def _limit_generic(lay: _Layout, lim: Any, level: int) -> str:
    d = _plain(lim)
    if type(d) is dict:
        for k in ("requested", "max", "recommended"):
            if isinstance(d.get(k), float) and d[k].is_integer():
                d[k] = int(d[k])
    return lay.generic(d, level)


_FAST_MISSING = _names(MissingFact) == ("fact", "question")


def _missing(lay: _Layout, m: Any, level: int) -> str:
    if type(m) is not MissingFact or not _FAST_MISSING or type(m.fact) is not str or type(m.question) is not str:
        return lay.generic(m, level)
    key = ("missing", m.fact, m.question, level)  # the key is the whole content
    hit = lay.pieces.get(key)
    if hit is None:
        if len(lay.pieces) > _MAX_PIECES:
            lay.pieces.clear()
        hit = lay.pieces[key] = lay.template([("fact", m.fact), ("question", m.question)], level)[0]
    return hit


_ALT_CONST = ("service", "reason", "paragraph", "title")
_ALT_FIELDS = _names(Alternative)


def _value(lay: _Layout, v: Any, level: int) -> str:
    """A field encoded per recommendation: text, nothing, yes/no, a list of text or of questions; else json.dumps."""
    t = type(v)
    if t is str:
        return _s(v)
    if v is None:
        return "null"
    if t is bool:
        return "true" if v else "false"
    if t is list:
        if v and all(type(m) is MissingFact for m in v):
            return lay.array([_missing(lay, m, level + 1) for m in v], level)
        return lay.strings(v, level)
    return lay.generic(v, level)


def _alternative(lay: _Layout, a: Any, level: int) -> str:
    if type(a) is not Alternative:
        return lay.generic(a, level)
    d = a.__dict__
    snap = tuple(map(d.get, _ALT_CONST))
    c = lay.piece("alternative", (a.service, a.reason, level), snap, lambda: lay.template(
        [(k, d[k] if k in _ALT_CONST else _VAR) for k in _ALT_FIELDS], level))
    sub = level + 1
    parts = [c[0]]
    for i, k in enumerate(k for k in _ALT_FIELDS if k not in _ALT_CONST):
        parts += (_value(lay, d[k], sub), c[i + 1])
    return "".join(parts)


_INFO_FIELDS = _names(InfoItem)


def _info(lay: _Layout, i: Any, level: int) -> str:
    if type(i) is not InfoItem:
        return lay.generic(i, level)
    if _frozen_item(i):  # the item itself stands for its JSON
        hit = lay.pieces.get((id(i), level))
        if hit is not None and hit[0] is i:
            return hit[1]
        made = lay.generic(i, level)
        if len(lay.pieces) > _MAX_PIECES:
            lay.pieces.clear()
        lay.pieces[(id(i), level)] = (i, made)  # keeps `i` alive, so its id is not reused
        return made
    d = i.__dict__
    return lay.piece("info", (i.topic, i.text, level), tuple(map(d.get, _INFO_FIELDS)), lambda: lay.generic(i, level))


def _frozen_item(i: Any) -> bool:
    """A frozen InfoItem whose details and citation are read-only: nothing in it can change."""
    return type(i) is InfoItem and type(i.details) is ReadOnlyDict and type(i.citation) in _SHARED


def _information(lay: _Layout, items: Any, level: int) -> str:
    """The information items: the revision's own list, the same items every time, as one piece."""
    if type(items) is not list:
        return lay.generic(items, level)
    key = ("information", level, *map(id, items))
    hit = lay.pieces.get(key)
    if hit is not None and all(map(is_, items, hit[0])):
        return hit[1]
    made = lay.array([_info(lay, i, level + 1) for i in items], level)
    if all(map(_frozen_item, items)):
        if len(lay.pieces) > _MAX_PIECES:
            lay.pieces.clear()
        lay.pieces[key] = (tuple(items), made)  # keeps the items alive, so their ids are not reused
    return made


def _standard(lay: _Layout, std: Any, level: int) -> str:
    """The files a recommendation rests on: each recommendation has its own mapping of the same shared values
    (the lists of law versions and files read-only); anything else is compared item by item."""
    if type(std) is not dict:
        return lay.generic(std, level)
    key = ("standard", std.get("sha256"), std.get("path"), level)
    hit = lay.pieces.get(key)
    if hit is not None and len(std) == len(hit[0]) and all(map(is_, std, hit[0])) and all(map(is_, std.values(), hit[1])):
        return hit[2]
    made = lay.generic(std, level)
    if all(type(v) in _SHARED for v in std.values()):
        if len(lay.pieces) > _MAX_PIECES:
            lay.pieces.clear()
        lay.pieces[key] = (tuple(std), tuple(std.values()), made)
    return made


_TOP = tuple(n for n in _names(Recommendation) if n != "lang")   # the members of to_dict(), in order


def _list_of(one):
    def encode(lay: _Layout, v: Any) -> str:
        if type(v) is not list:
            return lay.generic(v, 1)
        return lay.array([one(lay, x, 2) for x in v], 1) if v else "[]"
    return encode


# How each top-level member is encoded (level 1); any other member: text as text, else json.dumps.
_MEMBER = {
    "standard": lambda lay, v: _standard(lay, v, 1),
    "reasons": _list_of(_reason), "limits": _list_of(_limit), "missing_facts": _list_of(_missing),
    "alternatives": _list_of(_alternative),
    "information": lambda lay, v: _information(lay, v, 1),
    "notes": lambda lay, v: lay.strings(v, 1),
}


def _members(lay: _Layout, rec: Recommendation, skip: str | None = None) -> dict[str, str]:
    """Each top-level member's value, encoded for level 1 (but `skip`)."""
    d = rec.__dict__
    out: dict[str, str] = {}
    for k in _TOP:
        if k == skip:
            continue
        v = d[k]
        one = _MEMBER.get(k)
        if one is not None:
            out[k] = one(lay, v)
        elif type(v) is str:
            out[k] = _s(v)
        elif v is None:
            out[k] = "null"
        elif type(v) is list and not v:
            out[k] = "[]"
        else:
            out[k] = lay.generic(v, 1)
    return out


_INDENTED = _Layout(indent=True)
_COMPACT = _Layout(indent=False)


def _exact(rec: Any) -> bool:
    """The fast path covers a Recommendation with exactly its own fields (anything else: json.dumps)."""
    return type(rec) is Recommendation and len(rec.__dict__) == len(_TOP) + 1 and all(k in rec.__dict__ for k in _TOP)


def indented(rec: Recommendation) -> str:
    """json.dumps(rec.to_dict(), ensure_ascii=False, indent=2), limits' whole floats as integers."""
    if not _exact(rec):
        return _INDENTED.generic(_whole(rec.to_dict()), 0)
    try:
        m = _members(_INDENTED, rec)
    except TypeError:  # a value changed into something a piece cannot be keyed on (a list for a text)
        return _INDENTED.generic(_whole(rec.to_dict()), 0)
    return "{\n  " + ",\n  ".join(f'"{k}": {m[k]}' for k in _TOP) + "\n}"


def compact_line(rec: Recommendation, position: dict[str, Any]) -> str:
    """One line as batch always wrote it: {**position, "case_id": …, "outcome": …, **rec.to_dict()} (so case_id
    keeps its place after the position and takes the recommendation's value), limits' whole floats as integers."""
    if not _exact(rec):
        full = _whole(rec.to_dict())
        return _COMPACT.generic({**position, "case_id": None, "outcome": full.pop("outcome"), **full}, 0)
    try:
        m = _members(_COMPACT, rec)
    except TypeError:  # a value changed into something a piece cannot be keyed on (a list for a text)
        full = _whole(rec.to_dict())
        return _COMPACT.generic({**position, "case_id": None, "outcome": full.pop("outcome"), **full}, 0)
    parts = [f'"{k}":' + (int.__repr__(v) if type(v) is int else _s(v) if type(v) is str else _COMPACT.generic(v, 0))
             for k, v in position.items()]
    parts += [f'"{k}":{m[k]}' for k in _LINE_ORDER]
    return "{" + ",".join(parts) + "}"


_LINE_ORDER = ("case_id", "outcome", *(k for k in _TOP if k not in ("outcome", "case_id")))
_AFTER_CASE_ID = tuple((k, f',"{k}":') for k in _LINE_ORDER[1:])   # one text object per member name
LIMITS_KEY = dict(_AFTER_CASE_ID)["limits"]   # compact_parts: the part after it is the `limits` member


def compact_limits(limits: Any) -> str | None:
    """The `limits` member of a compact line, as compact_parts gives it for a recommendation with these limits."""
    try:
        return _MEMBER["limits"](_COMPACT, limits)
    except TypeError:
        return None


def compact_head(position: dict[str, Any], case_id: Any) -> str:
    """compact_line's text up to and with the case_id member: `{"line":7,"case_id":"sag-1"`."""
    parts = [f'"{k}":' + (int.__repr__(v) if type(v) is int else _s(v) if type(v) is str else _COMPACT.generic(v, 0))
             for k, v in position.items()]
    parts.append('"case_id":' + (_s(case_id) if type(case_id) is str else "null" if case_id is None
                                 else _COMPACT.generic(case_id, 0)))
    return "{" + ",".join(parts)


def compact_parts(rec: Recommendation) -> list[str] | None:
    """The rest of compact_line's text after the case_id member (`,"outcome":…}`), in parts: each reason's text a
    part of its own, which is the very same text object for the same state of the same rule, so a caller keeping
    many lines (batch.Lines) keeps each big text once. None where compact_line would not take its fast road."""
    if not _exact(rec) or type(rec.reasons) is not list:
        return None
    try:
        items = [_reason(_COMPACT, r, 2) for r in rec.reasons]
        m = _members(_COMPACT, rec, skip="reasons")
    except TypeError:
        return None
    parts: list[str] = []
    for k, key in _AFTER_CASE_ID:
        parts.append(key)
        if k != "reasons":
            parts.append(m[k])
        elif not items:
            parts.append("[]")
        else:
            parts.append("[")
            for i, text in enumerate(items):
                if i:
                    parts.append(",")
                parts.append(text)
            parts.append("]")
    parts.append("}")
    return parts


def _whole(d: dict) -> dict:
    for lim in d.get("limits") or ():
        if isinstance(lim, dict):
            for k in ("requested", "max", "recommended"):
                if isinstance(lim.get(k), float) and lim[k].is_integer():
                    lim[k] = int(lim[k])
    return d
