"""Reads a caseload: many citizen profiles, one at a time, so memory does not grow with its size.

A caseload is
- JSON Lines: one profile (a JSON object) per line; blank lines are skipped;
- CSV: a header of fact names, one profile per row; an empty cell is unknown, a list fact's values are
  separated by `;` (`[]` is the empty list), yes/no facts are true/false (or ja/nej);
- a folder of profile files (YAML or JSON, as `standards check` reads them), in name order;
- the example cases kept beside a standard (`<municipality>/<service>/tests/*.yaml`), each case's profile.
A profile that cannot be read becomes an Entry with an error (never the end of the run); only a
caseload that cannot be read at all (no such file, a CSV header naming an unknown fact) raises InputError.
What the facts mean is checked later, by coerce.parse_profile, as for a single profile.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from .errors import InputError, Message, msg
from .messages import quoted
from .yamlio import MAX_DEPTH, MAX_PROFILE_BYTES, depth

KINDS = ("jsonl", "csv", "folder", "cases")


@dataclass(slots=True)
class Entry:
    """One profile of a caseload: where it is, its data (not yet checked) or why it could not be read."""
    line: int | None          # its line in a JSON Lines or CSV file
    file: str | None          # its file, in a folder or the example cases
    data: Any = None
    error: Message | str | None = None
    name: str | None = None   # an example case's name

    def where(self, lang: str = "da") -> str:
        if self.line is not None and self.file is None:
            return f"line {self.line}" if lang == "en" else f"linje {self.line}"
        return f"{self.file}:{self.line}" if self.line is not None else str(self.file)


class Caseload:
    """Iterate for the entries; `total` and `done` (bytes, or files) measure progress where the size is known."""

    def __init__(self, entries: Iterator[Entry], kind: str, total: int | None, done=lambda: 0):
        self._entries = entries
        self.kind = kind
        self.total = total
        self.done = done

    def __iter__(self) -> Iterator[Entry]:
        return self._entries


def error_text(error: Message | str, lang: str = "da") -> str:
    return error.say(lang) if isinstance(error, Message) else error


def open_caseload(source: str, stdin: BinaryIO | None = None, kind: str | None = None) -> Caseload:
    """The caseload at `source` (a file, a folder, or '-' for `stdin`); its kind from the name unless given."""
    if source == "-":
        if stdin is None:
            raise InputError(msg("caseload_stdin_closed"))
        stream = stdin if hasattr(stdin, "peek") else io.BufferedReader(stdin)
        if kind is None:
            head = stream.peek(64)[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
            kind = "jsonl" if head.startswith(b"{") or not head else "csv"
        return _from_stream(stream, kind, None)
    path = Path(source)
    if path.is_dir():
        return _folder(path)
    if kind is None:
        suffix = path.suffix.lower()
        kind = "csv" if suffix in (".csv", ".tsv", ".txt") else "jsonl"
    try:
        fh = open(path, "rb")
        size = os.fstat(fh.fileno()).st_size
    except FileNotFoundError:
        raise InputError(msg("caseload_missing", name=quoted(source))) from None
    except (OSError, ValueError) as e:
        raise InputError(msg("caseload_unreadable", name=quoted(source), error=e.__class__.__name__)) from None
    return _from_stream(fh, kind, size)


def _from_stream(fh: BinaryIO, kind: str, size: int | None) -> Caseload:
    done = (lambda: size if fh.closed else fh.tell()) if size is not None else (lambda: 0)  # closed: read to the end
    if kind == "csv":
        return Caseload(_csv(fh), "csv", size, done)
    return Caseload(_jsonl(fh), "jsonl", size, done)


# --- JSON Lines -------------------------------------------------------------------------------------------

def _pairs(kv: list) -> dict:
    d = dict(kv)
    if len(d) != len(kv):
        seen = set()
        dup = next(k for k, _ in kv if k in seen or seen.add(k))
        raise _Duplicate(dup)
    return d


class _Duplicate(ValueError):
    pass


def _no_constant(c: str) -> Any:
    raise ValueError(c)  # NaN and Infinity are not JSON numbers


_loads = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_no_constant).decode
# Without the hook (Python, called per object) that finds a repeated key: a line that proves it holds none (see
# _jsonl) is decoded once by this alone.
_plain = json.JSONDecoder(parse_constant=_no_constant).decode


@dataclass(frozen=True)
class _JsonDetail:
    """What JSON's parser said, in Danish where we have the words, said as a message parameter."""
    da: str
    en: str

    def say(self, lang: str = "da") -> str:
        return f" ({self.en if lang == 'en' else self.da})"


