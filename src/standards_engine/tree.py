"""The layout of a standards tree, and the one walk over it that validate, test, describe and the repository use.

    <root>/<municipality>/<service>/<YYYY-MM-DD>.yaml    a revision, in force from its date
    <root>/<municipality>/<service>/tests/*.yaml         example cases
    <root>/<municipality>/_catalogue/<name>.yaml         what a catalogue's revisions share (catalogue.py)
    <root>/_sources/ ...                                 source documents (any folder starting with _ or . is not walked)

The root is found as git finds a repository: from where the command runs (or from the path given), upwards, the
first folder that is a standards tree (named standards, or holding _sources) or holds one (a standards/ folder).
Only regular files are read; a folder or file that cannot be read is a located problem, never a silent skip.
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import field
from pathlib import Path

from .errors import Problem, msg
from .records import record

# The one pattern of a revision's file name; `.yml` is matched so validate can say it must be `.yaml`.
REVISION_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.(yaml|yml)$")
# English beside a revision, keyed by rule id (translations.py).
TRANSLATION_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.en\.yaml$")
CASES_FOLDER = "tests"
CATALOGUE_FOLDER = "_catalogue"  # the one folder starting with _ that is walked: it holds no revisions
TRANSLATION_SUFFIX = ".en.yaml"
# A revision's `catalogue:` reference: municipality/name (catalogue.py).
CATALOGUE_REFERENCE = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)/([a-z0-9]+(?:-[a-z0-9]+)*)$")
_YAML_SUFFIXES = (".yaml", ".yml")


def catalogue_path(root: Path, reference: str) -> Path | None:
    """The file a `catalogue:` reference names, or None when the reference has not the form municipality/name."""
    m = CATALOGUE_REFERENCE.match(reference) if isinstance(reference, str) else None
    return root / m.group(1) / CATALOGUE_FOLDER / f"{m.group(2)}.yaml" if m else None


def translation_path(revision: Path) -> Path:
    """Where a revision's English lives (translations.py): <valid_from>.en.yaml beside it."""
    return revision.with_name(revision.name.removesuffix(".yaml") + TRANSLATION_SUFFIX)


def _hidden(name: str) -> bool:
    return name.startswith(("_", "."))


def tree_root(path: Path) -> Path:
    """The standards tree for a path someone gave: a repository's root means its standards/ folder."""
    if (path / "standards").is_dir() and not (path / "_sources").is_dir():
        return path / "standards"
    return path


def _is_tree(d: Path) -> bool:
    return d.name == "standards" or (d / "_sources").is_dir()


def discover_root(start: Path) -> Path | None:
    """The standards tree that `start` (a folder or file) lies in or belongs to, looking upwards as git does;
    the search stops at a repository's top (a folder with .git). None when there is none."""
    start = start.resolve()
    here = start if start.is_dir() else start.parent
    for d in (here, *here.parents):
        if _is_tree(d) and d.is_dir():
            return d
        if (d / "standards").is_dir():
            return d / "standards"
        if (d / ".git").exists():
            return None
    return None


def default_root(env: str | None = None) -> Path:
    """$STANDARDS_DIR (passed as `env`), else the tree the current folder lies in or holds (found upwards, as
    git finds a repository: a municipality's repository, or this one), else the bundled copy."""
    if env:
        return tree_root(Path(env))
    found = discover_root(Path.cwd())
    if found is not None and any(p.is_dir() and not _hidden(p.name) for p in found.iterdir()):
        return found
    here = Path(__file__).resolve().parent
    checkout = discover_root(here)  # an editable install run from elsewhere: the checkout's own tree
    if checkout is not None and (checkout.parent / "pyproject.toml").is_file():
        return checkout
    return here / "bundled" / "standards"


@record
class Tree:
    """What one walk found: revision files, example-case files, and what could not be read or is misplaced."""

    root: Path
    revisions: list[Path] = field(default_factory=list)
    cases: list[Path] = field(default_factory=list)
    catalogues: list[Path] = field(default_factory=list)  # <municipality>/_catalogue/*.yaml
    stray: list[Path] = field(default_factory=list)       # YAML beside the revisions not named as one
    problems: list[Problem] = field(default_factory=list)  # unreadable folders and files, non-regular files


