"""A CPR number is found in every spelling a person (or a filter-dodger) may write it in, and never shown."""
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from standards_engine.cpr import cpr_line, looks_like_cpr, redact

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")
FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def spellings(d: str) -> list[str]:
    """d is ten ASCII digits; every way the issue lists (and the old ones) of writing it."""
    a, b = d[:6], d[6:]
    return [
        d, f"{a}-{b}", f"{a}--{b}", f"{a}\u2011{b}", f"{a}\u2013{b}", f"{a} {b}", f"{a}\u00a0{b}",
        f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:8]} {d[8:]}", f"{d[:2]}.{d[2:4]}.{d[4:6]}-{b}",
        f"{d[:4]}\u00ad{d[4:]}", f"{a}\u200b{b}", f"{d[:2]}\u200d{d[2:]}", f"{a}\u2060-{b}", f"{a}\ufeff{b}",
        d.translate(ARABIC), f"{a}-{b}".translate(DEVANAGARI), f"{a}-{b}".translate(FULLWIDTH),
        f"{a}\n    {b}",                                   # a literal block split over two lines
        "\u202e" + f"{a}-{b}"[::-1] + "\u202c",             # stored reversed, displayed as the number
        f"cpr: {a}/{b}.", f"x{d}y",
    ]


cpr_digits = st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)).flatmap(
    lambda day: st.integers(0, 9999).map(lambda n: day.strftime("%d%m%y") + f"{n:04d}"))


@settings(max_examples=60, deadline=None)
@given(cpr_digits)
def test_every_spelling_is_found_and_redacted(d):
    for s in spellings(d):
        assert looks_like_cpr(s), repr(s)
        assert looks_like_cpr({"note": s}) and looks_like_cpr([s]) and looks_like_cpr({s: 1})
        out = redact(f"før {s} efter")
        assert not looks_like_cpr(out), repr(out)
        assert "før" in out and "efter" in out
    assert looks_like_cpr(int(d))  # 0101901234 read by YAML as 101901234


def test_the_line_is_found_without_showing_it():
    assert cpr_line("a: 1\nb: |\n  010190\n  1234\n") == 3
    assert cpr_line("a: 1\nb: 2\nc: '0101\u00ad901234'\n") == 3


def test_ordinary_numbers_are_not_cpr_numbers():
    for s in ["2025-03-01 - 2025-03-31", "12 34 56 78", "+45 43 57 70 00", "§ 107, stk. 2", "2001-02-03 10:00",
              "01019012345", "3201901234", "0113901234", "1 2 3 4 5 6 7 8 9 0", "120 døgn om året, 2015-11-01"]:
        assert not looks_like_cpr(s), s
    for v in [True, None, 12345678, 99_999_999, 3.5, dt.date(1990, 1, 1)]:
        assert not looks_like_cpr(v)


# The chain test that spares most texts the compiled pattern must never hide a number the pattern finds.
_PIECES = st.sampled_from(["0", "1", "2", "3", "9", "01", "12", "31", "90", "1234", "010190", "0101901234",
                           " ", "  ", "-", "--", "---", "----", ".", "/", "_", "\n", "\r\n", "\n\n", "a", ":", "\u2212"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_the_chain_test_hides_no_number_the_pattern_finds(text):
    import re
    from standards_engine import cpr
    full = re.compile(cpr._CPR_PATTERN)
    expected = []
    pos = 0
    while (m := full.search(text, pos)) is not None:
        groups = cpr._DIGITS.findall(m.group())
        if tuple(map(len, groups)) in cpr._SHAPE_SET and cpr._is_date("".join(groups)):
            expected.append(m.span())
            pos = m.end()
        else:
            pos = m.start() + 1
    assert list(cpr._forward(text)) == expected


@settings(max_examples=150, deadline=None)
@given(cpr_digits, st.data())
def test_a_profile_is_scanned_as_looks_like_cpr_scans_it(d, data):
    """coerce._has_cpr skips fact names, allowed values, yes/no and small numbers: the same answer as scanning all."""
    from standards_engine.coerce import _has_cpr
    from standards_engine.vocabulary import facts
    vocab = facts()
    names = sorted(vocab)
    any_value = st.one_of(
        st.none(), st.booleans(), st.integers(-10**11, 10**11), st.floats(allow_nan=True), st.text(max_size=20),
        st.sampled_from(spellings(d)), st.just(int(d)), st.just(float(int(d))),
        st.lists(st.one_of(st.text(max_size=12), st.sampled_from(spellings(d))), max_size=3))
    def value_for(name):
        f = vocab[name]
        if not f.values:
            return any_value
        allowed = st.sampled_from(f.values)
        return st.one_of(any_value, allowed, st.lists(allowed, max_size=3))
    profile = data.draw(st.dictionaries(st.one_of(st.sampled_from(names), st.text(max_size=12),
                                                  st.sampled_from(spellings(d))), st.none(), max_size=6))
    profile = {k: data.draw(value_for(k) if k in vocab else any_value) for k in profile}
    assert _has_cpr(profile) == looks_like_cpr(profile)