_BLOCK = 1 << 20  # bytes read at a time; lines are cut from the blocks (a readline per line cost a fifth of the reading)


def _jsonl(fh: BinaryIO, n: int = 0, end: int | None = None) -> Iterator[Entry]:
    """The entries of the lines after line `n`, up to byte `end` (a line start) if given. A line longer than
    MAX_PROFILE_BYTES is an error entry, and is never held whole: memory stays bounded by the block size."""
    fast = _fast_loads()
    with fh:
        rest = b""        # the start of a line the last block cut
        skipping = False  # inside an overlong line, already reported
        pos = fh.tell() if end is not None else 0  # (standard input cannot tell)
        while True:
            block = fh.read(_BLOCK if end is None else min(_BLOCK, end - pos))
            pos += len(block)
            if not block:
                if rest and not skipping:  # a last line without a line break
                    n += 1
                    yield from _line_entries(n, rest)
                return
            lines = block.split(b"\n")
            if skipping:
                if len(lines) == 1:
                    continue
                lines[0] = b""  # the end of the overlong line: not a line of its own
                skipping, n = False, n - 1
            elif rest:
                lines[0] = rest + lines[0]
            rest = lines.pop()
            if len(rest) > MAX_PROFILE_BYTES:
                lines.append(None)
                rest, skipping = b"", True
            for raw in lines:
                n += 1
                if raw is None or len(raw) > MAX_PROFILE_BYTES:
                    yield Entry(n, None, error=msg("line_too_long", n=MAX_PROFILE_BYTES))
                    continue
                if not raw or raw.isspace():  # a blank line
                    continue
                try:
                    if fast is not None and _LONG_NUMBER not in raw.translate(_DIGIT_MARKS):
                        data = fast(raw)
                    else:
                        data = _plain(raw.decode("utf-8-sig" if n == 1 else "utf-8"))
                except ValueError:
                    yield from _line_entries(n, raw)  # says what is wrong with it, as json does
                    continue
                # One "{" and at most one "[": one object, which cannot nest. As many ":" as it has keys: no key
                # given twice (a repeated key leaves the object fewer keys than colons). Anything else: the full check.
                # (Counted in the UTF-8 bytes: no byte of a longer character is one of these.)
                if type(data) is dict and raw.count(b":") == len(data) and raw.count(b"{") == 1 and raw.count(b"[") <= 1:
                    yield Entry(n, None, data)
                else:
                    yield from _line_entries(n, raw)


