"""The public entry points: check a profile, load a repository."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .codegen import fast_decider
from .engine import evaluate
from .outcome import Outcome, decide as _decide
from .errors import InputError, msg
from .i18n import LANGS
from .coerce import parse_profile
from .recommendation import Recommendation
from .repository import Repository, default_root
from .tree import tree_root


def open_repository(root: Path | str | None = None) -> Repository:
    return Repository(tree_root(Path(root)) if root is not None else default_root())


def check(profile: Any, municipality: str, service: str, on: dt.date | None = None, lang: str = "da",
          repository: Repository | None = None) -> Recommendation:
    """Evaluate a loaded profile mapping against the standard in force on `on`.

    Raises InputError (bad profile, unknown municipality/service, no revision
    in force) or StandardError (the standard itself is invalid).
    """
    if lang not in LANGS:
        raise InputError(msg("unknown_language", lang=lang))
    on = on or dt.date.today()
    repo = repository or open_repository()
    given = parse_profile(profile)
    res = repo.standard_for(municipality, service, on)
    return evaluate(res.compiled, given, on, lang, res.meta)


def decide(profile: Any, municipality: str, service: str, on: dt.date | None = None,
           repository: Repository | None = None) -> Outcome:
    """The outcome alone (support level, recommended quantities, rules decided against), as check() would
    decide it but building no reasons: for caseloads. Raises as check() does."""
    on = on or dt.date.today()
    repo = repository or open_repository()
    try:
        cs = repo.standard_for(municipality, service, on).compiled
    except InputError:
        parse_profile(profile)  # a bad profile is said first, as check() says it
        raise
    # The generated function (codegen.py) for a profile it can vouch for; the full path for any other.
    o = fast_decider(cs, on)(profile)
    return o if o is not None else _decide(cs, parse_profile(profile), on)
