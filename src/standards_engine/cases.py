"""Runs the example cases kept beside each standard (<service>/tests/*.yaml).

A file may give a `base_profile:` that each case's `profile:` changes (a fact set to null there is unknown);
a case runs on one `date:`, on several `dates:` with one expectation, or on each date of `expect_on:` with
its own. Every sentence is a code in messages.CATALOGUE, said in the reader's language by the CLI."""
from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Optional, Union

from pydantic import Field, ValidationError, model_validator

from . import loader
from .coerce import parse_profile
from .engine import evaluate
from .errors import EngineError, Invalid, Message, Problem, StandardError, msg
from .recommendation import OUTCOMES
from .repository import Repository
from .schema import Strict
from .tree import place, root_for, walk
from .vocabulary import STANDARD_SERVICES, facts, services

Outcome = Literal["refuse", "incomplete", "assess", "partial", "grant"]


class Expect(Strict):
    outcome: Union[Outcome, list[Outcome], None] = Field(
        None, description="the outcome, or a list of the outcomes allowed (a ruling that says only 'never a refusal': "
                          "[assess, partial, grant])")
    error: Optional[str] = Field(None, description="the case must be refused as bad input with a message containing this")
    deciding: list[str] = Field(default_factory=list)
    recommended: dict[str, float] = Field(default_factory=dict)
    missing: Optional[list[str]] = None
    level: Optional[str] = Field(None, description="the support level's id; `level: null` requires that there is none")
    alternatives: list[str] = Field(default_factory=list)
    no_alternatives: list[str] = Field(default_factory=list, description="these referrals must not be given (e.g. [sel-83])")
    excluded: Optional[list[str]] = Field(None, description="exactly these requested values are excluded (e.g. [cleaning_laundry])")
    referral_checks: dict[str, Literal["met", "not_met", "unknown"]] = Field(
        default_factory=dict, description="a referral checked against the other paragraph's law rules, e.g. {sel-97: not_met}")

    def outcomes(self) -> list[str]:
        return [self.outcome] if isinstance(self.outcome, str) else list(self.outcome or [])


class Case(Strict):
    name: str
    date: Optional[dt.date] = None
    dates: Optional[list[dt.date]] = Field(None, min_length=1, description="run the case on each of these dates, with one `expect`")
    profile: dict[str, Any] = Field(default_factory=dict, description="the facts; with a file's base_profile, what differs from it")
    expect: Optional[Expect] = None
    expect_on: Optional[dict[str, Expect]] = Field(
        None, description="an expectation per date, instead of date and expect: {2023-06-01: {outcome: grant}, ...}")
    changed: Optional[str] = Field(None, description="why the expected result was changed: one line with the legal reason")

    @model_validator(mode="after")
    def _one_form(self) -> "Case":
        if sum(x is not None for x in (self.date, self.dates, self.expect_on)) != 1:
            raise Invalid(msg("case_date_forms"))
        if (self.expect is None) == (self.expect_on is None):
            raise Invalid(msg("case_expect_forms"))
        for key in self.expect_on or {}:
            try:
                dt.date.fromisoformat(key)
            except ValueError:
                raise Invalid(msg("bad_date", v=key)) from None
        return self

    def runs(self) -> list[tuple[dt.date, Expect, tuple]]:
        """(date, expectation, where it is written) for each date the case runs on."""
        if self.expect_on is not None:
            return [(dt.date.fromisoformat(k), e, ("expect_on", k, "__key__")) for k, e in self.expect_on.items()]
        assert self.expect is not None
        if self.dates is not None:
            return [(d, self.expect, ("dates", i)) for i, d in enumerate(self.dates)]
        return [(self.date, self.expect, ())]


class CaseFile(Strict):
    base_profile: dict[str, Any] = Field(default_factory=dict, description="facts every case in the file starts from")
    cases: list[Case] = Field(min_length=1)


class _CaseProfile(Strict):
    """What `impact --cases` reads of a case: its name and profile; the rest is `standards test`'s."""
    model_config = {**Strict.model_config, "extra": "ignore"}
    name: str
    profile: dict[str, Any] = Field(default_factory=dict)


class CaseFileProfiles(Strict):
    base_profile: dict[str, Any] = Field(default_factory=dict)
    cases: list[_CaseProfile] = Field(min_length=1)


