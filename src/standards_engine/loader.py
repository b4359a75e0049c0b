"""Loads one standard file into a validated model, with located errors."""
from __future__ import annotations

import datetime as dt
import difflib
import re
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel, ValidationError

from .errors import Invalid, Message, Problem, StandardError, msg
from .prepared import CATALOGUE_LINE, revision_key
from .schema import SameAs, Standard
from .yamlio import Positions, YamlProblem, as_written, decode, load_text, locate


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    display: str
    data: Any
    positions: Positions
    sha256: str
    # keys written in another file (a catalogue, catalogue.expand): key path -> that file as shown
    origins: dict[tuple, str] = field(default_factory=dict)

    def at(self, *locs: tuple) -> tuple[str, int, int]:
        """(file, line, column) of the first of `locs` that is known, else of the deepest known part of the last
        one: in the file that wrote it."""
        for loc in locs[:-1]:
            if loc in self.positions:
                return (self.origins.get(loc, self.display), *self.positions[loc])
        loc = tuple(locs[-1]) if locs else ()
        while loc and loc not in self.positions:
            loc = loc[:-1]
        return (self.origins.get(loc, self.display), *self.positions.get(loc, (1, 1)))

    def problem(self, message: Message, *locs: tuple, severity: str = "error") -> Problem:
        """A problem with this file, located at the first known of `locs` (the file's top when none is)."""
        return Problem.coded(*self.at(*locs), message, severity)


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


def standard_model(path: Path, display: str, root: Path | None = None, shown: Callable[[Path], str] = str
                   ) -> tuple[Standard | SameAs, str, LoadedFile | None, list[tuple[Path, str]]]:
    """A revision file as a Standard (or a SameAs pointer), validated with its catalogue file taken in
    (catalogue.expand) and the English file beside it folded in (translations.py); its sha256, the translation
    file, and the catalogue files it read as (path, sha256); from the cache when valid. The cache entry is keyed by
    the revision's bytes and every catalogue and translation file's bytes, so an entry made before any of them
    changed is never used. `root` is the tree a `catalogue:` reference is read in."""
    from . import cache, catalogue
    tr = translation_beside(path, display)
    raw = _raw(path, display)
    sha = hashlib.sha256(raw).hexdigest()
    # The catalogue files a lookup is keyed by, seen in the bytes without parsing them. Only a lookup: the entry
    # is stored under the key from the parsed file, so a line this misreads can only cost a miss, never a stale hit.
    refs = [m.decode() for m in CATALOGUE_LINE.findall(raw)]
    if root is not None or not refs:
        included = []
        for ref in refs:
            cpath = catalogue.path_of(root, ref) if root is not None else None
            if cpath is None or not cpath.is_file():
                break
            included.append((cpath, hashlib.sha256(_raw(cpath, shown(cpath))).hexdigest()))
        else:
            hit = cache.get_model("valid", _key(sha, included, tr), STANDARD_MODELS)
            if hit is not None:
                return hit, sha, tr, included
    f, cats = catalogue.expand(_loaded(path, display, raw, sha), root, shown) if root is not None else \
        (_loaded(path, display, raw, sha), [])
    model = _with_translation(f, tr)
    included = [(c.path, c.sha256) for c in cats]
    cache.put_model("valid", _key(sha, included, tr), model)
    return model, sha, tr, included


def _key(sha: str, included: list[tuple[Path, str]], tr: LoadedFile | None = None) -> str:
    """The cache key of a revision's validated model (the same as of its signed data, prepared.py)."""
    return revision_key(sha, included, tr.sha256 if tr is not None else None)


def _standard_or_pointer(data: Any) -> type[BaseModel]:
    return SameAs if isinstance(data, dict) and "same_as" in data else Standard


def cpr_problem(display: str, line: int) -> Problem:
    return Problem.coded(display, line, 1, msg("line_has_cpr"))


