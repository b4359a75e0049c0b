"""The `standards` command: parses arguments, calls the library, prints. Decides nothing."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import api, render
from .errors import EngineError, StandardError
from .coerce import evaluation_date
from .cpr import redact
from .profile_io import load_profile
from .cli_help import App, lang_of
from .repository import ENV_VAR, default_root


app = App(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
          help="Kvalitetsstandarder efter serviceloven som regler: vurdér en borgerprofil, validér og test standarder.",
          epilog="Eksempel: standards check profil.yaml -m ishoj -s sel-85 --date 2025-03-01")


def say(text: str, err: bool = False, end: str = "\n", raw: bool = False) -> None:
    """Plain output; rich formatting is only for a recommendation on a terminal.
    Messages (standard error, and validate's and test's lines on standard output) never show a CPR-like
    number, whatever put it there, e.g. a folder name. `raw` is for documents the library made safe
    itself (a recommendation, whose sha256 must not be touched; describe; a schema)."""
    if not raw:
        text = redact(text)
    stream = sys.stderr if err else sys.stdout
    stream.write(text + end)
    stream.flush()


class Format(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class Lang(str, Enum):
    da = "da"
    en = "en"


@app.callback()
def _options(lang: Lang = typer.Option(Lang.da, "--lang", help="Sprog for hjælpen og meddelelserne: da (standard) eller en.")) -> None:
    """An ordinary option here too, so `standards --help --lang en` lists the commands in English."""


def _tree(value: Optional[Path]) -> Optional[Path]:
    from .tree import tree_root
    return tree_root(value) if value is not None else None


StandardsDir = typer.Option(None, "--standards-dir", envvar=ENV_VAR, show_envvar=True, callback=_tree,
                            help="Mappen med standarder, eller et repository med en standards/-mappe "
                                 "(ellers ./standards, hvis den findes, ellers den medfølgende).")


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _os_why(e: OSError, en: bool) -> str:
    """Why a file could not be read or written, in a few words a user acts on."""
    import errno
    words = {errno.EACCES: ("permission denied", "ingen adgang"), errno.EPERM: ("permission denied", "ingen adgang"),
             errno.EROFS: ("read-only file system", "skrivebeskyttet filsystem"),
             errno.ENOSPC: ("no space left", "disken er fuld"), errno.EFBIG: ("file too large", "filen er for stor"),
             errno.ENOENT: ("does not exist", "findes ikke"), errno.EISDIR: ("is a folder", "er en mappe")}
    pair = words.get(e.errno)
    return pair[0 if en else 1] if pair else e.__class__.__name__


def _fail(message: str, code: int = 2) -> None:
    say(message, err=True)
    raise typer.Exit(code)


@app.command(epilog="Eksempel: standards check examples/aflastning-120-doegn.yaml -m ishoj -s sel-107-aflastning --date 2025-03-01")
def check(
    profile: str = typer.Argument(..., metavar="PROFIL", help="Borgerprofil (YAML eller JSON); '-' læser fra standard input."),
    municipality: str = typer.Option(..., "--municipality", "-m", metavar="KOMMUNE", help="Kommunens id = mappens navn under standards/, fx ishoj, haderslev, vallensbaek, ukendt."),
    service: str = typer.Option(..., "--service", "-s", metavar="YDELSE", help="Ydelse: sel-85, sel-102, sel-103, sel-104, sel-107, sel-107-aflastning, sel-108."),
    date: Optional[str] = typer.Option(None, "--date", metavar="ÅÅÅÅ-MM-DD", help="Vurderingsdato ÅÅÅÅ-MM-DD (standard: i dag); normalt afgørelsesdatoen."),
    application_date: Optional[str] = typer.Option(None, "--application-date", metavar="ÅÅÅÅ-MM-DD",
                                                   help="Dagen ansøgningen blev modtaget: siger til, hvis den faldt under en anden udgave."),
    fmt: Format = typer.Option(Format.text, "--format", help="text, json eller markdown."),
    lang: Lang = typer.Option(Lang.da, "--lang", help="Sprog: da (standard) eller en."),
    standards_dir: Optional[Path] = StandardsDir,
) -> None:
    """Vurdér en borgerprofil mod kommunens kvalitetsstandard og vis en begrundet anbefaling."""
    from . import revisions
    try:
        data = load_profile(profile, sys.stdin.buffer if sys.stdin is not None else None)
        on = evaluation_date(date)
        received = evaluation_date(application_date) if application_date else None
        repo = api.open_repository(standards_dir)
        rec = api.check(data, municipality, service, on, lang.value, repo)
        # another revision close to this case: said first among the notes, naming both revisions
        rec.notes[:0] = revisions.said(revisions.notices(repo, municipality, service, on, received), lang.value)
    except StandardError as e:
        _fail(("The standard in force is not valid:\n" if lang == Lang.en else "Den gældende standard er ikke gyldig:\n") + e.text(lang.value))
    except EngineError as e:
        _fail(e.text(lang.value))
    if fmt == Format.json:
        say(render.to_json(rec), raw=True)
    elif fmt == Format.markdown:
        say(render.to_markdown(rec, lang.value), end="", raw=True)
    elif sys.stdout.isatty():
        from rich.console import Console  # colours only where a person reads them
        Console(highlight=False, soft_wrap=True).print(render.to_text(rec, lang.value, styled=True))
    else:
        say(render.to_text(rec, lang.value), raw=True)


LangOption = typer.Option(Lang.da, "--lang", help="Sprog for meddelelserne: da (standard) eller en.")


class ProblemFormat(str, Enum):
    text = "text"
    github = "github"


def _gh(value: str, prop: bool = False) -> str:
    """GitHub Actions' escaping of a workflow command's data (and, for a property, its separators)."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def _problem(path: str, line: int, column: int, severity: str, text: str, lang: "Lang", fmt: "ProblemFormat",
             err: bool = False) -> None:
    """One problem: `file:line:column: fejl: …` (bemærkning for a note), or a GitHub Actions annotation."""
    if fmt == ProblemFormat.github:
        kind = {"error": "error", "warning": "warning"}.get(severity, "notice")
        say(f"::{kind} file={_gh(str(path), True)},line={line},col={column}::{_gh(text)}", err=err)
        return
    word = _severity(severity == "error", lang) if severity in ("error", "warning") else (
        "note" if lang == Lang.en else "bemærkning")
    say(f"{path}:{line}:{column}: {word}: {text}", err=err)


