"""English beside the standard: `<valid_from>.en.yaml` next to `<valid_from>.yaml`, keyed by rule id, instead of
`text_en`/`note_en`/`reason_en` inside every rule (the inline spelling keeps working).

    rules:
      alder-18: The citizen is 18 or older.          # the text alone
      motiveret:                                     # or text, note and referral reasons (by service id)
        text: The citizen is motivated to receive the service.
        note: Not in the law; the municipality's requirement.
        refer_to: {sel-85: Socio-pedagogical support is given under SEL § 85.}
    information:                                     # by topic; a topic's 2nd occurrence is <topic>-2, …
      complaint: A complaint must be made within 4 weeks …
    bands: {let: Light}                              # levels' band names, by band id
    service_title: Treatment
    legal_basis: Social Services Act § 102
    assumptions: [ … ]                               # one for one with the standard's assumptions
    transition: Applications received before …

The file is folded into the standard's data before the data is validated (loader.parse_standard), as the inline
keys: the models, the compiler, the cache entry of each file's parse and every output see exactly what an inline
translation gives. A translation for a rule id, band, topic or referral the standard does not have is an error at
its line and column ("mente du …?"); the same English given both inline and in the file is an error (one place).
What the file leaves out is shown in Danish with --lang en, and validate warns about each (`missing`).
"""
from __future__ import annotations

import copy
import difflib
import re
from pathlib import Path
from typing import Any, Optional

from pydantic import Field, model_validator

from .errors import Message, Problem, StandardError, msg
from .schema import Strict

from .tree import TRANSLATION_SUFFIX as SUFFIX
from .tree import translation_path as path_for
NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.en\.yaml$")
_RULE_KINDS = ("criteria", "exclusions", "limits")


class _Plain(Strict):
    @model_validator(mode="before")
    @classmethod
    def _text_alone(cls, v: Any) -> Any:
        return {"text": v} if isinstance(v, str) else v  # `id: English text` is the text alone


class RuleText(_Plain):
    text: Optional[str] = Field(None, description="reglens tekst på engelsk")
    note: Optional[str] = Field(None, description="bemærkningen på engelsk")
    refer_to: dict[str, str] = Field(default_factory=dict, description="henvisningens begrundelse på engelsk, efter ydelsens id")


class InfoText(_Plain):
    text: Optional[str] = None
    note: Optional[str] = None


class Translation(Strict):
    """The English of one revision, beside it as <valid_from>.en.yaml."""

    service_title: Optional[str] = None
    legal_basis: Optional[str] = None
    assumptions: list[str] = Field(default_factory=list, description="standardens antagelser på engelsk, én for én")
    transition: Optional[str] = None
    rules: dict[str, RuleText] = Field(default_factory=dict, description="efter reglens id")
    information: dict[str, InfoText] = Field(default_factory=dict, description="efter emne (topic); andet emne af samme slags: <topic>-2")
    bands: dict[str, str] = Field(default_factory=dict, description="niveauernes navne efter båndets id")


def revision_for(translation: Path) -> Path:
    return translation.with_name(translation.name.removesuffix(SUFFIX) + ".yaml")


def information_keys(items: list) -> list[str]:
    """The key of each information item: its topic, and <topic>-<n> for the n-th occurrence from the second on."""
    seen: dict[str, int] = {}
    keys = []
    for it in items:
        topic = str(it.get("topic")) if isinstance(it, dict) else "?"
        seen[topic] = seen.get(topic, 0) + 1
        keys.append(topic if seen[topic] == 1 else f"{topic}-{seen[topic]}")
    return keys


