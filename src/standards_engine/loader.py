"""Loads one standard file into a validated model, with located errors."""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel, ValidationError

from .errors import Invalid, Problem, StandardError, msg
from .schema import SameAs, Standard
from .yamlio import Positions, YamlProblem, as_written, decode, load_text, locate


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    display: str
    data: Any
    positions: Positions
    sha256: str


def read(path: Path, display: str | None = None) -> LoadedFile:
    display = display or str(path)
    return _loaded(path, display, _raw(path, display))


def _raw(path: Path, display: str) -> bytes:
    """The file's bytes, read as a file from outside is read (files.read_regular); a located error if unreadable."""
    from .files import NotRegular, TooLarge, read_regular
    from .yamlio import MAX_BYTES
    try:
        raw = read_regular(path, MAX_BYTES)  # not a FIFO or /dev/zero named like a revision: no hang
    except TooLarge:
        raw = b"\0" * (MAX_BYTES + 1)  # decode() below says the file is too large, where it says so for all
    except NotRegular as e:
        raise StandardError([Problem.coded(display, 1, 1, msg("file_unreadable", error=e.kind))]) from None
    except OSError as e:
        raise StandardError([Problem.coded(display, 1, 1, msg("file_unreadable", error=e.strerror or e))]) from None
    return raw


def _loaded(path: Path, display: str, raw: bytes, sha: str | None = None) -> LoadedFile:
    try:
        text = decode(raw, display)
        from .cpr import cpr_line
        line = cpr_line(text)
        if line is not None:  # no citizen data in a standard or an example case, and never shown back
            raise StandardError([cpr_problem(display, line)])
        sha = sha or hashlib.sha256(raw).hexdigest()
        data, pos = _parsed(text, display, sha)
    except YamlProblem as e:
        raise StandardError([e.problem]) from None
    return LoadedFile(path, display, data, pos, sha)


def _parsed(text: str, display: str, sha: str) -> tuple[Any, Positions]:
    """What the YAML parser makes of these bytes: from the cache when they were parsed before (and the entry
    passes every check in cache.py), else parsed now. Everything after the parser runs either way."""
    from . import cache
    hit = cache.get("yaml", sha)
    if isinstance(hit, list) and len(hit) == 2 and isinstance(hit[1], dict) \
            and all(isinstance(k, tuple) for k in hit[1]):
        return hit[0], hit[1]
    data, pos = load_text(text, display)
    cache.put("yaml", sha, [data, cache.Positions(pos)])
    return data, pos


def validated(path: Path, display: str, models: dict[str, type[BaseModel]],
              model_for: Callable[[Any], type[BaseModel]]) -> tuple[BaseModel, str]:
    """A file as its pydantic model, and the file's sha256; the file unchanged since it was last validated is
    read from the cache's validated entry (cache.get_model: the same model validates the entry's JSON, and the
    entry must name this file's sha256). Otherwise: decoded, scanned for CPR numbers, parsed, validated by
    model_for(data) with located errors, and stored. `models` are the classes an entry may name."""
    from . import cache
    raw = _raw(path, display)
    sha = hashlib.sha256(raw).hexdigest()
    kind = "valid"
    hit = cache.get_model(kind, sha, models)
    if hit is not None:
        # The CPR scan and the parse decided these very bytes (the key names them and the code that decided).
        return hit, sha
    f = _loaded(path, display, raw, sha)
    model = parse_model(model_for(f.data), f)
    cache.put_model(kind, sha, model)
    return model, sha


STANDARD_MODELS: dict[str, type[BaseModel]] = {"Standard": Standard, "SameAs": SameAs}


def standard_model(path: Path, display: str) -> tuple[Standard | SameAs, str, LoadedFile | None]:
    """A revision file as a Standard (or a SameAs pointer), validated, its sha256, and the English file beside it
    (folded in; translations.py) when there is one; from the cache when valid. With a translation the entry's key
    is made of both files' sha256, so an entry made before the English changed is never used."""
    from . import cache
    tr = translation_beside(path, display)
    if tr is None:
        model, sha = validated(path, display, STANDARD_MODELS, _standard_or_pointer)
        return model, sha, None  # type: ignore[return-value]
    raw = _raw(path, display)
    sha = hashlib.sha256(raw).hexdigest()
    key = hashlib.sha256(f"{sha}+{tr.sha256}".encode()).hexdigest()
    hit = cache.get_model("valid", key, STANDARD_MODELS)
    if hit is not None:
        return hit, sha, tr
    model = _with_translation(_loaded(path, display, raw, sha), tr)
    cache.put_model("valid", key, model)
    return model, sha, tr


def _standard_or_pointer(data: Any) -> type[BaseModel]:
    return SameAs if isinstance(data, dict) and "same_as" in data else Standard


