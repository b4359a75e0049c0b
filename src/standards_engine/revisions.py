"""Which revision applies: the evaluation date against the application date and the next revision.

The general rule (docs/authoring.md, "Which date"): a decision is made under the rules in force when it is
made, unless the standard or the law says otherwise in a transition rule. The engine evaluates on the date
it is given; these notices say when another revision is close enough to matter, naming both.
"""
from __future__ import annotations

import datetime as dt

from .errors import InputError, Message, msg
from .wording import date_text

SOON = dt.timedelta(days=30)


def _transition(repo, rev) -> dict | None:
    return repo.resolve(rev.path).compiled.data.get("transition")


def notices(repo, municipality: str, service: str, on: dt.date,
            application_date: dt.date | None = None) -> list[tuple[Message, dict | None]]:
    """(message, transition rule or None) for each thing the caseworker should know about the revision used."""
    now = repo.in_force(municipality, service, on)
    out: list[tuple[Message, dict | None]] = []
    if application_date is not None:
        try:
            then = repo.in_force(municipality, service, application_date)
        except InputError:
            then = None
        if then is not None and then.valid_from != now.valid_from:
            later = now if now.valid_from > then.valid_from else then
            out.append((msg("revision_differs", application=application_date, then=then.valid_from, on=on,
                            now=now.valid_from), _transition(repo, later)))
    nxt = [r for r in repo.revisions(municipality, service) if on < r.valid_from <= on + SOON]
    if nxt:
        out.append((msg("revision_soon", next=nxt[0].valid_from, days=(nxt[0].valid_from - on).days, on=on,
                        now=now.valid_from), _transition(repo, nxt[0])))
    return out


def said(items: list[tuple[Message, dict | None]], lang: str = "da") -> list[str]:
    """The notices as sentences, dates in words, each followed by its transition rule when it has one."""
    out = []
    for m, tr in items:
        params = {k: date_text(v, lang) if isinstance(v, dt.date) else v for k, v in m.params.items()}
        out.append(Message(m.code, params).say(lang))
        if tr:
            text = (tr.get("text_en") if lang == "en" else None) or tr["text"]
            since = params.get("next") or params.get("now")
            if m.code == "revision_differs":
                since = params["then"] if m.params["then"] > m.params["now"] else params["now"]
            out.append(Message("revision_transition", {"since": since, "text": text}).say(lang))
    return out