def parse_model(model: type[BaseModel], f: LoadedFile) -> Any:
    if not isinstance(f.data, dict):
        raise StandardError([Problem.coded(f.display, 1, 1, msg("file_not_mapping"))])
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
    by_pos: dict[tuple[str, int, int], dict[str, list[Message]]] = {}
    for err in e.errors(include_url=False):
        loc = tuple(err["loc"])
        error = (err.get("ctx") or {}).get("error")
        if not loc and isinstance(error, Invalid) and error.at in f.positions:  # a whole-file check names its place
            pos = f.at(error.at)
        elif err["type"] == "extra_forbidden":
            pos = f.at(loc + ("__key__",), loc)
        else:
            pos = f.at(loc)
        said = _said(err, known, f.data)
        alternatives = by_pos.setdefault(pos, {}).setdefault(_where(loc, f.data), [])
        if said not in alternatives:
            alternatives.append(said)
    return [Problem.coded(*pos, _all([_join(ms) for ms in by_pos[pos].values()], "joined"))
            for pos in sorted(by_pos, key=lambda p: (p[0] != f.display, p))]


def _all(messages: list[Message], code: str) -> Message:
    """Messages said one after the other ("a; b; c" for joined, "a eller b" for either)."""
    out = messages[-1]
    for m in reversed(messages[:-1]):
        out = msg(code, a=m, b=out)
    return out


def _join(messages: list[Message]) -> Message:
    """Alternatives from a union, said once: "'x' skal være et tal eller en dato"."""
    finite = [m for m in messages if m.code == "must_be" and m.params["what"].code == "be_finite"]
    if finite:  # .nan is a float, so the float alternative is the one that was meant
        return finite[0]
    if len(messages) > 1 and all(m.code == "must_be" and m.params["where"] == messages[0].params["where"] for m in messages):
        return msg("must_be", where=messages[0].params["where"], what=_all([m.params["what"] for m in messages], "either"))
    return _all(messages, "either")


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


def _said(err: dict, known: set[str], data: Any = None) -> Message:
    """A pydantic error as a message of the catalogue."""
    loc = tuple(err["loc"])
    where = _where(loc, data)
    kind = err["type"]
    ctx = err.get("ctx") or {}
    got = err.get("input")

    def must_be(what: str, **params: Any) -> Message:
        return msg("must_be", where=where, what=msg(what, **params))
    if kind == "missing":
        return msg("field_missing", where=where, field=str(loc[-1]))
    if kind == "extra_forbidden":
        key = str(loc[-1])
        parent = _where(loc[:-1], data)
        place = msg("place_in", parent=parent) if parent else msg("place_top")
        if key in known:  # a real key, in the wrong place: suggesting itself would help nobody
            return msg("key_misplaced", key=key, place=place)
        near = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.7)
        return msg("key_unknown", key=key, place=place, hint=msg("key_hint", near=near[0]) if near else "")
    if kind == "literal_error":  # pydantic names the allowed values as 'a', 'b' or 'c'
        values = [msg("verbatim", text=f"'{v}'") for v in re.findall(r"'([^']*)'", str(ctx.get("expected")))]
        return msg("one_of", where=where, values=_all(values, "either") if values else str(ctx.get("expected")),
                   value=repr(got))
    if kind in ("value_error", "assertion_error"):
        error = ctx.get("error")
        inner = error.message if isinstance(error, Invalid) else str(error or err["msg"]).removeprefix("Value error, ")
        return msg("at_field", where=where, inner=inner) if where else (inner if isinstance(inner, Message)
                                                                         else msg("verbatim", text=inner))
    if kind in ("string_type", "str_type"):
        # YAML reads 2024-12-10, 12 or true as a date, number or yes/no: the author meant the text
        if isinstance(got, (int, float, dt.date)):
            return must_be("be_text_quote", value=as_written(got))
        return must_be("be_text")
    if kind in ("int_type", "int_parsing", "float_type", "float_parsing", "int_from_float"):
        return must_be("be_number_unquoted" if isinstance(got, str) else "be_number")
    if kind == "finite_number":
        return must_be("be_finite")
    if kind in ("bool_type", "bool_parsing"):
        return must_be("be_bool")
    if kind.startswith("date"):
        return must_be("be_date")
    if kind == "list_type":
        return must_be("be_list")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return must_be("be_mapping")
    if kind == "string_pattern_mismatch":
        return msg("bad_form", where=where, value=repr(got))
    if kind == "too_short":
        return msg("too_short", where=where)
    if kind in ("greater_than_equal", "greater_than"):
        return must_be("be_at_least" if "ge" in ctx else "be_greater", n=ctx.get("ge", ctx.get("gt")))
    return msg("at_field", where=where, inner=str(err["msg"]))
