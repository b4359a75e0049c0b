"""The recommendation the engine returns: plain data, JSON as in docs/contract.md §4."""
from __future__ import annotations

from dataclasses import field, fields, is_dataclass
from typing import Any

from .records import record

OUTCOMES = ("refuse", "incomplete", "assess", "partial", "grant")


def _read_only(self: Any, *args: Any, **kwargs: Any) -> None:
    raise TypeError("this part is shared by recommendations and read-only; to_dict() gives a copy to change")


class ReadOnlyDict(dict):
    """A mapping many recommendations share (a rule's citation, an item's details, a file the standard rests on):
    read-only, so it cannot change under them. Reads, JSON and equality are a dict's; to_dict() gives plain ones."""

    __slots__ = ()
    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _read_only  # type: ignore[assignment]

    def __copy__(self) -> dict:
        return dict(self)

    def __deepcopy__(self, memo: dict) -> ReadOnlyDict:
        return self

    def __reduce__(self) -> tuple:
        return ReadOnlyDict, (dict(self),)


class ReadOnlyList(list):
    """A list inside a ReadOnlyDict (what the citizen pays for): read-only for the same reason."""

    __slots__ = ()
    __setitem__ = __delitem__ = append = extend = insert = pop = remove = clear = sort = reverse = __iadd__ = __imul__ = _read_only  # type: ignore[assignment]

    def __copy__(self) -> list:
        return list(self)

    def __deepcopy__(self, memo: dict) -> ReadOnlyList:
        return self

    def __reduce__(self) -> tuple:
        return ReadOnlyList, (list(self),)


_LEAF_TYPES = (str, int, float, bool, type(None))


def read_only(v: Any) -> Any:
    """`v` with its mappings and lists made read-only, when it holds only text, numbers and yes/no; else `v`."""
    t = type(v)
    if t is dict or t is ReadOnlyDict:
        items = {k: read_only(x) for k, x in v.items()}
        if all(type(x) in _LEAF_TYPES or type(x) in (ReadOnlyDict, ReadOnlyList) for x in items.values()):
            return ReadOnlyDict(items)
        return v
    if t is list or t is ReadOnlyList:
        items = [read_only(x) for x in v]
        if all(type(x) in _LEAF_TYPES or type(x) in (ReadOnlyDict, ReadOnlyList) for x in items):
            return ReadOnlyList(items)
        return v
    return v


class PieceKey:
    """Stands for a reason's fixed fields (rule, text, quote, citation …) in recommendation_json: a Reason made by
    the engine carries one under `_piece` until one of those fields is set again."""

    __slots__ = ()


@record(kw_only=True)
class Reason:
    rule: str
    kind: str          # criterion | exclusion | limit
    basis: str         # statute | service_level
    result: str        # met | not_met | unknown | applies | not_applies | within | exceeded
    text: str
    source: str        # the verbatim sentence
    section: str
    line: int | None
    deciding: bool = False
    facts: list[str] = field(default_factory=list)
    note: str | None = None
    origin: str = "municipality"        # law: the law layer's own rule; municipality: the standard's
    citation: dict[str, Any] | None = None   # act, paragraph, stk, nr, text: where the rule comes from in the law
    restates: str | None = None         # the law rule a municipal rule restates (its quote kept)
    requested: bool = True              # false: an exclusion of a part the request did not name

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in _REASON_PER_PROFILE:
            self.__dict__.pop("_piece", None)  # its fixed fields change: the encoded piece no longer stands for it
        object.__setattr__(self, name, value)


_REASON_PER_PROFILE = frozenset({"result", "deciding", "facts", "requested"})


@record(kw_only=True)
class LimitResult:
    rule: str
    fact: str
    requested: float | None
    max: float
    recommended: float | None
    exceeded: bool
    unit: str = ""
    basis: str = "service_level"
    applies: bool | None = True


@record(kw_only=True)
class ContentItem:
    value: str
    label: str
    rules: list[str] = field(default_factory=list)       # the exclusions that cover it (empty: recommended)
    refer_to: list[str] = field(default_factory=list)    # where to apply for it instead


@record(kw_only=True)
class ContentResult:
    """What was asked for (a list fact such as requested_support_tasks), split into what the
    service covers (`recommended`) and what it excludes (`excluded`, with rule and referral)."""
    fact: str
    requested: list[str]
    recommended: list[ContentItem]
    excluded: list[ContentItem]


@record(kw_only=True)
class MissingFact:
    fact: str
    question: str


@record(kw_only=True)
class Alternative:
    service: str
    reason: str
    paragraph: str = ""
    title: str = ""
    note: str | None = None
    # The referral checked against the other paragraph's law rules with the facts at hand:
    # met (nothing in the law layer against it), not_met, unknown; None where the layer has no rules for it.
    check: str | None = None
    check_text: list[str] = field(default_factory=list)   # why not met / what must be checked, with act and §
    instead: str | None = None                             # what applies instead, when not met
    ask: list[MissingFact] = field(default_factory=list)   # unknown: the questions that decide it
    law_notes: list[str] = field(default_factory=list)     # what the law says with any referral to it, with act and §


@record(kw_only=True, frozen=True)
class InfoItem:
    """What the citizen must be told. Shared by the recommendations of a revision, so frozen (details and
    citation read-only where the engine makes them)."""
    topic: str
    text: str
    source: str
    section: str
    basis: str
    details: dict[str, Any] = field(default_factory=dict)
    origin: str = "municipality"
    citation: dict[str, Any] | None = None


@record(kw_only=True)
class Recommendation:
    outcome: str
    outcome_label: str
    municipality: str
    municipality_name: str
    service: str
    service_title: str
    evaluated_on: str
    standard: dict[str, Any]
    reasons: list[Reason]
    limits: list[LimitResult]
    level: dict[str, Any] | None
    missing_facts: list[MissingFact]
    alternatives: list[Alternative]
    information: list[InfoItem]
    notes: list[str]
    content: list[ContentResult] = field(default_factory=list)
    case_id: str | None = None
    lang: str = "da"

    def to_dict(self) -> dict[str, Any]:
        d = _plain(self)
        d.pop("lang")
        return d

    def deciding(self) -> list[Reason]:
        return [r for r in self.reasons if r.deciding]


_FIELDS: dict[type, tuple[str, ...]] = {}
_LEAVES = frozenset({str, int, float, bool, type(None)})


def _plain(o: Any) -> Any:
    """dataclasses.asdict without its deep copy of every leaf: containers are rebuilt (so the caller may change
    them), immutable leaves (text, numbers, dates) are shared. A tenth of asdict's time for a recommendation;
    a leaf is taken as it is without a call (most fields are text)."""
    t = type(o)
    if t in _LEAVES:
        return o
    if t is list or t is ReadOnlyList:
        return [v if type(v) in _LEAVES else _plain(v) for v in o]
    if t is dict or t is ReadOnlyDict:
        return {k: v if type(v) in _LEAVES else _plain(v) for k, v in o.items()}
    names = _FIELDS.get(t)
    if names is None:
        names = _FIELDS[t] = tuple(f.name for f in fields(o)) if is_dataclass(o) and not isinstance(o, type) else ()
    if names:
        d = getattr(o, "__dict__", None)
        if d is None:
            return {n: _plain(getattr(o, n)) for n in names}
        return {n: v if type(v := d[n]) in _LEAVES else _plain(v) for n in names}
    if t is tuple:
        return tuple(v if type(v) in _LEAVES else _plain(v) for v in o)
    return o
