"""A caseload through one standard: one result per profile, in input order, one at a time.

The revision in force is found once for the whole run, each profile is read, checked and evaluated as
`standards check` would, and a profile that cannot be (a wrong type, a CPR number, bad JSON) becomes an
error row for that profile only. Rows are turned into JSON Lines or CSV lines here; the CLI writes them.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from .caseload import Entry, error_text
from .codegen import fast_decider
from .coerce import parse_profile
from .cpr import looks_like_cpr
from .engine import evaluate
from .outcome import Outcome, decide
from .errors import InputError
from .i18n import OUTCOME
from .recommendation import OUTCOMES, Recommendation
from .recommendation_json import compact_line
from .repository import Resolved


@dataclass(slots=True)
class Row:
    entry: Entry
    case_id: str | None
    outcome: str | None = None
    error: Any = None   # a Message (or text) saying why the profile could not be evaluated
    rec: Recommendation | None = None
    decision: Outcome | None = None   # with outcome_only: the outcome alone, no reasons built


@dataclass
class Summary:
    """Counts per outcome and the profiles that could not be evaluated."""
    outcomes: Counter = field(default_factory=Counter)
    errors: int = 0
    first_errors: list[str] = field(default_factory=list)  # where, for the summary line: the first few

    @property
    def total(self) -> int:
        return sum(self.outcomes.values()) + self.errors

    def add(self, row: Row, lang: str) -> None:
        if row.error is not None:
            self.errors += 1
            if len(self.first_errors) < 5:
                self.first_errors.append(row.entry.where(lang))
        else:
            self.outcomes[row.outcome] += 1

    def text(self, lang: str = "da") -> str:
        en = lang == "en"
        n = self.total
        parts = [f"{count(self.outcomes[o], lang)} {OUTCOME[lang][o]}" for o in OUTCOMES if self.outcomes[o]]
        head = (f"{count(n, lang)} profile{'s' if n != 1 else ''}" if en else f"{count(n, lang)} profil{'er' if n != 1 else ''}")
        text = head + (": " + ", ".join(parts) if parts else "") + "."
        if self.errors:
            more = ", …" if self.errors > len(self.first_errors) else ""
            text += (f" {count(self.errors, lang)} could not be evaluated ({', '.join(self.first_errors)}{more})." if en else
                     f" {count(self.errors, lang)} kunne ikke vurderes ({', '.join(self.first_errors)}{more}).")
        return text


def count(n: int, lang: str = "da") -> str:
    """A count as a reader writes it: 12.345 in Danish, 12,345 in English."""
    return f"{n:,}" if lang == "en" else f"{n:,}".replace(",", ".")


def _case_id(entry: Entry) -> str | None:
    """The case's id as given, where it may be shown (never a CPR-like number); an example case's name."""
    d = entry.data
    cid = d.get("case_id") if type(d) is dict else None
    if type(cid) is str and not looks_like_cpr(cid):
        return cid
    return entry.name


def evaluate_caseload(entries: Iterable[Entry], resolved: Resolved, on: dt.date, lang: str = "da",
                      outcome_only: bool = False) -> Iterator[Row]:
    """One Row per entry, in order: the full recommendation, or with `outcome_only` the outcome alone."""
    compiled, meta = resolved.compiled, resolved.meta
    fast = fast_decider(compiled, on) if outcome_only else None
    for entry in entries:
        if entry.error is not None:
            yield Row(entry, _case_id(entry), error=entry.error)
            continue
        try:
            if fast is not None:
                # the generated function for a profile it can vouch for; the full path says what is wrong with any other
                d = fast(entry.data) or decide(compiled, parse_profile(entry.data), on)
                yield Row(entry, d.case_id or entry.name, d.outcome, decision=d)
                continue
            given = parse_profile(entry.data)
            rec = evaluate(compiled, given, on, lang, meta)
        except InputError as e:
            yield Row(entry, _case_id(entry), error=e.message)
            continue
        yield Row(entry, rec.case_id or entry.name, rec.outcome, rec=rec)


# --- what a row says -------------------------------------------------------------------------------------

def against(rec: Recommendation) -> list[str]:
    """The ids of the rules decided against the request (not met, applying exclusions, exceeded limits)."""
    return [r.rule for r in rec.reasons if r.result in ("not_met", "exceeded") or (r.kind == "exclusion" and r.result == "applies")]


def recommended(rec: Recommendation) -> dict[str, float]:
    """The quantity recommended per limited fact: the smallest of its limits' recommendations."""
    out: dict[str, float] = {}
    for lim in rec.limits:
        if lim.recommended is not None:
            v = lim.recommended
            out[lim.fact] = min(out.get(lim.fact, v), v)
    return {k: _num(v) for k, v in out.items()}