def _severity(error: bool, lang: Lang) -> str:
    """The word in file:line:column: fejl: …"""
    if lang == Lang.en:
        return "error" if error else "warning"
    return "fejl" if error else "advarsel"


def _shown_path(path: Path) -> str:
    """A path as the user can open it from where they stand (relative when inside the current folder)."""
    path = path.resolve()
    try:
        return str(path.relative_to(Path.cwd().resolve())) or "."
    except (ValueError, OSError):
        return str(path)


def _say_tree(targets: List[Path], standards_dir: Optional[Path], lang: Lang) -> None:
    """The first line: which tree is checked, found upwards from here as git finds a repository."""
    from .tree import root_for
    roots = list(dict.fromkeys(_shown_path(root_for(t, standards_dir)) for t in targets))
    say((f"Standards tree: {', '.join(roots)}" if lang == Lang.en else f"Standardtræ: {', '.join(roots)}"))


@app.command("validate", epilog="Eksempel: standards validate standards/ishoj\n\n"
             "Eksempel: standards validate --fix standards/ishoj/sel-85  (udfylder citaternes line:)")
def validate_cmd(
    paths: Optional[List[Path]] = typer.Argument(None, metavar="STIER...", help="Filer eller mapper (standard: hele mappen med standarder)."),
    standards_dir: Optional[Path] = StandardsDir,
    strict: bool = typer.Option(False, "--strict", help="Advarsler tæller også som fejl (bemærkninger om dokumenterede valg gør ikke)."),
    lang: Lang = LangOption,
    fmt: ProblemFormat = typer.Option(ProblemFormat.text, "--format", help="text (fil:linje:kolonne: …) eller github (annoteringer i GitHub Actions)."),
    fix: bool = typer.Option(False, "--fix", help="Udfyld eller ret citaternes line: ud fra kildedokumentet (filen omskrives; kommentarer og opsætning bevares)."),
) -> None:
    """Kontrollér standarder: skema, placering, ordrette citater og sammenhæng. Afslutter med 1 ved fejl."""
    from . import validate as validation
    en = lang == Lang.en
    root = standards_dir or default_root()
    targets = list(paths) if paths else [root]
    _say_tree(targets, standards_dir, lang)
    fixed: list = []
    if fix:
        from .quote_lines import fix_paths
        fixed = fix_paths(targets, standards_dir)
        for p in fixed:
            if p.severity == "fixed":
                if fmt == ProblemFormat.github:
                    _problem(p.path, p.line, p.column, "note", p.text(lang.value), lang, fmt)
                else:
                    say(f"{p.path}:{p.line}:{p.column}: {'fixed' if en else 'rettet'}: {p.text(lang.value)}")
    problems = [p for p in fixed if p.severity != "fixed"] + validation.validate_paths(targets, standards_dir)
    n_files = len(validation.standard_files(targets))
    errors = [p for p in problems if p.severity == "error" or (strict and p.severity == "warning")]
    for p in problems:
        _problem(p.path, p.line, p.column, "error" if p in errors else p.severity, p.text(lang.value), lang, fmt, err=p in errors)
    n_warnings = len([p for p in problems if p.severity == "warning"]) - len([p for p in errors if p.severity == "warning"])
    if en:
        where = "" if paths else f" in {_shown_path(root)}"
        say(f"{_n(n_files, 'standard', 'standards')} checked{where}: {_n(len(errors), 'error', 'errors')}, "
            f"{_n(n_warnings, 'warning', 'warnings')}.")
    else:
        where = "" if paths else f" i {_shown_path(root)}"
        say(f"{_n(n_files, 'standard', 'standarder')} kontrolleret{where}: {len(errors)} fejl, "
            f"{_n(n_warnings, 'advarsel', 'advarsler')}.")
    if errors or n_files == 0:
        if n_files == 0:
            say("No standards found." if en else "Ingen standarder fundet.", err=True)
        raise typer.Exit(1)


