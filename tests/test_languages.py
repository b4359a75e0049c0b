"""Danish by default, English where the standard gives it: rule texts, notes and assumptions."""
from __future__ import annotations

import pydantic
import pytest

from conftest import DATE, minimal_standard, src
from standards_engine.compiled import compile_standard
from standards_engine.engine import evaluate
from standards_engine.schema import Standard, to_data

STD = minimal_standard(
    assumptions=["Vi antager, at standarden gælder fra 1. januar."],
    assumptions_en=["We assume the standard applies from 1 January."],
    criteria=[{"id": "alder", "group": "target_group", "basis": "statute", "text": "Fyldt 18 år.", "text_en": "Aged 18 or over.",
               "source": src(), "condition": {"fact": "age", "gte": 18},
               "note": "Læses som fyldt 18 år.", "note_en": "Read as 18 or older."}])


def run(lang):
    return evaluate(compile_standard(to_data(Standard.model_validate(STD))), {"age": 16}, DATE, lang)


def test_english_uses_the_english_text_note_and_assumptions():
    (r,) = run("en").reasons
    assert (r.text, r.note) == ("Aged 18 or over.", "Read as 18 or older.")
    assert run("en").notes[0] == "We assume the standard applies from 1 January."


def test_danish_is_the_default():
    rec = run("da")
    assert (rec.reasons[0].text, rec.reasons[0].note) == ("Fyldt 18 år.", "Læses som fyldt 18 år.")
    assert rec.notes[0].startswith("Vi antager")


def test_english_assumptions_must_match_the_danish_ones_one_for_one():
    bad = {**STD, "assumptions_en": ["one", "two"]}
    with pytest.raises(pydantic.ValidationError, match="assumptions_en"):
        Standard.model_validate(bad)