def fold(data: Any, tr: Any) -> Any:
    """The standard's data with the translation file's English put where the inline keys go. `tr` is the
    translation's loader.LoadedFile. Raises StandardError with located problems."""
    from . import loader
    model: Translation = loader.parse_model(Translation, tr)
    if not isinstance(data, dict):
        return data
    d = copy.deepcopy(data)
    problems: list[Problem] = []

    def at(*loc: Any) -> tuple[int, int]:
        return tr.positions.get(loc + ("__key__",)) or tr.positions.get(loc) or (1, 1)

    def put(target: Any, key: str, value: Any, loc: tuple) -> None:
        if value in (None, [], {}) or not isinstance(target, dict):
            return
        if target.get(key) not in (None, []):
            problems.append(Problem.coded(tr.display, *at(*loc), msg("translation_twice", key=key)))
            return
        target[key] = value

    def unknown(what: Message, name: str, known: list[str], loc: tuple) -> None:
        near = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = msg("condition_did_you_mean", near=near[0]) if near else ""
        problems.append(Problem.coded(tr.display, *at(*loc), msg("translation_unknown", what=what, name=name,
                                                                 revision=revision_for(tr.path).name, hint=hint)))

    put(d.get("service"), "title_en", model.service_title, ("service_title",))
    put(d, "legal_basis_en", model.legal_basis, ("legal_basis",))
    if model.assumptions and len(model.assumptions) != len(d.get("assumptions") or []):
        n, m = len(d.get("assumptions") or []), len(model.assumptions)
        problems.append(Problem.coded(tr.display, *at("assumptions"), msg("translation_assumptions", m=m, n=n)))
    else:
        put(d, "assumptions_en", list(model.assumptions), ("assumptions",))
    if model.transition is not None:
        if isinstance(d.get("transition"), dict):
            put(d["transition"], "text_en", model.transition, ("transition",))
        else:
            unknown(msg("tr_transition"), "transition", [], ("transition",))
    rules = {r["id"]: r for kind in _RULE_KINDS for r in (d.get(kind) or []) if isinstance(r, dict) and isinstance(r.get("id"), str)}
    for rid, t in model.rules.items():
        r = rules.get(rid)
        if r is None:
            unknown(msg("tr_rule"), rid, list(rules), ("rules", rid))
            continue
        put(r, "text_en", t.text, ("rules", rid, "text"))
        put(r, "note_en", t.note, ("rules", rid, "note"))
        refs = [x for x in (r.get("refer_to") or []) if isinstance(x, dict)]
        for service, reason in t.refer_to.items():
            mine = [x for x in refs if x.get("service") == service]
            if not mine:
                unknown(msg("tr_referral", id=rid), service, [str(x.get("service")) for x in refs],
                        ("rules", rid, "refer_to", service))
            for x in mine:
                put(x, "reason_en", reason, ("rules", rid, "refer_to", service))
    items = [x for x in (d.get("information") or [])]
    by_key = dict(zip(information_keys(items), items))
    for key, t in model.information.items():
        it = by_key.get(key)
        if it is None:
            unknown(msg("tr_information"), key, list(by_key), ("information", key))
            continue
        put(it, "text_en", t.text, ("information", key, "text"))
        put(it, "note_en", t.note, ("information", key, "note"))
    levels = d.get("levels") if isinstance(d.get("levels"), dict) else {}
    bands = {b["id"]: b for b in (levels.get("bands") or []) if isinstance(b, dict) and isinstance(b.get("id"), str)}
    for bid, name in model.bands.items():
        if bid not in bands:
            unknown(msg("tr_band"), bid, list(bands), ("bands", bid))
            continue
        put(bands[bid], "name_en", name, ("bands", bid))
    if problems:
        raise StandardError(problems)
    return d


def missing(model: Any, positions: dict, display: str, tr_name: str) -> list[Problem]:
    """What a translation file leaves in Danish, each said where it stands in the standard (a warning: the
    Danish text is shown with --lang en): a note, not a warning, so --strict does not fail on it."""
    out: list[Problem] = []

    def warn(loc: tuple, what: Message) -> None:
        out.append(Problem.coded(display, *positions.get(loc, (1, 1)), msg("translation_missing", what=what, file=tr_name),
                                 "note"))

    for kind in _RULE_KINDS:
        for i, r in enumerate(getattr(model, kind)):
            if not r.text_en:
                warn((kind, i, "id"), msg("tm_rule", id=r.id))
            if r.note and not r.note_en:
                warn((kind, i, "note"), msg("tm_note", id=r.id))
            for j, ref in enumerate(r.refer_to):
                if not ref.reason_en:
                    warn((kind, i, "refer_to", j, "reason"), msg("tm_referral", id=r.id, service=ref.service))
    for i, (key, it) in enumerate(zip(information_keys([{"topic": x.topic} for x in model.information]), model.information)):
        if not it.text_en:
            warn(("information", i, "topic"), msg("tm_information", key=key))
        if it.note and not it.note_en:
            warn(("information", i, "note"), msg("tm_information_note", key=key))
    if model.levels:
        for j, b in enumerate(model.levels.bands):
            if not b.name_en:
                warn(("levels", "bands", j, "name"), msg("tm_band", id=b.id))
    if not model.service.title_en:
        warn(("service", "title"), msg("tm_title"))
    if not model.legal_basis_en:
        warn(("legal_basis",), msg("tm_legal_basis"))
    if model.assumptions and not model.assumptions_en:
        warn(("assumptions",), msg("tm_assumptions"))
    if model.transition and not model.transition.text_en:
        warn(("transition", "text"), msg("tm_transition"))
    return out
