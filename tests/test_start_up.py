"""What `standards check` does to start fast must not change what it refuses or finds (issue 8's cold start)."""
from __future__ import annotations

import re


def test_the_printable_check_refuses_exactly_what_yaml_does_not_allow():
    from standards_engine.yamlio import _NOT_PRINTABLE
    # YAML 1.2's printable set, as the complement the pattern replaced
    allowed = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    differ = [hex(c) for c in range(0x110000) if bool(allowed.match(chr(c))) != bool(_NOT_PRINTABLE.match(chr(c)))]
    assert differ == []


# Flat profiles are read without ruamel (yamlio.load_flat): whatever it reads must be what the full parser reads.
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_KEYS = st.sampled_from(["age", "living_situation", "case_id", "True", "null", "yes", "Off", "x_1", "_k", "a-b",
                         "1a", "age"])
_VALUES = st.sampled_from([
    "true", "false", "True", "FALSE", "yes", "no", "on", "off", "y", "n", "null", "Null", "~", "", "0", "00", "017",
    "-0", "-1", "12", "+5", "1_000", "1e5", "0x1F", "0o17", "1.5", "1.50", "-0.5", "1.", ".5", ".nan", ".inf",
    "NaN", "inf", "2001-04-17", "2001-4-17", "2015-02-30", "2025-03-01T10:00", "with_relatives", "hjemme",
    "eksempel-aflastning-1", "a b", "a:b", "a: b", "a#b", "'quoted'", '"q"', "[a, b]", "{a: 1}", "- x", "|", ">",
    "&anchor x", "*alias", "!!str 1", "Ærø", "e5", "x1", "value  # comment", "value #comment", "value# c",
    "12345678901234567890", "1.0000000000000001"])
_LINE = st.one_of(
    st.builds(lambda k, v, sp: f"{k}:{sp}{v}", _KEYS, _VALUES, st.sampled_from([" ", "  ", "", "\t"])),
    st.sampled_from(["", "   ", "# a comment", "  # indented comment", "---", "...", "%YAML 1.2", "  age: 3",
                     "- item", "age:", "# æøå \u202e", "\r", "key: v\rw"]),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_LINE, max_size=8), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_a_flat_profile_reads_as_the_full_parser_reads_it(lines, eol, final_eol):
    from standards_engine.yamlio import YamlProblem, load_flat, load_text
    text = eol.join(lines) + (eol if final_eol else "")
    flat = load_flat(text)
    if flat is None:
        return  # left to the full parser
    try:
        full, _ = load_text(text, "p.yaml")
    except YamlProblem as e:  # what the full parser refuses must not be read
        raise AssertionError(f"load_flat read a text the full parser refuses: {e.problem}") from None
    assert flat == full
    assert [type(v) for v in flat.values()] == [type(v) for v in full.values()]
    assert list(flat) == list(full)


def test_the_bundled_example_profiles_are_read_without_the_full_parser_as_the_full_parser_reads_them():
    from pathlib import Path

    from standards_engine.yamlio import load_flat, load_text
    examples = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))
    read = 0
    for p in examples:
        text = p.read_text("utf-8")
        flat = load_flat(text)
        if flat is not None:
            assert flat == load_text(text, p.name)[0], p.name
            read += 1
    assert read >= len(examples) // 2  # most profiles are flat: the fast start is the common case
