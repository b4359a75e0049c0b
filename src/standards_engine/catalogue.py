"""A catalogue file: what several revisions of one catalogue share, written once.

    <root>/<municipality>/_catalogue/<name>.yaml      named from a revision as `catalogue: <municipality>/<name>`

It gives the header the revisions have in common (municipality, shared_with, approved_by, approved_on, valid_from,
source_document, assumptions) and, under `shared:`, rules and information items by name. A revision takes an item
with `- use: <name>` in its own list (criteria, exclusions, limits, information) and adds what differs per
revision, such as the item's `source` (the sentence and line in that service's section of the document).

The revision is expanded before it is validated, so every check sees the same data as if it had been written
out in full. Each key remembers the file it was written in: a problem is reported at file:line:column of the
catalogue file when the catalogue wrote it, of the revision otherwise. A key is written in one place only: a
revision that repeats a key of its catalogue, or of an item it uses, is an error (nothing is silently replaced).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

from pydantic import Field

from .errors import Problem, StandardError, msg
from .loader import LoadedFile, parse_model, read
from .schema import Municipality, SourceDocument, Strict

from .tree import CATALOGUE_FOLDER as FOLDER
from .tree import CATALOGUE_REFERENCE as REFERENCE
from .tree import catalogue_path as path_of
HEADER = ("municipality", "shared_with", "approved_by", "approved_on", "valid_from", "source_document",
          "assumptions", "assumptions_en")
LISTS = ("criteria", "exclusions", "limits", "information")


class Catalogue(Strict):
    """The shared parts of a catalogue's revisions. The header keys are those of a standard; `shared` items are
    checked where a revision uses them, as part of that revision."""

    schema_version: int = Field(description="1")
    title: str = Field(description="katalogets navn, fx 'Ydelseskatalog 2015'")
    municipality: Optional[Municipality] = None
    shared_with: Optional[list[str]] = None
    approved_by: Optional[str] = None
    approved_on: Optional[str] = None
    valid_from: Optional[Any] = None
    source_document: Optional[SourceDocument] = None
    assumptions: Optional[list[str]] = None
    assumptions_en: Optional[list[str]] = None
    shared: dict[str, dict] = Field(default_factory=dict, description="regler og oplysninger efter navn; en udgave bruger dem med `use: navn`")


def expand(f: LoadedFile, root: Path, display: Any = str) -> tuple[LoadedFile, list[LoadedFile]]:
    """The revision `f` with its catalogue taken in (positions kept per file), and the catalogue files it read.
    A revision without `catalogue:` is returned as it is."""
    data = f.data
    if not isinstance(data, dict) or "catalogue" not in data:
        return f, []
    ref = data["catalogue"]
    path = path_of(root, ref)
    where = f.positions.get(("catalogue",), (1, 1))
    if path is None:
        raise StandardError([Problem.coded(f.display, *where, msg("catalogue_bad_reference", value=str(ref)))])
    if not path.is_file():
        raise StandardError([Problem.coded(f.display, *where, msg("catalogue_missing", target=ref, path=display(path)))])
    cat = read(path, display(path))
    parse_model(Catalogue, cat)  # the catalogue's own keys, located in the catalogue file
    shared = cat.data.get("shared") or {}
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    positions = dict(f.positions)
    origins = dict(f.origins)

    def take(cloc: tuple, loc: tuple) -> None:
        """The catalogue's positions under `cloc`, as positions of `loc` in the expanded revision."""
        n = len(cloc)
        for k, pos in cat.positions.items():
            if k[:n] == cloc:
                positions[loc + k[n:]] = pos
                origins[loc + k[n:]] = cat.display

    for key, value in data.items():
        if key != "catalogue":
            if key in HEADER and key in cat.data:
                problems.append(Problem.coded(f.display, *f.positions.get((key,), (1, 1)),
                                              msg("catalogue_key_twice", key=key, catalogue=ref)))
            out[key] = value
            continue
        for h in HEADER:  # the header at the place of `catalogue:`, in the catalogue's order
            if h in cat.data and h not in data:
                out[h] = cat.data[h]
                take((h,), (h,))
    for kind in LISTS:
        items = out.get(kind)
        if not isinstance(items, list):
            continue
        expanded = []
        for i, item in enumerate(items):
            if not (isinstance(item, dict) and "use" in item):
                expanded.append(item)
                continue
            name = item["use"]
            if name not in shared or not isinstance(shared[name], dict):
                problems.append(Problem.coded(f.display, *f.positions.get((kind, i, "use"), (1, 1)),
                                              msg("catalogue_unknown_use", name=str(name), catalogue=ref,
                                                  known=", ".join(sorted(shared)) or "-")))
                continue
            template = shared[name]
            twice = [k for k in item if k != "use" and k in template]
            for k in twice:
                problems.append(Problem.coded(f.display, *f.positions.get((kind, i, k), (1, 1)),
                                              msg("catalogue_key_twice", key=f"{name}.{k}", catalogue=ref)))
            expanded.append({**template, **{k: v for k, v in item.items() if k != "use"}})
            take(("shared", name), (kind, i))
        out[kind] = expanded
    if problems:
        raise StandardError(problems)
    return LoadedFile(f.path, f.display, out, positions, f.sha256, origins), [cat]
