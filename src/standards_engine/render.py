"""Turns a recommendation into text (with rich markup) or Markdown. Never prints."""
from __future__ import annotations

from typing import Any

from .i18n import BASIS, KIND, RESULT, TOPIC, t
from .recommendation import Recommendation
from .recommendation_json import indented
from .vocabulary import services
from .wording import fact_name

_COLOUR = {"refuse": "red", "incomplete": "yellow", "assess": "magenta", "partial": "cyan", "grant": "green"}


def num(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return f"{v:g}" if isinstance(v, float) else str(v)


def to_json(rec: Recommendation) -> str:
    """json.dumps(rec.to_dict(), indent=2), limits' whole floats as integers; from pieces encoded once per
    revision (recommendation_json)."""
    return indented(rec)


def md_text(s: str) -> str:
    """Text from outside (a case_id) as literal Markdown: HTML and Markdown punctuation escaped, so what the
    caseworker typed cannot become a link, a heading, a script or formatting in the case note."""
    import re
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]|~])", r"\\\1", s)  # mid-line: only these can start a link, code or emphasis


def _header(rec: Recommendation, lang: str, md: bool = False) -> list[str]:
    std = rec.standard
    case_id = md_text(rec.case_id) if md and rec.case_id else rec.case_id
    legal = (std.get("legal_basis_en") if lang == "en" else None) or std["legal_basis"]
    lines = [f"{rec.municipality_name} · {rec.service_title} · {legal}",
             f"{t(lang, 'standard')} {t(lang, 'valid_from')} {std['valid_from']}: {std['path'] or ''}"
             + (f" ({t(lang, 'same_as')} {std['same_as']})" if std.get("same_as") else ""),
             f"{t(lang, 'sha')}: {std['sha256']}",
             f"{t(lang, 'evaluated_on')} {rec.evaluated_on}" + (f" · {t(lang, 'case')}: {case_id}" if rec.case_id else "")]
    return lines


def _tag(r, lang: str) -> str:
    """What a caseworker scans for first: the result and whether it is the law or the service level."""
    return f"{RESULT[lang][r.result]} · {BASIS[lang][r.basis]} · {KIND[lang][r.kind]} {r.rule}"


def _reason_line(r, lang: str) -> tuple[str, str]:
    """Where a reason comes from: the law (act and §) or the municipality's standard (its quote), or both
    when the standard restates the law."""
    law = f"{t(lang, 'law')}: {r.citation['text_en' if lang == 'en' else 'text']}" if r.citation else ""
    if r.origin == "law":
        return r.text, law
    src = f"{t(lang, 'source')}: {r.section}" + (f", {t(lang, 'line')} {r.line}" if r.line else "") + f": »{r.source}«"
    return r.text, src + (f" · {law}" if law else "")


def referral_check_lines(a, lang: str) -> list[str]:
    """A referral checked against the other paragraph's law rules: not met and why, or what to check."""
    notes = [f"{t(lang, 'referral_law')}: {n}" for n in getattr(a, "law_notes", ())]
    if a.check == "not_met":
        return [f"{t(lang, 'referral_not_met')}: {'; '.join(a.check_text)}"] + (
            [f"{t(lang, 'referral_instead')}: {a.instead}"] if a.instead else []) + notes
    if a.check == "unknown":
        return [f"{t(lang, 'referral_check')}: {'; '.join(a.check_text)}"] + [f"? {m.question}" for m in a.ask] + notes
    return notes


def _other_line(r, lang: str, rec: Recommendation | None = None) -> str:
    result = RESULT[lang][r.result]
    if r.kind == "limit" and r.result == "unknown" and rec is not None and any(
            lim.rule == r.rule and lim.requested is None for lim in rec.limits):
        result = t(lang, "not_stated")  # nothing asked for: the quantity is not stated, not an open question
    cite = f", {r.citation['text_en' if lang == 'en' else 'text']}" if r.citation else ""
    return f"{result} · {BASIS[lang][r.basis]}: {r.text} ({r.rule}{cite})"


