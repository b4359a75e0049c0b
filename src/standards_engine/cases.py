"""Runs the example cases kept beside each standard (<service>/tests/*.yaml)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import Field

from . import loader
from .engine import evaluate
from .errors import EngineError, Problem, StandardError, msg
from .coerce import parse_profile
from .cpr import cpr_line
from .recommendation import OUTCOMES
from .vocabulary import STANDARD_SERVICES, facts
from .repository import Repository
from .tree import place, root_for, walk
from .schema import Strict


class Expect(Strict):
    outcome: Optional[Literal["refuse", "incomplete", "assess", "partial", "grant"]] = None
    error: Optional[str] = Field(None, description="the case must be refused as bad input with a message containing this")
    deciding: list[str] = Field(default_factory=list)
    recommended: dict[str, float] = Field(default_factory=dict)
    missing: Optional[list[str]] = None
    level: Optional[str] = Field(None, description="the support level's id; `level: null` requires that there is none")
    alternatives: list[str] = Field(default_factory=list)
    excluded: Optional[list[str]] = Field(None, description="exactly these requested values are excluded (e.g. [cleaning_laundry])")
    referral_checks: dict[str, Literal["met", "not_met", "unknown"]] = Field(
        default_factory=dict, description="a referral checked against the other paragraph's law rules, e.g. {sel-97: not_met}")


class Case(Strict):
    name: str
    date: dt.date
    profile: dict[str, Any] = Field(default_factory=dict)
    expect: Expect
    changed: Optional[str] = Field(None, description="why the expected result was changed: one line with the legal reason")


class CaseFile(Strict):
    cases: list[Case] = Field(min_length=1)


@dataclass
class CaseResult:
    file: str
    name: str
    line: int
    passed: bool
    diffs: list[str] = field(default_factory=list)
    standard: str | None = None            # the file holding the text the case ran against
    expected_deciding: list[str] = field(default_factory=list)
    column: int = 1
    problems: list[Problem] = field(default_factory=list)  # what is wrong with the standard the case ran against
    diffs_en: list[str] = field(default_factory=list)  # `diffs` (Danish) in English, one for one

    def lines(self, lang: str = "da") -> list[str]:
        """What differs from the expectation, in `lang`."""
        return self.diffs_en if lang == "en" and len(self.diffs_en) == len(self.diffs) else self.diffs


def case_files(paths: list[Path]) -> list[Path]:
    return walk(paths).cases


def run(paths: list[Path], repo_root: Path | None = None) -> tuple[list[CaseResult], list[Problem]]:
    results: list[CaseResult] = []
    problems: list[Problem] = [Problem(str(p), 1, 1, "stien findes ikke", message_en="the path does not exist")
                               for p in paths if not p.exists()]
    repos: dict[Path, Repository] = {}
    for target in paths:
        root = root_for(target, repo_root)
        found = walk([target], root)
        problems.extend(found.problems)
        repo = repos.setdefault(root, Repository(root))  # one per tree, so each standard is read once
        for f in found.cases:
            problems.extend(_run_file(f, repo, root, results))
    return results, problems


def _run_file(f: Path, repo: Repository, root: Path, results: list[CaseResult]) -> list[Problem]:
    display = repo.display(f.resolve())
    where = place(root, f)
    if where is None or where[1] not in STANDARD_SERVICES:
        service = where[1] if where else f.resolve().parent.parent.name
        return [Problem(display, 1, 1, f"eksempelsager skal ligge i <kommune>/<ydelse>/tests/, men "
                                       f"'{service}' er ikke en ydelse ({', '.join(STANDARD_SERVICES)})",
                        message_en=f"example cases must be in <municipality>/<service>/tests/, but "
                                   f"'{service}' is not a service ({', '.join(STANDARD_SERVICES)})")]
    try:
        # Before parsing, so no message (e.g. a duplicate key) can quote the number.
        line = cpr_line(f.read_bytes().decode("utf-8", errors="replace"))
        if line is not None:
            raise StandardError([loader.cpr_problem(display, line)])
        lf = loader.read(f, display)
        cf: CaseFile = loader.parse_model(CaseFile, lf)
    except StandardError as e:
        return list(e.problems)
    except OSError as e:
        return [Problem.coded(display, 1, 1, msg("file_unreadable", error=e.strerror or e))]
    for i, case in enumerate(cf.cases):
        line, col = lf.positions.get(("cases", i), (1, 1))
        result = _run_case(repo, where, case, display, line)
        result.column = col
        results.append(result)
    return []


def _run_case(repo: Repository, where: tuple[str, str], case: Case, display: str, line: int) -> CaseResult:
    municipality, service = where
    e = case.expect
    diffs: list[str] = []
    diffs_en: list[str] = []

    def diff(da: str, en: str) -> None:
        diffs.append(da)
        diffs_en.append(en)

    def failed(da: str, en: str, **kw: Any) -> CaseResult:
        return CaseResult(display, case.name, line, False, [da], diffs_en=[en], **kw)

    if (e.outcome is None) == (e.error is None):
        return failed("expect skal have præcis én af 'outcome' og 'error'", "expect must have exactly one of 'outcome' and 'error'")
    if e.outcome is not None and e.outcome not in OUTCOMES:
        return failed(f"ukendt forventet udfald '{e.outcome}' (gyldige: {', '.join(OUTCOMES)})",
                      f"unknown expected outcome '{e.outcome}' (valid: {', '.join(OUTCOMES)})")
    try:
        res = repo.standard_for(municipality, service, case.date)
        rec = evaluate(res.compiled, parse_profile(case.profile), case.date)
    except StandardError as err:
        return failed("standarden, sagen kører mod, er ikke gyldig:", "the standard the case runs against is not valid:",
                      problems=list(err.problems))
    except EngineError as err:
        if e.error is not None and e.error in str(err):
            return CaseResult(display, case.name, line, True)
        err_en = err.text("en")
        if e.error:
            return failed(f"forventet en fejl med »{e.error}«, fik: {err}", f"expected an error with “{e.error}”, got: {err_en}")
        return failed(f"kunne ikke vurderes: {err}", f"could not be evaluated: {err_en}")
    if e.error is not None:
        return failed(f"forventet en fejl med »{e.error}«, fik udfaldet {rec.outcome}",
                      f"expected an error with “{e.error}”, got the outcome {rec.outcome}")
    vocab = facts()
    for name in [*(e.missing or []), *e.recommended]:
        if name not in vocab:
            diff(f"forventningen nævner et ukendt faktum '{name}' (se `standards facts`)",
                 f"the expectation names an unknown fact '{name}' (see `standards facts`)")
    tasks = set().union(*(vocab[c.fact].values for c in rec.content)) if rec.content else None
    for value in e.excluded or []:
        if tasks is not None and value not in tasks:
            diff(f"expect.excluded nævner '{value}', som ikke er en værdi af det ansøgte indhold",
                 f"expect.excluded names '{value}', which is not a value of the requested content")
    if rec.outcome != e.outcome:
        diff(f"udfald: forventet {e.outcome}, fik {rec.outcome}", f"outcome: expected {e.outcome}, got {rec.outcome}")
    deciding = [r.rule for r in rec.deciding()]
    known_rules = {r.rule for r in rec.reasons}
    for rid in e.deciding:
        if rid not in known_rules:
            diff(f"afgørende regel: '{rid}' findes ikke i standarden", f"deciding rule: '{rid}' is not in the standard")
        elif rid not in deciding:
            diff(f"afgørende regel: forventet '{rid}', fik {deciding or 'ingen'}",
                 f"deciding rule: expected '{rid}', got {deciding or 'none'}")
    by_fact: dict[str, float | None] = {}
    for lim in rec.limits:
        if lim.recommended is not None:
            by_fact[lim.fact] = min(by_fact.get(lim.fact, lim.recommended), lim.recommended)
    for fact_name, want in e.recommended.items():
        got = by_fact.get(fact_name)
        if got != want:
            diff(f"anbefalet {fact_name}: forventet {want:g}, fik {f'{got:g}' if got is not None else 'ingen'}",
                 f"recommended {fact_name}: expected {want:g}, got {f'{got:g}' if got is not None else 'none'}")
    if e.missing is not None:
        got_missing = sorted(m.fact for m in rec.missing_facts)
        if got_missing != sorted(e.missing):
            diff(f"manglende oplysninger: forventet {sorted(e.missing)}, fik {got_missing}",
                 f"missing information: expected {sorted(e.missing)}, got {got_missing}")
    if "level" in e.model_fields_set:  # `level: null` is an expectation too: no level
        got_level = rec.level["id"] if rec.level else None
        if got_level != e.level:
            diff(f"støtteniveau: forventet {e.level or 'intet'}, fik {got_level or 'intet'}",
                 f"support level: expected {e.level or 'none'}, got {got_level or 'none'}")
    if e.excluded is not None:
        got_excl = sorted(i.value for c in rec.content for i in c.excluded)
        if got_excl != sorted(set(e.excluded)):
            diff(f"undtaget indhold: forventet {sorted(set(e.excluded))}, fik {got_excl}",
                 f"excluded content: expected {sorted(set(e.excluded))}, got {got_excl}")
    for service, status in e.referral_checks.items():
        got = next((a.check for a in rec.alternatives if a.service == service), "-")
        if got != status:
            diff(f"henvisning til {service}: forventet {status}, fik {got}", f"referral to {service}: expected {status}, got {got}")
    got_alt = [a.service for a in rec.alternatives]
    for s in e.alternatives:
        if s not in got_alt:
            diff(f"henvisning: forventet {s}, fik {got_alt or 'ingen'}", f"referral: expected {s}, got {got_alt or 'none'}")
    return CaseResult(display, case.name, line, not diffs, diffs, res.meta["path"], list(e.deciding), diffs_en=diffs_en)


def uncovered_rules(results: list[CaseResult], repo_root: Path | None, paths: list[Path]) -> dict[str, list[str]]:
    """Rules of each standard that no passing case names as deciding."""
    named: dict[str, set[str]] = {}
    for r in results:
        if r.standard and r.passed:
            named.setdefault(r.standard, set()).update(r.expected_deciding)
    out: dict[str, list[str]] = {}
    repos: dict[Path, Repository] = {}
    for target in paths:
        root = root_for(target, repo_root)
        repo = repos.setdefault(root, Repository(root))
        services = {place(root, f) for f in walk([target], root).cases} - {None}
        for municipality, service in sorted(services):
            for rev in repo.revisions(municipality, service):
                try:
                    res = repo.resolve(rev.path)
                except EngineError:
                    continue
                if res.pointer is not None:
                    continue  # a same_as pointer: its text is covered where it lives
                missing = [rule.id for rule in res.compiled.rules() if rule.id not in named.get(res.meta["path"], set())]
                if missing:
                    out[res.meta["path"]] = missing
    return out