def _num(v: Any) -> Any:
    return int(v) if isinstance(v, float) and v.is_integer() else v


def _position(entry: Entry) -> dict[str, Any]:
    if entry.file is None:
        return {"line": entry.line}
    return {"file": entry.file, "line": entry.line}


def _default(o: Any) -> Any:
    return o.isoformat() if hasattr(o, "isoformat") else str(o)


def json_line(row: Row, outcome_only: bool, lang: str = "da") -> str:
    """One JSON object on one line: the position, case_id and outcome, then the short form or the whole recommendation."""
    pos = _position(row.entry)
    if row.error is not None:
        d = {**pos, "case_id": row.case_id, "error": error_text(row.error, lang)}
    elif row.decision is not None:
        o = row.decision
        d = {**pos, "case_id": row.case_id, "outcome": o.outcome, "level": o.level, "recommended": o.recommended,
             "against": o.against}
    else:
        # {**pos, "case_id": …, "outcome": …, **the recommendation}, from pieces encoded once per revision
        return compact_line(row.rec, pos)
    return _encode(d)


# One encoder for every line: json.dumps with any option builds a new one per call.
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_default).encode


CSV_COLUMNS = ("line", "file", "case_id", "outcome", "outcome_label", "level", "recommended", "against", "error")
CSV_FULL_COLUMNS = CSV_COLUMNS[:-1] + ("deciding", "missing", "referrals", "error")


def csv_header(outcome_only: bool) -> str:
    return _csv_line(CSV_COLUMNS if outcome_only else CSV_FULL_COLUMNS)


_WRITERS = threading.local()  # one writer per thread for every line (a caseload has a million), not one per line


def _csv_line(cells: Iterable[Any]) -> str:
    w = getattr(_WRITERS, "w", None)
    if w is None:
        buf = io.StringIO()
        w = _WRITERS.w = buf, csv.writer(buf, lineterminator="\n").writerow
    buf, row = w
    buf.seek(0)
    buf.truncate()
    row(cells)
    return buf.getvalue().rstrip("\n")


def csv_line(row: Row, outcome_only: bool, lang: str = "da") -> str:
    """One CSV row; lists are `;`-separated inside their cell, a limited quantity is `fact=number`."""
    e = row.entry
    if row.error is not None:
        cells = [e.line, e.file, row.case_id, "", "", "", "", ""] + ([] if outcome_only else ["", "", ""]) + [error_text(row.error, lang)]
        return _csv_line(cells)
    if row.decision is not None:
        o = row.decision
        return _csv_line([e.line, e.file, row.case_id, o.outcome, OUTCOME[lang][o.outcome], o.level or "",
                          ";".join(f"{k}={v}" for k, v in o.recommended.items()), ";".join(o.against), ""])
    rec = row.rec
    cells = [e.line, e.file, row.case_id, rec.outcome, OUTCOME[lang][rec.outcome], rec.level["id"] if rec.level else "",
             ";".join(f"{k}={v}" for k, v in recommended(rec).items()), ";".join(against(rec))]
    if not outcome_only:
        cells += [";".join(r.rule for r in rec.deciding()), ";".join(m.fact for m in rec.missing_facts),
                  ";".join(a.service for a in rec.alternatives)]
    return _csv_line(cells + [""])
