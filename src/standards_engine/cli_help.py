"""Help screens in the reader's language, without patching click or typer for the whole process.

Every command is a LocalisedCommand (the app's `command()` makes it so): it reads its own --lang before
--help acts (--help is eager), and writes its usage line, help option, panel headings, its text and its
options' help in that language. Danish is written where the command is declared; English comes from
HELP_EN here (a command or option missing from it keeps its Danish help). Typer's rich panel headings
are module settings: they are set for the one help screen being printed and put back afterwards.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

import typer
from typer.core import TyperCommand, TyperGroup

# command -> {"": its help, "epilog": its example line(s), option name: its help}
HELP_EN: dict[str, dict[str, str]] = {
    "": {"lang": "Language of the help and messages: da (default) or en.",
         "": "Quality standards under the Social Services Act as rules: evaluate a citizen profile, validate and test standards.",
         "epilog": "Example: standards check profile.yaml -m ishoj -s sel-85 --date 2025-03-01"},
    "check": {
        "": "Evaluate a citizen profile against the municipality's quality standard and show a reasoned recommendation.",
        "profile": "Citizen profile (YAML or JSON); '-' reads standard input.",
        "municipality": "The municipality's id = its folder under standards/, e.g. ishoj, haderslev, vallensbaek, ukendt.",
        "service": "Service: sel-85, sel-102, sel-103, sel-104, sel-107, sel-107-aflastning, sel-108.",
        "date": "Evaluation date YYYY-MM-DD (default: today).",
        "fmt": "text, json or markdown.",
        "lang": "Language: da (default) or en.",
    },
    "validate": {
        "": "Check standards: schema, layout, verbatim quotes and consistency. Exits with 1 on errors.",
        "paths": "Files or folders (default: the whole standards tree).",
        "strict": "Warnings count as errors too.",
        "lang": "Language of the messages: da (default) or en.",
        "fix": "Fill in or correct the quotes' line: from the source document (the file is rewritten; comments and layout are kept).",
    },
    "test": {
        "": "Run the example cases in tests/ beside each standard. Exits with 1 if a case fails.",
        "paths": "Files or folders with tests/ (default: the whole standards tree).",
        "lang": "Language of the messages: da (default) or en.",
    },
    "describe": {
        "": "A map of each standard: its rules, limits, levels and information, with their lines.",
        "paths": "Files or folders (default: the whole standards tree).",
        "update": "Write the maps into this file between <!-- standards describe PATHS --> and "
                  "<!-- /standards describe -->; the paths are read from the current folder.",
        "check": "With --update: change nothing, but exit with 1 if the file is behind.",
        "lang": "Language of the maps and messages: da (default) or en.",
    },
    "facts": {"": "List the fact vocabulary with the question a caseworker answers.", "lang": "da or en."},
    "schema": {"": "Write the JSON Schema of a standard, an example-case file or a citizen profile.",
               "output": "Write to a file instead of standard output."},
    # The other commands' summaries (their options keep their Danish help until added here)
    "diff": {"": "Show what changed between two revisions of a standard, rule by rule. Exits with 0 without changes, 1 with."},
    "render": {"": "Show the standard as a readable document for citizens, the council and the website (HTML or Markdown)."},
    "serve": {"": "Start the HTTP API (/v1/) and the caseworkers' web page. Needs: pip install 'standards-engine[server]'."},
    "interview": {
        "": "Ask only what can still change the recommendation, and show the recommendation at the end.",
        "epilog": "Example: standards interview -m ishoj -s sel-107-aflastning --date 2025-03-01 --save profile.yaml\n\n"
                  "Example (case system): standards interview -m ishoj -s sel-85 --profile profile.json --next --format json",
        "municipality": "The municipality's id = its folder under standards/, e.g. ishoj, haderslev, vallensbaek, ukendt.", "service": "Service: sel-85, sel-102, sel-103, sel-104, sel-107, sel-107-aflastning, sel-108.", "date": "Evaluation date YYYY-MM-DD (default: today).",
        "profile": "Start from this profile (YAML or JSON; '-' = standard input). A fact set to null was answered "
                   "'don't know' and is not asked again.",
        "save": "Save the profile here after every answer and when interrupted (whole file or not at all).",
        "next_": "Non-interactive: show only the next question or the final recommendation.",
        "fmt": "With --next: text or json."},
    "screen": {
        "": "Evaluate one profile against every service the municipality has a standard for: one line per service.",
        "epilog": "Example: standards screen profile.yaml -m ishoj --date 2025-03-01 --format markdown",
        "profile": "Citizen profile (YAML or JSON); '-' reads standard input.", "municipality": "The municipality's id, e.g. ishoj.",
        "all_municipalities": "Every municipality in the standards folder.", "date": "Evaluation date YYYY-MM-DD (default: today).",
        "fmt": "text, json or markdown."},
    "compare": {
        "": "The same service in several municipalities, side by side: the revision, the recommendation and the reason.",
        "epilog": "Example: standards compare profile.yaml -s sel-85 --date 2025-03-01\n\n"
                  "Example: standards compare profile.yaml -s sel-85 -m ishoj -m vallensbaek --format markdown",
        "profile": "Citizen profile (YAML or JSON); '-' reads standard input.", "service": "Service: sel-85, sel-102, sel-103, sel-104, sel-107, sel-107-aflastning, sel-108.",
        "municipality": "Only these municipalities (may be repeated; default: every one with a standard for the service).",
        "date": "Evaluation date YYYY-MM-DD (default: today).", "fmt": "text, json or markdown."},
    "letter": {
        "": "Write a draft decision from the recommendation: decision, reasons and complaint guidance.",
        "epilog": "Example: standards letter profile.yaml -m ishoj -s sel-107-aflastning --decision-date 2025-03-03 "
                  "--application-date 2025-01-20 --format html -o draft.html",
        "profile": "Citizen profile (YAML or JSON); '-' reads standard input.", "municipality": "The municipality's id = its folder under standards/, e.g. ishoj, haderslev, vallensbaek, ukendt.", "service": "Service: sel-85, sel-102, sel-103, sel-104, sel-107, sel-107-aflastning, sel-108.",
        "decision_date": "The decision's date; the complaint deadline is counted from it.",
        "application_date": "The application's date.",
        "date": "Evaluation date (default: the decision date).",
        "fmt": "markdown or html (for printing on A4).",
        "output": "Write the draft to this file (whole file or not at all).",
        "lang": "Language of the messages; the draft itself is in Danish."},
    "batch": {
        "": "Evaluate a whole caseload against one standard: one line per profile, in the same order.",
        "epilog": "Example: standards batch cases.jsonl -m ishoj -s sel-85 --date 2025-03-01 --outcome-only -o outcomes.jsonl\n\n"
                  "Example: standards batch cases.csv -m ishoj -s sel-104 --format csv > results.csv",
        "caseload": "JSON Lines (one profile a line), CSV (a header of fact names; lists separated by ;), a folder of "
                    "profile files, or - for standard input.",
        "municipality": "The municipality's id, e.g. ishoj.", "service": "The service, e.g. sel-85.",
        "date": "Evaluation date YYYY-MM-DD (default: today).",
        "outcome_only": "Only the outcome, support level, recommended quantities and the rules decided against.",
        "fmt": "jsonl (default) or csv.",
        "output": "Write to this file (whole or not at all) instead of standard output.",
        "input_format": "jsonl or csv (default: by the file name; from standard input: JSON Lines if the first "
                        "character is {, else CSV)."},
    "impact": {
        "": "What does a new revision mean for the cases? Each profile is evaluated under both sides: a table of outcomes.",
        "epilog": "Example: standards impact cases.jsonl -m ishoj -s sel-85 --from 2023-12-31 --to 2024-01-01\n\n"
                  "Example: standards impact --cases -m ishoj -s sel-85 --from 2023-12-31 --to draft/2026-01-01.yaml --format csv",
        "caseload": "JSON Lines, CSV, a folder of profile files (YAML/JSON) or - for standard input.",
        "municipality": "The municipality's id, e.g. ishoj.", "service": "The service, e.g. sel-85.",
        "before": "One side: a date (the revision in force that day) or a revision (file).",
        "after": "The other side: a date or a revision (file).",
        "date": "Evaluation date for a side given as a file (default: the date the file applies from).",
        "cases": "Use the standard's own example cases (tests/*.yaml) as the caseload.",
        "fmt": "text (default), csv (the changed cases) or json.",
        "output": "Write to this file (whole or not at all).",
        "input_format": "jsonl or csv (default: by the file name; from standard input: JSON Lines if the first "
                        "character is {, else CSV).",
        "jobs": "Processes side by side for a large JSON Lines file (default: one per core). The output is the same."},
}
_COMMON_EN = {
    "standards_dir": "The standards folder, or a repository with a standards/ folder (else the tree found from "
                     "the current folder upwards, else the bundled one).",
    "lang": "Language: da (default) or en.",
    "output": "Write to a file instead of standard output.",
}
_WORDS = {
    "da": {"usage": "Brug: ", "help": "Vis denne hjælp og afslut.", "ARGUMENTS_PANEL_TITLE": "Argumenter",
           "OPTIONS_PANEL_TITLE": "Tilvalg", "COMMANDS_PANEL_TITLE": "Kommandoer", "REQUIRED_LONG_STRING": "[påkrævet]",
           "DEFAULT_STRING": "[standard: {}]", "ENVVAR_STRING": "[miljøvariabel: {}]"},
    "en": {"usage": "Usage: ", "help": "Show this help and exit.", "ARGUMENTS_PANEL_TITLE": "Arguments",
           "OPTIONS_PANEL_TITLE": "Options", "COMMANDS_PANEL_TITLE": "Commands", "REQUIRED_LONG_STRING": "[required]",
           "DEFAULT_STRING": "[default: {}]", "ENVVAR_STRING": "[env var: {}]"},
}
_METAVAR_EN = {"PROFIL": "PROFILE", "KOMMUNE": "MUNICIPALITY", "YDELSE": "SERVICE", "ÅÅÅÅ-MM-DD": "YYYY-MM-DD",
               "STIER...": "PATHS...", "FIL": "FILE", "[FIL]": "[FILE]", "MAPPE": "FOLDER",
               "SAGSMÆNGDE": "CASELOAD", "[SAGSMÆNGDE]": "[CASELOAD]", "DATO|FIL": "DATE|FILE"}
METAVARS = {"da": ("[TILVALG]", "KOMMANDO [ARGUMENTER]..."), "en": ("[OPTIONS]", "COMMAND [ARGS]...")}


def lang_of(args: list[str]) -> str:
    """The value of --lang among a command's own arguments (da unless it says en)."""
    for i, a in enumerate(args):
        if a == "--lang=en" or (a == "--lang" and args[i + 1:i + 2] == ["en"]):
            return "en"
    return "da"