class _Head(Strict):
    """A case file's top level; each case is read on its own, so one wrong case does not stop the others."""
    base_profile: dict[str, Any] = Field(default_factory=dict)
    cases: list[Any] = Field(min_length=1)


class Said:
    """A parameter said in the reader's language (a rule's text, a fact's question)."""

    def __init__(self, da: str, en: str | None = None):
        self.da, self.en = da, en if en is not None else da

    def say(self, lang: str = "da") -> str:
        return self.en if lang == "en" else self.da


@dataclass
class CaseResult:
    file: str
    name: str
    line: int
    passed: bool
    messages: list[Message] = field(default_factory=list)   # what differs from the expectation, by code
    standard: str | None = None            # the file holding the text the case ran against
    expected_deciding: list[str] = field(default_factory=list)
    column: int = 1
    problems: list[Problem] = field(default_factory=list)  # what is wrong with the standard the case ran against
    on: dt.date | None = None

    def lines(self, lang: str = "da") -> list[str]:
        """What differs from the expectation, in `lang`."""
        return [m.say(lang) for m in self.messages]

    @property
    def diffs(self) -> list[str]:
        return self.lines("da")

    @property
    def diffs_en(self) -> list[str]:
        return self.lines("en")


def case_files(paths: list[Path]) -> list[Path]:
    return walk(paths).cases


def run(paths: list[Path], repo_root: Path | None = None) -> tuple[list[CaseResult], list[Problem]]:
    results: list[CaseResult] = []
    problems: list[Problem] = [Problem.coded(str(p), 1, 1, msg("case_path_missing")) for p in paths if not p.exists()]
    repos: dict[Path, Repository] = {}
    for target in paths:
        root = root_for(target, repo_root)
        found = walk([target], root)
        problems.extend(found.problems)
        repo = repos.setdefault(root, Repository(root))  # one per tree, so each standard is read once
        for f in found.cases:
            problems.extend(_run_file(f, repo, root, results))
    return results, problems


def none_found(paths: list[Path], repo_root: Path | None, shown) -> Message:
    """Why no case ran: where it looked, and which standards there have no example cases (`shown` makes a path
    as the user can open it)."""
    where = ", ".join(dict.fromkeys(shown(p) for p in paths))
    without: list[str] = []
    for target in paths:
        root = root_for(target, repo_root)
        found = walk([target], root)
        have = {place(root, f) for f in found.cases}
        for rev in found.revisions:
            at = place(root, rev)
            if at is not None and at not in have:
                without.append("/".join(at))
    without = list(dict.fromkeys(without))
    why = msg("case_none_standards", services=", ".join(without)) if without else msg("case_none_no_standards")
    return msg("case_none_found", where=where, why=why)


