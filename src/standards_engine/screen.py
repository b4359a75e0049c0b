"""One profile against many standards: every service of a municipality (screen), or one service across
municipalities side by side (compare). Plain data rows; the CLI and the server render them."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from . import api
from .errors import InputError, StandardError, msg
from .messages import quoted
from .tree import index
from .i18n import OUTCOME, RESULT
from .coerce import parse_profile
from .vocabulary import STANDARD_SERVICES, services


@dataclass(frozen=True, kw_only=True)
class Row:
    """One standard's verdict on the profile."""
    municipality: str
    municipality_name: str
    service: str
    service_title: str
    paragraph: str
    outcome: str | None          # None: no revision in force on the date, or the standard is invalid
    outcome_label: str
    valid_from: str | None       # the revision applied
    deciding: str                # the deciding reason, in words
    first_question: str | None   # the first missing fact's question, if any
    first_missing_fact: str | None
    limits: list[str]
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def municipalities(repository: Any = None) -> list[str]:
    """The municipalities with a standard in the tree (tree.index: the one walk), sorted."""
    repo = repository or api.open_repository()
    if not repo.root.is_dir():
        raise InputError(msg("root_not_folder" if repo.root.exists() else "root_missing", root=repo.root))
    return sorted(index(repo.root))


def services_of(municipality: str, repository: Any = None) -> list[str]:
    """The services a municipality has a standard for, in the catalogue's order."""
    repo = repository or api.open_repository()
    have = index(repo.root).get(municipality) if repo.root.is_dir() else None
    if have is None:
        raise InputError(msg("unknown_municipality", municipality=quoted(municipality), root=repo.root,
                             known=", ".join(municipalities(repo))))
    order = {s: i for i, s in enumerate(STANDARD_SERVICES)}
    return sorted(have, key=lambda s: (order.get(s, len(order)), s))


def row(profile: Any, municipality: str, service: str, on: dt.date, repository: Any = None, lang: str = "da") -> Row:
    """The verdict of one standard; a date with no revision in force gives a row that says so."""
    svc = services().get(service)
    title = svc.title.get(lang, svc.title["da"]) if svc else service
    paragraph = svc.paragraph if svc else ""
    try:
        rec = api.check(profile, municipality, service, on, lang, repository)
    except StandardError as e:
        return Row(municipality=municipality, municipality_name=municipality, service=service, service_title=title,
                   paragraph=paragraph, outcome=None, outcome_label="standard not valid" if lang == "en" else "standarden er ikke gyldig",
                   valid_from=None, deciding=e.text(lang).splitlines()[0], first_question=None, first_missing_fact=None,
                   limits=[], error=e.text(lang))
    except InputError as e:  # the profile was checked first (screen, compare): this is about the standard or date
        return Row(municipality=municipality, municipality_name=municipality, service=service, service_title=title,
                   paragraph=paragraph, outcome=None, outcome_label="not in force" if lang == "en" else "ikke gældende",
                   valid_from=None, deciding=e.text(lang), first_question=None, first_missing_fact=None, limits=[], error=e.text(lang))
    deciding = rec.deciding()
    if rec.outcome == "grant":
        why = "alle betingelser er opfyldt" if lang != "en" else "every condition is met"
    else:  # the rule and how it came out: "ikke opfyldt: Borgeren bor hjemme …", "ukendt: …"
        pick = [r for r in deciding if (r.result == "unknown") == (rec.outcome == "incomplete")] or deciding
        why = f"{RESULT[lang][pick[0].result]}: {pick[0].text}" if pick else ""
    first = rec.missing_facts[0] if rec.missing_facts else None
    limits = [f"{_num(lim.recommended)} {lim.unit}".strip() + (f" (ansøgt {_num(lim.requested)})" if lang != "en" else f" (requested {_num(lim.requested)})")
              for lim in rec.limits if lim.exceeded and lim.recommended is not None]
    return Row(municipality=rec.municipality, municipality_name=rec.municipality_name, service=rec.service,
               service_title=rec.service_title, paragraph=paragraph, outcome=rec.outcome,
               outcome_label=OUTCOME[lang][rec.outcome], valid_from=rec.standard["valid_from"], deciding=why,
               first_question=first.question if first else None, first_missing_fact=first.fact if first else None,
               limits=limits)


def _num(v: float | None) -> str:
    if v is None:
        return "—"
    return str(int(v)) if float(v).is_integer() else str(v).replace(".", ",")


def screen(profile: Any, municipality: str, on: dt.date | None = None, repository: Any = None,
           lang: str = "da") -> list[Row]:
    """One row per service `municipality` has a standard for: the profile's outcome under each."""
    repo = repository or api.open_repository()
    on = on or dt.date.today()
    parse_profile(profile)  # a bad profile is bad for every row: said once, as an InputError
    return [row(profile, municipality, s, on, repo, lang) for s in services_of(municipality, repo)]


def screen_all(profile: Any, on: dt.date | None = None, repository: Any = None, lang: str = "da") -> list[Row]:
    """`screen` for every municipality in the tree, one after the other."""
    repo = repository or api.open_repository()
    return [r for m in municipalities(repo) for r in screen(profile, m, on, repo, lang)]


def compare(profile: Any, service: str, on: dt.date | None = None, repository: Any = None, lang: str = "da",
            municipalities_: list[str] | None = None) -> list[Row]:
    """The same service across municipalities (all that have a standard for it, or those named), one row each."""
    repo = repository or api.open_repository()
    on = on or dt.date.today()
    parse_profile(profile)
    names = municipalities_ or sorted(m for m, have in index(repo.root).items() if service in have)
    if not names:
        raise InputError(msg("no_municipality_has", service=quoted(service)))
    return [row(profile, m, service, on, repo, lang) for m in names]
