"""Finds standards on disk: the tree, the revision in force on a date, joint texts."""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import loader
from .compiled import CompiledStandard, compile_standard
from .errors import InputError, Problem, StandardError
from .schema import SameAs, Standard
from .vocabulary import MUNICIPALITIES, STANDARD_SERVICES

ENV_VAR = "STANDARDS_DIR"
_REVISION = re.compile(r"^(\d{4}-\d{2}-\d{2})\.yaml$")


def default_root() -> Path:
    """--standards-dir, else $STANDARDS_DIR, else the checkout's tree, else the bundled copy."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    checkout = here.parent.parent / "standards"
    if (here.parent.parent / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    return here / "bundled" / "standards"


@dataclass(frozen=True)
class Revision:
    municipality: str
    service: str
    valid_from: dt.date
    path: Path


@dataclass
class Resolved:
    """A standard ready to evaluate, with where its text came from."""

    compiled: CompiledStandard
    path: Path            # the file holding the text
    sha256: str
    pointer: Path | None = None   # a same_as file that led here
    pointer_sha256: str | None = None


@dataclass
class Repository:
    root: Path
    _cache: dict[Path, Resolved] = field(default_factory=dict)

    def display(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def revisions(self, municipality: str, service: str) -> list[Revision]:
        d = self.root / municipality / service
        out = []
        if d.is_dir():
            for p in d.iterdir():
                m = _REVISION.match(p.name)
                if m and p.is_file():
                    try:
                        out.append(Revision(municipality, service, dt.date.fromisoformat(m.group(1)), p))
                    except ValueError:
                        continue
        return sorted(out, key=lambda r: r.valid_from)

    def in_force(self, municipality: str, service: str, on: dt.date, lang: str = "da") -> Revision:
        en = lang == "en"
        if not self.root.is_dir():
            raise InputError(f"The standards directory {self.root} does not exist." if en else
                             f"Mappen med standarder {self.root} findes ikke.")
        known_m = sorted(p.name for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
        if municipality not in known_m:
            raise InputError((f"Unknown municipality '{municipality}'. Known: {', '.join(known_m)}." if en else
                              f"Ukendt kommune '{municipality}'. Kendte: {', '.join(known_m)}."))
        known_s = sorted(p.name for p in (self.root / municipality).iterdir() if p.is_dir())
        if service not in known_s:
            known_all = ", ".join(STANDARD_SERVICES)
            raise InputError((f"Municipality '{municipality}' has no standard for service '{service}'. It has: {', '.join(known_s)} (service ids: {known_all})." if en else
                              f"Kommunen '{municipality}' har ingen standard for ydelsen '{service}'. Den har: {', '.join(known_s)} (ydelses-id'er: {known_all})."))
        revs = self.revisions(municipality, service)
        current = [r for r in revs if r.valid_from <= on]
        if not current:
            first = revs[0].valid_from.isoformat() if revs else "—"
            raise InputError((f"No revision of {municipality}/{service} is in force on {on}: the first is in force from {first}." if en else
                              f"Ingen udgave af {municipality}/{service} er gældende den {on}: den første gælder fra {first}."))
        return current[-1]

    def resolve(self, path: Path) -> Resolved:
        """Load, validate and compile a revision (following same_as); cached."""
        path = path.resolve()
        if path in self._cache:
            return self._cache[path]
        f = loader.read(path, self.display(path))
        model = loader.parse_standard(f)
        if isinstance(model, SameAs):
            target = (self.root / f"{model.same_as}.yaml").resolve()
            if not target.is_file():
                raise StandardError([Problem(f.display, *f.positions.get(("same_as",), (1, 1)),
                                             f"same_as peger på {model.same_as}, som ikke findes")])
            base = self.resolve(target)
            text = base.compiled.standard
            if model.municipality.id not in text.shared_with:
                raise StandardError([Problem(f.display, *f.positions.get(("same_as",), (1, 1)),
                                             f"{model.same_as} nævner ikke '{model.municipality.id}' i shared_with")])
            std = text.model_copy(update={"municipality": model.municipality})
            res = Resolved(compile_standard(std), base.path, base.sha256, path, f.sha256)
        else:
            res = Resolved(compile_standard(model), path, f.sha256)
        self._cache[path] = res
        return res

    def standard_for(self, municipality: str, service: str, on: dt.date, lang: str = "da") -> Resolved:
        rev = self.in_force(municipality, service, on, lang)
        return self.resolve(rev.path)


def municipality_name(mid: str) -> str:
    return MUNICIPALITIES.get(mid, mid)