@app.command("test", epilog="Eksempel: standards test standards/ishoj/sel-107-aflastning")
def test_cmd(
    paths: Optional[List[Path]] = typer.Argument(None, metavar="STIER...", help="Filer eller mapper med tests/ (standard: hele mappen med standarder)."),
    standards_dir: Optional[Path] = StandardsDir,
    lang: Lang = LangOption,
    strict: bool = typer.Option(False, "--strict", help="Fejl også, når en regel ikke er afgørende i nogen eksempelsag."),
    fmt: ProblemFormat = typer.Option(ProblemFormat.text, "--format", help="text (fil:linje:kolonne: …) eller github (annoteringer i GitHub Actions)."),
) -> None:
    """Kør eksempelsagerne i tests/ ved siden af hver standard. Afslutter med 1, hvis en sag fejler."""
    from . import cases
    from .errors import msg
    en = lang == Lang.en
    error = _severity(True, lang)
    root = standards_dir or default_root()
    targets = list(paths) if paths else [root]
    _say_tree(targets, standards_dir, lang)
    results, problems = cases.run(targets, standards_dir)
    # file:line:column: fejl: …, as validate, so CI can put each on its line
    for p in problems:
        _problem(p.path, p.line, p.column, "error" if p.severity == "error" else "warning", p.text(lang.value), lang, fmt, err=True)
    failed = [r for r in results if not r.passed]
    for r in failed:
        head = msg("case_fails", name=r.name).say(lang.value)
        if fmt == ProblemFormat.github:  # the reason in the annotation itself
            _problem(str(r.file), r.line, r.column, "error", "\n".join([head, *r.lines(lang.value)]), lang, fmt, err=True)
        else:
            say(f"{r.file}:{r.line}:{r.column}: {error}: " + head, err=True)
            for d in r.lines(lang.value):
                say(f"    {d}", err=True)
        for p in r.problems:
            _problem(p.path, p.line, p.column, "error", p.text(lang.value), lang, fmt, err=True)
    bad_files = len({p.path for p in problems if p.severity == "error"})
    # Which rules no case decides means something only once every case runs and passes.
    uncovered = cases.uncovered_rules(results, standards_dir, targets) if not (failed or bad_files) else {}
    for path, rules in uncovered.items():
        _problem(str(path), 1, 1, "error" if strict else "warning", msg("case_uncovered", rules=", ".join(rules)).say(lang.value),
                 lang, fmt, err=strict)
    passed = len(results) - len(failed)
    if en:
        say(f"{_n(passed, 'case', 'cases')} passed, {len(failed)} failed"
            + (f", {_n(bad_files, 'file', 'files')} could not be read" if bad_files else "") + ".")
    else:
        say(f"{_n(passed, 'sag', 'sager')} bestået, {len(failed)} fejlet"
            + (f", {_n(bad_files, 'fil', 'filer')} kunne ikke læses" if bad_files else "") + ".")
    if failed or bad_files or not results or (strict and uncovered):
        if not results and not bad_files:  # on standard output, with the summary: where it looked and why nothing ran
            say(cases.none_found(targets, standards_dir, lambda p: _shown_path(p)).say(lang.value))
        raise typer.Exit(1)


