"""A draft decision letter (udkast til afgørelse) built from a recommendation, for the caseworker to
complete and sign. What it must contain, and why, is in docs/letters.md: forvaltningsloven § 22
(reasons unless full medhold), § 24 (the rules applied, the facts given weight, the main considerations
of a discretionary decision), § 25 (complaint guidance), retssikkerhedsloven §§ 66–67 (the complaint
goes to the deciding municipality, which reconsiders before Ankestyrelsen; 4 weeks from receipt).

The letter is built once as blocks and rendered as Markdown or print-friendly HTML (A4, lang="da",
no scripts). It never contains a CPR number: the profile was refused if it held one, and the text is
redacted before it is returned all the same.
"""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import Any, Iterable

from .cpr import redact
from .i18n import RESULT
from .recommendation import Recommendation
from .vocabulary import facts, input_facts, services
from .wording import date_text as long_date, fact_name, value as value_label

FORMATS = ("markdown", "html")
# Where a referral outside the social services act is applied for.
_WHERE = {"sundhedsloven": "din egen læge eller regionen", "anden-lovgivning": "[den myndighed, der giver tilbuddet]"}


# --- The complaint deadline -------------------------------------------------------------------------

def _easter(year: int) -> dt.date:
    """Easter Sunday (the Gregorian computus, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def closed_days(year: int) -> set[dt.date]:
    """The days other than Saturday and Sunday on which a deadline does not expire: the public
    holidays, grundlovsdag, 24 and 31 December (Store Bededag only until 2023, when it was abolished)."""
    e = _easter(year)
    days = {dt.date(year, 1, 1), dt.date(year, 6, 5), dt.date(year, 12, 24), dt.date(year, 12, 25),
            dt.date(year, 12, 26), dt.date(year, 12, 31)}
    days |= {e + dt.timedelta(n) for n in (-3, -2, 0, 1, 39, 49, 50)}  # skærtorsdag … 2. pinsedag
    if year <= 2023:
        days.add(e + dt.timedelta(26))  # store bededag
    return days


def complaint_deadline(received: dt.date, weeks: int = 4) -> dt.date:
    """The last day to complain: the same weekday `weeks` weeks after the day of receipt (that day not
    counted); a deadline on a Saturday, Sunday, holiday, grundlovsdag, 24 or 31 December moves to the
    next working day (Justitsministeriets vejledning om beregning af klagefrister, 2018)."""
    d = received + dt.timedelta(weeks=weeks)
    while d.weekday() >= 5 or d in closed_days(d.year):
        d += dt.timedelta(1)
    return d


# --- Blocks -----------------------------------------------------------------------------------------

@dataclass
class Block:
    kind: str                     # banner | title | meta | h2 | p | ul | todo
    text: str = ""
    items: list[str] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)


def _todo(text: str) -> str:
    """A placeholder only the caseworker can fill in."""
    return f"[{text}]"


def _num(v: float | None) -> str:
    if v is None:
        return "—"
    return str(int(v)) if float(v).is_integer() else str(v).replace(".", ",")


def _facts_weighed(rec: Recommendation, profile: dict[str, Any], facts_read: Iterable[str] | None) -> list[str]:
    """The facts of the profile given weight, in words: those the standard's rules read (or, when that
    is not known, every fact given), never the pseudonymous case id."""
    vocab = input_facts()
    derived = facts()
    read = set(facts_read) if facts_read is not None else None
    if read is not None:  # a derived fact is weighed through what it is computed from
        read |= {src for n in list(read) if n in derived and derived[n].derived for src in derived[n].derived_from}
        if "age" in read:
            read.add("birth_date")  # the age a rule reads is computed from the birth date when it is given
    out = []
    for name, value in profile.items():
        if name == "case_id" or value is None or name not in vocab or (read is not None and name not in read):
            continue
        words = (", ".join(value_label(name, v) for v in value) or "ingen") if isinstance(value, (list, tuple)) \
            else value_label(name, value)
        unit = vocab[name].unit.get("da", "")
        if unit and vocab[name].type in ("int", "number"):
            words = f"{words} {unit}"
        meaning = fact_name(name)
        out.append(f"{meaning[:1].upper()}{meaning[1:]}: {words}.")
    return out


def _deadline_text(decision_date: dt.date) -> tuple[str, dt.date]:
    deadline = complaint_deadline(decision_date)
    return (f"Fristen er 4 uger fra den dag, du har modtaget afgørelsen. Vi går ud fra, at du modtager dette brev "
            f"i Digital Post samme dag, som det er sendt, den {long_date(decision_date)}; så skal din klage være "
            f"modtaget af kommunen senest {long_date(deadline)}. Har du modtaget brevet senere (fx med almindelig "
            f"post), regnes de 4 uger fra den dag, du modtog det."), deadline


def blocks(rec: Recommendation, profile: dict[str, Any], decision_date: dt.date,
           application_date: dt.date | None = None, facts_read: Iterable[str] | None = None) -> list[Block]:
    """The letter as blocks, in Danish (the language of a Danish decision)."""
    svc = services().get(rec.service)
    paragraph = svc.paragraph if svc else ""
    title = rec.service_title
    std = rec.standard
    kommune = rec.municipality_name
    law = std.get("legal_basis") or f"serviceloven {paragraph}"
    full = rec.outcome == "grant"
    out: list[Block] = []

    out.append(Block("banner", "UDKAST TIL AFGØRELSE – ikke sendt. Sagsbehandleren skal gennemgå og færdiggøre teksten, "
                               "udfylde alt i [kantede parenteser] og underskrive, før afgørelsen sendes. "
                               f"Udkastet bygger på anbefalingen »{rec.outcome_label}« efter {kommune}s kvalitetsstandard; "
                               "det er sagsbehandleren, der træffer afgørelsen efter en konkret og individuel vurdering."))
    out.append(Block("meta", pairs=[
        ("Fra", kommune), ("Til", _todo("borgerens navn og adresse")),
        ("Dato", long_date(decision_date)),
        ("Sagsnummer", rec.case_id or _todo("sagsnummer")),
        ("Sagsbehandler", _todo("navn, telefon og e-mail")),
    ]))
    out.append(Block("title", f"Afgørelse om {title.lower()} efter {law}"))

    # What was applied for.
    applied = (f"Du har den {long_date(application_date)} søgt om" if application_date else
               f"Du har den {_todo('dato for ansøgningen')} søgt om")
    wanted = [f"{_num(lim.requested)} {lim.unit}".strip() for lim in rec.limits if lim.requested is not None]
    content = [", ".join(value_label(c.fact, v) for v in c.requested) for c in rec.content if c.requested]
    what = "; ".join([*wanted, *(f"støtte til {c}" for c in content)])
    out.append(Block("h2", "Din ansøgning"))
    out.append(Block("p", f"{applied} {title.lower()} efter {law}" + (f" ({what})." if what else ".")))

    # The decision.
    out.append(Block("h2", "Afgørelse"))
    granted_limits = [f"{_num(lim.recommended)} {lim.unit}".strip() for lim in rec.limits
                      if lim.recommended is not None and lim.requested is not None]
    stated_limits = [f"højst {_num(lim.max)} {lim.unit}".strip() for lim in rec.limits if lim.requested is None and lim.applies]
    covered = [i.label for c in rec.content for i in c.recommended]
    excluded = [i for c in rec.content for i in c.excluded]
    if rec.outcome == "grant":
        scope = "; ".join([*granted_limits, *(f"støtte til {', '.join(covered)}" if covered else [])])
        out.append(Block("p", f"{kommune} bevilger dig {title.lower()} efter {law}" + (f": {scope}." if scope else ".")))
        if stated_limits and not granted_limits:
            out.append(Block("p", f"Omfang: {_todo('omfanget af bevillingen')} (standardens grænse: {', '.join(stated_limits)})."))
    elif rec.outcome == "partial":
        parts = []
        for lim in rec.limits:
            if lim.exceeded and lim.recommended is not None:
                parts.append(f"{_num(lim.recommended)} {lim.unit} (du har søgt om {_num(lim.requested)})".replace("  ", " "))
        if covered:
            parts.append(f"støtte til {', '.join(covered)}")
        out.append(Block("p", f"{kommune} bevilger dig delvist {title.lower()} efter {law}. Du får bevilget: "
                              + ("; ".join(parts) if parts else _todo("hvad og hvor meget")) + "."))
        refused = [f"det, der ligger ud over {_num(lim.recommended)} {lim.unit}".strip() for lim in rec.limits
                   if lim.exceeded and lim.recommended is not None]
        refused += [f"støtte til {i.label}" for i in excluded]
        if refused:
            out.append(Block("p", "Du får afslag på resten af det, du har søgt om: " + "; ".join(refused) + "."))
    elif rec.outcome == "refuse":
        out.append(Block("p", f"{kommune} giver dig afslag på {title.lower()} efter {law}."))
    elif rec.outcome == "assess":
        out.append(Block("todo", _todo(f"Afgørelsen efter den konkrete vurdering: bevilling, delvis bevilling eller afslag på "
                                       f"{title.lower()} efter {law}, og i givet fald hvad og hvor meget")))
        out.append(Block("p", "Anbefalingen er »kræver konkret vurdering«: en regel i kommunens serviceniveau er ikke opfyldt. "
                              "Serviceniveauet er et vejledende udgangspunkt; det alene kan ikke begrunde et afslag."))
    else:  # incomplete
        missing = [m.question for m in rec.missing_facts]
        out.append(Block("todo", _todo("Afgørelsen kan ikke træffes endnu: oplysningerne herunder mangler. "
                                       "Indhent dem, og lav udkastet igen")))
        out.append(Block("ul", items=missing))

    # Referrals: where the rest is applied for.
    if rec.alternatives and rec.outcome != "grant":
        out.append(Block("h2", "Hvor du kan søge i stedet"))
        items = []
        for a in rec.alternatives:
            where = _WHERE.get(a.service, kommune)
            name = f"{a.paragraph} ({a.title})" if a.paragraph.startswith("§") else a.title[:1].lower() + a.title[1:]
            check = getattr(a, "check", None)  # the law layer's check of the other paragraph with the facts at hand
            if check == "not_met" and getattr(a, "instead", None):
                items.append(f"{a.reason} {a.instead}")
                continue
            extra = (" Det skal dog undersøges, om " + "; ".join(t[:1].lower() + t[1:].rstrip(".") for t in a.check_text) + "."
                     if check == "unknown" and getattr(a, "check_text", None) else "")
            items.append(f"{a.reason} Du kan søge om {name} hos {where}." + extra + (f" {a.note}" if a.note else ""))
        out.append(Block("ul", items=items))

    # Reasons (§§ 22, 24).
    out.append(Block("h2", "Begrundelse"))
    if full:
        out.append(Block("p", "Du får fuldt ud medhold i din ansøgning. Derfor er afgørelsen ikke begrundet nærmere "
                              "(forvaltningsloven § 22)."))
    else:
        deciding = [r for r in rec.deciding() if r.result != "unknown"] or rec.deciding()
        out.append(Block("p", "Afgørelsen er truffet efter disse regler:"))
        rules = [f"{law[:1].upper()}{law[1:]}."]
        for r in deciding:
            citation = getattr(r, "citation", None)  # the law layer's act, § and stk. for a statutory rule
            cite = citation.get("text") if isinstance(citation, dict) else None
            where = "loven" if r.basis == "statute" else "kommunens serviceniveau"
            quote = f"; standarden: »{r.source}«" if getattr(r, "origin", "municipality") == "municipality" else ""
            rules.append(f"{r.text.rstrip('.')} – {RESULT['da'][r.result]} ({where}" + (f": {cite}" if cite else "")
                         + f"{quote}).")
        rules.append(f"{kommune}s kvalitetsstandard »{std.get('source_document', title)}«, gældende fra "
                     f"{long_date(dt.date.fromisoformat(std['valid_from']))}, vedtaget af {std.get('approved_by', _todo('hvem'))}"
                     + (f", {std['approved_on']}" if std.get("approved_on") else "") + ".")
        out.append(Block("ul", items=rules))
        weighed = _facts_weighed(rec, profile, facts_read)
        out.append(Block("p", "Vi har lagt vægt på disse oplysninger i din sag:"))
        out.append(Block("ul", items=weighed or [_todo("de oplysninger, der er lagt vægt på")]))
        out.append(Block("p", "Vores vurdering:"))
        if any(r.basis == "service_level" for r in deciding) or rec.outcome == "assess":
            out.append(Block("p", "Kommunens serviceniveau er et vejledende udgangspunkt. Vi skal fravige det, hvor dine behov "
                                  "gør det nødvendigt, og vi har derfor vurderet din konkrete situation."))
            out.append(Block("todo", _todo("Den konkrete og individuelle vurdering: hvorfor dine behov gør / ikke gør det "
                                           "nødvendigt at fravige serviceniveauet, og de hensyn, der har været afgørende")))
        else:
            out.append(Block("todo", _todo("De hovedhensyn, der har været afgørende for vurderingen, hvor afgørelsen "
                                           "bygger på et skøn; ellers hvorfor betingelsen i loven ikke er opfyldt")))

    # What follows from a grant: limits, follow-up, payment.
    if rec.outcome in ("grant", "partial", "assess"):
        info = [i for i in rec.information if i.topic in ("follow_up", "user_payment", "provider", "holiday", "transport",
                                                          "termination")]
        items = [i.text for i in info]
        if rec.level:
            items.insert(0, f"Støtteniveau: {rec.level['name']}.")
        items += [f"Standardens grænse: højst {_num(lim.max)} {lim.unit}.".replace("  ", " ") for lim in rec.limits
                  if lim.applies and lim.requested is None]
        out.append(Block("h2", "Omfang, opfølgning og betaling"))
        out.append(Block("ul", items=items or [_todo("omfang, opfølgning og eventuel egenbetaling")]))
        out.append(Block("p", f"Start: {_todo('hvornår og hos hvilken leverandør indsatsen begynder')}."))

    # Complaint guidance (§ 25; retssikkerhedsloven §§ 66–67).
    deadline_text, _ = _deadline_text(decision_date)
    out.append(Block("h2", "Klagevejledning"))
    if full:
        out.append(Block("p", "Du har fået fuldt medhold. Er du alligevel uenig i afgørelsen, kan du klage som beskrevet her."))
    out.append(Block("p", f"Du kan klage over afgørelsen. Klagen sendes til {kommune}, der har truffet afgørelsen – "
                          f"ikke direkte til Ankestyrelsen. Du kan klage skriftligt (brev, e-mail eller Digital Post til "
                          f"{_todo('kommunens adresse / sikre postkasse')}) eller mundtligt ved at ringe til "
                          f"{_todo('telefon')}. Du behøver ikke begrunde klagen, men skriv gerne, hvad du er uenig i, "
                          "og oplys sagsnummeret."))
    out.append(Block("p", deadline_text))
    out.append(Block("p", f"Når vi modtager din klage, vurderer {kommune} afgørelsen igen (genvurdering). Giver vi dig helt "
                          "eller delvist medhold, får du en ny afgørelse. Fastholder vi afgørelsen, sender vi din klage og "
                          "sagens papirer videre til Ankestyrelsen inden 4 uger efter, at vi har modtaget klagen, og du får "
                          "besked om det (retssikkerhedsloven §§ 66 og 67)."))
    out.append(Block("p", f"Venlig hilsen\n\n{_todo('sagsbehandlerens navn og underskrift')}\n{kommune}"))
    return out


# --- Rendering ----------------------------------------------------------------------------------------

def _markdown(bs: list[Block]) -> str:
    out: list[str] = []
    for b in bs:
        if b.kind == "banner":
            out += [f"> **{b.text}**", ""]
        elif b.kind == "title":
            out += [f"# {b.text}", ""]
        elif b.kind == "meta":
            out += [f"**{k}:** {v}  " for k, v in b.pairs] + [""]
        elif b.kind == "h2":
            out += [f"## {b.text}", ""]
        elif b.kind == "ul":
            out += [f"- {i}" for i in b.items] + [""]
        elif b.kind == "todo":
            out += [f"**{b.text}**", ""]
        else:
            out += [b.text.replace("\n\n", "\n\n").replace("\n", "  \n"), ""]
    return "\n".join(out).rstrip() + "\n"


_CSS = """
@page { size: A4; margin: 20mm 18mm 22mm 22mm; }
html { font-family: "Liberation Serif", "Times New Roman", Georgia, serif; font-size: 11.5pt; line-height: 1.45; color: #111; background: #fff; }
body { max-width: 170mm; margin: 0 auto; padding: 12mm 0; }
.banner { border: 2px solid #a40000; background: #fff3f3; color: #600; padding: 3mm 4mm; font-family: "Liberation Sans", Arial, sans-serif; font-size: 10pt; }
.meta { display: grid; grid-template-columns: 32mm 1fr; gap: 1mm 4mm; margin: 8mm 0 6mm; font-family: "Liberation Sans", Arial, sans-serif; font-size: 10pt; }
.meta dt { font-weight: bold; } .meta dd { margin: 0; }
h1 { font-size: 15pt; margin: 6mm 0 4mm; } h2 { font-size: 12pt; margin: 6mm 0 2mm; page-break-after: avoid; }
ul { margin: 1mm 0 3mm; padding-left: 6mm; } li { margin: 1mm 0; }
.todo { background: #fff7cc; border-left: 3px solid #c9a400; padding: 1mm 3mm; }
p, li { orphans: 3; widows: 3; }
@media print { body { padding: 0; } .banner { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


def _html(bs: list[Block], title: str) -> str:
    e = html.escape

    def inline(text: str) -> str:
        return e(text).replace("\n", "<br>")
    body: list[str] = []
    for b in bs:
        if b.kind == "banner":
            body.append(f'<p class="banner" role="note"><strong>{inline(b.text)}</strong></p>')
        elif b.kind == "title":
            body.append(f"<h1>{inline(b.text)}</h1>")
        elif b.kind == "meta":
            body.append('<dl class="meta">' + "".join(f"<dt>{e(k)}</dt><dd>{inline(v)}</dd>" for k, v in b.pairs) + "</dl>")
        elif b.kind == "h2":
            body.append(f"<h2>{inline(b.text)}</h2>")
        elif b.kind == "ul":
            body.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in b.items) + "</ul>")
        elif b.kind == "todo":
            body.append(f'<p class="todo">{inline(b.text)}</p>')
        else:
            body.append(f"<p>{inline(b.text)}</p>")
    return ("<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(body) + "\n</main>\n</body>\n</html>\n")


def draft(recommendation: Recommendation, profile: dict[str, Any], decision_date: dt.date,
          application_date: dt.date | None = None, fmt: str = "markdown", *,
          facts_read: Iterable[str] | None = None) -> str:
    """The draft decision letter for `recommendation` (from api.check on the same profile), dated
    `decision_date`, as Markdown or HTML (`fmt`). `facts_read` (the facts the standard's rules read)
    narrows the facts listed as given weight; without it every fact of the profile is listed.
    The complaint deadline is computed from `decision_date`, assuming receipt by Digital Post that day."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}")
    bs = blocks(recommendation, profile, decision_date, application_date, facts_read)
    text = _markdown(bs) if fmt == "markdown" else _html(bs, next(b.text for b in bs if b.kind == "title"))
    return redact(text)


def draft_for(profile: dict[str, Any], municipality: str, service: str, decision_date: dt.date,
              application_date: dt.date | None = None, fmt: str = "markdown", *, on: dt.date | None = None,
              repository: Any = None) -> str:
    """Evaluate `profile` on `on` (default: the decision date) and draft the letter: one call for a
    case system. Raises InputError as api.check does."""
    from . import api
    repo = repository or api.open_repository()
    on = on or decision_date
    rec = api.check(profile, municipality, service, on, "da", repo)
    cs = repo.standard_for(municipality, service, on).compiled
    read = {*cs.conditions_read(), *(lim.fact for lim in cs.limits), *(e.content_fact for e in cs.exclusions if e.content_fact)}
    return draft(rec, profile, decision_date, application_date, fmt, facts_read=read)
