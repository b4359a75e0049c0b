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
from json.encoder import encode_basestring as _s  # as json.dumps(ensure_ascii=False) writes a text
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from .caseload import Entry, error_text
from .codegen import fast_decider
from .coerce import parse_profile
from .cpr import looks_like_cpr
from . import law
from .derive import derive
from .engine import States, _limit, _one_per_quantity, decide as decide_judged, evaluate, explain, judge_states, judgement
from .outcome import Outcome, decide
from .errors import InputError
from .i18n import OUTCOME
from .recommendation import OUTCOMES, Recommendation
from .recommendation_json import LIMITS_KEY, compact_head, compact_limits, compact_line, compact_parts
from .repository import Resolved


@dataclass(slots=True)
class Row:
    entry: Entry
    case_id: str | None
    outcome: str | None = None
    error: Any = None   # a Message (or text) saying why the profile could not be evaluated
    rec: Recommendation | None = None
    decision: Outcome | None = None   # with outcome_only: the outcome alone, no reasons built
    line: tuple | None = None         # with lines: the JSON line's parts after the case id (Lines), not a rec
    given_id: Any = None              # with lines: the profile's own case_id, as the line shows it


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
                      outcome_only: bool = False, lines: bool = False) -> Iterator[Row]:
    """One Row per entry, in order: the full recommendation, or with `outcome_only` the outcome alone. With
    `lines` (for JSON Lines), a full recommendation comes as its line's parts (Row.line, see Lines), not as a
    Recommendation: the same bytes, without explaining and encoding again what an earlier profile decided alike."""
    compiled, meta = resolved.compiled, resolved.meta
    fast = fast_decider(compiled, on) if outcome_only else None
    if lines and not outcome_only:
        yield from _lines(entries, compiled, meta, on, lang)
        return
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


def _lines(entries: Iterable[Entry], compiled, meta: dict, on: dt.date, lang: str) -> Iterator[Row]:
    memo = Lines()
    cs, law_revs = law.apply(compiled, on)
    for entry in entries:
        if entry.error is not None:
            yield Row(entry, _case_id(entry), error=entry.error)
            continue
        rec = None
        try:
            given = parse_profile(entry.data)
            x = derive(given, on)  # as engine.evaluate does, stage by stage
            st = judge_states(cs, x, lang)
            sig, figures = judged(st)
            hit = memo.find(sig, x, st, figures)
            if hit is None:
                # Explained as check() explains it, with every fact explain reads noted (Reading): the line holds
                # for any later profile judged alike whose noted facts have the same values.
                seen = Reading(x)
                j = judgement(cs, lang, st)
                outcome, waiting = decide_judged(j)
                rec = explain(cs, seen, on, lang, j, outcome, waiting, law_revs, meta, None)
                hit = memo.keep(sig, seen, rec, figures)
        except InputError as e:
            yield Row(entry, _case_id(entry), error=e.message)
            continue
        cid = given.get("case_id")
        if hit is None:  # not a line Lines can keep (compact_line's own road): the recommendation itself
            rec.case_id = cid
            yield Row(entry, cid or entry.name, rec.outcome, rec=rec)
        else:
            yield Row(entry, cid or entry.name, hit[0], line=hit[1], given_id=cid)


class Reading(dict):
    """The facts, noting every fact read (explain reads x by x[name] and x.get(name); a look at them whole counts
    as reading them all)."""

    __slots__ = ("read",)

    def __init__(self, x: dict):
        super().__init__(x)
        self.read: list = []

    def __getitem__(self, name):
        self.read.append(name)
        return dict.__getitem__(self, name)

    def get(self, name, default=None):
        self.read.append(name)
        return dict.get(self, name, default)

    # Should explain ever look at the facts whole, every fact counts as read (a line kept by all of them).
    def _all(self):
        self.read.extend(dict.keys(self))
        return self

    def __iter__(self):
        return dict.__iter__(self._all())

    def keys(self):
        return dict.keys(self._all())

    def values(self):
        return dict.values(self._all())

    def items(self):
        return dict.items(self._all())

    def copy(self):
        return dict(dict.items(self._all()))


def judged(st: States) -> tuple[tuple, tuple]:
    """Everything of a judgement that decide and explain read, as two keys. The first: each rule's reason (result,
    the facts keeping it open, requested) in order, which rules failed or are unknown at which level, the
    referrals, the content decided, and of each limit all but its figures. The second: the limits' requested and
    recommended quantities (typed: 3 and 3.0 are one key only where they print alike), which only the line's
    `limits` member shows: they decide nothing the first key does not already hold."""
    figures: list = []
    limits = []
    for rule, fact, req, mx, rec, exceeded, unit, applies in st.limits:
        figures += (type(req), req, type(rec), rec)
        limits.append((rule.id, rule.basis, fact, type(mx), mx, exceeded, unit, applies))
    return (tuple(st.results), tuple(map(tuple, st.failed)), tuple(map(tuple, st.unknown)), tuple(st.refer),
            tuple([(f, tuple([(v, tuple([r.id for r in rules])) for v, rules in by.items()])) for f, by in st.by_value.items()])
            if st.by_value else (),
            tuple([rule.id for _, rule in st.if_asked]), tuple(limits)), tuple(figures)


