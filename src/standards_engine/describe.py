"""A standard as a Markdown map from the document's sentences to what encodes them."""
from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any, Callable

_KIND = {"criteria": "criterion", "exclusions": "exclusion", "limits": "limit", "information": "information"}


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def describe(data: dict, path: str, pointers: list[str] | None = None) -> str:
    m, s = data["municipality"], data["service"]
    out = [f"### {m['name']}: {s['title']} ({s['id']}), gældende fra {data['valid_from']}", "",
           f"- Fil: `{path}`; kilde: `{data['source_document']['file']}` ({data['source_document']['title']})",
           f"- Godkendt: {data['approved_by']}, {data['approved_on']}; lovgrundlag: {data['legal_basis']}"]
    if pointers:
        out.append(f"- Samme tekst bruges af: {', '.join(f'`{p}`' for p in pointers)}")
    for a in data.get("assumptions", []):
        out.append(f"- Antagelse: {a}")
    rows = []
    for kind in ("criteria", "exclusions", "limits"):
        for r in data.get(kind, []):
            what = f"`{r['id']}` ({_KIND[kind]})"
            if r.get("refer_to"):
                what += " → " + ", ".join(x["service"] for x in r["refer_to"])
            rows.append((r["source"].get("line") or 0, r["source"]["quote"], what, r["basis"], r.get("note") or ""))
    if data.get("levels"):
        lv = data["levels"]
        for b in lv["bands"]:
            rows.append((b["source"].get("line") or 0, b["source"]["quote"], f"niveau `{b['id']}`", lv["basis"],
                         lv.get("boundary_reason") or ""))
    for i in data.get("information", []):
        rows.append((i["source"].get("line") or 0, i["source"]["quote"], f"information: {i['topic']}", i.get("basis", "service_level"),
                     i.get("note") or ""))
    out += ["", "| linje | sætning | kodet som | grundlag | bemærkning |", "|---|---|---|---|---|"]
    for line, quote, what, basis, note in sorted(rows, key=lambda r: r[0]):
        out.append(f"| {line or ''} | {_cell(quote)} | {what} | {basis} | {_cell(note)} |")
    skipped = data.get("not_encoded", [])
    if skipped:
        out += ["", "Ikke kodet som regler:", "", "| linje | sætning | hvorfor |", "|---|---|---|"]
        for n in sorted(skipped, key=lambda n: n["source"].get("line") or 0):
            out.append(f"| {n['source'].get('line') or ''} | {_cell(n['source']['quote'])} | {_cell(n['reason'])} |")
    return "\n".join(out) + "\n"


def describe_paths(paths: list[Path], standards_dir: Path | None = None) -> str:
    """The maps of every standard text under `paths`; a same_as pointer is listed with the text it uses."""
    from .repository import Repository
    from .validate import find_root, standard_files
    from .errors import InputError
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError(f"stien findes ikke: {', '.join(missing)}")
    loaded = []
    for f in standard_files(paths):
        repo = Repository(standards_dir or find_root(f))
        loaded.append(repo.resolve(f))
    pointers: dict[str, list[str]] = {}
    for res in loaded:
        if res.pointer is not None:
            pointers.setdefault(res.meta["path"], []).append(res.meta["same_as"])
    return "\n".join(describe(res.compiled.data, res.meta["path"], pointers.get(res.meta["path"]))
                     for res in loaded if res.pointer is None)


# A generated block in a Markdown file: the paths to describe, then the output, then the end marker.
_BLOCK = re.compile(r"(<!-- standards describe (?P<args>[^>]*?) -->\n)(?P<body>.*?)(<!-- /standards describe -->)", re.S)


def refresh(text: str, render: Callable[[list[str]], str]) -> str:
    """`text` with every generated block rewritten by `render(paths)`; the rest is left exactly as it was."""
    def one(m: re.Match) -> str:
        return m.group(1) + "\n" + render(shlex.split(m.group("args"))) + "\n" + m.group(4)
    return _BLOCK.sub(one, text)


def blocks(text: str) -> list[list[str]]:
    """The paths of each generated block."""
    return [shlex.split(m.group("args")) for m in _BLOCK.finditer(text)]
