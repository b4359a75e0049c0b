"""Validates a tree of standards: schema, layout, verbatim quotes, consistency.

Errors fail validation; warnings report what a document itself gets wrong or
leaves open (e.g. overlapping bands) when the file records the decision taken.
"""
from __future__ import annotations

import os

import datetime as dt
import unicodedata
from functools import cache
from pathlib import Path
from typing import Iterable

from . import loader
from .errors import Problem, StandardError
from .repository import Repository
from .tree import root_for, walk
from .schema import SameAs, Standard

_SOFT_WORDS = ("som udgangspunkt", "som hovedregel", "normalt")


def standard_files(paths: Iterable[Path]) -> list[Path]:
    """Revision files (<municipality>/<service>/<date>.yaml) under the given paths."""
    return walk(list(paths)).revisions


def _stray(files: list[Path]) -> list[Problem]:
    """YAML files beside the revisions whose name is not a date: they would be silently ignored."""
    return [Problem(str(q), 1, 1, "filen hedder ikke ÅÅÅÅ-MM-DD.yaml, så den læses ikke som en udgave "
                                  "af standarden; omdøb den efter den dato, den gælder fra (fx 2025-07-01.yaml)",
                    message_en="the file is not named YYYY-MM-DD.yaml, so it is not read as a revision of the "
                               "standard; rename it after the date it is in force from (e.g. 2025-07-01.yaml)")
            for q in files]


def validate_paths(paths: list[Path], repo_root: Path | None = None) -> list[Problem]:
    problems: list[Problem] = []
    for p in paths:
        if not p.exists():
            problems.append(Problem(str(p), 1, 1, "stien findes ikke", message_en="the path does not exist"))
    by_dir: dict[Path, dict[dt.date, Path]] = {}
    repos: dict[Path, Repository] = {}
    for target in paths:
        root = root_for(target, repo_root)
        found = walk([target], root)
        problems.extend(found.problems)
        problems.extend(_stray(found.stray))
        repo = repos.setdefault(root, Repository(root))  # one per tree: a joint text is read once
        for f in found.revisions:
            problems.extend(_validate_file(f, repo, root, by_dir))
    problems.extend(_law_layer())
    # A joint text reached through a same_as pointer as well would report its problems twice.
    return list(dict.fromkeys(problems))


def _validate_file(f: Path, repo: Repository, root: Path, by_dir: dict[Path, dict[dt.date, Path]]) -> list[Problem]:
    problems: list[Problem] = []
    display = repo.display(f.resolve())
    try:
        lf = loader.read(f, display)
        model, translation = loader.read_standard(lf)
    except StandardError as e:
        return e.problems
    if translation is not None and isinstance(model, Standard):
        from .translations import missing
        problems.extend(missing(model, lf.positions, display, translation.path.name))
    problems.extend(_layout(lf, model, f))
    vf = model.valid_from if isinstance(model, Standard) else _date_of(f)
    if vf is not None:
        seen = by_dir.setdefault(f.resolve().parent, {})
        if vf in seen and seen[vf] != f:
            problems.append(Problem(display, 1, 1, f"to udgaver har samme gyldighedsdato {vf}: også {seen[vf].name}",
                                    message_en=f"two revisions are in force from the same date {vf}: "
                                               f"{seen[vf].name} as well"))
        seen[vf] = f
    if isinstance(model, SameAs):
        try:
            repo.resolve(f)
        except StandardError as e:
            problems.extend(e.problems)
        return problems
    problems.extend(_quotes(lf, model, root))
    problems.extend(_consistency(lf, model))
    problems.extend(_law_links(lf, model))
    return problems


def _date_of(f: Path) -> dt.date | None:
    try:
        return dt.date.fromisoformat(f.stem)
    except ValueError:
        return None


