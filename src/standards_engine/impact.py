"""What a change of revision does to a caseload: every profile evaluated under both, read once.

A side is a date (the revision in force on it, evaluated on that date) or a revision file (evaluated on
`on` when given, else on the date it applies from). A profile has changed when its outcome or a
recommended quantity differs; the rules that made the difference are those deciding on either side whose
result differs between the two (or that exist on one side only).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from .batch import _case_id
from .caseload import Entry
from .codegen import pair_decider
from .coerce import parse_profile
from .outcome import Outcome, decide
from .errors import InputError, msg
from .messages import quoted
from .recommendation import OUTCOMES
from .repository import Repository, Resolved

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class Side:
    label: str          # as the output names it: the date, or the file
    resolved: Resolved
    on: dt.date         # the evaluation date

    @property
    def path(self) -> str:
        return self.resolved.meta.get("path") or ""


def side(repo: Repository, municipality: str, service: str, spec: str, on: dt.date | None) -> Side:
    """--from or --to: a date YYYY-MM-DD or a revision file."""
    if _DATE.fullmatch(spec):
        try:
            day = dt.date.fromisoformat(spec)
        except ValueError:
            raise InputError(msg("impact_not_a_date", value=spec)) from None
        return Side(spec, repo.standard_for(municipality, service, day), day)
    path = Path(spec)
    if not path.is_file():
        raise InputError(msg("impact_not_a_side", value=quoted(spec)))
    res = repo.resolve(path)
    data = res.text.data
    got = (res.municipality["id"], data["service"]["id"])  # a same_as pointer is Vallensbæk's, its text Ishøj's
    if got != (municipality, service):
        raise InputError(msg("impact_other_standard", value=quoted(spec), got=f"{got[0]}/{got[1]}", want=f"{municipality}/{service}"))
    return Side(res.meta["path"], res, on or data["valid_from"])


@dataclass(slots=True)
class Change:
    entry: Entry
    case_id: str | None
    before: str | None = None
    after: str | None = None
    rules: list[str] = field(default_factory=list)
    recommended_before: dict[str, Any] = field(default_factory=dict)
    recommended_after: dict[str, Any] = field(default_factory=dict)
    error: Any = None   # a Message (or text): why the profile could not be evaluated


@dataclass
class Table:
    """from-outcome -> to-outcome -> count, and the profiles that could not be evaluated."""
    counts: Counter = field(default_factory=Counter)
    changed: int = 0
    errors: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + self.errors

    def as_dict(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for (a, b), n in sorted(self.counts.items(), key=lambda kv: (OUTCOMES.index(kv[0][0]), OUTCOMES.index(kv[0][1]))):
            out.setdefault(a, {})[b] = n
        return out


def difference(a: Outcome, b: Outcome) -> list[str]:
    """The rules deciding on either side whose result differs between the sides, in the standard's order."""
    ra, rb = dict(a.results), dict(b.results)
    out = []
    for rid in [*ra, *(r for r in rb if r not in ra)]:
        if (rid in a.deciding or rid in b.deciding) and ra.get(rid) != rb.get(rid):
            out.append(rid)
    return out


def compare(entries: Iterable[Entry], before: Side, after: Side, table: Table) -> Iterator[Change]:
    """The changed profiles and the ones that could not be evaluated, in input order; `table` counts every profile."""
    ca, cb = before.resolved.compiled, after.resolved.compiled
    both = pair_decider(ca, before.on, cb, after.on)  # generated once: each profile read once, both sides decided
    counts = table.counts
    for entry in entries:
        if entry.error is not None:
            table.errors += 1
            yield Change(entry, _case_id(entry), error=entry.error)
            continue
        try:
            ab = both(entry.data)
            if ab is None:  # the full path, which says what is wrong with the profile
                given = parse_profile(entry.data)
                ab = decide(ca, given, before.on), decide(cb, given, after.on)
            a, b = ab
        except InputError as e:
            table.errors += 1
            yield Change(entry, _case_id(entry), error=e.message)
            continue
        counts[(a.outcome, b.outcome)] += 1
        qa, qb = a.recommended, b.recommended
        if a.outcome != b.outcome or qa != qb:
            table.changed += 1
            yield Change(entry, a.case_id or entry.name, a.outcome, b.outcome, difference(a, b), qa, qb)