def cpr_problem(display: str, line: int) -> Problem:
    return Problem(display, line, 1, "linjen indeholder en værdi, der ligner et CPR-nummer; den vises ikke. Brug pseudonyme data",
                   message_en="the line contains a value that looks like a CPR number; it is not shown. Use pseudonymous data")


def parse_model(model: type[BaseModel], f: LoadedFile) -> Any:
    if not isinstance(f.data, dict):
        raise StandardError([Problem(f.display, 1, 1, "filen skal være en YAML-mapping (nøgle: værdi) øverst",
                                     message_en="the file must be a YAML mapping (key: value) at the top level")])
    try:
        return model.model_validate(f.data)
    except ValidationError as e:
        raise StandardError(pydantic_problems(e, f, model)) from None


def parse_standard(f: LoadedFile) -> Standard | SameAs:
    return read_standard(f)[0]


def read_standard(f: LoadedFile) -> tuple[Standard | SameAs, LoadedFile | None]:
    """The validated standard, with its English from <valid_from>.en.yaml beside it folded in (translations.py),
    and that file when there is one (a recommendation names it with its sha256)."""
    tr = translation_beside(f.path, f.display)
    return _with_translation(f, tr), tr


def translation_beside(path: Path, display: str) -> LoadedFile | None:
    """The English file beside a revision (<valid_from>.en.yaml), read as the revision is; None when there is none."""
    from . import translations
    beside = translations.path_for(path)
    if not path.name.endswith(".yaml") or path.name.endswith(translations.SUFFIX) or not beside.is_file():
        return None
    return read(beside, display.removesuffix(path.name) + beside.name)


def _with_translation(f: LoadedFile, tr: LoadedFile | None) -> Standard | SameAs:
    from dataclasses import replace
    from . import translations
    if tr is not None:
        f = replace(f, data=translations.fold(f.data, tr))
    return parse_model(_standard_or_pointer(f.data), f)


def _field_names(model: type[BaseModel]) -> set[str]:
    names: set[str] = set()
    seen: set[type] = set()

    def walk(m: type[BaseModel]) -> None:
        if m in seen:
            return
        seen.add(m)
        for name, field in m.model_fields.items():
            names.add(field.alias or name)
            for sub in _submodels(field.annotation):
                walk(sub)
    walk(model)
    return names


def _submodels(tp: Any) -> list[type[BaseModel]]:
    import typing
    out = []
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        out.append(tp)
    for arg in typing.get_args(tp):
        out.extend(_submodels(arg))
    return out


def pydantic_problems(e: ValidationError, f: LoadedFile, model: type[BaseModel]) -> list[Problem]:
    known = _field_names(model)
    # At one position: the alternatives of a union for one field ("et tal eller en dato"), and
    # separate problems of different fields (each missing key of a mapping), said one after the other.
    # Each message is a (Danish, English) pair; the Danish one decides positions.
    by_pos: dict[tuple[int, int], dict[str, list[tuple[str, str]]]] = {}
    order: list[tuple[int, int]] = []
    for err in e.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            key_loc = loc[:-1] + (loc[-1], "__key__")
            pos = f.positions.get(key_loc) or locate(f.positions, loc)
        else:
            pos = locate(f.positions, loc)
        pair = _said(err, known, f.data)
        error = (err.get("ctx") or {}).get("error")
        if not loc and isinstance(error, Invalid) and error.at in f.positions:  # a whole-file check names its place
            pos = f.positions[error.at]
        if pos not in by_pos:
            by_pos[pos] = {}
            order.append(pos)
        alternatives = by_pos[pos].setdefault(_where(loc, f.data), [])
        if pair not in alternatives:
            alternatives.append(pair)
    return [Problem(f.display, line, col, "; ".join(_join([m for m, _ in ms]) for ms in by_pos[(line, col)].values()),
                    message_en="; ".join(_join([m for _, m in ms], "en") for ms in by_pos[(line, col)].values()))
            for line, col in sorted(order)]


def _join(messages: list[str], lang: str = "da") -> str:
    """Alternatives from a union, said once: "'x' skal være et tal eller en dato"."""
    must, finite, or_ = ((" must be ", " must be a finite number", " or ") if lang == "en"
                         else (" skal være ", " skal være et endeligt tal", " eller "))
    finite = [m for m in messages if finite in m]
    if finite:  # .nan is a float, so the float alternative is the one that was meant
        return finite[0]
    prefix = messages[0].split(must)[0] + must
    if len(messages) > 1 and all(m.startswith(prefix) for m in messages):
        return prefix + or_.join(m[len(prefix):] for m in messages)
    return or_.join(messages)


_TYPE_TAGS = ("int", "float", "bool", "str", "date", "list[...]")


