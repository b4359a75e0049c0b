"""The web page for caseworkers: server-rendered HTML (Jinja2) that works without JavaScript.

Choose municipality and service, answer one question at a time (ved ikke, tilbage), read the recommendation,
draft the letter. Nothing is kept on the server: the answers so far travel in the form itself (hidden fields),
so closing the tab forgets them. Every step is a thin call of the library: interview.next_question,
interview.apply_answer, letter.draft_for.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from .problems import ApiError, problem

_HERE = Path(__file__).parent  # read by path, as the package's data (decision 0002)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

WORDS = {
    "da": {
        "title": "Kvalitetsstandarder", "subtitle": "Vurdering efter kommunens kvalitetsstandard (serviceloven)",
        "switch": "English", "switch_lang": "en", "start_h": "Ny vurdering", "municipality": "Kommune",
        "service": "Ydelse", "date": "Vurderingsdato", "date_hint": "ÅÅÅÅ-MM-DD; standarden, der gælder denne dato, bruges.",
        "begin": "Start interview", "question": "Spørgsmål", "at_most_left": "højst {n} tilbage",
        "next": "Næste", "unknown": "Ved ikke", "back": "Tilbage", "restart": "Start forfra",
        "yes": "Ja", "no": "Nej", "answers_so_far": "Svar indtil nu", "fact": "Oplysning", "answer": "Svar",
        "not_known": "ved ikke", "none": "ingen", "choose_any": "Vælg alle, der passer (ingen valgt betyder ingen).",
        "why_asked": "Spørgsmålet afgør reglerne", "letter_h": "Udkast til afgørelse", "decision_date": "Afgørelsesdato",
        "application_date": "Ansøgningsdato (hvis kendt)", "make_letter": "Lav udkast til afgørelse",
        "letter_note": "Brevet er et udkast på dansk, som sagsbehandleren færdiggør og underskriver.",
        "download_md": "Hent som Markdown", "download_html": "Hent som HTML", "copy_h": "Tekst til kopiering (Markdown)",
        "copy_btn": "Kopiér teksten", "print": "Udskriv", "back_to_rec": "Tilbage til anbefalingen",
        "privacy": "Intet gemmes på serveren: svarene ligger kun i denne side. Skriv aldrig CPR-numre; brug et pseudonymt sagsnummer.",
        "error_h": "Svaret kan ikke bruges", "skip": "Spring til indhold", "requested": "Ansøgt", "max": "Højst",
        "recommended": "Anbefalet", "rule": "Regel", "quote": "Standardens ord", "missing_note": "Disse oplysninger mangler stadig:",
        "interview_for": "Interview", "other_rules_hint": "Vis de øvrige regler",
        "read_standard": "Læs hele kvalitetsstandarden",
    },
    "en": {
        "title": "Quality standards", "subtitle": "Assessment against the municipality's quality standard (Social Services Act)",
        "switch": "Dansk", "switch_lang": "da", "start_h": "New assessment", "municipality": "Municipality",
        "service": "Service", "date": "Evaluation date", "date_hint": "YYYY-MM-DD; the standard in force on this date is used.",
        "begin": "Start interview", "question": "Question", "at_most_left": "at most {n} left",
        "next": "Next", "unknown": "Don't know", "back": "Back", "restart": "Start again",
        "yes": "Yes", "no": "No", "answers_so_far": "Answers so far", "fact": "Fact", "answer": "Answer",
        "not_known": "don't know", "none": "none", "choose_any": "Choose all that apply (none chosen means none).",
        "why_asked": "The answer decides the rules", "letter_h": "Draft decision letter", "decision_date": "Decision date",
        "application_date": "Application date (if known)", "make_letter": "Draft the decision letter",
        "letter_note": "The letter is a draft in Danish for the caseworker to complete and sign.",
        "download_md": "Download as Markdown", "download_html": "Download as HTML", "copy_h": "Text to copy (Markdown)",
        "copy_btn": "Copy the text", "print": "Print", "back_to_rec": "Back to the recommendation",
        "privacy": "Nothing is stored on the server: the answers live in this page only. Never write CPR numbers; use a pseudonymous case id.",
        "error_h": "The answer cannot be used", "skip": "Skip to content", "requested": "Requested", "max": "Max",
        "recommended": "Recommended", "rule": "Rule", "quote": "The standard's words", "missing_note": "Still missing:",
        "interview_for": "Interview", "other_rules_hint": "Show the other rules",
        "read_standard": "Read the whole quality standard",
    },
}


def _env():
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    env = Environment(loader=FileSystemLoader(str(_HERE / "templates")), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    return env


_ENV = None


def page(name: str, **ctx: Any) -> str:
    global _ENV
    if _ENV is None:
        _ENV = _env()
    lang = ctx.get("lang", "da")
    return _ENV.get_template(name).render(w=WORDS[lang], **ctx)


def error_page(e: ApiError) -> str:
    """A refusal as a page a person reads: both languages, a way back. Built without templates so it works whatever failed."""
    b = e.body()
    return ("<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\"><title>Fejl</title>"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<link rel=\"stylesheet\" href=\"/static/style.css\"></head><body><main>"
            f"<h1>Forespørgslen kunne ikke besvares</h1><p role=\"alert\">{html.escape(b['message']['da'])}</p>"
            f"<p lang=\"en\">{html.escape(b['message']['en'])}</p>"
            "<p>Brug browserens tilbage-knap for at rette svaret, eller <a href=\"/\">start forfra</a>.</p>"
            "</main></body></html>")


# ---- the state a form carries ---------------------------------------------------------------------------

class State:
    """Municipality, service, date, language, the answers so far and the order they were given in (for 'back')."""

    def __init__(self, municipality: str, service: str, on: dt.date, lang: str, profile: dict, history: list[list[str]]):
        self.municipality, self.service, self.on, self.lang = municipality, service, on, lang
        self.profile, self.history = profile, history

    @classmethod
    def from_form(cls, form: dict[str, list[str]]) -> "State":
        from ..coerce import parse_date
        one = lambda k, d="": (form.get(k) or [d])[-1]  # noqa: E731
        lang = one("lang", "da")
        if lang not in WORDS:
            lang = "da"
        m, s = one("municipality"), one("service")
        if not _ID.match(m) or not _ID.match(s):
            raise problem("invalid_id", field="municipality" if not _ID.match(m) else "service",
                          what_da="Kommunens og ydelsens id", what_en="The municipality and service ids")
        try:
            on = parse_date(one("date")) if one("date") else dt.date.today()
        except ValueError:
            raise ApiError(422, "invalid_field", "Vurderingsdatoen skal skrives ÅÅÅÅ-MM-DD.",
                           "The evaluation date must be written YYYY-MM-DD.", "date") from None
        try:
            profile = json.loads(one("profile", "{}"))
            history = json.loads(one("history", "[]"))
        except (ValueError, RecursionError):
            raise problem("invalid_json") from None
        if not isinstance(profile, dict) or not isinstance(history, list) or \
                not all(isinstance(h, list) and all(isinstance(k, str) for k in h) for h in history):
            raise problem("invalid_json")
        return cls(m, s, on, lang, profile, history)

    def hidden(self) -> dict[str, str]:
        return {"municipality": self.municipality, "service": self.service, "date": self.on.isoformat(),
                "lang": self.lang, "profile": json.dumps(self.profile, ensure_ascii=False, default=_iso),
                "history": json.dumps(self.history)}


def _iso(o: Any) -> Any:
    return o.isoformat() if hasattr(o, "isoformat") else str(o)


def parse_form(body: bytes) -> dict[str, list[str]]:
    try:
        return parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False, max_num_fields=500)
    except (UnicodeDecodeError, ValueError):
        raise problem("invalid_json") from None


# ---- what each page shows ------------------------------------------------------------------------------

def catalogue(index: list) -> list[dict]:
    """Municipalities and their services for the start page's choice."""
    return [{"id": m.id, "name": m.name, "services": [{"id": s.id, "title": s.title, "title_en": s.title_en,
                                                        "paragraph": _paragraph(s.id)} for s in m.services if s.revisions]}
            for m in index]


