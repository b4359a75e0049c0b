"""Fills in (or corrects) a quote's `line:` from its source document, for `standards validate --fix`.

A person should not count lines. A quote found at exactly one place in the document gets that line; a quote
not found, or found at several places, is reported and left as it is (never guessed). A `line:` that
validate already accepts (the quote's span, up to 3 lines early) is left alone.

The file is rewritten with ruamel.yaml's round trip, so comments, quoting and layout are kept, and written
whole or not at all (atomic.write_text). Before writing, the new text is checked to differ from the old only
in `line:` values and to read back as the same data with those lines: if the round trip would change anything
else (an unusual layout), the file is not written and that is said.
"""
from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import loader
from .errors import Problem, StandardError, msg
from .schema import SameAs

_LINE_KEY = re.compile(r",?\s*\bline: *\d+")


@dataclass(frozen=True)
class Fix:
    """One quote whose `line:` is set: where (loc in the file's data) and to what; `old` is None when it was missing."""

    loc: tuple
    line: int
    old: int | None


def fix_paths(paths: list[Path], repo_root: Path | None = None) -> list[Problem]:
    """Fill in quote lines in every revision under `paths`. Returns what was done and what was not, as located
    problems: severity "fixed" for a line written, "note" for a quote left as it is, "error" for a file that
    could not be written."""
    from .repository import Repository
    from .tree import root_for, walk
    out: list[Problem] = []
    for target in paths:
        root = root_for(target, repo_root)
        repo = Repository(root)
        for f in walk([target], root).revisions:
            out.extend(fix_file(f, root, repo.display(f.resolve())))
    return list(dict.fromkeys(out))


def fix_file(path: Path, root: Path, display: str) -> list[Problem]:
    from .validate import _normalise, _quote_items, _source, quote_spans
    try:
        lf = loader.read(path, display)
        model = loader.parse_standard(lf)
    except StandardError:
        return []  # validate says what is wrong; nothing is written into a file that does not validate
    if isinstance(model, SameAs):
        return []
    src = _source(root / "_sources" / model.source_document.file)
    if src is None:
        return []  # validate reports the missing source document
    text, lines = src
    fixes: list[Fix] = []
    notes: list[Problem] = []
    for loc, source in _quote_items(model):
        quote, _ = _normalise(source.quote.strip())
        spans = quote_spans(text, lines, quote)
        pos = lf.positions.get(loc + ("source", "line")) or lf.positions.get(loc + ("source", "quote"), (1, 1))
        if source.line is not None and any(a - 3 <= source.line <= b + 1 for a, b in spans):
            continue
        starts = sorted({a for a, _ in spans})
        if len(starts) == 1:
            fixes.append(Fix(loc, starts[0], source.line))
        elif not spans:
            notes.append(Problem.coded(display, *pos, msg("line_not_found"), "note"))
        else:
            where = ", ".join(map(str, starts))
            notes.append(Problem.coded(display, *pos, msg("line_several", lines=where), "note"))
    if not fixes:
        return notes
    old_text = path.read_text("utf-8")
    new_text = _rewritten(old_text, fixes)
    if new_text is None or not _only_lines_changed(old_text, new_text, lf.data, fixes, display):
        return notes + [Problem.coded(display, 1, 1, msg("lines_layout", lines=_listed(fixes)))]
    from .atomic import write_text
    try:
        write_text(path, new_text)
    except OSError as e:
        return notes + [Problem.coded(display, 1, 1, msg("lines_unwritable", error=e.strerror or e))]
    from .yamlio import load_text
    _, positions = load_text(new_text, display)
    out = []
    for fx in fixes:
        at = positions.get(fx.loc + ("source", "line"), (1, 1))
        was = msg("line_was_missing") if fx.old is None else msg("line_was", old=fx.old)
        out.append(Problem.coded(display, *at, msg("line_fixed", line=fx.line, was=was), "fixed"))
    return sorted(out + notes, key=lambda p: (p.line, p.column))


def _listed(fixes: list[Fix]) -> str:
    return ", ".join(f"{_path(fx.loc)}.source.line = {fx.line}" for fx in fixes)


def _path(loc: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else ("." if i else "") + p for i, p in enumerate(loc))


# Indentations people write YAML with (mapping, sequence, offset): the first whose unchanged round trip gives
# the file back byte for byte is the file's own.
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 4, 0), (4, 6, 4), (2, 4, 0), (3, 5, 2))


def _yaml(layout: tuple[int, int, int]) -> Any:
    from ruamel.yaml import YAML
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 100_000  # never fold a long line the author wrote on one line
    y.indent(mapping=layout[0], sequence=layout[1], offset=layout[2])
    return y


def _dumped(y: Any, doc: Any) -> str:
    buf = io.StringIO()
    y.dump(doc, buf)
    return buf.getvalue()


def _own_layout(text: str) -> tuple[int, int, int]:
    for layout in _LAYOUTS:
        y = _yaml(layout)
        if _dumped(y, y.load(text)) == text:
            return layout
    return _LAYOUTS[0]  # then the check before writing decides


def _rewritten(text: str, fixes: list[Fix]) -> str | None:
    try:
        y = _yaml(_own_layout(text))
        doc = y.load(text)
        for fx in fixes:
            node = doc
            for p in fx.loc:
                node = node[p]
            source = node["source"]
            if "line" in source:
                source["line"] = fx.line
            else:
                source.insert(list(source.keys()).index("quote") + 1, "line", fx.line)
                # What followed the quote (a comment, the blank line before the next section) follows the line now.
                if "quote" in source.ca.items:
                    source.ca.items["line"] = source.ca.items.pop("quote")
        return _dumped(y, doc)
    except Exception:  # noqa: BLE001 - any trouble in the round trip means: do not write, say so
        return None


def _only_lines_changed(old: str, new: str, old_data: Any, fixes: list[Fix], display: str) -> bool:
    """The new text differs from the old only in `line:` entries, and reads back as the old data with the new lines."""
    a, b = old.splitlines(), new.splitlines()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "insert" and all(re.fullmatch(r"\s*line: *\d+", line) for line in b[j1:j2]):
            continue
        if op == "replace" and i2 - i1 == j2 - j1 and all(
                _LINE_KEY.sub("", x) == _LINE_KEY.sub("", y) for x, y in zip(a[i1:i2], b[j1:j2])):
            continue
        return False
    import copy
    from .yamlio import YamlProblem, load_text
    expected = copy.deepcopy(old_data)
    for fx in fixes:
        node = expected
        for p in fx.loc:
            node = node[p]
        node["source"]["line"] = fx.line
    try:
        data, _ = load_text(new, display)
    except YamlProblem:
        return False
    return data == expected
