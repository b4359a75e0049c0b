"""The caseworker's commands: interview, screen, compare, letter. Parse, call the library, print."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import api, render
from .cli import DocFormat, Format, Lang, StandardsDir, _fail, _os_why, app, say
from .coerce import evaluation_date, parse_profile
from .errors import EngineError, StandardError
from .profile_io import load_profile

_M = typer.Option(..., "--municipality", "-m", metavar="KOMMUNE", help="Kommunens id, fx ishoj, haderslev, vallensbaek, ukendt.")
_S = typer.Option(..., "--service", "-s", metavar="YDELSE", help="Ydelse: sel-85, sel-102, sel-103, sel-104, sel-107, sel-107-aflastning, sel-108.")
_DATE = typer.Option(None, "--date", metavar="ÅÅÅÅ-MM-DD", help="Vurderingsdato ÅÅÅÅ-MM-DD (standard: i dag).")
_LANG = typer.Option(Lang.da, "--lang", help="Sprog: da (standard) eller en.")


def _stdin():
    return sys.stdin.buffer if sys.stdin is not None else None


def _engine_fail(e: EngineError, lang: Lang) -> None:
    if isinstance(e, StandardError):
        _fail(("The standard in force is not valid:\n" if lang == Lang.en else "Den gældende standard er ikke gyldig:\n")
              + e.text(lang.value))
    _fail(e.text(lang.value))


def _write(path: Path, text: str, en: bool) -> None:
    """Whole or not at all (atomic.write_text); a failure says why and exits 2."""
    from .atomic import write_text
    try:
        write_text(path, text)
    except (OSError, UnicodeEncodeError) as e:
        e = e if isinstance(e, OSError) else OSError(0, "")
        _fail(f"{path}: cannot be written ({_os_why(e, en)}); nothing was written." if en else
              f"{path}: kan ikke skrives ({_os_why(e, en)}); intet er skrevet.", 2)


# --- interview -----------------------------------------------------------------------------------

class NextFormat(str, Enum):
    text = "text"
    json = "json"


def _question_lines(q, n: int | None, lang: str) -> list[str]:
    en = lang == "en"
    head = f"{n}. " if n else ""
    left = (f"  (at most {q.remaining} question{'s' if q.remaining != 1 else ''} left)" if en else
            f"  (højst {q.remaining} spørgsmål tilbage)") if q.remaining else ""
    out = ["", f"{head}{q.text}{left}"]
    out += [f"   {c.number}. {c.label}" for c in q.choices]
    return out


@app.command("interview", epilog="Eksempel: standards interview -m ishoj -s sel-107-aflastning --date 2025-03-01 --save profil.yaml\n\n"
             "Eksempel (fagsystem): standards interview -m ishoj -s sel-85 --profile profil.json --next --format json")
def interview_cmd(
    municipality: str = _M,
    service: str = _S,
    date: Optional[str] = _DATE,
    profile: Optional[str] = typer.Option(None, "--profile", metavar="PROFIL",
                                          help="Start fra denne profil (YAML eller JSON; '-' = standard input). "
                                               "Et faktum med værdien null er besvaret »ved ikke« og spørges ikke igen."),
    save: Optional[Path] = typer.Option(None, "--save", metavar="FIL",
                                        help="Gem profilen her efter hvert svar og ved afbrydelse (hel fil eller slet ikke)."),
    next_: bool = typer.Option(False, "--next", help="Ikke-interaktivt: vis kun det næste spørgsmål eller den endelige anbefaling."),
    fmt: NextFormat = typer.Option(NextFormat.text, "--format", help="Med --next: text eller json."),
    lang: Lang = _LANG,
    standards_dir: Optional[Path] = StandardsDir,
) -> None:
    """Spørg kun om det, der stadig kan ændre anbefalingen, og vis anbefalingen til sidst.

    Svar ja / nej / ved ikke, et nummer fra listen, et tal eller en dato ÅÅÅÅ-MM-DD. »ved ikke« lader
    oplysningen være ukendt; den spørges ikke igen. Ctrl-C eller Ctrl-D afbryder og gemmer (med --save).
    Afslutter med 0, når anbefalingen er vist, 1 ved afbrydelse, 2 ved forkerte oplysninger."""
    from . import interview as iv
    from .recommendation import Recommendation
    en = lang == Lang.en
    L = lang.value
    if profile == "-" and not next_:
        _fail("--profile - (standard input) goes with --next: the interview itself reads its answers from standard input."
              if en else "--profile - (standard input) bruges med --next: selve interviewet læser svarene fra standard input.")
    try:
        on = evaluation_date(date)
        repo = api.open_repository(standards_dir)
        current = load_profile(profile, _stdin()) if profile else {}
        if current is None:
            current = {}
        parse_profile(current)  # a bad start profile is said once, before any question
        current = dict(current)
        res = iv.next_question(current, municipality, service, on, repo, lang=L)
    except EngineError as e:
        _engine_fail(e, lang)
    if next_:
        if fmt == NextFormat.json:
            if isinstance(res, Recommendation):
                doc = {"kind": "recommendation", "recommendation": json.loads(render.to_json(res))}
            else:
                doc = {"kind": "question", "question": res.to_dict()}
            say(json.dumps(doc, ensure_ascii=False, indent=2, default=str), raw=True)
        elif isinstance(res, Recommendation):
            say(render.to_text(res, L), raw=True)
        else:
            say("\n".join(_question_lines(res, None, L)[1:] + [f"({res.hint})"]))
        return

    def store() -> None:
        if save is not None:
            _write(save, iv.profile_text(current, L), en)

    rec_now = api.check(current, municipality, service, on, L, repo)
    say((f"Interview: {rec_now.service_title} – {rec_now.municipality_name} (standard in force from "
         f"{rec_now.standard['valid_from']}, evaluated on {on}).\nAnswer “don't know” when the answer is not known; "
         f"Ctrl-C or Ctrl-D stops" + (f" and saves to {save}." if save else ".")) if en else
        (f"Interview: {rec_now.service_title} – {rec_now.municipality_name} (standard gældende fra "
         f"{rec_now.standard['valid_from']}, vurderet pr. {on}).\nSvar »ved ikke«, hvis svaret ikke kendes; "
         f"Ctrl-C eller Ctrl-D afbryder" + (f" og gemmer i {save}." if save else ".")))
    asked = 0

    def stop(e: BaseException) -> None:
        import signal
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the saving short
        store()
        say("")
        say(("Stopped" if en else "Afbrudt") + (f"; {asked} " + ("answer(s) saved in " if en else "svar gemt i ") + f"{save}."
                                                 if save else ("; nothing saved (use --save FILE)." if en else
                                                               "; intet gemt (brug --save FIL).")), err=True)
        raise typer.Exit(130 if isinstance(e, KeyboardInterrupt) else 1)

    try:
        while not isinstance(res, Recommendation):
            q = res
            say("\n".join(_question_lines(q, asked + 1, L)))
            while True:
                text = input(f"({q.hint}) > ")
                try:
                    current = iv.apply_answer(current, q, text, L)
                    break
                except iv.AnswerError as e:
                    say(f"  ! {e.text(L)}")  # next to the prompt, then the same question again
            asked += 1
            store()
            try:
                res = iv.next_question(current, municipality, service, on, repo, lang=L)
            except EngineError as e:
                _engine_fail(e, lang)
    except (EOFError, KeyboardInterrupt) as e:  # at the prompt or while evaluating: save and stop cleanly
        stop(e)
    say("")
    if sys.stdout.isatty():
        from rich.console import Console
        Console(highlight=False, soft_wrap=True).print(render.to_text(res, L, styled=True))
    else:
        say(render.to_text(res, L), raw=True)
    store()
    where = f" --standards-dir {standards_dir}" if standards_dir else ""
    say("")
    if save:
        say((f"{asked} question(s) asked. The profile is saved in {save}; the same recommendation: " if en else
             f"{asked} spørgsmål stillet. Profilen er gemt i {save}; samme anbefaling: ")
            + f"standards check {save} -m {municipality} -s {service} --date {on}{where}")
    else:
        say(f"{asked} question(s) asked; nothing saved (use --save FILE)." if en else
            f"{asked} spørgsmål stillet; intet gemt (brug --save FIL).")


# --- screen and compare ----------------------------------------------------------------------------

def _rows_json(rows, **head) -> str:
    return json.dumps({**head, "rows": [r.to_dict() for r in rows]}, ensure_ascii=False, indent=2)


@app.command("screen", epilog="Eksempel: standards screen profil.yaml -m ishoj --date 2025-03-01 --format markdown")
def screen_cmd(
    profile: str = typer.Argument(..., metavar="PROFIL", help="Borgerprofil (YAML eller JSON); '-' læser fra standard input."),
    municipality: Optional[str] = typer.Option(None, "--municipality", "-m", metavar="KOMMUNE", help="Kommunens id, fx ishoj."),
    all_municipalities: bool = typer.Option(False, "--all-municipalities", help="Alle kommuner i mappen med standarder."),
    date: Optional[str] = _DATE,
    fmt: Format = typer.Option(Format.text, "--format", help="text, json eller markdown."),
    lang: Lang = _LANG,
    standards_dir: Optional[Path] = StandardsDir,
) -> None:
    """Vurdér én profil mod hver ydelse, kommunen har en standard for: én linje pr. ydelse."""
    from . import screen, tables
    L = lang.value
    if (municipality is None) == (not all_municipalities):
        _fail("Give --municipality M or --all-municipalities (one of them)." if lang == Lang.en else
              "Angiv --municipality KOMMUNE eller --all-municipalities (ét af dem).")
    try:
        data = load_profile(profile, _stdin())
        on = evaluation_date(date)
        repo = api.open_repository(standards_dir)
        rows = (screen.screen_all(data, on, repo, L) if all_municipalities else screen.screen(data, municipality, on, repo, L))
    except EngineError as e:
        _engine_fail(e, lang)
    if fmt == Format.json:
        say(_rows_json(rows, evaluated_on=on.isoformat(), municipality=municipality), raw=True)
    elif fmt == Format.markdown:
        say(tables.screen_markdown(rows, L, all_municipalities), end="", raw=True)
    else:
        say(tables.screen_text(rows, L), end="", raw=True)


@app.command("compare", epilog="Eksempel: standards compare profil.yaml -s sel-85 --date 2025-03-01\n\n"
             "Eksempel: standards compare profil.yaml -s sel-85 -m ishoj -m vallensbaek --format markdown")
def compare_cmd(
    profile: str = typer.Argument(..., metavar="PROFIL", help="Borgerprofil (YAML eller JSON); '-' læser fra standard input."),
    service: str = _S,
    municipality: Optional[List[str]] = typer.Option(None, "--municipality", "-m", metavar="KOMMUNE",
                                                     help="Kun disse kommuner (kan gentages; standard: alle med en standard for ydelsen)."),
    date: Optional[str] = _DATE,
    fmt: Format = typer.Option(Format.text, "--format", help="text, json eller markdown."),
    lang: Lang = _LANG,
    standards_dir: Optional[Path] = StandardsDir,
) -> None:
    """Samme ydelse i flere kommuner, side om side: standardens udgave, anbefalingen og begrundelsen."""
    from . import screen, tables
    L = lang.value
    try:
        data = load_profile(profile, _stdin())
        on = evaluation_date(date)
        rows = screen.compare(data, service, on, api.open_repository(standards_dir), L, list(municipality or ()) or None)
    except EngineError as e:
        _engine_fail(e, lang)
    if fmt == Format.json:
        say(_rows_json(rows, evaluated_on=on.isoformat(), service=service), raw=True)
    elif fmt == Format.markdown:
        say(tables.compare_markdown(rows, L), end="", raw=True)
    else:
        say(tables.compare_text(rows, L), end="", raw=True)


# --- letter ------------------------------------------------------------------------------------------

@app.command("letter", epilog="Eksempel: standards letter profil.yaml -m ishoj -s sel-107-aflastning --decision-date 2025-03-03 "
             "--application-date 2025-01-20 --format html -o udkast.html")
def letter_cmd(
    profile: str = typer.Argument(..., metavar="PROFIL", help="Borgerprofil (YAML eller JSON); '-' læser fra standard input."),
    municipality: str = _M,
    service: str = _S,
    decision_date: str = typer.Option(..., "--decision-date", metavar="ÅÅÅÅ-MM-DD", help="Afgørelsens dato; klagefristen regnes herfra."),
    application_date: Optional[str] = typer.Option(None, "--application-date", metavar="ÅÅÅÅ-MM-DD", help="Ansøgningens dato."),
    date: Optional[str] = typer.Option(None, "--date", metavar="ÅÅÅÅ-MM-DD", help="Vurderingsdato (standard: afgørelsens dato)."),
    fmt: DocFormat = typer.Option(DocFormat.markdown, "--format", help="markdown eller html (til udskrift på A4)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FIL", help="Skriv udkastet til denne fil (hel fil eller slet ikke)."),
    lang: Lang = typer.Option(Lang.da, "--lang", help="Sprog for meddelelserne; selve udkastet er på dansk."),
    standards_dir: Optional[Path] = StandardsDir,
) -> None:
    """Skriv et udkast til afgørelse ud fra anbefalingen: afgørelse, begrundelse og klagevejledning.

    Udkastet er tydeligt mærket som udkast; sagsbehandleren udfylder pladsholderne i kantede parenteser, vurderer og underskriver."""
    from . import letter
    en = lang == Lang.en
    L = lang.value
    try:
        data = load_profile(profile, _stdin())
        decided = evaluation_date(decision_date)
        applied = evaluation_date(application_date) if application_date else None
        on = evaluation_date(date) if date else decided
        given = parse_profile(data)
        text = letter.draft_for({k: v for k, v in (data or {}).items() if k in given or v is None}, municipality, service,
                                decided, applied, fmt.value, on=on, repository=api.open_repository(standards_dir))
    except EngineError as e:
        _engine_fail(e, lang)
    if output is None:
        say(text, end="", raw=True)
        return
    _write(output, text, en)
    say(f"Draft written to {output}." if en else f"Udkast skrevet til {output}.", err=True)