def _regular(path: Path, tree: Tree) -> bool:
    """A regular file (a symlink to one is fine); anything else is named and skipped, never opened."""
    try:
        mode = path.stat().st_mode
    except OSError as e:
        tree.problems.append(Problem.coded(str(path), 1, 1, msg("file_unreadable", error=e.strerror or e)))
        return False
    if stat.S_ISREG(mode):
        return True
    kind = ("kind_folder" if stat.S_ISDIR(mode) else "kind_fifo" if stat.S_ISFIFO(mode)
            else "kind_device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "kind_other")
    tree.problems.append(Problem.coded(str(path), 1, 1, msg("not_regular_file", path=path.name, kind=msg(kind))))
    return False


def walk(paths: list[Path], root: Path | None = None) -> Tree:
    """Every revision and case file under `paths` (files or folders of one tree), in sorted order."""
    tree = Tree(root or (discover_root(paths[0]) if paths else None) or Path("."))
    revisions: set[Path] = set()
    cases: set[Path] = set()
    catalogues: set[Path] = set()
    stray: set[Path] = set()

    def file(path: Path) -> None:
        name = path.name
        if path.parent.name == CATALOGUE_FOLDER:
            if path.suffix.lower() in _YAML_SUFFIXES and _regular(path, tree):
                catalogues.add(path)
        elif path.parent.name == CASES_FOLDER:
            if path.suffix.lower() in _YAML_SUFFIXES and _regular(path, tree):
                cases.add(path)
        elif REVISION_NAME.match(name):
            if _regular(path, tree):
                revisions.add(path)
        elif TRANSLATION_NAME.match(name):
            # Read with its revision (translations.py); alone it translates nothing, which is said.
            if not (path.parent / f"{TRANSLATION_NAME.match(name).group(1)}.yaml").is_file():
                tree.problems.append(Problem.coded(str(path), 1, 1, msg("translation_without_revision", name=name,
                                                                         revision=f"{TRANSLATION_NAME.match(name).group(1)}.yaml")))
        elif path.suffix.lower() in _YAML_SUFFIXES:
            stray.add(path)

    def unreadable(e: OSError) -> None:
        tree.problems.append(Problem.coded(str(e.filename), 1, 1, msg("folder_unreadable", error=e.strerror or e)))

    seen: set[str] = set()
    for p in paths:
        if p.is_dir():
            for folder, dirs, files in os.walk(p, onerror=unreadable, followlinks=True):
                real = os.path.realpath(folder)
                if real in seen:  # a symlink loop, or a folder reached twice
                    dirs[:] = []
                    continue
                seen.add(real)
                dirs[:] = sorted(d for d in dirs if not _hidden(d) or d == CATALOGUE_FOLDER)
                for name in sorted(files):
                    file(Path(folder) / name)
        elif p.exists() or p.is_symlink():
            if p.parent.name in (CASES_FOLDER, CATALOGUE_FOLDER) or REVISION_NAME.match(p.name):
                file(p)
            elif _regular(p, tree):
                revisions.add(p)  # a file named on the command line is read as what it claims to be
    tree.revisions, tree.cases, tree.stray = sorted(revisions), sorted(cases), sorted(stray)
    tree.catalogues = sorted(catalogues)
    return tree


def index(root: Path) -> dict[str, dict[str, list[Path]]]:
    """municipality -> service -> its revision files (`.yaml`, as `check` reads them), sorted, from the one walk.
    A folder that cannot be read raises StandardError naming it: never taken as empty."""
    found = walk([root], root) if root.is_dir() else Tree(root)
    if found.problems:
        from .errors import StandardError
        raise StandardError(found.problems)
    out: dict[str, dict[str, list[Path]]] = {}
    for p in found.revisions:
        where = place(root, p)
        if where is not None and p.suffix == ".yaml" and REVISION_NAME.match(p.name):
            out.setdefault(where[0], {}).setdefault(where[1], []).append(p)
    return out


def revisions_in(folder: Path) -> list[tuple[str, Path]]:
    """(date text, path) of the revisions in one service folder that `check` may use: `.yaml`, regular files."""
    out = []
    for p in folder.iterdir():
        m = REVISION_NAME.match(p.name)
        if m and m.group(2) == "yaml" and p.is_file():
            out.append((m.group(1), p))
    return out


def place(root: Path, path: Path) -> tuple[str, str] | None:
    """(municipality, service) of a revision or case file by its place under the root; None when it is not
    at <municipality>/<service>/ (or <municipality>/<service>/tests/)."""
    try:
        parts = path.resolve().relative_to(root.resolve()).parts
    except ValueError:
        return None
    if len(parts) == 3 or (len(parts) == 4 and parts[2] == CASES_FOLDER):
        return parts[0], parts[1]
    return None


def root_for(path: Path, given: Path | None = None) -> Path:
    """The tree a path belongs to: the one given (--standards-dir), else the one found upwards from it, else the
    folder itself (a bare tree without markers: its layout starts there)."""
    if given is not None:
        return given
    found = discover_root(path)
    if found is not None:
        return found
    if path.is_dir():
        return path
    from .vocabulary import STANDARD_SERVICES
    folder = path.resolve().parent
    if folder.name == CASES_FOLDER:
        folder = folder.parent
    # A file in an unmarked tree: the layout puts the root above <municipality>/<service>/.
    return folder.parent.parent if folder.name in STANDARD_SERVICES else folder
