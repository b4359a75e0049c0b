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
from typing import Any, Callable, Iterable, Iterator

from .batch import _case_id
from .caseload import Entry
from .codegen import pair_reader
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


# Distinct profiles remembered at once (a profile's key and its two outcomes' summary, some hundreds of bytes):
# when full, the memo starts again, so memory stays flat whatever the caseload holds.
MEMO_SIZE = 1 << 16


def compare(entries: Iterable[Entry], before: Side, after: Side, table: Table, memo_size: int = MEMO_SIZE,
            tick: Callable[[int], None] | None = None) -> Iterator[Change]:
    """The changed profiles and the ones that could not be evaluated, in input order; `table` counts every profile.

    Why a memo: the decision reads a known set of facts, so two profiles that agree on them (whatever their case_id)
    get the same two outcomes; each distinct one is decided once. Every profile is still read and checked on its
    own (types, ranges, a CPR number in text) before its key is looked up, and anything the generated function
    cannot vouch for goes to the full path, one profile at a time. `tick(n)` is told now and then how many
    profiles have been read."""
    ca, cb = before.resolved.compiled, after.resolved.compiled
    read, keyed = pair_reader(ca, before.on, cb, after.on)  # generated once: each profile read once, both sides decided
    counts = table.counts
    memo: dict = {}
    seen = 0
    for entry in entries:
        seen += 1
        if tick is not None and not seen & 1023:
            tick(seen)
        if entry.error is not None:
            table.errors += 1
            yield Change(entry, _case_id(entry), error=entry.error)
            continue
        data = entry.data
        r = read(data)
        if r is not None:
            key, case_id = r
            hit = memo.get(key)
            if hit is None:
                ab = keyed(key, case_id)
                if ab is not None:
                    hit = _summary(*ab)
                    if len(memo) >= memo_size:
                        memo.clear()
                    memo[key] = hit
        if r is None or hit is None:  # the full path, which says what is wrong with the profile or decides it
            try:
                given = parse_profile(data)
                a, b = decide(ca, given, before.on), decide(cb, given, after.on)
            except InputError as e:
                table.errors += 1
                yield Change(entry, _case_id(entry), error=e.message)
                continue
            hit, case_id = _summary(a, b), a.case_id
        counts[hit[0]] += 1
        if hit[1]:
            table.changed += 1
            (oa, ob), _, rules, qa, qb = hit
            yield Change(entry, case_id or entry.name, oa, ob, list(rules), dict(qa), dict(qb))
    if tick is not None:
        tick(seen)


def _summary(a: Outcome, b: Outcome) -> tuple:
    """What a profile's two outcomes say in the table and the list of changes (no case_id: it is shared)."""
    qa, qb = a.recommended, b.recommended
    pair = (a.outcome, b.outcome)
    if a.outcome != b.outcome or qa != qb:
        return pair, True, tuple(difference(a, b)), qa, qb
    return pair, False