def profile_of(base: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """A case's profile: the file's base_profile changed by the case's own facts (null: unknown)."""
    return {**base, **own}


class _Prefixed:
    """A case's validation errors placed in the file (cases[i]....), for loader.pydantic_problems."""

    def __init__(self, e: ValidationError, i: int):
        self.e, self.i = e, i

    def errors(self, **kw: Any) -> list[dict]:
        return [{**err, "loc": ("cases", self.i, *err["loc"])} for err in self.e.errors(**kw)]


def _run_file(f: Path, repo: Repository, root: Path, results: list[CaseResult]) -> list[Problem]:
    display = repo.display(f.resolve())
    where = place(root, f)
    if where is None or where[1] not in STANDARD_SERVICES:
        service = where[1] if where else f.resolve().parent.parent.name
        return [Problem.coded(display, 1, 1, msg("case_folder", service=service, known=", ".join(STANDARD_SERVICES)))]
    try:
        # loader.read looks for a CPR number before parsing, so no message (e.g. a duplicate key) can quote
        # it, and reads only a regular file of bounded size (a FIFO named like a case file never hangs).
        lf = loader.read(f, display)
        head: _Head = loader.parse_model(_Head, lf)
    except StandardError as e:
        return list(e.problems)
    except OSError as e:
        return [Problem.coded(display, 1, 1, msg("file_unreadable", error=e.strerror or e))]
    problems: list[Problem] = []
    for i, raw in enumerate(head.cases):
        line, col = lf.positions.get(("cases", i), (1, 1))
        name = raw.get("name") if isinstance(raw, dict) and isinstance(raw.get("name"), str) else f"#{i + 1}"
        bad = _bad_outcomes(raw, ("cases", i))
        if bad:  # said with a suggestion; the file's other cases still run
            for at, word in bad:
                bl, bc = lf.positions.get(at, (line, col))
                results.append(CaseResult(display, name, bl, False, [_unknown_outcome(word)], column=bc))
            continue
        try:
            case = Case.model_validate(raw)
        except ValidationError as e:
            problems.extend(loader.pydantic_problems(_Prefixed(e, i), lf, CaseFile))  # type: ignore[arg-type]
            continue
        runs = case.runs()
        for on, expect, at in runs:
            here = lf.positions.get(("cases", i, *at), (line, col)) if at else (line, col)
            label = case.name if len(runs) == 1 else f"{case.name} ({on.isoformat()})"
            written = ("cases", i, *at[:-1]) if at[:1] == ("expect_on",) else ("cases", i, "expect")
            result = _run_case(repo, where, case, on, expect, head.base_profile, display, here[0],
                               _fact_place(lf, i, case.profile, head.base_profile),
                               lambda *tail, _w=written: lf.positions.get(_w + tail))
            result.name = label
            if result.column == 1 and result.line == here[0]:
                result.column = here[1]
            results.append(result)
    return problems


def _fact_place(lf: loader.LoadedFile, i: int, own: dict, base: dict):
    """Where a fact of the case's profile is written: in the case, else in the file's base_profile."""
    def at(name: Any, key: bool) -> tuple[int, int] | None:
        if name in own:
            path: tuple = ("cases", i, "profile", name)
        elif name in base:
            path = ("base_profile", name)
        else:
            return None
        return lf.positions.get(path + ("__key__",) if key else path) or lf.positions.get(path)
    return at


# The words a person might write for an outcome, in Danish or English, and the code each means.
_OUTCOME_WORDS = {
    "bevilling": "grant", "bevilget": "grant", "bevilges": "grant", "bevil": "grant", "tildeling": "grant",
    "imødekommet": "grant", "godkendt": "grant", "granted": "grant", "approve": "grant", "approved": "grant",
    "afslag": "refuse", "afvist": "refuse", "afvis": "refuse", "refusal": "refuse", "refused": "refuse", "deny": "refuse",
    "denied": "refuse", "reject": "refuse", "rejected": "refuse",
    "delvis": "partial", "delvist": "partial", "delvis bevilling": "partial", "partly": "partial", "partial grant": "partial",
    "vurdering": "assess", "konkret vurdering": "assess", "kræver konkret vurdering": "assess", "vurderes": "assess",
    "assessment": "assess",
    "mangler": "incomplete", "mangler oplysninger": "incomplete", "ufuldstændig": "incomplete", "ukomplet": "incomplete",
    "missing": "incomplete",
}


def _suggest_outcome(word: str) -> str | None:
    from .i18n import OUTCOME
    w = word.strip().lower()
    words = dict(_OUTCOME_WORDS)
    for lang in OUTCOME.values():
        words.update({label.lower(): code for code, label in lang.items()})
    if w in words:
        return words[w]
    near = difflib.get_close_matches(w, [*OUTCOMES, *words], n=1, cutoff=0.6)
    return (near[0] if near[0] in OUTCOMES else words[near[0]]) if near else None


def _unknown_outcome(word: Any) -> Message:
    near = _suggest_outcome(str(word))
    hint = msg("case_outcome_hint", near=near, label=_outcome_words(near)) if near else ""
    return msg("case_outcome_unknown", word=str(word), hint=hint,
               valid=", ".join(OUTCOMES))


def _bad_outcomes(raw: Any, at: tuple) -> list[tuple[tuple, Any]]:
    """Outcome words that are not outcomes, with where they are written."""
    if not isinstance(raw, dict):
        return []
    found: list[tuple[tuple, Any]] = []
    places = [(at + ("expect",), raw.get("expect"))]
    if isinstance(raw.get("expect_on"), dict):
        places += [(at + ("expect_on", k), v) for k, v in raw["expect_on"].items()]
    for path, e in places:
        if not isinstance(e, dict) or e.get("outcome") is None:
            continue
        words = e["outcome"]
        for j, w in (enumerate(words) if isinstance(words, list) else [(None, words)]):
            if not (isinstance(w, str) and w in OUTCOMES):
                found.append((path + ("outcome",) + ((j,) if j is not None else ()), w))
    return found


def _outcome_words(code: str) -> Said:
    from .i18n import OUTCOME
    return Said(OUTCOME["da"].get(code, code), OUTCOME["en"].get(code, code))


def _outcomes_said(codes: list[str]) -> Said:
    """grant (bevilling anbefales), or: en af assess (…), grant (…)."""
    from .i18n import OUTCOME
    def one(lang: str) -> str:
        parts = [f"{c} ({OUTCOME[lang].get(c, c)})" for c in codes]
        if len(parts) == 1:
            return parts[0]
        return ("one of " if lang == "en" else "en af ") + ", ".join(parts)
    return Said(one("da"), one("en"))


def _fact_said(name: str) -> Said:
    """A fact by its name and its Danish (English) words: requested_support_hours_per_week (timer pr. uge)."""
    from .wording import fact_name
    da, en = fact_name(name, "da"), fact_name(name, "en")
    return Said(f"{name} ({da})" if da != name else name, name)


def _question(name: str) -> Said:
    f = facts().get(name)
    return Said(f.ask("da"), f.ask("en")) if f else Said(name)


def _run_case(repo: Repository, where: tuple[str, str], case: Case, on: dt.date, e: Expect, base: dict[str, Any],
              display: str, line: int, fact_at, expect_at=lambda *tail: None) -> CaseResult:
    municipality, service = where
    out: list[Message] = []
    typos: list[Problem] = []   # a fact or rule the expectation names that does not exist, where it is written

    def named_wrong(m: Message, *tail: Any) -> None:
        pos = expect_at(*tail)
        if pos is None:
            out.append(m)
        else:  # its own file:line:column line, as validate points at a wrong key
            typos.append(Problem.coded(display, pos[0], pos[1], m))

    def failed(m: Message, **kw: Any) -> CaseResult:
        return CaseResult(display, case.name, line, False, [m], on=on, **kw)

    if (e.outcome is None) == (e.error is None):
        return failed(msg("case_outcome_or_error"))
    try:
        res = repo.standard_for(municipality, service, on)
        rec = evaluate(res.compiled, parse_profile(profile_of(base, case.profile)), on)
    except StandardError as err:
        return failed(msg("case_standard_invalid"), problems=list(err.problems))
    except EngineError as err:
        if e.error is not None and e.error in str(err):
            return CaseResult(display, case.name, line, True, on=on)
        said = err.message if isinstance(err.message, Message) else Said(str(err))
        r = failed(msg("case_expected_error", want=e.error, got=said) if e.error else msg("case_not_evaluated", error=said))
        name = err.message.params.get("name") if isinstance(err.message, Message) else None
        pos = fact_at(name, err.code in ("unknown_fact", "fact_is_derived")) if isinstance(name, str) else None
        if pos is not None:  # the fact's own line:column, as validate points at a key
            r.line, r.column = pos
        return r
    if e.error is not None:
        return failed(msg("case_expected_error_got_outcome", want=e.error, got=_outcomes_said([rec.outcome])))
    vocab = facts()
    named = [(n, ("missing", j)) for j, n in enumerate(e.missing or [])] + [(n, ("recommended", n, "__key__")) for n in e.recommended]
    for name, tail in named:
        if name not in vocab:
            near = _near(name, list(vocab))
            named_wrong(msg("case_expect_unknown_fact", name=name, hint=msg("condition_did_you_mean", near=near) if near else ""),
                        *tail)
    tasks = set().union(*(vocab[c.fact].values for c in rec.content)) if rec.content else None
    for value in e.excluded or []:
        if tasks is not None and value not in tasks:
            out.append(msg("case_excluded_not_value", value=value))
    wanted = e.outcomes()
    if rec.outcome not in wanted:
        out.append(msg("case_outcome", want=_outcomes_said(wanted), got=_outcomes_said([rec.outcome])))
        if rec.outcome == "incomplete":  # what the engine asked for, so the author sees which fact the case lacks
            for m in rec.missing_facts:
                out.append(msg("case_missing_fact", name=m.fact, question=_question(m.fact)))
    texts = _rule_texts(res.compiled, rec, on)
    deciding = [r.rule for r in rec.deciding()]
    for j, rid in enumerate(e.deciding):
        if rid not in texts:
            near = _near(rid, list(texts))
            named_wrong(msg("case_deciding_unknown", id=rid, hint=msg("condition_did_you_mean", near=near) if near else ""),
                        "deciding", j)
        elif rid not in deciding:
            out.append(msg("case_deciding", id=rid, text=texts[rid]))
            out.extend(msg("case_deciding_got", id=d, text=texts[d]) for d in deciding) if deciding \
                else out.append(msg("case_deciding_none"))
    by_fact: dict[str, float | None] = {}
    for lim in rec.limits:
        if lim.recommended is not None:
            by_fact[lim.fact] = min(by_fact.get(lim.fact, lim.recommended), lim.recommended)
    for fact_name, want in e.recommended.items():
        got = by_fact.get(fact_name)
        if got != want:
            out.append(msg("case_recommended", name=_fact_said(fact_name), want=f"{want:g}",
                           got=f"{got:g}" if got is not None else msg("case_none")))
    if e.missing is not None:
        got_missing = sorted(m.fact for m in rec.missing_facts)
        if got_missing != sorted(e.missing):
            out.append(msg("case_missing", want=str(sorted(e.missing)), got=str(got_missing)))
            for name in sorted(set(got_missing) - set(e.missing)):
                out.append(msg("case_missing_extra", name=_fact_said(name), question=_question(name)))
            for name in sorted(set(e.missing) - set(got_missing)):
                if name in vocab:
                    out.append(msg("case_missing_absent", name=_fact_said(name)))
    if "level" in e.model_fields_set:  # `level: null` is an expectation too: no level
        got_level = rec.level["id"] if rec.level else None
        if got_level != e.level:
            out.append(msg("case_level", want=e.level or msg("case_no_level"), got=got_level or msg("case_no_level")))
    if e.excluded is not None:
        got_excl = sorted(i.value for c in rec.content for i in c.excluded)
        if got_excl != sorted(set(e.excluded)):
            out.append(msg("case_excluded", want=str(sorted(set(e.excluded))), got=str(got_excl)))
    for svc, status in e.referral_checks.items():
        got = next((a.check for a in rec.alternatives if a.service == svc), "-")
        if got != status:
            out.append(msg("case_referral_check", service=_service_said(svc), want=status, got=got))
    got_alt = [a.service for a in rec.alternatives]
    for s in e.alternatives:
        if s not in got_alt:
            out.append(msg("case_referral", want=_service_said(s), got=_services_said(got_alt)))
    for s in e.no_alternatives:
        if s in got_alt:
            out.append(msg("case_referral_present", service=_service_said(s)))
    return CaseResult(display, case.name, line, not (out or typos), out, res.meta["path"], list(e.deciding), on=on,
                      problems=typos)


def _near(name: str, known: list[str]) -> str | None:
    """The name meant: a close spelling, else the one name that begins with it ('resources' for resources_in_some_areas)."""
    near = difflib.get_close_matches(name, known, n=1, cutoff=0.7)
    if near:
        return near[0]
    starts = [k for k in known if k.startswith(name)]
    return starts[0] if len(starts) == 1 else None


def _rule_texts(compiled, rec, on: dt.date) -> dict[str, Said]:
    """Each rule's text, by id, in both languages: the standard's own and the law layer's."""
    from . import law
    own = {r.id: r for r in law.apply(compiled, on)[0].rules()}
    out: dict[str, Said] = {}
    for r in rec.reasons:
        view = own.get(r.rule)
        out[r.rule] = Said(r.text, view.text_for("en") if view is not None else r.text)
    return out


def _service_said(sid: str) -> Said:
    from .wording import service_name
    if sid not in services():
        return Said(sid)
    return Said(f"{sid} ({service_name(sid, 'da')})", f"{sid} ({service_name(sid, 'en')})")


def _services_said(sids: list[str]) -> Any:
    if not sids:
        return msg("case_none")
    parts = [_service_said(s) for s in sids]
    return Said(", ".join(p.say("da") for p in parts), ", ".join(p.say("en") for p in parts))


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
        services_here = {place(root, f) for f in walk([target], root).cases} - {None}
        for municipality, service in sorted(services_here):
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
