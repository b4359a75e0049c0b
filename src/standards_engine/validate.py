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
from . import catalogue
from .catalogue import Catalogue
from .errors import Message, Problem, StandardError, msg
from .repository import Repository
from .tree import root_for, walk
from .schema import SameAs, Standard

_SOFT_WORDS = ("som udgangspunkt", "som hovedregel", "normalt")


def standard_files(paths: Iterable[Path]) -> list[Path]:
    """Revision files (<municipality>/<service>/<date>.yaml) under the given paths."""
    return walk(list(paths)).revisions


def _stray(files: list[Path]) -> list[Problem]:
    """YAML files beside the revisions whose name is not a date: they would be silently ignored."""
    return [Problem.coded(str(q), 1, 1, msg("stray_yaml")) for q in files]


def validate_paths(paths: list[Path], repo_root: Path | None = None) -> list[Problem]:
    problems: list[Problem] = []
    for p in paths:
        if not p.exists():
            problems.append(Problem.coded(str(p), 1, 1, msg("path_missing")))
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
        for c in found.catalogues:  # one no revision uses yet is checked too
            try:
                loader.parse_model(Catalogue, loader.read(c, repo.display(c.resolve())))
            except StandardError as e:
                problems.extend(e.problems)
    problems.extend(_law_layer())
    # A joint text reached through a same_as pointer as well would report its problems twice.
    return list(dict.fromkeys(problems))


def _validate_file(f: Path, repo: Repository, root: Path, by_dir: dict[Path, dict[dt.date, Path]]) -> list[Problem]:
    problems: list[Problem] = []
    display = repo.display(f.resolve())
    try:
        lf, _ = catalogue.expand(loader.read(f, display), root, lambda p: repo.display(p.resolve()))
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
            problems.append(Problem.coded(display, 1, 1, msg("same_valid_from", date=vf, other=seen[vf].name)))
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
    if f.suffix != ".yaml":
        out.append(Problem.coded(lf.display, 1, 1, msg("revision_suffix")))
    if model.municipality.id != muni_dir:
        out.append(lf.problem(msg("municipality_not_folder", id=model.municipality.id, folder=muni_dir), ("municipality", "id")))
    if isinstance(model, Standard):
        if model.service.id != service_dir:
            out.append(lf.problem(msg("service_not_folder", id=model.service.id, folder=service_dir), ("service", "id")))
        if f.stem != model.valid_from.isoformat():
            out.append(lf.problem(msg("valid_from_not_name", date=model.valid_from, name=f.name), ("valid_from",)))
    else:
        if model.same_as.split("/")[1] != service_dir or model.same_as.split("/")[2] != f.stem:
            out.append(lf.problem(msg("same_as_other_revision", target=model.same_as, here=f"{service_dir}/{f.stem}"),
                                  ("same_as",)))
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


def _not_verbatim(at_: tuple[str, int, int], doc: str, quote: str, text: str, lines: tuple[int, ...]) -> Problem:
    """Say where a quote leaves the document: the officer changed a word, and must see which."""
    lo, hi = 0, len(quote)  # the longest beginning of the quote that the document has (found prefixes only shrink)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if quote[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    if lo < 10:
        return Problem.coded(*at_, msg("quote_not_found", doc=doc, quote=_clip(quote)))
    at = text.find(quote[:lo]) + lo
    said, wrote = _clip(text[at:at + 40]), _clip(quote[lo:lo + 40])
    head = _clip(quote[max(0, lo - 60):lo], tail=True)
    return Problem.coded(*at_, msg("quote_departs", doc=doc, head=head, line=lines[at - 1], said=said, wrote=wrote))


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
        try:
            why = (msg("why_missing") if not src_path.is_file() else msg("why_no_permission")
                   if not os.access(src_path, os.R_OK) else msg("why_not_utf8"))
        except OSError as e:  # _sources itself cannot be read: said, never taken as a tree without documents
            why = msg("why_unreadable", error=e.strerror or e)
        # With a _sources folder a missing file is a mistake (a typo must not turn the quote check off);
        # a tree without one has chosen not to carry its documents.
        try:
            severity = "error" if (root / "_sources").is_dir() else "warning"
        except OSError:
            severity = "error"
        return [lf.problem(msg("source_doc_unusable", file=model.source_document.file, folder=f"{root.name}/_sources",
                               why=why), ("source_document", "file"), severity=severity)]
    text, lines = src
    out = []
    pinned = model.source_document.sha256
    sha = _source_document(src_path)[2]
    if pinned is not None and pinned != sha:
        # The name says which document; the hash says it is still the one the quotes were checked against.
        out.append(lf.problem(msg("source_changed", file=model.source_document.file, got=sha[:12], pinned=pinned[:12]),
                              ("source_document", "sha256")))
    for loc, source in _quote_items(model):
        quote, _ = _normalise(source.quote.strip())
        at_quote = lf.at(loc + ("source", "quote"), loc)
        spans = quote_spans(text, lines, quote)
        if not spans:
            out.append(_not_verbatim(at_quote, model.source_document.file, quote, text, lines))
            continue
        # Boilerplate (complaint text, provider) repeats; any occurrence at the given line will do.
        if source.line is not None and not any(a - 3 <= source.line <= b + 1 for a, b in spans):
            where = ", ".join(str(a) for a, _ in spans)
            out.append(lf.problem(msg("quote_other_line", lines=where, doc=model.source_document.file, line=source.line),
                                  loc + ("source", "line"), loc + ("source", "quote"), loc))
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
    for kind in law.KINDS:
        ids = ", ".join(known[kind]) or msg("none_known")
        for i, r in enumerate(getattr(model, kind)):
            d = to_data(r)
            where = lf.at((kind, i, "restates"), (kind, i, "id"))
            if r.restates:
                if r.restates not in known[kind]:
                    out.append(Problem.coded(*where, msg("restates_unknown", id=r.id, law=r.restates, kind=kind,
                                                                   service=service, date=model.valid_from, known=ids)))
                elif law._logic(d, kind) != law._logic(known[kind][r.restates], kind):
                    out.append(Problem.coded(*where, msg("restates_differs", id=r.id, law=r.restates), "warning"))
            elif r.basis == "statute":
                same = law.restated(d, kind, list(known[kind].values()))
                code = msg("statute_auto_linked", id=r.id, law=same) if same else \
                    msg("statute_unlinked", id=r.id, service=service, known=ids)
                out.append(Problem.coded(*where, code, "warning"))
    return out