def _typed(v: Any) -> tuple:
    return type(v), v


class Lines:
    """The JSON lines of one caseload run, kept by what decides them, so that profiles judged alike are explained
    and encoded once. A line after its case id depends on the judgement (`judged`) and on the facts explain reads
    (a referral's own conditions, the pension age, the facts a question is asked for), and on nothing else of the
    profile: explain is run with those reads noted, and its line is kept under the judgement and the values read,
    in the order read. A later profile with the same judgement whose facts give the same values at the same names
    takes the same road through explain, so the same line. The `limits` member is kept apart, by the limits'
    figures: so a line is the kept text before it, the limits, the kept text after it. Bounded: emptied when it
    holds MAX_LINES lines or MAX_BYTES of text of its own, so memory stays flat whatever the caseload; the big
    texts are parts shared by every line that has them (recommendation_json.compact_parts)."""

    MAX_LINES = 50_000
    MAX_BYTES = 48 << 20   # the text kept only by this table (not shared by every line): a bound for any caseload

    def __init__(self):
        # first key of judged() -> [(names read, {their values: (outcome, parts before limits, parts after,
        #                                                         {figures: the `limits` member})})]
        self.table: dict[tuple, list] = {}
        self.utf8: dict[str, bytes] = {}       # a big part's bytes, encoded once
        self.count = 0
        self.size = 0                          # bytes kept: new big parts, the small ones, the limits

    def find(self, sig: tuple, x: dict, st: States, figures: tuple) -> tuple | None:
        ways = self.table.get(sig)
        if ways is None:
            return None
        for names, lines in ways:
            try:
                hit = lines.get(tuple([_typed(x[n]) for n in names]))
            except TypeError:  # a value that cannot be a key
                return None
            if hit is not None:
                outcome, before, after, limits = hit
                text = limits.get(figures)
                if text is None:
                    # as explain lists them (engine._one_per_quantity; a refusal recommends nothing)
                    lims = _one_per_quantity([_limit(*lim) for lim in st.limits])
                    if outcome == "refuse":
                        for lim in lims:
                            lim.recommended = None
                    made = compact_limits(lims)
                    if made is None:
                        return None
                    text = limits[figures] = made.encode("utf-8")
                    self.count += 1
                    self.size += len(text)
                return outcome, (*before, text, *after)
        return None

    def keep(self, sig: tuple, seen: Reading, rec: Recommendation, figures: tuple) -> tuple | None:
        parts = compact_parts(rec)
        if parts is None:
            return None
        if self.count >= self.MAX_LINES or self.size >= self.MAX_BYTES:
            self.table.clear()
            self.utf8.clear()
            self.count = self.size = 0
        at = parts.index(LIMITS_KEY) + 1
        before, limits, after = self._bytes(parts[:at]), parts[at].encode("utf-8"), self._bytes(parts[at + 1:])
        self.size += len(limits)
        line = (rec.outcome, (*before, limits, *after))
        names = tuple(dict.fromkeys(seen.read))
        try:
            values = tuple([_typed(dict.__getitem__(seen, n)) for n in names])
            hash(values)
        except (TypeError, KeyError):
            return line  # used for this profile only
        # the limits kept per line: its judgement decides every other field of them, the figures are the key
        entry = (rec.outcome, before, after, {figures: limits})
        ways = self.table.setdefault(sig, [])
        for known, lines in ways:
            if known == names:
                lines[values] = entry
                break
        else:
            ways.append((names, {values: entry}))
        self.count += 1
        return line

    def _bytes(self, parts: list[str]) -> tuple[bytes, ...]:
        """The parts as UTF-8: a big part (a reason's text, the information, the files) kept once for every line
        that has it, the small ones between joined and encoded with each line."""
        utf8 = self.utf8
        out: list[bytes] = []
        run: list[str] = []
        for p in parts:
            if len(p) < 256:
                run.append(p)
                continue
            if run:
                out.append("".join(run).encode("utf-8"))
                self.size += len(out[-1])
                run = []
            b = utf8.get(p)
            if b is None:
                b = utf8[p] = p.encode("utf-8")
                self.size += len(b)
            out.append(b)
        if run:
            out.append("".join(run).encode("utf-8"))
            self.size += len(out[-1])
        return tuple(out)


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


def line_bytes(row: Row, outcome_only: bool, lang: str = "da") -> bytes:
    """json_line's text and a newline, in UTF-8; a kept line (Row.line) joined from its parts, already bytes."""
    if row.line is not None:
        e, cid = row.entry, row.given_id
        if e.file is None and type(e.line) is int and (cid is None or type(cid) is str):  # a JSON Lines profile
            head = b'{"line":%d,"case_id":%s' % (e.line, b"null" if cid is None else _s(cid).encode("utf-8"))
        else:
            head = compact_head(_position(e), cid).encode("utf-8")
        return b"".join((head, *row.line, b"\n"))
    return (json_line(row, outcome_only, lang) + "\n").encode("utf-8")


def json_line(row: Row, outcome_only: bool, lang: str = "da") -> str:
    """One JSON object on one line: the position, case_id and outcome, then the short form or the whole recommendation."""
    if row.line is not None:
        return line_bytes(row, outcome_only, lang)[:-1].decode("utf-8")
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