def _layout(lf: loader.LoadedFile, model: Standard | SameAs, f: Path) -> list[Problem]:
    out = []
    service_dir, muni_dir = f.resolve().parent.name, f.resolve().parent.parent.name
    pos = lf.positions
    if f.suffix != ".yaml":
        out.append(Problem(lf.display, 1, 1, "en standard skal hedde <gyldig-fra>.yaml",
                           message_en="a standard must be named <valid-from>.yaml"))
    if model.municipality.id != muni_dir:
        out.append(Problem(lf.display, *pos.get(("municipality", "id"), (1, 1)),
                           f"kommunen '{model.municipality.id}' passer ikke med mappen '{muni_dir}'",
                           message_en=f"the municipality '{model.municipality.id}' does not match the folder '{muni_dir}'"))
    if isinstance(model, Standard):
        if model.service.id != service_dir:
            out.append(Problem(lf.display, *pos.get(("service", "id"), (1, 1)),
                               f"ydelsen '{model.service.id}' passer ikke med mappen '{service_dir}'",
                               message_en=f"the service '{model.service.id}' does not match the folder '{service_dir}'"))
        if f.stem != model.valid_from.isoformat():
            out.append(Problem(lf.display, *pos.get(("valid_from",), (1, 1)),
                               f"valid_from {model.valid_from} passer ikke med filnavnet {f.name}",
                               message_en=f"valid_from {model.valid_from} does not match the file name {f.name}"))
    else:
        if model.same_as.split("/")[1] != service_dir or model.same_as.split("/")[2] != f.stem:
            out.append(Problem(lf.display, *pos.get(("same_as",), (1, 1)),
                               f"same_as {model.same_as} skal pege på samme ydelse og dato som filen ({service_dir}/{f.stem})",
                               message_en=f"same_as {model.same_as} must point to the same service and date as the file "
                                          f"({service_dir}/{f.stem})"))
    return out


# ---------------------------------------------------------------- quotes

def _normalise(text: str) -> tuple[str, list[int]]:
    """Join words hyphenated across lines, collapse whitespace; keep each char's source line.
    NFC first: a PDF's text may write "å" as "a" and a combining ring, which reads the same and is
    the same text (composing never crosses a line break, so line numbers hold)."""
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    lines: list[int] = []
    line = 1
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "-" and i + 1 < n:
            j = i + 1
            while j < n and text[j] in " \t":
                j += 1
            if j < n and text[j] == "\n":
                k = j
                while k < n and text[k] in " \t\n":
                    if text[k] == "\n":
                        line += 1
                    k += 1
                if out and out[-1].isalpha() and k < n and text[k].islower():
                    i = k  # "ef-\nter" -> "efter"
                    continue
        if ch.isspace():
            if ch == "\n":
                line += 1
            if out and out[-1] != " ":
                out.append(" ")
                lines.append(line)
            i += 1
            continue
        out.append(ch)
        lines.append(line)
        i += 1
    return "".join(out), lines


@cache
def _source(path: Path) -> tuple[str, tuple[int, ...]] | None:
    doc = _source_document(path)
    return None if doc is None else doc[:2]


@cache
def _source_document(path: Path) -> tuple[str, tuple[int, ...], str] | None:
    """The normalised text of a source document, each character's line, and the SHA-256 of its bytes."""
    import hashlib
    from .files import read_regular
    try:
        # A plain name in _sources (schema), not followed through a symlink, bounded: nothing else is ever read.
        data = read_regular(path, 20_000_000, follow_symlinks=False)
        raw = data.decode("utf-8")
    except (UnicodeDecodeError, OSError):
        return None  # reported by _quotes as missing or unreadable
    text, lines = _normalise(raw)
    return text, tuple(lines), hashlib.sha256(data).hexdigest()


def _quote_items(model: Standard):
    for kind in ("criteria", "exclusions", "limits", "information", "not_encoded"):
        for i, item in enumerate(getattr(model, kind)):
            yield (kind, i), item.source
    if model.levels:
        for i, b in enumerate(model.levels.bands):
            yield ("levels", "bands", i), b.source