@app.command("describe", epilog="Eksempel: standards describe standards/ishoj/sel-85 > sel-85.md\n\n"
             "Eksempel: standards describe --update docs/standards.md --check")
def describe_cmd(
    paths: Optional[List[Path]] = typer.Argument(None, metavar="STIER...", help="Filer eller mapper (standard: hele mappen med standarder)."),
    update: Optional[Path] = typer.Option(None, "--update", metavar="MARKDOWN",
                                          help="Skriv kortene ind i denne fil mellem <!-- standards describe STIER --> "
                                               "og <!-- /standards describe -->; stierne regnes fra den aktuelle mappe."),
    check: bool = typer.Option(False, "--check", help="Med --update: ændr intet, men afslut med 1, hvis filen er bagud."),
    standards_dir: Optional[Path] = StandardsDir,
    lang: Lang = typer.Option(Lang.da, "--lang", help="Sprog for kortene og meddelelserne: da (standard) eller en."),
) -> None:
    """Vis hver standard som Markdown: dokumentets sætninger og de regler, der koder dem."""
    from .describe import blocks, describe_paths, refresh
    en = lang == Lang.en
    if check and update is None:
        _fail("--check is used with --update FILE: it is the file that is checked." if en else
              "--check bruges sammen med --update FIL: det er filen, der kontrolleres.", 2)
    if update is not None and paths:
        _fail("With --update the paths are in the file's blocks (<!-- standards describe PATHS -->); do not give paths as well."
              if en else
              "Med --update står stierne i filens blokke (<!-- standards describe STIER -->); angiv ikke stier ved siden af.", 2)
    if update is None:
        try:
            say(describe_paths(list(paths) if paths else [standards_dir or default_root()], standards_dir, lang.value),
                end="", raw=True)
        except EngineError as e:
            _fail(e.text(lang.value), 2 if isinstance(e, StandardError) and e.unreadable else 1)
        return
    try:
        old = update.read_bytes().decode("utf-8")  # not read_text: CRLF must survive
    except (OSError, UnicodeDecodeError) as e:
        if en:
            why = ("does not exist" if isinstance(e, FileNotFoundError) else "is a folder" if isinstance(e, IsADirectoryError)
                   else "is not valid UTF-8" if isinstance(e, UnicodeDecodeError) else f"cannot be read ({e.__class__.__name__})")
        else:
            why = ("findes ikke" if isinstance(e, FileNotFoundError) else "er en mappe" if isinstance(e, IsADirectoryError)
                   else "er ikke gyldig UTF-8" if isinstance(e, UnicodeDecodeError) else f"kan ikke læses ({e.__class__.__name__})")
        _fail(f"{update}: {why}.", 2)
    try:
        new = refresh(old, lambda args: describe_paths([Path(a) for a in args], standards_dir, lang.value), str(update))
    except EngineError as e:
        _fail(e.text(lang.value), 2 if isinstance(e, StandardError) and e.unreadable else 1)
    if not blocks(old, str(update)):
        _fail(f"{update}: has no generated blocks (<!-- standards describe PATHS --> … <!-- /standards describe -->), "
              "so there is nothing to keep in step." if en else
              f"{update}: har ingen genererede blokke (<!-- standards describe STIER --> … <!-- /standards describe -->), "
              "så der er intet at holde i overensstemmelse.", 1)
    if new == old:
        say(f"{update}: in step with the standards." if en else f"{update}: i overensstemmelse med standarderne.")
    elif check:
        _fail(f"{update}: is behind the standards; run `standards describe --update {update}`." if en else
              f"{update}: er bagud i forhold til standarderne; kør `standards describe --update {update}`.", 1)
    else:
        from .atomic import write_text
        try:
            write_text(update, new)  # whole or not at all: the hand-written text around the blocks must survive
        except (OSError, UnicodeEncodeError) as e:
            e = e if isinstance(e, OSError) else OSError(0, "")
            why = (f"cannot be written ({_os_why(e, en)}); the file is unchanged" if en
                   else f"kan ikke skrives ({_os_why(e, en)}); filen er uændret")
            _fail(f"{update}: {why}.", 2)
        say(f"{update}: updated." if en else f"{update}: opdateret.")