def _consistency(lf: loader.LoadedFile, model: Standard) -> list[Problem]:
    out: list[Problem] = []
    for kind in ("criteria", "exclusions", "limits"):
        for i, r in enumerate(getattr(model, kind)):
            q = r.source.quote.lower()
            if r.basis == "statute" and any(w in q for w in _SOFT_WORDS):
                word = next(w for w in _SOFT_WORDS if w in q)
                out.append(lf.problem(msg("statute_soft_word", id=r.id, word=word), (kind, i, "basis"), (kind, i),
                                      severity="warning" if r.note else "error"))
    seen: dict[tuple, str] = {}
    for i, lim in enumerate(model.limits):
        key = (lim.fact, lim.applies_when.model_dump_json() if lim.applies_when else None)
        if key in seen:
            out.append(lf.problem(msg("limit_twice", id=lim.id, other=seen[key]), ("limits", i), ()))
        seen[key] = lim.id
    if model.levels:
        out.extend(_bands(lf, model))
    out.extend(_figures(lf, model))
    return out


# The word a figure's unit is written with in a Danish document: 'timer', 'uger', 'døgn', 'feriedage', 'km'.
_INFO_UNIT = {"weeks": ("uge", "unit_weeks"), "days_per_year": ("dag", "unit_days"), "km": ("km", "unit_km"),
              "every_months": ("måned", "unit_months")}


def _unit_stem(fact: str) -> tuple[str, str] | None:
    from .vocabulary import facts
    u = (facts().get(fact).unit.get("da", "") if facts().get(fact) else "").split("/")[0]
    for stem, code in (("time", "unit_hours"), ("døgn", "unit_nights"), ("dag", "unit_days"), ("km", "unit_km")):
        if stem in u:
            return stem, code
    return None


def _figures(lf: loader.LoadedFile, model: Standard) -> list[Problem]:
    """A figure that disagrees with the figure its quote states in the same unit (`max: 6` with "op til 5 timer",
    `weeks: 2` with "inden 4 uger"): a warning naming both. A quote that states no figure in that unit is not judged."""
    from .quote_figures import stated
    out: list[Problem] = []

    def check(where: tuple, what: Message, key: str, value: float, unit: tuple[str, str] | None, quote: str):
        if unit is None or value is None:
            return
        said = stated(quote, unit[0])
        if said and float(value) not in said:
            figures = [msg("verbatim", text=f"{x:g}") for x in sorted(said)]
            both = figures[-1]
            for x in reversed(figures[:-1]):
                both = msg("and", a=x, b=both)
            out.append(lf.problem(msg("figure_differs", what=what, key=key, value=f"{value:g}", figures=both,
                                      unit=msg(unit[1]), quote=_clip(quote)),
                                  where, where[:-1], (), severity="warning"))

    for i, lim in enumerate(model.limits):
        check(("limits", i, "max"), msg("the_limit", id=lim.id), "max", lim.max, _unit_stem(lim.fact),
              lim.source.quote)
    for i, info in enumerate(model.information):
        for key, unit in _INFO_UNIT.items():
            check(("information", i, key), msg("the_information", topic=info.topic), key,
                  getattr(info, key), unit, info.source.quote)
    if model.levels:
        unit = _unit_stem(model.levels.fact)
        for j, b in enumerate(model.levels.bands):
            for key in ("min", "max"):
                check(("levels", "bands", j, key), msg("the_level", id=b.id), key, getattr(b, key), unit,
                      b.source.quote)
    return out


def _bands(lf: loader.LoadedFile, model: Standard) -> list[Problem]:
    lv = model.levels
    out: list[Problem] = []
    bands = sorted(enumerate(lv.bands), key=lambda ib: (ib[1].min or 0.0))
    for (i, a), (j, b) in zip(bands, bands[1:]):
        a_max = float("inf") if a.max is None else a.max
        b_min = b.min or 0.0
        where = (("levels", "bands", j), ())
        if b_min < a_max or (b_min == a_max and not a.max_exclusive and not b.min_exclusive):
            point = f"{b_min:g}" if b_min == a_max else f"{b_min:g}–{a_max:g}"
            if lv.boundary is None or not lv.boundary_reason:
                out.append(lf.problem(msg("bands_overlap", a=a.id, b=b.id, point=point), *where))
            else:
                side = a.id if lv.boundary == "lower" else b.id
                # documented with its reason: said, but not a slip that --strict fails on
                out.append(lf.problem(msg("bands_overlap_decided", a=a.id, b=b.id, point=point, side=side,
                                          reason=lv.boundary_reason), *where, severity="note"))
        elif b_min > a_max or (b_min == a_max and a.max_exclusive and b.min_exclusive):
            out.append(lf.problem(msg("bands_gap", a=a.id, b=b.id, span=f"{a_max:g}–{b_min:g}"), *where, severity="warning"))
    return out