def _not_verbatim(display: str, pos: tuple[int, int], doc: str, quote: str, text: str, lines: tuple[int, ...]) -> Problem:
    """Say where a quote leaves the document: the officer changed a word, and must see which."""
    lo, hi = 0, len(quote)  # the longest beginning of the quote that the document has (found prefixes only shrink)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if quote[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    if lo < 10:
        return Problem(display, *pos, f"citatet findes ikke ordret i {doc}: »{_clip(quote)}«",
                       message_en=f"the quote is not found verbatim in {doc}: “{_clip(quote)}”")
    at = text.find(quote[:lo]) + lo
    said, wrote = _clip(text[at:at + 40]), _clip(quote[lo:lo + 40])
    head = _clip(quote[max(0, lo - 60):lo], tail=True)
    return Problem(display, *pos,
                   f"citatet findes ikke ordret i {doc}: det følger dokumentet til »{head}« (linje {lines[at - 1]}), "
                   f"men dér står »{said}«, ikke »{wrote}«",
                   message_en=f"the quote is not found verbatim in {doc}: it follows the document up to “{head}” "
                              f"(line {lines[at - 1]}), but there the document says “{said}”, not “{wrote}”")


def _clip(s: str, tail: bool = False) -> str:
    """About 30 characters of s, its end (tail) or its beginning, cut between words."""
    s = s.strip()
    if len(s) <= 30:
        return s
    if tail:
        part = s[-30:]
        return "…" + (part.split(" ", 1)[1] if " " in part and s[-31] != " " else part.lstrip())
    part = s[:30]
    return (part.rsplit(" ", 1)[0] if " " in part and s[30] != " " else part.rstrip()) + "…"


def quote_spans(text: str, lines: tuple[int, ...], quote: str) -> list[tuple[int, int]]:
    """The (first, last) source lines of every place the normalised quote occurs in the normalised document."""
    spans = []
    at = text.find(quote)
    while at >= 0:
        spans.append((lines[at], lines[min(at + len(quote), len(lines)) - 1]))
        at = text.find(quote, at + 1)
    return spans


def _quotes(lf: loader.LoadedFile, model: Standard, root: Path) -> list[Problem]:
    src_path = root / "_sources" / model.source_document.file
    src = _source(src_path)
    if src is None:
        pos = lf.positions.get(("source_document", "file"), (1, 1))
        try:
            why, why_en = (("findes ikke", "does not exist") if not src_path.is_file()
                           else ("kan ikke læses (Permission denied)", "cannot be read (Permission denied)")
                           if not os.access(src_path, os.R_OK) else ("kan ikke læses som UTF-8", "cannot be read as UTF-8"))
        except OSError as e:  # _sources itself cannot be read: said, never taken as a tree without documents
            why, why_en = f"kan ikke læses ({e.strerror or e})", f"cannot be read ({e.strerror or e})"
        # With a _sources folder a missing file is a mistake (a typo must not turn the quote check off);
        # a tree without one has chosen not to carry its documents.
        try:
            severity = "error" if (root / "_sources").is_dir() else "warning"
        except OSError:
            severity = "error"
        return [Problem(lf.display, *pos, f"kildedokumentet {model.source_document.file} {why} i {root.name}/_sources; "
                                          "citaterne kan ikke kontrolleres", severity,
                        f"the source document {model.source_document.file} {why_en} in {root.name}/_sources; "
                        "the quotes cannot be checked")]
    text, lines = src
    out = []
    pinned = model.source_document.sha256
    sha = _source_document(src_path)[2]
    if pinned is not None and pinned != sha:
        # The name says which document; the hash says it is still the one the quotes were checked against.
        pos = lf.positions.get(("source_document", "sha256"), (1, 1))
        from .errors import msg
        out.append(Problem.coded(lf.display, *pos, msg("source_changed", file=model.source_document.file, got=sha[:12],
                                                       pinned=pinned[:12])))
    for loc, source in _quote_items(model):
        quote, _ = _normalise(source.quote.strip())
        pos = lf.positions.get(loc + ("source", "quote"), lf.positions.get(loc, (1, 1)))
        spans = quote_spans(text, lines, quote)
        if not spans:
            out.append(_not_verbatim(lf.display, pos, model.source_document.file, quote, text, lines))
            continue
        # Boilerplate (complaint text, provider) repeats; any occurrence at the given line will do.
        if source.line is not None and not any(a - 3 <= source.line <= b + 1 for a, b in spans):
            lpos = lf.positions.get(loc + ("source", "line"), pos)
            where = ", ".join(str(a) for a, _ in spans)
            out.append(Problem(lf.display, *lpos, f"citatet står på linje {where} i {model.source_document.file}, ikke linje {source.line}",
                               message_en=f"the quote is on line {where} of {model.source_document.file}, not line {source.line}"))
    return out


