"""A standard as a Markdown map from the document's sentences to what encodes them."""
from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any, Callable

_KIND = {"criteria": "criterion", "exclusions": "exclusion", "limits": "limit", "information": "information"}


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


_WORDS = {
    "da": ("gældende fra", "Fil", "kilde", "Godkendt", "lovgrundlag", "Samme tekst bruges af", "Antagelse",
           "| linje | sætning | kodet som | grundlag | bemærkning |", "niveau", "Ikke kodet som regler:",
           "| linje | sætning | hvorfor |"),
    "en": ("in force from", "File", "source", "Approved", "legal basis", "The same text is used by", "Assumption",
           "| line | sentence | encoded as | basis | note |", "level", "Not encoded as rules:",
           "| line | sentence | why |"),
}


def describe(data: dict, path: str, pointers: list[tuple[str, list[str]]] | None = None, lang: str = "da",
             catalogues: list[str] | None = None) -> str:
    """The map of one standard; with lang "en" the headings, titles, notes and assumptions in English
    where the standard gives them (the document's sentences are quoted as they stand)."""
    en = lang == "en"
    (valid_from, file_, source, approved, legal, same, assumption, table, level, skipped_title,
     skipped_table) = _WORDS["en" if en else "da"]
    m, s = data["municipality"], data["service"]
    title = (s.get("title_en") or s["title"]) if en else s["title"]
    out = [f"### {m['name']}: {title} ({s['id']}), {valid_from} {data['valid_from']}", "",
           f"- {file_}: `{path}`; {source}: `{data['source_document']['file']}` ({data['source_document']['title']})",
           f"- {approved}: {data['approved_by']}, {data['approved_on']}; {legal}: {(data.get('legal_basis_en') if en else None) or data['legal_basis']}"]
    for c in catalogues or ():  # where the shared parts are written (catalogue.py)
        out.append(f"- {'Shared parts from the catalogue file' if en else 'Fælles dele fra katalogfilen'}: `{c}`")
    out.append(_counts(data, en))
    if pointers:
        out.append(f"- {same}: {', '.join(f'`{p}`' for p, _ in pointers)}")
        for p, own in pointers:  # what holds for that municipality only
            out += [f"- {assumption} (`{p}`): {a}" for a in own]
    for a in (data.get("assumptions_en") if en else None) or data.get("assumptions", []):
        out.append(f"- {assumption}: {a}")
    rows = []
    from . import wording
    from .i18n import BASIS, KIND, TOPIC
    lg = "en" if en else "da"
    for kind in ("criteria", "exclusions", "limits"):
        for r in data.get(kind, []):
            # the kind in the reader's language, and what the rule tests in words with its figures
            what = f"`{r['id']}` ({KIND[lg][_KIND[kind]]}: {_cell(_rule_words(kind, r, lg))})"
            if r.get("refer_to"):
                what += " → " + ", ".join(x["service"] for x in r["refer_to"])
            note = (r.get("note_en") if en else None) or r.get("note") or ""
            rows.append((r["source"].get("line") or 0, r["source"]["quote"], what, BASIS[lg][r["basis"]], note))
    if data.get("levels"):
        lv = data["levels"]
        u = wording.unit(lv["fact"], lg)
        for b in lv["bands"]:
            span = "–".join(wording.number(v, lg) for v in (b.get("min"), b.get("max")) if v is not None)
            rows.append((b["source"].get("line") or 0, b["source"]["quote"], f"{level} `{b['id']}` ({span} {u})".replace(" ()", ""),
                         BASIS[lg][lv["basis"]], lv.get("boundary_reason") or ""))
    info_word = "information" if en else "oplysning"
    for i in data.get("information", []):
        words = ({"weeks": "{} weeks", "days_per_year": "{} days a year", "every_months": "every {} months", "km": "{} km"} if en else
                 {"weeks": "{} uger", "days_per_year": "{} dage om året", "every_months": "hver {}. måned", "km": "{} km"})
        figures = ", ".join(words[k].format(wording.number(i[k], lg)) for k in words if i.get(k) is not None)
        rows.append((i["source"].get("line") or 0, i["source"]["quote"],
                     f"{info_word}: {TOPIC[lg][i['topic']]}" + (f" ({figures})" if figures else ""),
                     BASIS[lg][i.get("basis", "service_level")], (i.get("note_en") if en else None) or i.get("note") or ""))
    out += ["", table, "|---|---|---|---|---|"]
    for line, quote, what, basis, note in sorted(rows, key=lambda r: r[0]):
        out.append(f"| {line or ''} | {_cell(quote)} | {what} | {basis} | {_cell(note)} |")
    skipped = data.get("not_encoded", [])
    if skipped:
        out += ["", skipped_title, "", skipped_table, "|---|---|---|"]
        for n in sorted(skipped, key=lambda n: n["source"].get("line") or 0):
            out.append(f"| {n['source'].get('line') or ''} | {_cell(n['source']['quote'])} | {_cell(n['reason'])} |")
    return "\n".join(out) + "\n"


def _rule_words(kind: str, r: dict, lang: str) -> str:
    """What a rule tests, in words: 'alder mindst 18', 'højst 90 aflastningsdøgn/år', the excluded content."""
    from . import wording
    if kind == "criteria":
        text = wording.condition(r["condition"], lang)
    elif kind == "exclusions":
        ec = r.get("excluded_content")
        text = (", ".join(wording.value(ec["fact"], v, lang) for v in ec["values"]) if ec
                else wording.condition(r["applies_if"], lang))
    else:
        text = f"{'at most' if lang == 'en' else 'højst'} {wording.number(r['max'], lang)} {wording.unit(r['fact'], lang)}".strip()
    when = r.get("applies_when")
    if when:
        text += f" ({'when' if lang == 'en' else 'når'} {wording.condition(when, lang)})"
    return text