def _limit_line(lim, lang: str) -> str:
    """The quantity in words first, the rule's id after: aflastningsdøgn pr. år: ansøgt 120, højst 90, … (max-90-doegn)."""
    what = f"{fact_name(lim.fact, lang)}: " if lim.fact else ""
    rid = f" ({lim.rule})"
    if lim.requested is None:  # nothing asked for, so nothing to recommend: only the limit is stated
        return (f"{what}{t(lang, 'requested')} {t(lang, 'not_stated')}, "
                f"{t(lang, 'max')} {num(lim.max)} {lim.unit}").rstrip() + rid
    if lim.recommended is None:  # refused, or not known whether the limit applies: nothing is recommended
        return (f"{what}{t(lang, 'requested')} {num(lim.requested)}, {t(lang, 'max')} {num(lim.max)} {lim.unit}".rstrip()
                + (f" ({t(lang, 'limit_may_apply')})" if lim.applies is None else "") + rid)
    return (f"{what}{t(lang, 'requested')} {num(lim.requested)}, {t(lang, 'max')} {num(lim.max)}, "
            f"{t(lang, 'recommended')} {num(lim.recommended)} {lim.unit}").rstrip() + rid


def _referral(a) -> str:
    """"§ 83 Personlig og praktisk hjælp"; a law named by its title only ("Behandling efter sundhedsloven")."""
    return f"{a.paragraph} {a.title}" if a.paragraph.startswith("§") else a.title


def _referral_notes(rec: Recommendation) -> list[str]:
    return list(dict.fromkeys(a.note for a in rec.alternatives if a.note))


# After a refusal the citizen needs how to complain (and what to document), not how a grant is followed up.
_AFTER_REFUSAL = ("complaint", "documentation")


def _information(rec: Recommendation, lang: str) -> list[tuple[str, str]]:
    """(topic label, text); says so when the standard gives no response deadline or complaint route.
    The JSON output keeps every item; a refusal's text and Markdown show only what matters after it."""
    refused = rec.outcome == "refuse"
    items = [i for i in rec.information if not refused or i.topic in _AFTER_REFUSAL]
    out = [(TOPIC[lang][i.topic], i.text) for i in items]
    topics = {i.topic for i in rec.information}
    for topic, key in (("complaint", "no_complaint"), ("response_deadline", "no_response_deadline")):
        if topic not in topics and not (refused and topic not in _AFTER_REFUSAL):
            out.append((TOPIC[lang][topic], t(lang, key)))
    return out


def _content_lines(rec: Recommendation, lang: str) -> list[tuple[str, str]]:
    """(covered, not covered) per content fact that has an exclusion; empty when nothing is excluded."""
    out = []
    for c in rec.content:
        if not c.excluded:
            continue
        inn = ", ".join(i.label for i in c.recommended) or t(lang, "content_none")
        svc = services()
        out_ = "; ".join(f"{i.label} ({', '.join(i.rules)}"
                         + (f" → {', '.join(svc[r].paragraph if r in svc else r for r in i.refer_to)}" if i.refer_to else "") + ")"
                         for i in c.excluded)
        out.append((inn, out_))
    return out