# ---------------------------------------------------------------- consistency

def _law_layer() -> list[Problem]:
    """The package's law layer: every file valid, every citation in the known-acts table."""
    from . import law
    out: list[Problem] = []
    for p in law.files():
        try:
            law.parse_file(p)
        except StandardError as e:
            out.extend(e.problems)
    return out


def _law_links(lf: loader.LoadedFile, model: Standard) -> list[Problem]:
    """A rule that restates the law names a law rule that exists; a statute rule that does not is told how to link."""
    from . import law
    from .errors import msg
    from .schema import to_data
    service = model.service.id
    known: dict[str, dict[str, dict]] = {k: {} for k in law.KINDS}
    for revs in law.revisions().values():
        for rev in revs:
            for kind, rules in law.law_rules(service, (rev,)).items():
                if kind in known:
                    known[kind].update({r["id"]: r for r in rules})
    out: list[Problem] = []
    pos = lf.positions
    for kind in law.KINDS:
        ids = ", ".join(known[kind]) or msg("none_known")
        for i, r in enumerate(getattr(model, kind)):
            d = to_data(r)
            where = pos.get((kind, i, "restates")) or pos.get((kind, i, "id"), (1, 1))
            if r.restates:
                if r.restates not in known[kind]:
                    out.append(Problem.coded(lf.display, *where, msg("restates_unknown", id=r.id, law=r.restates, kind=kind,
                                                                   service=service, date=model.valid_from, known=ids)))
                elif law._logic(d, kind) != law._logic(known[kind][r.restates], kind):
                    out.append(Problem.coded(lf.display, *where, msg("restates_differs", id=r.id, law=r.restates), "warning"))
            elif r.basis == "statute":
                same = law.restated(d, kind, list(known[kind].values()))
                code = msg("statute_auto_linked", id=r.id, law=same) if same else \
                    msg("statute_unlinked", id=r.id, service=service, known=ids)
                out.append(Problem.coded(lf.display, *where, code, "warning"))
    return out


def _consistency(lf: loader.LoadedFile, model: Standard) -> list[Problem]:
    out: list[Problem] = []
    pos = lf.positions
    for kind in ("criteria", "exclusions", "limits"):
        for i, r in enumerate(getattr(model, kind)):
            q = r.source.quote.lower()
            if r.basis == "statute" and any(w in q for w in _SOFT_WORDS):
                word = next(w for w in _SOFT_WORDS if w in q)
                out.append(Problem(lf.display, *pos.get((kind, i, "basis"), (1, 1)),
                                   f"reglen '{r.id}' er markeret statute, men citatet siger »{word}« (et serviceniveau, der kan fraviges); tjek grundlaget",
                                   "warning" if r.note else "error",
                                   f"the rule '{r.id}' is marked statute, but the quote says “{word}” (a service level, which "
                                   "may be departed from); check the basis"))
    seen: dict[tuple, str] = {}
    for i, lim in enumerate(model.limits):
        key = (lim.fact, lim.applies_when.model_dump_json() if lim.applies_when else None)
        if key in seen:
            out.append(Problem(lf.display, *pos.get(("limits", i), (1, 1)),
                               f"grænsen '{lim.id}' gælder samme mængde i samme situation som '{seen[key]}'",
                               message_en=f"the limit '{lim.id}' applies to the same quantity in the same situation as '{seen[key]}'"))
        seen[key] = lim.id
    if model.levels:
        out.extend(_bands(lf, model))
    out.extend(_figures(lf, model))
    return out


# The word a figure's unit is written with in a Danish document: 'timer', 'uger', 'døgn', 'feriedage', 'km'.
_INFO_UNIT = {"weeks": ("uge", "uger", "weeks"), "days_per_year": ("dag", "dage", "days"), "km": ("km", "km", "km"),
              "every_months": ("måned", "måneder", "months")}


def _unit_stem(fact: str) -> tuple[str, str, str] | None:
    from .vocabulary import facts
    u = (facts().get(fact).unit.get("da", "") if facts().get(fact) else "").split("/")[0]
    for stem, da, en in (("time", "timer", "hours"), ("døgn", "døgn", "nights"), ("dag", "dage", "days"), ("km", "km", "km")):
        if stem in u:
            return stem, da, en
    return None