def _where(loc: tuple, data: Any = None) -> str:
    """The place of an error as a path ('cases[0].date'). pydantic puts the alternative of a union
    in the path too ('gte', 'date'): that part is dropped, unless the file has a key of that name
    there (a case's own `date`)."""
    parts = []
    node = data
    for p in loc:
        if isinstance(p, int):
            parts.append(f"[{p}]")
            node = node[p] if isinstance(node, list) and -len(node) <= p < len(node) else None
        elif (p in _TYPE_TAGS or "[" in str(p)) and not (isinstance(node, dict) and p in node):
            break
        else:
            parts.append(("." if parts else "") + str(p))
            node = node.get(p) if isinstance(node, dict) else None
    return "".join(parts)


def _said(err: dict, known: set[str], data: Any = None) -> tuple[str, str]:
    """A pydantic error as a sentence in Danish and in English."""
    loc = tuple(err["loc"])
    where = _where(loc, data)
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return (f"'{where}' mangler: feltet '{loc[-1]}' er påkrævet", f"'{where}' is missing: the field '{loc[-1]}' is required")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        parent = _where(loc[:-1], data)
        place, place_en = (f" i '{parent}'", f" in '{parent}'") if parent else (" øverst i filen", " at the top of the file")
        if key in known:  # a real key, in the wrong place: suggesting itself would help nobody
            return (f"nøglen '{key}' hører ikke til{place} (den bruges andre steder i en standard)",
                    f"the key '{key}' does not belong{place_en} (it is used elsewhere in a standard)")
        near = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.7)
        hint, hint_en = (f"; mente du '{near[0]}'?", f"; did you mean '{near[0]}'?") if near else ("", "")
        return f"ukendt nøgle '{key}'{place}{hint}", f"unknown key '{key}'{place_en}{hint_en}"
    if kind == "literal_error":
        expected = str(ctx.get("expected"))
        danish = expected.replace("' or '", "' eller '")
        return (f"'{where}' skal være en af {danish}, ikke {err.get('input')!r}",
                f"'{where}' must be one of {expected}, not {err.get('input')!r}")
    if kind in ("value_error", "assertion_error"):
        error = ctx.get("error")
        msg = str(error or err["msg"]).removeprefix("Value error, ")
        msg_en = error.en if isinstance(error, Invalid) else msg
        return (f"'{where}': {msg}", f"'{where}': {msg_en}") if where else (msg, msg_en)
    if kind in ("string_type", "str_type"):
        # YAML reads 2024-12-10, 12 or true as a date, number or yes/no: the author meant the text
        read_as = err.get("input")
        if isinstance(read_as, (int, float, dt.date)):
            return (f"'{where}' skal være en tekst; sæt den i anførselstegn (\"{as_written(read_as)}\")",
                    f"'{where}' must be text; put it in quotes (\"{as_written(read_as)}\")")
        return f"'{where}' skal være en tekst", f"'{where}' must be text"
    if kind in ("int_type", "int_parsing", "float_type", "float_parsing", "int_from_float"):
        quoted = isinstance(err.get("input"), str)
        return (f"'{where}' skal være et tal" + (" (skrevet uden anførselstegn)" if quoted else ""),
                f"'{where}' must be a number" + (" (written without quotes)" if quoted else ""))
    if kind == "finite_number":
        return (f"'{where}' skal være et endeligt tal, ikke .nan eller .inf",
                f"'{where}' must be a finite number, not .nan or .inf")
    if kind in ("bool_type", "bool_parsing"):
        return f"'{where}' skal være true eller false", f"'{where}' must be true or false"
    if kind.startswith("date"):
        return f"'{where}' skal være en dato (ÅÅÅÅ-MM-DD)", f"'{where}' must be a date (YYYY-MM-DD)"
    if kind in ("list_type",):
        return f"'{where}' skal være en liste", f"'{where}' must be a list"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"'{where}' skal være en mapping (nøgle: værdi)", f"'{where}' must be a mapping (key: value)"
    if kind == "string_pattern_mismatch":
        return (f"'{where}' har ugyldig form: {err.get('input')!r} (kun små bogstaver, tal og bindestreger; se skemaet)",
                f"'{where}' has an invalid form: {err.get('input')!r} (only lowercase letters, digits and hyphens; see the schema)")
    if kind == "too_short":
        return f"'{where}' er for kort eller tom", f"'{where}' is too short or empty"
    if kind in ("greater_than_equal", "greater_than"):
        n = ctx.get("ge", ctx.get("gt"))
        return f"'{where}' skal være mindst {n}", f"'{where}' must be " + ("at least" if "ge" in ctx else "greater than") + f" {n}"
    return f"'{where}': {err['msg']}", f"'{where}': {err['msg']}"