def _paragraph(service: str) -> str:
    from ..vocabulary import services
    s = services().get(service)
    return s.paragraph if s else service


def answers(state: State) -> list[dict[str, str]]:
    """The answers so far in words, in the order given."""
    from ..vocabulary import input_facts
    from ..wording import value as value_label
    vocab = input_facts()
    w = WORDS[state.lang]
    out = []
    for name, value in state.profile.items():
        f = vocab.get(name)
        if value is None:
            words = w["not_known"]
        elif isinstance(value, list):
            words = ", ".join(value_label(name, v, state.lang) for v in value) or w["none"]
        else:
            if f is not None and f.type == "date" and isinstance(value, str):
                try:  # the form carries dates as text; shown as a date in words (17. april 2001)
                    value = dt.date.fromisoformat(value)
                except ValueError:
                    pass
            words = value_label(name, value, state.lang)
        out.append({"fact": name, "question": f.ask(state.lang) if f else name, "answer": str(words)})
    return out


def typed(profile: dict[str, Any]) -> dict[str, Any]:
    """The known answers with dates as dates again (the form carries them as text), so a letter says them in words."""
    from ..vocabulary import input_facts
    vocab = input_facts()
    out = {}
    for k, v in profile.items():
        if v is None:
            continue
        if isinstance(v, str) and k in vocab and vocab[k].type == "date":
            try:
                v = dt.date.fromisoformat(v)
            except ValueError:
                pass  # left as written: the library says what is wrong with it
        out[k] = v
    return out