_COUNT_WORDS = {  # singular, plural
    "da": {"criteria": ("kriterium", "kriterier"), "exclusions": ("undtagelse", "undtagelser"),
           "limits": ("grænse", "grænser"), "levels": ("støtteniveau", "støtteniveauer"),
           "information": ("oplysning til borgeren", "oplysninger til borgeren"),
           "not_encoded": ("sætning ikke kodet", "sætninger ikke kodet"), "statute": "lovkrav",
           "service_level": "serviceniveau", "rules": "Regler"},
    "en": {"criteria": ("criterion", "criteria"), "exclusions": ("exclusion", "exclusions"),
           "limits": ("limit", "limits"), "levels": ("support level", "support levels"),
           "information": ("information item", "information items"),
           "not_encoded": ("sentence not encoded", "sentences not encoded"), "statute": "statute",
           "service_level": "service level", "rules": "Rules"},
}


def _counts(data: dict, en: bool) -> str:
    """How many rules of each kind and basis: generated, so a hand-written count cannot go stale."""
    w = _COUNT_WORDS["en" if en else "da"]

    def n(count: int, key: str) -> str:
        return f"{count} {w[key][0 if count == 1 else 1]}"
    parts = []
    for kind in ("criteria", "exclusions", "limits"):
        rules = data.get(kind, [])
        by = [f"{sum(r['basis'] == b for r in rules)} {w[b]}" for b in ("statute", "service_level")
              if any(r["basis"] == b for r in rules)]
        parts.append(n(len(rules), kind) + (f" ({', '.join(by)})" if by else ""))
    bands = len(data["levels"]["bands"]) if data.get("levels") else 0
    tail = [n(bands, "levels"), n(len(data.get("information", [])), "information"),
            n(len(data.get("not_encoded", [])), "not_encoded")]
    return f"- {w['rules']}: {', '.join(parts)}; {'; '.join(tail)}"


def describe_paths(paths: list[Path], standards_dir: Path | None = None, lang: str = "da") -> str:
    """The maps of every standard text under `paths`; a same_as pointer is listed with the text it uses."""
    from .repository import Repository
    from .errors import InputError, StandardError, msg
    from .tree import root_for, walk
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError(msg("path_missing_list", paths=", ".join(missing)))
    loaded = []
    repos: dict[Path, Repository] = {}
    for target in paths:
        root = root_for(target, standards_dir)
        found = walk([target], root)
        if found.problems:  # an unreadable part of the tree would be missing from the map
            raise StandardError(found.problems)
        repo = repos.setdefault(root, Repository(root))
        loaded.extend(repo.resolve(f) for f in found.revisions)
    pointers: dict[str, list[tuple[str, list[str]]]] = {}
    for res in loaded:
        if res.pointer is not None:  # listed with the text it uses, with what holds for that municipality only
            own = (res.pointer.assumptions_en if lang == "en" else ()) or res.pointer.assumptions
            pointers.setdefault(res.meta["path"], []).append((res.meta["same_as"], list(own)))
    texts = [res for res in loaded if res.pointer is None]
    if not texts:
        raise InputError(msg("describe_no_texts", where=", ".join(str(p) for p in paths)))
    return "\n".join(describe(res.text.data, res.meta["path"], pointers.get(res.meta["path"]), lang,
                              [f["path"] for f in res.meta["files"] if f["role"] == "catalogue"]) for res in texts)


# A generated block in a Markdown file: a start line naming the paths, the output, an end line.
_START = re.compile(r"^<!-- standards describe (?P<args>.*?) -->\s*$")
_END = re.compile(r"^<!-- /standards describe -->\s*$")


def _blocks(text: str, name: str) -> list[tuple[int, int, list[str]]]:
    """(start line index, end line index, paths) of each block. Markers must pair up: an unclosed block
    would otherwise swallow the hand-written text after it."""
    from .errors import InputError, msg
    out, open_at, args = [], None, []
    for i, line in enumerate(text.splitlines()):
        if m := _START.match(line):
            if open_at is not None:
                raise InputError(msg("describe_block_unclosed", name=name, line=i + 1, start=open_at + 1))
            try:
                args = shlex.split(m.group("args"))
            except ValueError as e:
                raise InputError(msg("describe_block_paths", name=name, line=i + 1, error=str(e))) from None
            open_at = i
        elif _END.match(line):
            if open_at is None:
                raise InputError(msg("describe_block_end_alone", name=name, line=i + 1))
            out.append((open_at, i, args))
            open_at = None
    if open_at is not None:
        raise InputError(msg("describe_block_no_end", name=name, line=open_at + 1))
    return out


def refresh(text: str, render: Callable[[list[str]], str], name: str = "<tekst>") -> str:
    """`text` with every generated block rewritten by `render(paths)`; every other line, and the
    line endings (LF or CRLF), left exactly as they were."""
    nl = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    at = 0
    from .errors import InputError, msg
    for start, end, args in _blocks(text, name):
        out += lines[at:start + 1]
        try:
            body = "\n" + render(args) + "\n"
        except InputError as e:  # say which block, and where its paths are read from
            raise InputError(msg("describe_block_failed", name=name, line=start + 1, error=e.message,
                                 cwd=str(Path.cwd()))) from None
        out += [line + nl for line in body.split("\n")[:-1]]
        at = end
    out += lines[at:]
    return "".join(out)


def blocks(text: str, name: str = "<tekst>") -> list[list[str]]:
    """The paths of each generated block."""
    return [args for _, _, args in _blocks(text, name)]
