"""A text fact (case_id) carrying control or direction characters is refused by name and never echoed."""
import pytest

from standards_engine.coerce import parse_profile
from standards_engine.errors import InputError


@pytest.mark.parametrize("bad", ["\x1b[31mRØD\x1b[0m", "abc\u202eevil", "a\u200bb", "a\x07b", "a\x00b"])
def test_control_and_bidi_characters_in_case_id_are_refused_without_echo(bad):
    with pytest.raises(InputError) as e:
        parse_profile({"case_id": bad, "age": 30})
    text = e.value.text("da") + e.value.text("en")
    assert "case_id" in text and bad not in text and "\x1b" not in text and "\u202e" not in text


def test_an_ordinary_case_id_with_danish_letters_passes():
    assert parse_profile({"case_id": "Sag æøå-2025/17", "age": 30})["case_id"] == "Sag æøå-2025/17"