def to_text(rec: Recommendation, lang: str = "da", styled: bool = False) -> str:
    """Plain text, or with rich markup (styled=True) for a terminal."""
    if styled:
        from rich.markup import escape as e

        def s(style: str, text: str) -> str:
            return f"[{style}]{e(text)}[/]"
    else:
        def e(text: str) -> str:
            return text

        def s(style: str, text: str) -> str:
            return text
    out: list[str] = []
    out.append(s(f"bold {_COLOUR[rec.outcome]}", f"{t(lang, 'recommendation').upper()}: {rec.outcome_label.upper()}")
               + f" ({rec.outcome})")
    out += [e(x) for x in _header(rec, lang)]
    deciding = rec.deciding()
    others = [r for r in rec.reasons if not r.deciding]
    out += ["", s("bold", t(lang, "deciding"))]
    for r in deciding:
        head, src = _reason_line(r, lang)
        out.append(f"  • {e(head)}")
        out.append("    " + s("bold", _tag(r, lang)))
        out.append("    " + s("dim", src))
        if r.note:
            out.append("    " + s("dim", r.note))
    if rec.missing_facts:
        out += ["", s("bold yellow", t(lang, "missing"))]
        for m in rec.missing_facts:
            out.append(f"  ? {e(m.question)} " + s("dim", f"({t(lang, 'in_profile')}: {m.fact})"))
    if rec.limits:
        out += ["", s("bold", t(lang, "limits"))]
        for lim in rec.limits:
            mark = s("red", "!") + " " if lim.exceeded else "  "
            out.append(f"  {mark}{e(_limit_line(lim, lang))}")
    content = _content_lines(rec, lang)
    if content:
        out += ["", s("bold", t(lang, "content"))]
        for inn, out_ in content:
            out.append(f"  {t(lang, 'content_in')}: {e(inn)}")
            out.append(f"  {t(lang, 'content_out')}: {e(out_)}")
    if rec.level:
        out += ["", s("bold", t(lang, "level")) + f": {e(rec.level['name'])}"]
    if rec.alternatives:
        out += ["", s("bold", t(lang, "alternatives"))]
        for a in rec.alternatives:
            out.append(f"  → {e(_referral(a))}: {e(a.reason)}")
            out += [f"      {e(line)}" for line in referral_check_lines(a, lang)]
        for n in _referral_notes(rec):  # a note shared by several referrals is said once, after them
            out.append("    " + s("dim", n))
    if others:
        out += ["", s("bold", t(lang, "other_rules"))]
        for r in others:
            out.append(f"  · {e(_other_line(r, lang, rec))}")
    out += ["", s("bold", t(lang, "information"))]
    for topic, text in _information(rec, lang):
        out.append(f"  {e(topic)}: {e(text)}")
    out += ["", s("bold", t(lang, "notes"))]
    out += [f"  {e(n)}" for n in [*rec.notes, t(lang, "caseworker")]]
    return "\n".join(out)


def to_markdown(rec: Recommendation, lang: str = "da") -> str:
    out: list[str] = [f"# {t(lang, 'recommendation')}: {rec.outcome_label} (`{rec.outcome}`)", ""]
    out += [f"- {x}" for x in _header(rec, lang, md=True)]
    out += ["", f"## {t(lang, 'deciding')}", ""]
    for r in rec.deciding():
        head, src = _reason_line(r, lang)
        out.append(f"- **{head}**  \n  {_tag(r, lang)}  \n  {src}" + (f"  \n  _{r.note}_" if r.note else ""))
    if rec.missing_facts:
        out += ["", f"## {t(lang, 'missing')}", ""]
        out += [f"- {m.question} ({t(lang, 'in_profile')}: `{m.fact}`)" for m in rec.missing_facts]
    if rec.limits:
        out += ["", f"## {t(lang, 'limits')}", "",
                f"| {t(lang, 'rule')} | {t(lang, 'requested')} | {t(lang, 'max')} | {t(lang, 'recommended')} | |", "|---|---|---|---|---|"]
        for lim in rec.limits:
            req, rec_ = ((num(lim.requested), num(lim.recommended)) if lim.requested is not None
                         else (t(lang, "not_stated"), num(None)))
            what = f"{fact_name(lim.fact, lang)} (`{lim.rule}`)" if lim.fact else lim.rule
            out.append(f"| {what} | {req} | {num(lim.max)} | {rec_} | {lim.unit} |")
    content = _content_lines(rec, lang)
    if content:
        out += ["", f"## {t(lang, 'content')}", ""]
        for inn, out_ in content:
            out += [f"- **{t(lang, 'content_in')}:** {inn}", f"- **{t(lang, 'content_out')}:** {out_}"]
    if rec.level:
        out += ["", f"**{t(lang, 'level')}:** {rec.level['name']}"]
    if rec.alternatives:
        out += ["", f"## {t(lang, 'alternatives')}", ""]
        for a in rec.alternatives:
            out.append(f"- {_referral(a)}: {a.reason}")
            out += [f"  - {line}" for line in referral_check_lines(a, lang)]
        out += [f"- _{n}_" for n in _referral_notes(rec)]
    others = [r for r in rec.reasons if not r.deciding]
    if others:
        out += ["", f"## {t(lang, 'other_rules')}", ""]
        out += [f"- {_other_line(r, lang, rec)}" for r in others]
    out += ["", f"## {t(lang, 'information')}", ""]
    out += [f"- **{topic}:** {text}" for topic, text in _information(rec, lang)]
    out += ["", f"## {t(lang, 'notes')}", ""]
    out += [f"- {n}" for n in [*rec.notes, t(lang, "caseworker")]]
    return "\n".join(out) + "\n"
