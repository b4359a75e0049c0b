"""Finds standards on disk: the tree, the revision in force on a date, joint texts."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import field
from pathlib import Path

from .compiled import CompiledStandard, compile_standard
from .errors import InputError, Message, Problem, StandardError, msg
from .messages import quoted
from .cpr import redact
from .tree import default_root as _default_root
from .tree import revisions_in
from .vocabulary import STANDARD_SERVICES
from .records import record

ENV_VAR = "STANDARDS_DIR"


def default_root() -> Path:
    """$STANDARDS_DIR, else the tree found from the current folder upwards (tree.default_root)."""
    return _default_root(os.environ.get(ENV_VAR))


def _listing(folder: Path) -> list[Path]:
    """A folder's entries, or an input error naming the folder: an unreadable folder is never taken as empty."""
    try:
        return list(folder.iterdir())
    except OSError as e:
        raise InputError(msg("folder_unreadable_named", folder=folder, error=e.strerror or e)) from None


@record(frozen=True)
class Revision:
    municipality: str
    service: str
    valid_from: dt.date
    path: Path


@record(frozen=True, kw_only=True)
class Pointer:
    """A same_as file's own data: the municipality that uses a joint text unchanged, and what holds for it only."""

    path: Path
    sha256: str
    same_as: str                  # municipality/service/valid-from of the joint text
    municipality: dict            # {id, name}: the municipality that decides
    assumptions: tuple[str, ...] = ()
    assumptions_en: tuple[str, ...] = ()

    def own(self) -> dict:
        """What the engine reads of the pointer (CompiledStandard.pointer)."""
        return {"municipality": self.municipality, "assumptions": list(self.assumptions),
                "assumptions_en": list(self.assumptions_en)}


@record
class Resolved:
    """A standard ready to evaluate: the text (for a same_as pointer: the joint text, as written) and the pointer."""

    text: CompiledStandard        # the text as written, the same object for every municipality that shares it
    path: Path                    # the file holding the text
    sha256: str
    pointer: Pointer | None = None   # the same_as file that led here, with its own data
    includes: list[tuple[Path, str]] = field(default_factory=list)  # catalogue files the text takes in: (path, sha256)
    compiled: CompiledStandard = None  # type: ignore[assignment]  # what to evaluate: the text as `municipality` uses it
    meta: dict = field(default_factory=dict)  # what a recommendation names: path, sha256, same_as, files

    def __post_init__(self) -> None:
        if self.compiled is None:
            self.compiled = self.text.for_pointer(self.pointer.own()) if self.pointer else self.text

    @property
    def municipality(self) -> dict:
        """The municipality that decides: the pointer's, else the text's own."""
        return self.pointer.municipality if self.pointer else self.text.data["municipality"]

    def as_used(self) -> dict:
        """One document for outputs that show a revision whole (diff, the server's JSON): the text, with the
        municipality that uses it and, after the text's assumptions, the pointer's own. Never read back."""
        data, p = self.text.data, self.pointer
        if p is None:
            return data
        own = {k: [*data.get(k, ()), *getattr(p, k)] for k in ("assumptions", "assumptions_en") if getattr(p, k)}
        return {**data, "municipality": p.municipality, **own}