def answer_text(question: Any, form: dict[str, list[str]]) -> str:
    """The form's answer as the words interview.parse_answer reads (the same parser as the terminal)."""
    if question.type == "list":
        picked = [v for v in form.get("choice", []) if v.isdigit()]
        return ", ".join(picked) if picked else "ingen"
    return (form.get("answer") or [""])[-1]


def recommendation_view(rec: Any, lang: str) -> dict[str, Any]:
    """The recommendation's parts in the order and words the text and Markdown outputs use."""
    from .. import render
    from ..i18n import t
    deciding = [{"text": r.text, "tag": render._tag(r, lang), "section": r.section, "line": r.line, "quote": r.source,
                 "note": r.note, "basis": r.basis} for r in rec.deciding()]
    limits = [{"rule": lim.rule, "requested": render.num(lim.requested) if lim.requested is not None else t(lang, "not_stated"),
               "max": render.num(lim.max), "recommended": render.num(lim.recommended), "unit": lim.unit,
               "exceeded": lim.exceeded} for lim in rec.limits]
    return {
        "rec": rec, "outcome": rec.outcome, "label": rec.outcome_label, "header": render._header(rec, lang),
        "deciding": deciding, "limits": limits, "content": render._content_lines(rec, lang),
        "level": rec.level["name"] if rec.level else None,
        "missing": [{"fact": m.fact, "question": m.question} for m in rec.missing_facts],
        "referrals": [{"what": render._referral(a), "reason": a.reason} for a in rec.alternatives],
        "referral_notes": render._referral_notes(rec),
        "others": [render._other_line(r, lang, rec) for r in rec.reasons if not r.deciding],
        "information": render._information(rec, lang),
        "notes": [*rec.notes, t(lang, "caseworker")],
        "t": lambda key: t(lang, key),
    }


def letter_body(letter_html: str) -> str:
    """The letter's own HTML document, without its head: the part inside <main>, made by the library (escaped there)."""
    start, end = letter_html.find("<main>"), letter_html.rfind("</main>")
    return letter_html[start + len("<main>"):end] if start >= 0 and end > start else ""
