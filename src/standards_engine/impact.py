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
    data = res.compiled.data
    got = (data["municipality"]["id"], data["service"]["id"])
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
    """The changed profiles and the ones that could not be evaluated, in input order; `table` counts every profile.
    A large JSON Lines file is read in two halves at once, one in a forked process (see _in_two)."""
    two = _in_two(entries, before, after, table)
    yield from two if two is not None else _one(entries, before, after, table)


def _one(entries: Iterable[Entry], before: Side, after: Side, table: Table) -> Iterator[Change]:
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


# --- a large file on two cores ------------------------------------------------------------------------------

TWO_FROM = 16 << 20  # bytes (some 40,000 profiles): below this a second process costs more than it saves


def _in_two(entries: Any, before: Side, after: Side, table: Table, least: int | None = None) -> Iterator[Change] | None:
    """The second half of a JSON Lines file compared in a forked process while this one does the first; its
    changes follow the first half's, so the output is the one compare gives in one process, in input order.
    None where that cannot be done (standard input, CSV, a small file, one core, no fork)."""
    import os
    path = getattr(entries, "path", None)
    if (path is None or getattr(entries, "kind", None) != "jsonl" or not hasattr(os, "fork")
            or len(os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else range(os.cpu_count() or 1)) < 2
            or os.environ.get("STANDARDS_ONE_PROCESS")):
        return None
    size = entries.total or 0
    if size < (TWO_FROM if least is None else least):
        return None
    return _two_halves(entries, path, size, before, after, table)


def _split(path: str, size: int) -> tuple[int, int] | None:
    """Where the second half starts (the first line starting after the middle) and how many lines lie before it."""
    from .yamlio import MAX_PROFILE_BYTES
    with open(path, "rb") as f:
        f.seek(size // 2)
        while True:  # to the end of the line the middle falls in, a bounded piece at a time
            piece = f.readline(MAX_PROFILE_BYTES)
            if not piece or piece.endswith(b"\n"):
                break
        cut = f.tell()
        if cut >= size:
            return None
        f.seek(0)
        lines, left = 0, cut
        while left:
            chunk = f.read(min(left, 1 << 20))
            if not chunk:
                return None
            lines += chunk.count(b"\n")
            left -= len(chunk)
    return cut, lines


class _Upto:
    """A binary file read up to a byte offset: the first half."""

    def __init__(self, fh: Any, end: int):
        self.fh, self.end = fh, end

    def readline(self, size: int = -1) -> bytes:
        left = self.end - self.fh.tell()
        return self.fh.readline(min(size, left) if size >= 0 else left) if left > 0 else b""

    def __enter__(self) -> "_Upto":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.fh.close()


def _two_halves(entries: Any, path: str, size: int, before: Side, after: Side, table: Table) -> Iterator[Change]:
    import os
    import pickle
    import tempfile
    from .caseload import _jsonl
    from .errors import InputError, msg
    where = _split(path, size)
    if where is None:
        yield from _one(entries, before, after, table)
        return
    cut, lines = where
    results = tempfile.TemporaryFile()  # the second half's changes, until the first half's are out
    pid = os.fork()
    if pid == 0:  # the second half: its changes and its counts into the file, then gone without running any exit code
        code = 1
        try:
            mine = Table()
            with open(path, "rb") as fh:
                fh.seek(cut)
                write, dumps, top = results.write, pickle.dumps, pickle.HIGHEST_PROTOCOL
                for ch in _one(_jsonl(fh, lines), before, after, mine):
                    ch.entry.data = None  # the profile itself is not needed to report it
                    write(dumps(ch, top))  # one by one: a Pickler would remember every change it wrote
                write(dumps(mine, top))
            results.flush()
            code = 0
        finally:
            os._exit(code)
    try:
        first = open(path, "rb")
        entries.total, entries.done = cut, first.tell  # the progress bar follows the first half
        yield from _one(_jsonl(_Upto(first, cut)), before, after, table)
    finally:
        _, status = os.waitpid(pid, 0)
    if status != 0:
        raise InputError(msg("impact_half_failed"))
    results.seek(0)
    with results:
        while True:
            item = pickle.load(results)  # one by one, so memory stays flat (an Unpickler would keep them all)
            if isinstance(item, Table):
                table.counts.update(item.counts)
                table.changed += item.changed
                table.errors += item.errors
                return
            yield item