def _lang(ctx: Any) -> str:
    while ctx is not None:
        if "lang" in ctx.meta:
            return ctx.meta["lang"]
        ctx = ctx.parent
    return "da"


@contextmanager
def _in_language(cmd: Any, ctx: Any, lang: str) -> Iterator[None]:
    """The help texts and typer's panel headings in `lang` while one help screen is made; then as they were."""
    saved: list[tuple[Any, str, Any]] = []

    def put(obj: Any, attr: str, value: Any) -> None:
        saved.append((obj, attr, getattr(obj, attr)))
        setattr(obj, attr, value)
    try:
        from typer import rich_utils
    except ImportError:
        rich_utils = None
    if rich_utils is not None:
        for name, text in _WORDS[lang].items():
            if name.isupper() and hasattr(rich_utils, name):
                put(rich_utils, name, text)
    if lang == "en":
        texts = HELP_EN.get("" if isinstance(cmd, TyperGroup) else cmd.name or "", {})
        if texts.get(""):
            put(cmd, "help", texts[""])
        if cmd.epilog:
            put(cmd, "epilog", texts.get("epilog") or cmd.epilog.replace("Eksempel:", "Example:"))
        for p in cmd.params:
            text = texts.get(p.name or "") or _COMMON_EN.get(p.name or "")
            if text and hasattr(p, "help"):
                put(p, "help", text)
            if p.metavar in _METAVAR_EN:
                put(p, "metavar", _METAVAR_EN[p.metavar])
        if isinstance(cmd, TyperGroup):
            for sub in cmd.commands.values():
                if HELP_EN.get(sub.name or "", {}).get(""):
                    put(sub, "help", HELP_EN[sub.name][""])
                    put(sub, "short_help", None)
    for attr, text in zip(("options_metavar", "subcommand_metavar"), METAVARS[lang]):
        if hasattr(cmd, attr):
            put(cmd, attr, text)
    try:
        yield
    finally:
        for obj, attr, value in reversed(saved):
            setattr(obj, attr, value)


class _Localised:
    def parse_args(self, ctx, args):
        ctx.meta["lang"] = lang_of(args)  # before --help, an eager option, prints the screen
        return super().parse_args(ctx, args)  # type: ignore[misc]

    def format_usage(self, ctx, formatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), _WORDS[_lang(ctx)]["usage"])

    def get_help_option(self, ctx):
        opt = super().get_help_option(ctx)  # type: ignore[misc]
        if opt is not None:
            opt.help = _WORDS[_lang(ctx)]["help"]
        return opt

    def format_help(self, ctx, formatter) -> None:
        with _in_language(self, ctx, _lang(ctx)):
            super().format_help(ctx, formatter)  # type: ignore[misc]


class LocalisedCommand(_Localised, TyperCommand):
    pass


class LocalisedGroup(_Localised, TyperGroup):
    pass


class App(typer.Typer):
    """typer.Typer whose commands are LocalisedCommands unless a command asks for another class."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(cls=LocalisedGroup, **kw)

    def command(self, *args: Any, cls: Any = None, **kw: Any):  # type: ignore[override]
        return super().command(*args, cls=cls or LocalisedCommand, **kw)
