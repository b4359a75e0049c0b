"""The caseload commands, `standards batch` and `standards impact`: parse, call the library, write.

Registered on cli.app (imported at the end of cli.py); the library modules are imported only when one of
these commands runs, so `standards check` does not pay for them.
"""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer

from .cli import Lang, StandardsDir, _fail, _os_why, app, say
from .errors import EngineError, StandardError


class BatchFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


class ImpactFormat(str, Enum):
    text = "text"
    csv = "csv"
    json = "json"


class InputKind(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


class _Progress:
    """A bar on standard error while a caseload runs, only when standard error is a terminal."""

    def __init__(self, caseload, lang: str):
        self.caseload = caseload
        self.on = sys.stderr is not None and sys.stderr.isatty()
        self.n = 0
        self.last = time.monotonic()
        self.shown = False
        self.word = "profiles" if lang == "en" else "profiler"

    def tick(self) -> None:
        self.n += 1
        if not self.on or self.n & 255:
            return
        self.show(self.n, self.caseload.done(), self.caseload.total)

    def show(self, n: int, done: int, total: int | None) -> None:
        """n profiles read, `done` of `total` (bytes, or files) where the size is known."""
        if not self.on:
            return
        now = time.monotonic()
        if now - self.last < 0.2:
            return
        self.last = now
        count = f"{n:,}".replace(",", ".")
        if total:
            frac = min(1.0, done / total)
            bar = "█" * int(frac * 30) + "░" * (30 - int(frac * 30))
            line = f"\r{bar} {frac * 100:3.0f} %  {count} {self.word}"
        else:
            line = f"\r{count} {self.word}"
        sys.stderr.write(line)
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


@contextmanager
def _output(path: Optional[Path], lang: str) -> Iterator:
    """Where the lines go: standard output, or a file written whole or not at all."""
    if path is None:
        out = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
        if out is None:  # a stream without bytes (as under a test runner)
            class _Text:
                def write(self, b: bytes) -> None:
                    sys.stdout.write(b.decode("utf-8"))
            out = _Text()
        yield out
        sys.stdout.flush()
        return
    from .atomic import replacing
    en = lang == "en"
    try:
        with replacing(path) as f:
            yield f
    except OSError as e:
        _fail(f"{path}: cannot be written ({_os_why(e, en)}); nothing was written." if en else
              f"{path}: kan ikke skrives ({_os_why(e, en)}); intet er skrevet.", 2)


def _open(caseload: str, cases: bool, municipality: str, service: str, root: Path, lang: str, input_format):
    from .caseload import example_cases, open_caseload
    en = lang == "en"
    if cases:
        if caseload not in (None, ""):
            _fail("Give either a caseload or --cases, not both." if en else "Angiv enten en sagsmængde eller --cases, ikke begge.")
        return example_cases(root, municipality, service)
    if not caseload:
        _fail("Give a caseload (a file, a folder or - for standard input), or --cases." if en else
              "Angiv en sagsmængde (en fil, en mappe eller - for standard input) eller --cases.")
    return open_caseload(caseload, sys.stdin.buffer if sys.stdin is not None else None,
                         input_format.value if input_format else None)


_MUNICIPALITY = typer.Option(..., "--municipality", "-m", metavar="KOMMUNE", help="Kommunens id, fx ishoj.")
_SERVICE = typer.Option(..., "--service", "-s", metavar="YDELSE", help="Ydelsen, fx sel-85.")
_INPUT = typer.Option(None, "--input-format", help="jsonl eller csv (standard: efter filnavnet; fra standard input: "
                                                   "JSON Lines, hvis første tegn er {, ellers CSV).")


@app.command("batch", epilog="Eksempel: standards batch sager.jsonl -m ishoj -s sel-85 --date 2025-03-01 --outcome-only -o udfald.jsonl\n\n"
             "Eksempel: standards batch sager.csv -m ishoj -s sel-104 --format csv > resultater.csv")
def batch_cmd(
    caseload: str = typer.Argument(..., metavar="SAGSMÆNGDE",
                                   help="JSON Lines (én profil pr. linje), CSV (en overskrift med faktanavne; lister adskilt "
                                        "med ;), en mappe med profilfiler, eller - for standard input."),
    municipality: str = _MUNICIPALITY,
    service: str = _SERVICE,
    date: Optional[str] = typer.Option(None, "--date", metavar="ÅÅÅÅ-MM-DD", help="Vurderingsdato (standard: i dag)."),
    outcome_only: bool = typer.Option(False, "--outcome-only",
                                      help="Kun udfald, støtteniveau, anbefalede mængder og de regler, der talte imod."),
    fmt: BatchFormat = typer.Option(BatchFormat.jsonl, "--format", help="jsonl (standard) eller csv."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Skriv til denne fil (hel eller slet ikke) i stedet for standard output."),
    input_format: Optional[InputKind] = _INPUT,
    lang: Lang = typer.Option(Lang.da, "--lang", help="Sprog: da (standard) eller en."),
    standards_dir: Optional[Path] = StandardsDir,
) -> None:
    """Vurdér en hel sagsmængde mod én standard: én linje pr. profil, i samme rækkefølge. En profil, der ikke kan
    vurderes, giver en fejllinje for den profil; resten vurderes. Opsummering på standard error.
    Afslutter med 0, når alle profiler er vurderet, 1, når nogle ikke kunne, 2 ved forkerte tilvalg."""
    import gc

    from . import batch
    from .api import open_repository
    from .coerce import evaluation_date
    lg = lang.value
    try:
        on = evaluation_date(date)
        repo = open_repository(standards_dir)
        resolved = repo.standard_for(municipality, service, on)
        load = _open(caseload, False, municipality, service, repo.root, lg, input_format)
    except StandardError as e:
        _fail(("The standard in force is not valid:\n" if lg == "en" else "Den gældende standard er ikke gyldig:\n") + e.text(lg))
    except EngineError as e:
        _fail(e.text(lg))
    gc.freeze()  # the standard and vocabulary are loaded for good; the collector need not walk them again
    summary = batch.Summary()
    progress = _Progress(load, lg)
    csv_out = fmt == BatchFormat.csv
    try:
        with _output(output, lg) as out:
            if csv_out:
                out.write((batch.csv_header(outcome_only) + "\n").encode("utf-8"))
            # Lines go out in pieces of about 256 kB: one write per piece, not per line (full recommendations
            # are 12 kB each; a caseload's are a gigabyte).
            pending: list[bytes] = []
            size = 0
            try:
                for row in batch.evaluate_caseload(load, resolved, on, lg, outcome_only, lines=not csv_out):
                    summary.add(row, lg)
                    line = ((batch.csv_line(row, outcome_only, lg) + "\n").encode("utf-8") if csv_out
                            else batch.line_bytes(row, outcome_only, lg))
                    pending.append(line)
                    size += len(line)
                    if size >= 1 << 18:
                        out.write(b"".join(pending))
                        pending.clear()
                        size = 0
                    progress.tick()
            finally:
                if pending:  # what was evaluated is written, as before, also when the caseload breaks off
                    out.write(b"".join(pending))
    except EngineError as e:  # the caseload itself cannot be read (a CSV header naming no fact)
        progress.close()
        _fail(e.text(lg))
    progress.close()
    say(summary.text(lg), err=True)
    if summary.errors:
        raise typer.Exit(1)


@app.command("impact", epilog="Eksempel: standards impact sager.jsonl -m ishoj -s sel-85 --from 2023-12-31 --to 2024-01-01\n\n"
             "Eksempel: standards impact --cases -m ishoj -s sel-85 --from 2023-12-31 --to udkast/2026-01-01.yaml --format csv")
def impact_cmd(
    caseload: Optional[str] = typer.Argument(None, metavar="SAGSMÆNGDE",
                                             help="JSON Lines, CSV, en mappe med profilfiler (YAML/JSON) eller - for standard input."),
    municipality: str = _MUNICIPALITY,
    service: str = _SERVICE,
    before: str = typer.Option(..., "--from", metavar="DATO|FIL", help="Den ene side: en dato (udgaven i kraft den dag) eller en udgave (fil)."),
    after: str = typer.Option(..., "--to", metavar="DATO|FIL", help="Den anden side: en dato eller en udgave (fil)."),
    date: Optional[str] = typer.Option(None, "--date", metavar="ÅÅÅÅ-MM-DD",
                                       help="Vurderingsdato for en side givet som fil (standard: den dato, filen gælder fra)."),
    cases: bool = typer.Option(False, "--cases", help="Brug standardens egne eksempelsager (tests/*.yaml) som sagsmængde."),
    fmt: ImpactFormat = typer.Option(ImpactFormat.text, "--format", help="text (standard), csv (de ændrede sager) eller json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Skriv til denne fil (hel eller slet ikke)."),
    input_format: Optional[InputKind] = _INPUT,
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, max=64, metavar="N",
                                       help="Processer side om side for en stor JSON Lines-fil (standard: én pr. kerne). "
                                            "Resultatet er det samme."),
    lang: Lang = typer.Option(Lang.da, "--lang", help="Sprog: da (standard) eller en."),
    standards_dir: Optional[Path] = StandardsDir,
) -> None:
    """Hvad betyder en ny udgave for sagerne? Hver profil vurderes under begge sider: en tabel over udfald
    fra → til og de sager, der ændrer sig, med de regler, der gjorde forskellen. Afslutter med 0
    (1, hvis nogle profiler ikke kunne vurderes)."""
    import functools
    import gc
    import json
    import shutil

    from . import impact, parallel
    from .batch import _csv_line
    from .caseload import error_text, jsonl_parts, open_jsonl_part
    from .api import open_repository
    from .coerce import evaluation_date
    from .i18n import OUTCOME
    lg = lang.value
    en = lg == "en"
    try:
        on = evaluation_date(date) if date else None
        repo = open_repository(standards_dir)
        a = impact.side(repo, municipality, service, before, on)
        b = impact.side(repo, municipality, service, after, on)
        load = _open(caseload, cases, municipality, service, repo.root, lg, input_format)
    except StandardError as e:
        _fail(("A revision is not valid:\n" if en else "En udgave er ikke gyldig:\n") + e.text(lg))
    except EngineError as e:
        _fail(e.text(lg))
    gc.freeze()
    table = impact.Table()
    progress = _Progress(load, lg)
    jobs = parallel.cores() if jobs is None else jobs
    label = OUTCOME[lg]

    def side_json(s) -> dict:
        return {"label": s.label, "evaluated_on": s.on.isoformat(), "standard": s.path}

    def head() -> str:
        return (f"From {a.label} ({a.path}, evaluated {a.on}) to {b.label} ({b.path}, evaluated {b.on})" if en else
                f"Fra {a.label} ({a.path}, vurderet {a.on}) til {b.label} ({b.path}, vurderet {b.on})")

    def where(ch) -> str:
        return ch.case_id or ch.entry.where(lg)

    # the rules that made a difference are said in words in the text form (ids stay in JSON and CSV)
    words = functools.cache(lambda: _rule_words(a, b, lg))  # made once, at the first changed case

    def part(load, out, tick) -> tuple:
        """The changed profiles of (part of) the caseload, written to `out`; its counts and error lines."""
        table, errs, first = impact.Table(), [], True
        w = lambda text: out.write((text + "\n").encode("utf-8"))  # noqa: E731
        for ch in impact.compare(load, a, b, table, tick=tick):
            if ch.error is not None:
                errs.append(f"{ch.entry.where(lg)}: {error_text(ch.error, lg)}")
                continue
            if fmt == ImpactFormat.json:
                d = {"line": ch.entry.line, "file": ch.entry.file, "case_id": ch.case_id, "from": ch.before, "to": ch.after,
                     "rules": ch.rules, "recommended_from": ch.recommended_before, "recommended_to": ch.recommended_after}
                out.write(((b"" if first else b",") + json.dumps(d, ensure_ascii=False).encode("utf-8")))
            elif fmt == ImpactFormat.csv:
                w(_csv_line([ch.entry.line, ch.entry.file, ch.case_id, ch.before, ch.after, ";".join(ch.rules),
                             ";".join(f"{k}={v}" for k, v in ch.recommended_before.items()),
                             ";".join(f"{k}={v}" for k, v in ch.recommended_after.items())]))
            else:
                w(_change_text(ch, where(ch), label, lg, words))
            first = False
        return table, errs

    # A large JSON Lines file is read in parts side by side, one process per core (--jobs); the parts' outputs are
    # put together in the file's order, so the output is what one process writes.
    cuts = None
    if jobs > 1 and not cases and parallel.can_fork() and (input_format is None or input_format == InputKind.jsonl):
        cuts = jsonl_parts(caseload, jobs) if load.kind == "jsonl" else None
    errors: list[str] = []
    try:
        with _output(output, lg) as out:
            w = lambda text: out.write((text + "\n").encode("utf-8"))  # noqa: E731
            if fmt == ImpactFormat.json:
                out.write(('{"from":' + json.dumps(side_json(a), ensure_ascii=False) + ',"to":'
                           + json.dumps(side_json(b), ensure_ascii=False) + ',"changed":[').encode("utf-8"))
            elif fmt == ImpactFormat.csv:
                w("line,file,case_id,from,to,rules,recommended_from,recommended_to")
            else:
                w(head())
                w("")
                w("Changed cases:" if en else "Sager, der ændrer sig:")
            if cuts is None:
                table, errors = part(load, out, lambda n: progress.show(n, load.done(), load.total))
            else:
                size = cuts[-1][1]

                def work(i: int, stream, done) -> tuple:
                    piece = open_jsonl_part(caseload, *cuts[i])
                    return part(piece, stream, lambda n: done(n, piece.done()))
                sys.stdout.flush()
                for (t, errs), f in parallel.run(len(cuts), work, lambda n, done: progress.show(n, done, size),
                                                 folder=str(output.parent) if output is not None else None):
                    if fmt == ImpactFormat.json and table.changed and t.changed:
                        out.write(b",")
                    shutil.copyfileobj(f, out, 1 << 20)
                    table.counts.update(t.counts)
                    table.changed += t.changed
                    table.errors += t.errors
                    errors += errs
            if fmt == ImpactFormat.json:
                out.write((f'],"counts":{json.dumps(table.as_dict())},"total":{table.total},"changed_count":{table.changed},'
                           f'"errors":{json.dumps(errors, ensure_ascii=False)}}}\n').encode("utf-8"))
            elif fmt == ImpactFormat.text:
                if not table.changed:
                    w("  (none)" if en else "  (ingen)")
                w("")
                for line in _table_lines(table, label, en):
                    w(line)
    except EngineError as e:
        progress.close()
        _fail(e.text(lg))
    except parallel.PartFailed as e:
        progress.close()
        _fail((f"The caseload could not be read to the end ({e}); nothing was written." if en else
               f"Sagsmængden kunne ikke læses til ende ({e}); intet er skrevet."), 2)
    progress.close()
    for e in errors[:20]:
        say(e, err=True)
    if len(errors) > 20:
        say(f"… and {len(errors) - 20} more." if en else f"… og {len(errors) - 20} mere.", err=True)
    n = table.total
    from .batch import count
    c = lambda k: count(k, lg)  # noqa: E731
    say((f"{c(n)} profiles: {c(table.changed)} changed, {c(n - table.changed - table.errors)} unchanged, "
         f"{c(table.errors)} could not be evaluated." if en else
         f"{c(n)} profiler: {c(table.changed)} ændret, {c(n - table.changed - table.errors)} uændret, "
         f"{c(table.errors)} kunne ikke vurderes."), err=True)
    if table.errors:
        raise typer.Exit(1)


def _rule_words(a, b, lang: str) -> dict[str, str]:
    from .wording import rule_texts
    return rule_texts([(b.resolved.compiled, b.on), (a.resolved.compiled, a.on)], lang)


def _change_text(ch, where: str, label: dict, lang: str, words) -> str:
    """One changed case in the text form: outcomes and quantities in words, then each rule that made the
    difference with its text: 'REV-70: kræver konkret vurdering → delvis bevilling anbefales' + '    praktisk-hjaelp: …'."""
    from .wording import fact_name, number
    qty = ""
    if ch.recommended_before != ch.recommended_after:
        said = lambda v: "—" if v is None else number(v, lang)  # noqa: E731
        qty = " · " + ", ".join(f"{fact_name(k, lang)}: {said(ch.recommended_before.get(k))} → {said(ch.recommended_after.get(k))}"
                                for k in dict.fromkeys([*ch.recommended_before, *ch.recommended_after])
                                if ch.recommended_before.get(k) != ch.recommended_after.get(k))
    lines = [f"  {where}: {label[ch.before]} → {label[ch.after]}{qty}"]
    if ch.rules:
        texts = words()
        lines += [f"      {rid}: {texts.get(rid, rid)}" for rid in ch.rules]
    return "\n".join(lines)


def _table_lines(table, label: dict, en: bool) -> list[str]:
    """from → to counts as a Markdown table: rows the first side, columns the second."""
    from .recommendation import OUTCOMES
    rows = [o for o in OUTCOMES if any(a == o for a, _ in table.counts)]
    cols = [o for o in OUTCOMES if any(b == o for _, b in table.counts)]
    if not rows:
        return ["No profiles were evaluated." if en else "Ingen profiler blev vurderet."]
    corner = "from \\ to" if en else "fra \\ til"
    out = [f"| {corner} | " + " | ".join(label[c] for c in cols) + " |", "|---|" + "---:|" * len(cols)]
    for r in rows:
        out.append(f"| {label[r]} | " + " | ".join(str(table.counts.get((r, c), 0)) for c in cols) + " |")
    return out