@app.command("diff", epilog="Eksempel: standards diff standards/ishoj/sel-85/2015-11-01.yaml standards/ishoj/sel-85/2024-01-01.yaml\n\n"
             "Eksempel: standards diff -m ishoj -s sel-85 --from 2023-06-01 --to 2024-06-01 --format markdown > notat.md")
def diff_cmd(
    files: Optional[List[Path]] = typer.Argument(None, metavar="[A B]", help="To udgaver (filer) af samme standard: den gamle og den nye."),
    municipality: Optional[str] = typer.Option(None, "--municipality", "-m", metavar="KOMMUNE", help="I stedet for filer: kommunens id."),
    service: Optional[str] = typer.Option(None, "--service", "-s", metavar="YDELSE", help="I stedet for filer: ydelsen."),
    start: Optional[str] = typer.Option(None, "--from", metavar="ÅÅÅÅ-MM-DD", help="Udgaven gældende denne dato (den gamle)."),
    end: Optional[str] = typer.Option(None, "--to", metavar="ÅÅÅÅ-MM-DD", help="Udgaven gældende denne dato (den nye)."),
    fmt: Format = typer.Option(Format.text, "--format", help="text, markdown (til et notat) eller json."),
    lang: Lang = typer.Option(Lang.da, "--lang", help="Sprog: da (standard) eller en."),
    standards_dir: Optional[Path] = StandardsDir,
) -> None:
    """Vis, hvad der er ændret mellem to udgaver af en standard, regel for regel. Afslutter med 0 uden ændringer, 1 med."""
    from . import diff as revdiff
    en = lang == Lang.en
    try:
        if files:
            if len(files) != 2 or municipality or service or start or end:
                _fail("Give two revision files, or -m, -s, --from and --to." if en else
                      "Angiv to udgaver (filer) eller -m, -s, --from og --to.")
            loaded = revdiff.load_files(files[0], files[1], standards_dir)
        else:
            if not (municipality and service and start and end):
                _fail("Give two revision files, or -m, -s, --from and --to." if en else
                      "Angiv to udgaver (filer) eller -m, -s, --from og --to.")
            loaded = revdiff.load_dates(api.open_repository(standards_dir), municipality, service,
                                        evaluation_date(start), evaluation_date(end))
    except EngineError as e:
        _fail(e.text(lang.value))
    old, old_path, new, new_path = loaded
    d = revdiff.diff(old, new, old_path, new_path, lang.value)
    if fmt == Format.json:
        say(revdiff.to_json(d), end="", raw=True)
    else:
        say(revdiff.to_text(d, lang.value, markdown=fmt == Format.markdown), end="", raw=True)
    raise typer.Exit(0 if d.empty else 1)