def _figures(lf: loader.LoadedFile, model: Standard) -> list[Problem]:
    """A figure that disagrees with the figure its quote states in the same unit (`max: 6` with "op til 5 timer",
    `weeks: 2` with "inden 4 uger"): a warning naming both. A quote that states no figure in that unit is not judged."""
    from .quote_figures import stated
    out: list[Problem] = []
    pos = lf.positions

    def check(where: tuple, what: str, what_en: str, key: str, value: float, unit: tuple[str, str, str] | None, quote: str):
        if unit is None or value is None:
            return
        said = stated(quote, unit[0])
        if said and float(value) not in said:
            figures = " og ".join(f"{x:g}" for x in sorted(said))
            figures_en = " and ".join(f"{x:g}" for x in sorted(said))
            out.append(Problem(lf.display, *pos.get(where, pos.get(where[:-1], (1, 1))),
                               f"{what} har {key}: {value:g}, men citatet siger {figures} {unit[1]} (»{_clip(quote)}«); "
                               f"ret tallet eller citatet", "warning",
                               f"{what_en} has {key}: {value:g}, but the quote says {figures_en} {unit[2]} (“{_clip(quote)}”); "
                               "correct the figure or the quote"))

    for i, lim in enumerate(model.limits):
        check(("limits", i, "max"), f"grænsen '{lim.id}'", f"the limit '{lim.id}'", "max", lim.max, _unit_stem(lim.fact),
              lim.source.quote)
    for i, info in enumerate(model.information):
        for key, (stem, da, en) in _INFO_UNIT.items():
            check(("information", i, key), f"oplysningen om {info.topic}", f"the information on {info.topic}", key,
                  getattr(info, key), (stem, da, en), info.source.quote)
    if model.levels:
        unit = _unit_stem(model.levels.fact)
        for j, b in enumerate(model.levels.bands):
            for key in ("min", "max"):
                check(("levels", "bands", j, key), f"niveauet '{b.id}'", f"the level '{b.id}'", key, getattr(b, key), unit,
                      b.source.quote)
    return out


def _bands(lf: loader.LoadedFile, model: Standard) -> list[Problem]:
    lv = model.levels
    out: list[Problem] = []
    pos = lf.positions
    bands = sorted(enumerate(lv.bands), key=lambda ib: (ib[1].min or 0.0))
    for (i, a), (j, b) in zip(bands, bands[1:]):
        a_max = float("inf") if a.max is None else a.max
        b_min = b.min or 0.0
        where = pos.get(("levels", "bands", j), (1, 1))
        if b_min < a_max or (b_min == a_max and not a.max_exclusive and not b.min_exclusive):
            point = f"{b_min:g}" if b_min == a_max else f"{b_min:g}–{a_max:g}"
            if lv.boundary is None or not lv.boundary_reason:
                out.append(Problem(lf.display, *where,
                                   f"båndene '{a.id}' og '{b.id}' overlapper ved {point}; angiv levels.boundary (lower/upper) og boundary_reason",
                                   message_en=f"the bands '{a.id}' and '{b.id}' overlap at {point}; give levels.boundary "
                                              "(lower/upper) and boundary_reason"))
            else:
                side = a.id if lv.boundary == "lower" else b.id
                out.append(Problem(lf.display, *where,
                                   f"dokumentet lader båndene '{a.id}' og '{b.id}' overlappe ved {point}; filen har besluttet: hører til '{side}' ({lv.boundary_reason})",
                                   "note",  # documented with its reason: said, but not a slip that --strict fails on
                                   f"the document lets the bands '{a.id}' and '{b.id}' overlap at {point}; the file has decided: "
                                   f"it belongs to '{side}' ({lv.boundary_reason})"))
        elif b_min > a_max or (b_min == a_max and a.max_exclusive and b.min_exclusive):
            out.append(Problem(lf.display, *where, f"der er et hul mellem båndene '{a.id}' og '{b.id}' ({a_max:g}–{b_min:g})", "warning",
                               f"there is a gap between the bands '{a.id}' and '{b.id}' ({a_max:g}–{b_min:g})"))
    return out