@record
class Repository:
    root: Path
    _cache: dict[Path, Resolved] = field(default_factory=dict)
    _listing: dict[tuple[str, str], list[Revision]] = field(default_factory=dict)
    _for: dict[tuple[str, str, dt.date], Resolved] = field(default_factory=dict)
    _translation: dict[Path, tuple[Path, str] | None] = field(default_factory=dict)

    def display(self, path: Path) -> str:
        """A path the user can open from where they stand: relative to the current directory, else absolute."""
        path = path.resolve()
        try:
            return str(path.relative_to(Path.cwd().resolve()))
        except (ValueError, OSError):
            return str(path)

    def revisions(self, municipality: str, service: str) -> list[Revision]:
        d = self.root / municipality / service
        out = []
        if d.is_dir():
            try:
                found = revisions_in(d)
            except OSError as e:
                raise InputError(msg("folder_unreadable_named", folder=d, error=e.strerror or e)) from None
            for day, p in found:
                try:
                    out.append(Revision(municipality, service, dt.date.fromisoformat(day), p))
                except ValueError:
                    continue
        return sorted(out, key=lambda r: r.valid_from)

    def in_force(self, municipality: str, service: str, on: dt.date) -> Revision:
        # A repository is read once per process: the listing is cached.
        revs = self._listing.get((municipality, service))
        if revs is None:
            self._check_ids(municipality, service)
            revs = self._listing[(municipality, service)] = self.revisions(municipality, service)
        current = [r for r in revs if r.valid_from <= on]
        if not revs:
            raise InputError(msg("no_revisions", municipality=municipality, service=service,
                                 folder=self.root / municipality / service))
        if not current:
            raise InputError(msg("none_in_force", municipality=municipality, service=service, on=on,
                                 first=revs[0].valid_from.isoformat()))
        return current[-1]

    def _check_ids(self, municipality: str, service: str) -> None:
        if not self.root.is_dir():
            raise InputError(msg("root_not_folder" if self.root.exists() else "root_missing", root=self.root))
        known_m = sorted(p.name for p in _listing(self.root) if p.is_dir() and not p.name.startswith(("_", ".")))
        if municipality not in known_m:
            raise InputError(msg("unknown_municipality", municipality=quoted(municipality), root=self.root,
                                 known=", ".join(known_m)))
        known_s = sorted(p.name for p in _listing(self.root / municipality) if p.is_dir() and not p.name.startswith(("_", ".")))
        if service not in known_s:
            raise InputError(msg("unknown_service_here", municipality=municipality, service=quoted(service),
                                 known=", ".join(known_s), all=", ".join(STANDARD_SERVICES)))

    def resolve(self, path: Path) -> Resolved:
        """Load, validate and compile a revision (following same_as); cached."""
        if path in self._cache:
            return self._cache[path]
        given, path = path, path.resolve()
        if path in self._cache:
            return self._cache[path]
        data, sha, tr, included = self._parse(path)
        if "same_as" in data:
            target = (self.root / f"{data['same_as']}.yaml").resolve()
            try:
                is_file = target.is_file()
            except OSError as e:  # a folder on the way that cannot be read: said, never taken as missing
                raise StandardError([self._at(path, ("same_as",), msg("same_as_unreadable", target=data["same_as"],
                                                                      error=e.strerror or e))]) from None
            if not is_file:
                raise StandardError([self._at(path, ("same_as",), msg("same_as_missing", target=data["same_as"]))])
            if target == path or "same_as" in self._parse(target)[0]:
                # one step only: a pointer to a pointer (or to itself) would never reach a text
                raise StandardError([self._at(path, ("same_as",), msg("same_as_chain", target=data["same_as"]))])
            base = self.resolve(target)
            if data["municipality"]["id"] not in base.text.data.get("shared_with", ()):
                raise StandardError([self._at(path, ("same_as",), msg("same_as_not_shared", target=data["same_as"],
                                                                      municipality=data["municipality"]["id"]))])
            pointer = Pointer(path=path, sha256=sha, same_as=data["same_as"], municipality=data["municipality"],
                              assumptions=tuple(data.get("assumptions", ())),
                              assumptions_en=tuple(data.get("assumptions_en", ())))
            res = Resolved(text=base.text, path=base.path, sha256=base.sha256, pointer=pointer,
                           includes=[*base.includes, *included])
        else:
            res = Resolved(text=compile_standard(data), path=path, sha256=sha,
                           includes=included)
        # Paths as every output shows them: a folder named with a CPR-like number is never echoed back.
        shown = redact(self.display(res.path))
        res.meta = {"sha256": res.sha256, "path": shown,
                    "same_as": redact(self.display(res.pointer.path)) if res.pointer else None,
                    # every file the recommendation rests on (the law layer's are added on evaluation)
                    "files": [{"role": "municipal_text", "path": shown, "sha256": res.sha256},
                              *([{"role": "same_as", "path": redact(self.display(res.pointer.path)),
                                  "sha256": res.pointer.sha256}] if res.pointer else []),
                              *({"role": "catalogue", "path": redact(self.display(p)), "sha256": sha}
                                for p, sha in res.includes),
                              *self._translations(res)]}
        self._cache[path] = self._cache[given] = res
        return res

    def _parse(self, path: Path) -> tuple[dict, str, tuple[Path, str] | None, list[tuple[Path, str]]]:
        """The validated data of a file, with its catalogue file taken in and its English from <date>.en.yaml
        folded in; its sha256; the translation file's path and sha256 when there is one; and the catalogue files it
        read as (path, sha256). The validated model may come from the cache (loader.standard_model, keyed by all
        these files), where the same model validates the entry again, so a cache entry can never change what a
        standard says."""
        from . import prepared
        hit = prepared.standard(path, self.root)  # no parser, no models: what a check starts fastest with
        if hit is not None:
            data, sha, tr, included = hit
        else:
            from . import loader
            from .schema import to_data
            model, sha, tr, included = loader.standard_model(path, self.display(path), self.root, self.display)
            data = to_data(model)
            prepared.put_standard(prepared.revision_key(sha, included, tr.sha256 if tr is not None else None), data)
        translation = (tr.path.resolve(), tr.sha256) if tr is not None else None
        self._translation[path] = translation
        return data, sha, translation, included

    def _translations(self, res: "Resolved") -> list[dict]:
        """The translation files the text (and a same_as pointer) was read with: part of what a recommendation rests on."""
        out = []
        for p in (res.path, res.pointer.path if res.pointer else None):
            tr = self._translation.get(p) if p is not None else None
            if tr is not None:
                out.append({"role": "translation", "path": redact(self.display(tr[0])), "sha256": tr[1]})
        return out

    def _at(self, path: Path, loc: tuple, message: Message) -> Problem:
        from . import loader
        f = loader.read(path, self.display(path))
        return Problem.coded(f.display, *f.positions.get(loc, (1, 1)), message)

    def standard_for(self, municipality: str, service: str, on: dt.date) -> Resolved:
        key = (municipality, service, on)
        hit = self._for.get(key)  # the revision in force per date, found once (a caseload asks again and again)
        if hit is None:
            hit = self._for[key] = self.resolve(self.in_force(municipality, service, on).path)
        return hit