class DocFormat(str, Enum):
    html = "html"
    markdown = "markdown"


@app.command("render", epilog="Eksempel: standards render -m ishoj -s sel-85 --date 2024-06-01 -o sel-85.html\n\n"
             "Eksempel: standards render standards/ishoj/sel-85/2024-01-01.yaml --format markdown")
def render_cmd(
    file: Optional[Path] = typer.Argument(None, metavar="[FIL]", help="En udgave (fil) af en standard; ellers -m og -s."),
    municipality: Optional[str] = typer.Option(None, "--municipality", "-m", metavar="KOMMUNE", help="Kommunens id."),
    service: Optional[str] = typer.Option(None, "--service", "-s", metavar="YDELSE", help="Ydelsen, fx sel-85."),
    date: Optional[str] = typer.Option(None, "--date", metavar="ÅÅÅÅ-MM-DD", help="Udgaven gældende denne dato (standard: i dag)."),
    fmt: DocFormat = typer.Option(DocFormat.html, "--format", help="html (én selvstændig fil) eller markdown."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Skriv til fil i stedet for standard output."),
    lang: Lang = typer.Option(Lang.da, "--lang", help="Sprog: da (standard) eller en."),
    standards_dir: Optional[Path] = StandardsDir,
) -> None:
    """Vis standarden som et læsbart dokument til borgere, byråd og hjemmeside (HTML eller Markdown)."""
    from . import document
    from .diff import resolve_file
    en = lang == Lang.en
    try:
        if file is not None:
            if municipality or service:
                _fail("Give a file or -m and -s, not both." if en else "Angiv en fil eller -m og -s, ikke begge.")
            data, used_by = document.standard(resolve_file(file, standards_dir))
        elif municipality and service:
            on = evaluation_date(date)
            data, used_by = document.standard(api.open_repository(standards_dir).standard_for(municipality, service, on), on)
        else:
            _fail("Give a revision file, or -m and -s." if en else "Angiv en udgave (fil) eller -m og -s.")
    except EngineError as e:
        _fail(e.text(lang.value))
    text = document.render(data, fmt.value, lang.value, municipality=used_by)
    if output is None:
        say(text, end="", raw=True)
        return
    from .atomic import write_text
    try:
        write_text(output, text)
    except OSError as e:
        _fail(f"{output}: {'cannot be written' if en else 'kan ikke skrives'} ({_os_why(e, en)}).", 2)
    say(f"{output}: written." if en else f"{output}: skrevet.")


@app.command("facts", epilog="Eksempel: standards facts --lang en")
def facts_cmd(lang: Lang = typer.Option(Lang.da, "--lang", help="da eller en.")) -> None:
    """Vis ordforrådet: de fakta en profil kan have, med typen og spørgsmålet til sagsbehandleren."""
    from .vocabulary import facts as vocabulary
    from .wording import fact_line, value_lines
    for f in vocabulary().values():
        # each fact with its words, and each allowed value with its words, as a caseworker reads them:
        # requested_support_tasks – hvad støtten skal bruges til (liste): …; shopping_cooking = indkøb og madlavning
        say(fact_line(f, lang.value))
        for line in value_lines(f, lang.value):
            say(f"    {line}")


class SchemaKind(str, Enum):
    standard = "standard"
    cases = "cases"
    profile = "profile"
    translation = "translation"


@app.command("schema", epilog="Eksempel: standards schema -o schemas/standard.schema.json\n\n"
             "Eksempel: standards schema --kind profile -o schemas/profile.schema.json")
def schema_cmd(output: Optional[Path] = typer.Option(None, "--output", "-o", help="Skriv til fil i stedet for standard output."),
               kind: SchemaKind = typer.Option(SchemaKind.standard, "--kind",
                                               help="standard (en standardfil), cases (en fil med eksempelsager), "
                                                    "profile (en borgerprofil) eller translation (<dato>.en.yaml)."),
               check: bool = typer.Option(False, "--check", help="Med -o: skriv intet, men afslut med 1, hvis filen ikke er opdateret.")) -> None:
    """Udskriv JSON Schema for en standard, eksempelsager eller en profil (til editorer, der fuldfører og kontrollerer YAML)."""
    from .schema_export import json_schema
    text = json.dumps(json_schema(kind.value), ensure_ascii=False, indent=2) + "\n"
    if check:
        if output is None:
            _fail("--check bruges sammen med -o FIL: det er filen, der kontrolleres.", 2)
        try:
            current = output.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current != text:
            _fail(f"{output}: er ikke opdateret; kør `standards schema --kind {kind.value} -o {output}`.", 1)
        say(f"{output}: opdateret.")
        return
    if output:
        from .atomic import write_text
        try:
            write_text(output, text)  # whole or not at all
        except (OSError, UnicodeEncodeError) as e:
            e = e if isinstance(e, OSError) else OSError(0, "")
            why = "mappen findes ikke" if isinstance(e, FileNotFoundError) else "er en mappe" if isinstance(e, IsADirectoryError) \
                else f"kan ikke skrives ({_os_why(e, False)}); filen er uændret"
            _fail(f"{output}: {why}.", 2)
    else:
        say(text, end="", raw=True)


@app.command("serve", epilog="Eksempel: standards serve --port 8000   (så: curl http://127.0.0.1:8000/v1/health)")
def serve_cmd(
    host: str = typer.Option("127.0.0.1", "--host", help="Adressen, serveren lytter på. Andet end 127.0.0.1/::1 kræver et adgangstegn."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Porten."),
    standards_dir: Optional[Path] = StandardsDir,
    token_file: Optional[Path] = typer.Option(None, "--token-file", metavar="FIL",
                                              help="Fil med adgangstegnet (bearer token); ellers miljøvariablen STANDARDS_TOKEN."),
    lang: Lang = typer.Option(Lang.da, "--lang", help="Sprog for meddelelserne ved start: da (standard) eller en."),
) -> None:
    """Start HTTP-API'et (/v1/) og websiden til sagsbehandlere. Kræver: pip install 'standards-engine\\[server]'."""
    try:
        from .server.run import serve, token_for
        import fastapi, uvicorn, jinja2  # noqa: F401,E401  (the extra, checked before anything starts)
    except ImportError:
        _fail("The server needs its extra: pip install 'standards-engine[server]'" if lang == Lang.en else
              "Serveren kræver sit tilvalg: pip install 'standards-engine[server]'", 2)
    try:
        token = token_for(host, token_file)
    except EngineError as e:
        _fail(e.text(lang.value))
    serve(host, port, standards_dir or default_root(), token, lang.value)


from . import cli_casework  # noqa: E402,F401  registers interview, screen, compare, letter


# Click's usage errors are English; a caseworker gets them in Danish unless --lang en is given.
_USAGE_DA = [
    (r"^Missing option (.+?)\.?$", r"Tilvalget \1 mangler."),
    (r"^Missing argument (.+?)\.?$", r"Argumentet \1 mangler."),
    (r"^Invalid value for '(.+?)': ", r"Ugyldig værdi for \1: "),
    (r"^No such command '(.+?)'\.", r"Ukendt kommando '\1'."),
    (r"^No such option: (\S+)", r"Ukendt tilvalg: \1."),
    (r"^Got unexpected extra argument(?:\(s\)|s)? \((.*)\)$", r"Uventet ekstra argument: \1."),
    (r"^Option '(.+?)' requires an argument\.$", r"Tilvalget \1 skal have en værdi."),
    (r" is not one of ", r" er ikke en af "),
    (r"Did you mean (.+?)\?", r"Mente du \1?"),
    (r"\(Possible options: (.+?)\)", r"(mulige tilvalg: \1)"),
    (r" is not a valid (\w+)\.?", r" er ikke et gyldigt tal."),
    (r"Path '(.+?)' does not exist\.", r"Stien '\1' findes ikke."),
]


def _usage_message(err, lang: str) -> str:
    import re
    msg = redact(err.format_message())
    if lang != "en":
        for pattern, repl in _USAGE_DA:
            msg = re.sub(pattern, repl, msg)
    ctx = getattr(err, "ctx", None)
    path = ctx.command_path if ctx is not None else "standards"
    hint = (f"Run '{path} --help' to see the options." if lang == "en"
            else f"Se '{path} --help' for tilvalg og et eksempel.")
    return f"{msg}\n{hint}"


def _for(argv: list[str]) -> typer.Typer:
    """The app with only the command argv names, when it names one: typer builds a click command for every
    registered command on every run (about 20 ms for fifteen, a sixth of a check's start). Anything else (no
    command, --help, a misspelt command that needs the list for "did you mean") gets the whole app."""
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        if argv[i] == "--lang":
            i += 2
        elif argv[i].startswith("--lang="):
            i += 1
        else:
            return app
    if i >= len(argv):
        return app
    found = [c for c in app.registered_commands
             if (c.name or (c.callback.__name__ if c.callback else "").lower().replace("_", "-")) == argv[i]]
    if len(found) != 1:
        return app
    import copy
    one = copy.copy(app)
    one.registered_commands = found
    return one


def _carry_lang(argv: list[str]) -> list[str]:
    """`standards --lang en check …` means the check in English too, not only the help: a --lang given before
    the command is handed to the command, unless the command is given its own."""
    head: list[str] = []
    i = 0
    while i < len(argv) and argv[i].startswith("--lang"):
        step = 1 if "=" in argv[i] else 2
        head, i = argv[i:i + step], i + step
    rest = argv[i:]
    if not head or not rest or rest[0].startswith("-") or any(a == "--lang" or a.startswith("--lang=") for a in rest):
        return argv
    return argv[:i] + rest[:1] + head + rest[1:]


def run(argv: list[str] | None = None, prog_name: str = "standards") -> int:
    """Run the command line and return its exit status; usage errors are printed in the user's language."""
    try:
        from typer._click import exceptions as cx
    except ImportError:  # typer before 0.20 uses click itself
        from click import exceptions as cx
    argv = _carry_lang(sys.argv[1:] if argv is None else list(argv))
    lang = lang_of(argv)  # for a message when no command could read its own --lang (an unknown command, a crash)
    try:
        rv = _for(argv)(args=argv, prog_name=prog_name, standalone_mode=False)
    except getattr(cx, "NoArgsIsHelpError", ()) as e:  # click >= 8.2
        say(e.ctx.get_help() if e.ctx is not None else str(e), raw=True)
        return 0
    except cx.UsageError as e:
        ctx = getattr(e, "ctx", None)
        say(_usage_message(e, ctx.meta.get("lang", lang) if ctx is not None else lang), err=True)
        return 2
    except cx.ClickException as e:
        say(e.format_message(), err=True)
        return e.exit_code
    except typer.Abort:
        say("Afbrudt." if lang != "en" else "Aborted.", err=True)
        return 1
    except Exception as e:  # a bug of ours, not bad input: say so briefly; the traceback on request
        import os
        if os.environ.get("STANDARDS_DEBUG"):
            raise
        say((f"Internal error in standards-engine ({e.__class__.__name__}). This is a fault in the program, not in your "
             "data; run again with STANDARDS_DEBUG=1 to see the details, and report it." if lang == "en" else
             f"Intern fejl i standards-engine ({e.__class__.__name__}). Det er en fejl i programmet, ikke i dine data; "
             "kør igen med STANDARDS_DEBUG=1 for at se detaljerne, og meld fejlen."), err=True)
        return 70
    return rv if isinstance(rv, int) else 0


def main() -> None:
    import os
    # pydantic looks for plugins in every installed package's metadata before building its first validator
    # (~10 ms of a check), and a plugin would be handed every profile validated; this program uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8")  # Danish letters, whatever the locale
    sys.exit(run())


from . import cli_caseload  # noqa: E402,F401  registers `batch` and `impact` on app
