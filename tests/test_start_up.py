"""What `standards check` does to start fast must not change what it refuses or finds (issue 8's cold start)."""
from __future__ import annotations

import re

import pytest


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
    "12345678901234567890", "1.0000000000000001", "[a, b]", "[a,b]", "[]", "[ ]", "[a, ]", "[a b]", "[true, x]",
    "[1, 2]", "[a, [b]]", "[a, b] # c", "[a, b]#c", "[yes]", "[x_1, y-2]"])
_LINE = st.one_of(
    st.builds(lambda k, v, sp: f"{k}:{sp}{v}", _KEYS, _VALUES, st.sampled_from([" ", "  ", "", "\t"])),
    st.sampled_from(["", "   ", "# a comment", "  # indented comment", "---", "...", "%YAML 1.2", "  age: 3",
                     "- item", "age:", "# æøå \u202e", "\r", "key: v\rw", "tasks:", "tasks:  # c", "  - a", "- b",
                     "  - c # c", "    - d", "  - true", "  - 1", "  -x", "  - a b", " - e", "  - [f]", "  -"]),
)


@settings(max_examples=1500, deadline=None)
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


_WORDS = st.sampled_from(["a", "with_relatives", "x-1", "True", "no", "null", "Ærø", "1", "2001-04-17", "a b", "[c]",
                          "d # c", "e#f", "-", "~", "on", "y"])


_GOOD_WORDS = st.sampled_from(["a", "with_relatives", "x-1", "cleaning", "Hjemme", "b_2"])
_GOOD = st.one_of(_GOOD_WORDS, st.integers(-10**6, 10**12).map(str), st.sampled_from(
    ["true", "false", "0", "1.5", "-0.25", "2001-04-17", "2024-02-29", "[a, b]", "[]", "[x-1,y]", "v  # c"]))


@st.composite
def _mostly_flat(draw):
    """Documents close to what load_flat reads (most of them it does), so the comparison runs often."""
    keys = draw(st.lists(st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True), min_size=1, max_size=6, unique=True))
    lines = []
    for k in keys:
        odd = draw(st.integers(0, 9)) == 0  # now and then a value load_flat must leave alone
        if draw(st.booleans()):
            lines.append(f"{k}: {draw(_VALUES if odd else _GOOD)}")
        else:
            lines.append(k + ":" + draw(st.sampled_from(["", "  # tasks", " "])))
            indent = draw(st.sampled_from(["", "  ", "    "]))
            for _ in range(draw(st.integers(0, 3))):
                odd = draw(st.integers(0, 9)) == 0
                lines.append((" " if odd and indent != " " else indent) + "- " + draw(_WORDS if odd else _GOOD_WORDS))
                if draw(st.integers(0, 5)) == 0:
                    lines.append(draw(st.sampled_from(["", "# c", "   # c"])))
    return "\n".join(lines) + "\n"


@settings(max_examples=1500, deadline=None)
@given(_mostly_flat())
def test_a_mostly_flat_profile_reads_as_the_full_parser_reads_it(text):
    from standards_engine.yamlio import YamlProblem, load_flat, load_text
    flat = load_flat(text)
    if flat is None:
        return
    try:
        full, _ = load_text(text, "p.yaml")
    except YamlProblem as e:
        raise AssertionError(f"load_flat read a text the full parser refuses: {e.problem}") from None
    assert flat == full and list(flat) == list(full)
    assert [type(v) for v in flat.values()] == [type(v) for v in full.values()]


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


# records.record: the dataclasses a check loads, made with shared __eq__/__repr__/__hash__.

def _twins(frozen: bool, kw_only: bool, slots: bool):
    import dataclasses
    from dataclasses import field

    from standards_engine.records import record

    def body():
        class C:
            a: int
            b: object = None
            c: list = field(default_factory=list)
            d: dict = field(default_factory=dict, compare=False)
        return C
    made = record(frozen=frozen, kw_only=kw_only, slots=slots)(body())
    real = dataclasses.dataclass(frozen=frozen, kw_only=kw_only, slots=slots)(body())
    return made, real


_ANY = st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=5), st.none(),
                    st.tuples(st.integers(), st.floats(allow_nan=True)))


@settings(max_examples=300, deadline=None)
@given(st.booleans(), st.booleans(), st.booleans(), _ANY, _ANY, _ANY, _ANY, st.booleans())
def test_a_record_compares_prints_and_hashes_as_a_dataclass(frozen, kw_only, slots, a1, b1, a2, b2, same_b):
    made, real = _twins(frozen, kw_only, slots)
    if same_b:
        b2 = b1  # the very same object: a tuple compares it by identity first (a NaN equals itself there)
    x, y = made(a=a1, b=b1, d={"k": 1}), made(a=a2, b=b2)
    rx, ry = real(a=a1, b=b1, d={"k": 1}), real(a=a2, b=b2)
    assert (x == y) == (rx == ry) and (x != y) == (rx != ry)
    assert (x == x) == (rx == rx)
    assert repr(x).replace(made.__qualname__, "C") == repr(rx).replace(real.__qualname__, "C")
    assert (x == 1) is (rx == 1) is False
    if frozen:
        try:
            expected = hash(rx)
        except TypeError:  # an unhashable value (never here: no lists compared)
            return
        assert hash(x) == expected
    else:
        with pytest.raises(TypeError):
            hash(x)
        with pytest.raises(TypeError):
            hash(rx)


def test_a_frozen_record_cannot_be_changed_and_keeps_its_own_methods():
    import dataclasses

    from standards_engine.records import record

    @record(frozen=True)
    class P:
        a: int

        def __repr__(self) -> str:
            return "mine"
    with pytest.raises(dataclasses.FrozenInstanceError):
        P(1).a = 2
    assert repr(P(1)) == "mine" and P(1) == P(1) and len({P(1), P(1)}) == 1