# orjson reads an integer beyond 64 bits as a float (json keeps every digit, which the CPR scan reads): a line
# with a run of 19 digits or more is read by json. Marked in one C pass: each digit as 0, anything else a space.
_DIGIT_MARKS = bytes(0x30 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
_LONG_NUMBER = b"0" * 19


def _fast_loads() -> Any:
    """orjson's loads where the optional extra is installed (`pip install '.[fast]'`), else None.

    Why (decision 0005): decoding the JSON was a third of impact's time per profile with json, about a third of
    that with orjson. It is used only where it cannot change what a line says: it reads UTF-8 bytes as RFC 8259
    JSON, strictly (NaN, a BOM, a lone surrogate, a number too large for a double each raise, and the line is
    then read by json as before, which says what is wrong in its own words); it is not given a line with 19
    digits in a row (an integer beyond 64 bits it would read as a float); and a line it reads is used only if it
    passes the same proof of one flat object without a repeated key. tests/test_batch_impact.py holds the
    entries read with it to those read with json alone, on generated lines."""
    try:
        from orjson import loads
    except ImportError:
        return None
    return loads


def _line_entries(n: int, raw: bytes) -> Iterator[Entry]:
    """One line's entry, every check made: UTF-8, JSON, no key given twice, not nested too deep."""
    from .profile_io import _JSON_DA
    if len(raw) > MAX_PROFILE_BYTES:
        yield Entry(n, None, error=msg("line_too_long", n=MAX_PROFILE_BYTES))
        return
    if not raw or raw.isspace():
        return
    try:
        text = raw.decode("utf-8-sig" if n == 1 else "utf-8")
    except UnicodeDecodeError:
        yield Entry(n, None, error=msg("line_not_utf8"))
        return
    try:
        data = _loads(text)
    except _Duplicate as d:
        yield Entry(n, None, error=msg("line_duplicate_fact", name=quoted(d.args[0])))
        return
    except json.JSONDecodeError as e:
        da = next((d for k, d in _JSON_DA.items() if e.msg.startswith(k)), "")
        # Python's own words are English; the Danish one where we have it
        yield Entry(n, None, error=msg("line_bad_json", column=e.colno, detail=_JsonDetail(da or e.msg, e.msg)))
        return
    except (ValueError, RecursionError):
        yield Entry(n, None, error=msg("line_bad_json_value"))
        return
    # Only a value holding a mapping or a list can nest (a list of words, as list facts are, cannot).
    if type(data) is dict and any(type(v) is dict or (type(v) is list and any(type(i) in (dict, list) for i in v))
                                  for v in data.values()) and depth(data) > MAX_DEPTH:
        yield Entry(n, None, error=msg("line_too_deep"))
        return
    yield Entry(n, None, data)


def jsonl_parts(source: str, parts: int, smallest: int = 1 << 22) -> list[tuple[int, int]] | None:
    """A JSON Lines file cut into `parts` byte ranges, each beginning at a line, for reading them side by side;
    None when that is not possible or would not pay: standard input, a folder, a file smaller than `smallest`
    bytes. (CSV is never cut: a quoted cell may hold a line break.)"""
    if parts < 2 or source == "-":
        return None
    try:
        size = os.stat(source).st_size
        if not Path(source).is_file() or size < smallest:
            return None
        cuts = [0]
        with open(source, "rb") as fh:
            for i in range(1, parts):
                cuts.append(max(cuts[-1], _line_start(fh, size * i // parts, size)))
    except OSError:
        return None  # read as one, which says what is wrong with the file
    cuts.append(size)
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def _line_start(fh: BinaryIO, pos: int, size: int) -> int:
    """The first line start at or after `pos` (read in bounded pieces: a line may be long)."""
    fh.seek(pos - 1)
    while pos < size:
        piece = fh.read(1 << 16)
        if not piece:
            break
        nl = piece.find(b"\n")
        if nl >= 0:
            return pos + nl
        pos += len(piece)
    return size


def open_jsonl_part(source: str, start: int, end: int) -> Caseload:
    """The lines of a JSON Lines file from byte `start` (a line start) to `end`, numbered as in the whole file."""
    fh = open(source, "rb")
    lines = 0
    left = start
    while left > 0:  # the lines before the part, for their numbers
        piece = fh.read(min(left, 1 << 20))
        if not piece:
            break
        lines += piece.count(b"\n")
        left -= len(piece)
    fh.seek(start)
    return Caseload(_jsonl(fh, lines, end), "jsonl", end - start, lambda: end - start if fh.closed else fh.tell() - start)


# --- CSV --------------------------------------------------------------------------------------------------

_INT = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")
_TRUE, _FALSE = frozenset({"true", "ja", "yes"}), frozenset({"false", "nej", "no"})


def _cell(kind: str, text: str) -> Any:
    """A CSV cell as the fact's type; anything else is left as text, for coerce to name as the wrong type."""
    if kind == "bool":
        low = text.lower()
        return True if low in _TRUE else False if low in _FALSE else text
    if kind == "int":
        return int(text) if _INT.fullmatch(text) else text
    if kind == "number":
        if _INT.fullmatch(text):
            return int(text)
        return float(text.replace(",", ".")) if _NUMBER.fullmatch(text) else text
    if kind == "list":
        return [] if text == "[]" else [v.strip() for v in text.split(";") if v.strip()]
    return text


def _csv(fh: BinaryIO) -> Iterator[Entry]:
    from .vocabulary import facts, input_facts
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    csv.field_size_limit(MAX_PROFILE_BYTES)
    try:
        header = next(reader, None)
    except (csv.Error, UnicodeDecodeError) as e:
        raise InputError(msg("csv_header_unreadable", error=e.__class__.__name__)) from None
    if not header:
        return
    header = [h.strip() for h in header]
    vocab, all_facts = input_facts(), facts()
    if len(header) == 1 and ";" in header[0]:
        raise InputError(msg("csv_semicolons"))
    for i, name in enumerate(header):
        if name not in vocab:
            from .coerce import _nearest
            near = _nearest(name, vocab) if name not in all_facts else None
            hint = msg("did_you_mean", near=near) if near else ""
            if name in all_facts:
                hint = msg("csv_derived", sources=", ".join(all_facts[name].derived_from))
            raise InputError(msg("csv_not_a_fact", column=i + 1, name=quoted(name), hint=hint))
        if header.index(name) != i:
            raise InputError(msg("csv_duplicate_column", name=name))
    kinds = [vocab[h].type for h in header]
    width = len(header)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as e:
            yield Entry(reader.line_num, None, error=msg("csv_row_unreadable", error=e.__class__.__name__))
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != width:
            yield Entry(reader.line_num, None, error=msg("csv_row_width", cells=len(row), width=width))
            continue
        yield Entry(reader.line_num, None, {h: _cell(k, c.strip()) for h, k, c in zip(header, kinds, row) if c.strip()})


# --- a folder of profile files, and the example cases -----------------------------------------------------

def _folder(path: Path) -> Caseload:
    files = sorted(p for p in path.rglob("*") if p.suffix.lower() in (".yaml", ".yml", ".json") and p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(path).parts))
    count = [0]

    def entries() -> Iterator[Entry]:
        from .profile_io import load_profile
        for p in files:
            count[0] += 1
            name = quoted(str(p.relative_to(path)))
            name = name.say("da") if isinstance(name, Message) else name
            try:
                yield Entry(None, name, load_profile(str(p)))
            except InputError as e:
                yield Entry(None, name, error=e.message)
    return Caseload(entries(), "folder", len(files), lambda: count[0])


def example_cases(root: Path, municipality: str, service: str) -> Caseload:
    """The profiles of the example cases beside a standard: each named by its case's name."""
    from . import loader
    from .cases import CaseFileProfiles, case_files, profile_of
    from .errors import StandardError
    folder = root / municipality / service
    if not (folder / "tests").is_dir():
        raise InputError(msg("cases_none", municipality=quoted(municipality), service=quoted(service), folder=folder / "tests"))
    files = case_files([folder])

    def entries() -> Iterator[Entry]:
        for f in files:
            try:
                lf = loader.read(f, str(f))  # refuses a CPR-like number before anything is quoted
                cf = loader.parse_model(CaseFileProfiles, lf)  # only the profiles: an expectation is test's business
            except StandardError as e:
                yield Entry(None, str(f), error=msg("case_file_problem", problem=e.problems[0]))
                continue
            for i, case in enumerate(cf.cases):
                line, _ = lf.positions.get(("cases", i), (1, 1))
                yield Entry(line, lf.display, profile_of(cf.base_profile, case.profile), name=case.name)
    return Caseload(entries(), "cases", None)
