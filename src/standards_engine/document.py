"""A standard as a readable document for citizens, the council and the website (HTML or Markdown).

Not the staff map (describe): no rule ids, no line numbers, no YAML words. The document says who the
service is for, what it covers and does not, its limits and levels, deadlines, payment, the complaint
route, the legal basis (rules that follow from the law itself are marked as such), the approval and the
date it applies from. The HTML is one self-contained file: no scripts, no outside resources, lang="da",
headings in order, print-friendly.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

from . import wording
from .i18n import TOPIC

W = {
    "da": {
        "title": "Kvalitetsstandard", "applies_from": "Gælder fra", "approved": "Godkendt af", "on": "",
        "legal_basis": "Lovgrundlag", "who": "Hvem kan få hjælpen", "weight": "Det lægger kommunen vægt på",
        "not_covered": "Det indgår ikke", "apply_instead": "Søg i stedet", "limits": "Omfang og grænser",
        "levels": "Støtteniveauer", "level": "Niveau", "range": "Omfang", "deadlines": "Sagsbehandlingstid og frister",
        "payment": "Betaling", "complaint": "Klagevejledning", "other": "Andre oplysninger", "about": "Om standarden",
        "law": "følger af loven", "service_level": "kommunens serviceniveau",
        "law_rules": "Regler, der følger af loven",
        "law_rules_intro": "Disse regler gælder efter loven, uanset hvad standarden siger:",
        "when": "når", "max": "højst", "weeks": "uger", "week": "uge", "deadline": "Frist",
        "individual": ("Kommunens serviceniveau er et vejledende udgangspunkt. Kommunen vurderer altid din situation "
                       "konkret og individuelt, og serviceniveauet fraviges, hvor dit behov gør det nødvendigt."),
        "source": "Kilde", "valid": "gældende fra", "transition": "Overgangsregel",
        "unit_from": "fra", "unit_to": "til", "over": "over", "under": "under", "up_to": "op til",
        "pays": "Du betaler selv", "boundary": "En værdi på grænsen mellem to niveauer hører til {which}.",
        "lower": "det laveste niveau", "upper": "det højeste niveau", "covers": "Hjælpen gives til borgere, der opfylder dette:",
    },
    "en": {
        "title": "Quality standard", "applies_from": "Applies from", "approved": "Approved by", "on": "",
        "legal_basis": "Legal basis", "who": "Who can get the help", "weight": "What the municipality gives weight to",
        "not_covered": "What is not included", "apply_instead": "Apply instead for", "limits": "Scope and limits",
        "levels": "Support levels", "level": "Level", "range": "Scope", "deadlines": "Processing time and deadlines",
        "payment": "Payment", "complaint": "How to complain", "other": "Other information", "about": "About the standard",
        "law": "follows from the law", "service_level": "the municipality's service level",
        "law_rules": "Rules that follow from the law",
        "law_rules_intro": "These rules apply under the law, whatever the standard says:",
        "when": "when", "max": "at most", "weeks": "weeks", "week": "week", "deadline": "Deadline",
        "individual": ("The municipality's service level is a guiding starting point. The municipality always assesses "
                       "your situation concretely and individually, and departs from the service level where your needs "
                       "require it."),
        "source": "Source", "valid": "in force from", "transition": "Transition",
        "unit_from": "from", "unit_to": "to", "over": "over", "under": "under", "up_to": "up to",
        "pays": "You pay yourself", "boundary": "A value on the boundary between two levels belongs to {which}.",
        "lower": "the lower level", "upper": "the higher level", "covers": "The help is given to citizens who meet this:",
    },
}


@dataclass
class Block:
    kind: str                      # h1, h2, p, ul, table, note
    text: str = ""
    items: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _t(r: dict, key: str, lang: str) -> str:
    return (r.get(f"{key}_en") if lang == "en" else None) or r.get(key) or ""


def _basis(r: dict, lang: str) -> str:
    """'følger af loven' (with the paragraph, for a rule of the law layer or one restating it), or the service level."""
    w = W[lang]
    if r.get("basis") != "statute":
        return w["service_level"]
    cit = r.get("citation") or {}
    where = (cit.get("text_en") if lang == "en" else None) or cit.get("text")
    return f"{w['law']}: {where}" if where else w["law"]


def blocks(data: dict, lang: str = "da", law_rules: list[dict] | None = None,
           municipality: dict | None = None) -> list[Block]:
    """The document as blocks. `law_rules` are rules of the law layer (text, legal basis), shown marked as law.
    `municipality`: the one that uses the text, when it uses another's joint text (a same_as pointer's)."""
    lang = "en" if lang == "en" else "da"
    w = W[lang]
    s, m = data["service"], municipality or data["municipality"]
    from .vocabulary import services
    sd = services().get(s["id"])
    title = _t(s, "title", lang) + (f" ({'SEL' if lang == 'en' else 'servicelovens'} {sd.paragraph})" if sd else "")
    out = [Block("h1", f"{w['title']}: {title}"),
           Block("p", f"{m['name']}. {w['applies_from']} {wording.date_text(str(data['valid_from']), lang)}. "
                      f"{_t(data, 'legal_basis', lang)}.")]
    crit = [r for r in data.get("criteria", []) if r.get("group") == "target_group"]
    if crit:
        out += [Block("h2", w["who"]), Block("p", w["covers"]),
                Block("ul", items=[_tagged(_t(r, 'text', lang), _basis(r, lang) + _when(r, lang)) for r in crit])]
    alloc = [r for r in data.get("criteria", []) if r.get("group") == "allocation"]
    if alloc:
        out += [Block("h2", w["weight"]),
                Block("ul", items=[_tagged(_t(r, 'text', lang), _basis(r, lang) + _when(r, lang)) for r in alloc])]
    excl = data.get("exclusions", [])
    if excl:
        items = []
        for r in excl:
            line = _tagged(_t(r, 'text', lang), _basis(r, lang))
            refs = [f"{wording.service_name(x['service'], lang)}: {_t(x, 'reason', lang).rstrip().removesuffix('.')}"
                    for x in r.get("refer_to", [])]
            if refs:
                line += f" {w['apply_instead']}: " + "; ".join(refs) + "."
            items.append(line)
        out += [Block("h2", w["not_covered"]), Block("ul", items=items)]
    limits, levels = data.get("limits", []), data.get("levels")
    if limits or levels:
        out.append(Block("h2", w["limits"]))
        if limits:
            items = []
            for r in limits:
                amount = f"{wording.number(r['max'], lang)} {wording.unit(r['fact'], lang)}".strip()
                items.append(_tagged(_t(r, 'text', lang), f"{w['max']} {amount}; {_basis(r, lang)}{_when(r, lang)}"))
            out.append(Block("ul", items=items))
        if levels:
            out.append(Block("h3", w["levels"]))
            rows = [[w["level"], w["range"]]]
            u = wording.unit(levels["fact"], lang)
            for b in levels["bands"]:
                rows.append([_t(b, "name", lang), _band_range(b, u, lang)])
            out.append(Block("table", rows=rows))
            if levels.get("boundary"):
                out.append(Block("p", w["boundary"].format(which=w[levels["boundary"]])))
    from .law import information
    info = information(data, m)  # the law's complaint route only where the standard gives its own for m (as a recommendation does)
    for heading, topics in ((w["deadlines"], ("response_deadline",)), (w["payment"], ("user_payment",)),
                            (w["complaint"], ("complaint",))):
        mine = [i for i in info if i["topic"] in topics]
        if mine:
            items = []
            for i in mine:
                tags = []
                if i.get("weeks") is not None and i["topic"] == "response_deadline":
                    tags.append(f"{w['deadline']}: {wording.number(i['weeks'], lang)} {w['weeks']}")
                if i.get("citizen_pays"):
                    tags.append(f"{w['pays']}: {', '.join(i['citizen_pays'])}")
                if i.get("origin") == "law":
                    tags.append(_basis(i, lang))
                items.append(_tagged(_t(i, "text", lang), "; ".join(tags)) if tags else _t(i, "text", lang))
            out += [Block("h2", heading), Block("ul", items=items)]
    rest = [i for i in info if i["topic"] not in ("response_deadline", "user_payment", "complaint")]
    if rest:
        out += [Block("h2", w["other"]),
                Block("ul", items=[f"{TOPIC[lang].get(i['topic'], i['topic'])}: "
                                   + (_tagged(_t(i, 'text', lang), _basis(i, lang)) if i.get("origin") == "law" else _t(i, 'text', lang))
                                   for i in rest])]
    if law_rules:
        out += [Block("h2", w["law_rules"]), Block("p", w["law_rules_intro"]),
                Block("ul", items=[_tagged(_t(r, 'text', lang), r.get('legal_basis') or w['law']) for r in law_rules])]
    about = [f"{w['legal_basis']}: {_t(data, 'legal_basis', lang)}.",
             f"{w['approved']} {data['approved_by']}, {data['approved_on']}.",
             f"{w['applies_from']} {wording.date_text(str(data['valid_from']), lang)}.",
             f"{w['source']}: {data['source_document']['title']}."]
    tr = data.get("transition")
    if tr:
        about.append(f"{w['transition']}: {_t(tr, 'text', lang) if isinstance(tr, dict) else tr}")
    out += [Block("h2", w["about"]), Block("ul", items=about), Block("note", w["individual"])]
    return out


def _tagged(text: str, tag: str) -> str:
    """'Borgeren er fyldt 18 år (følger af loven).'"""
    text = text.rstrip()
    end = "." if text.endswith(".") else ""
    return f"{text.removesuffix('.')} ({tag}){end}"


def _when(r: dict, lang: str) -> str:
    cond = r.get("applies_when")
    return f"; {W[lang]['when']} {wording.condition(cond, lang)}" if cond else ""


def _band_range(b: dict, unit: str, lang: str) -> str:
    w = W[lang]
    lo, hi = b.get("min"), b.get("max")
    n = lambda v: wording.number(v, lang)  # noqa: E731
    if lo is None and hi is not None:
        text = f"{w['under'] if b.get('max_exclusive') else w['up_to']} {n(hi)}"
    elif hi is None and lo is not None:
        text = f"{w['over']} {n(lo)}" if b.get("min_exclusive") else f"{w['unit_from']} {n(lo)}"
    elif lo is not None and hi is not None:
        text = f"{n(lo)}–{n(hi)}"
    else:
        text = ""
    return f"{text} {unit}".strip()


# ---- output -----------------------------------------------------------------------------------

def _md_escape(text: str) -> str:
    """Text as Markdown shows it literally: no accidental emphasis, links, headings or HTML."""
    out = []
    for ch in text:
        out.append("\\" + ch if ch in "\\`*_[]<>#|" else ch)
    s = "".join(out)
    import re
    if s[:1] in "-+=":
        return "\\" + s
    return re.sub(r"^(\d+)\.", r"\1\\.", s)  # "1. januar" at a line's start is not a numbered list


def to_markdown(bs: list[Block]) -> str:
    out = []
    for b in bs:
        if b.kind == "h1":
            out += [f"# {_md_escape(b.text)}", ""]
        elif b.kind in ("h2", "h3"):
            out += [f"{'#' * int(b.kind[1])} {_md_escape(b.text)}", ""]
        elif b.kind in ("p", "note"):
            out += [(f"*{_md_escape(b.text)}*" if b.kind == "note" else _md_escape(b.text)), ""]
        elif b.kind == "ul":
            out += [f"- {_md_escape(i)}" for i in b.items] + [""]
        elif b.kind == "table":
            head, *rows = b.rows
            out += ["| " + " | ".join(_md_escape(c) for c in head) + " |", "|" + "---|" * len(head)]
            out += ["| " + " | ".join(_md_escape(c) for c in r) + " |" for r in rows] + [""]
    return "\n".join(out).rstrip("\n") + "\n"


CSS = """
:root { color-scheme: light; }
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 12pt; line-height: 1.5; color: #111;
       background: #fff; max-width: 44em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; line-height: 1.25; margin: 0 0 .5em; border-bottom: 3px solid #1d4f73; padding-bottom: .2em; }
h2 { font-size: 1.2em; margin: 1.6em 0 .4em; color: #1d4f73; }
ul { padding-left: 1.4em; } li { margin: .25em 0; }
table { border-collapse: collapse; margin: .5em 0; } th, td { border: 1px solid #777; padding: .3em .7em; text-align: left; }
th { background: #e8eef3; }
.note { border-left: 4px solid #1d4f73; padding: .4em .8em; background: #f3f6f8; margin-top: 2em; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } h2 { break-after: avoid; }
               li, tr { break-inside: avoid; } .note { background: none; } }
"""


def to_html(bs: list[Block], lang: str = "da") -> str:
    e = html.escape
    title = next((b.text for b in bs if b.kind == "h1"), "")
    body = []
    for b in bs:
        if b.kind in ("h1", "h2", "h3"):
            body.append(f"<{b.kind}>{e(b.text)}</{b.kind}>")
        elif b.kind == "p":
            body.append(f"<p>{e(b.text)}</p>")
        elif b.kind == "note":
            body.append(f'<p class="note">{e(b.text)}</p>')
        elif b.kind == "ul":
            body.append("<ul>\n" + "\n".join(f"<li>{e(i)}</li>" for i in b.items) + "\n</ul>")
        elif b.kind == "table":
            head, *rows = b.rows
            body.append("<table>\n<thead><tr>" + "".join(f'<th scope="col">{e(c)}</th>' for c in head) + "</tr></thead>\n<tbody>\n"
                        + "\n".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows)
                        + "\n</tbody>\n</table>")
    return ("<!DOCTYPE html>\n"
            f'<html lang="{"en" if lang == "en" else "da"}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(body) + "\n</main>\n</body>\n</html>\n")


def standard(res, on=None) -> tuple[dict, dict]:
    """What render shows of a resolved standard (repository.Resolved): the text with the law in force on `on`,
    and the municipality that uses it (a same_as pointer's, else the text's own)."""
    return with_law(res.text.data, on), res.municipality


def with_law(data: dict, on=None) -> dict:
    """The standard with the law layer's rules in it (marked origin: law), as in force on `on` (default: the
    revision's own date)."""
    from . import law
    import datetime as dt
    day = on or data["valid_from"]
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return law.merge(data, law.in_force(data["service"]["id"], day))


def render(data: dict, fmt: str = "html", lang: str = "da", law_rules: list[dict] | None = None,
           municipality: dict | None = None) -> str:
    bs = blocks(data, lang, law_rules, municipality)
    return to_html(bs, lang) if fmt == "html" else to_markdown(bs)

