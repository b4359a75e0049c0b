"""CPR numbers: finding one in any text or value, so it is refused and never shown back.

A CPR number is ddmmyy and four digits. People (and people trying to get one
past a filter) write it in many ways, and each must be caught:
0101901234, 010190-1234, 010190--1234, 01 01 90 12 34, 01.01.90-1234,
010190/1234, a no-break or thin space, Word's non-breaking hyphen, a soft
hyphen or zero-width character inside it, fullwidth, Arabic-Indic or
Devanagari digits, split over two lines of a literal block, or stored reversed
behind a right-to-left override so that it *displays* as a CPR number.

So a text is first normalised as a reader would see it (NFKC, format and
control characters dropped, any Unicode decimal digit read as its value), then
its digit groups (digits joined by spaces, at most one line break and at most
three dashes, dots, slashes or underscores) are read: consecutive groups of
exactly ten digits in a shape a CPR number is written in, whose first four
digits are a day and a month. With bidirectional controls in the text, each
candidate is also read backwards.

Where the scan is cheap to skip (decision for speed, issue 8): a value that
cannot hold ten digits is not scanned: booleans, None, numbers below 10^8,
dates, and ASCII strings shorter than ten characters (most fact values and
every vocabulary name). Everything else is.
"""
from __future__ import annotations

import re
from typing import Any

# Format characters (Unicode category Cf: soft hyphen, zero-width space/joiners, word joiner, bidi
# controls, BOM, …), the combining grapheme joiner and variation selectors, and C0/C1 control
# characters other than line breaks and tab: none is seen by a reader, so none may hide a number.
_IGNORABLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "\u034f\ufe00-\ufe0f\U000e0100-\U000e01ef"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidirectional controls: with one of these, a text may display in another order than it is stored.
_BIDI = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_H = r"[^\S\n]"  # a space on one line (NFKC has made no-break and thin spaces plain)
_DASH = r"[-_./\u2010-\u2015\u2212\u2043\ufe58]"
# Digit groups joined by separators: spaces, then up to three dashes, then at most one line break.
# (?=\D) keeps a separator from being empty, so a run of digits is never split two ways.
_SEP = rf"(?=[^0-9]){_H}{{0,40}}(?:{_DASH}{{1,3}}{_H}{{0,40}})?(?:\r?\n{_H}{{0,40}})?"
_DIGITS = re.compile(r"[0-9]+")
# How a CPR number's ten digits are grouped when written (never a four-digit group first and then
# twos, as a date and time would be: 2001-02-03 10:00 is not a CPR number).
_SHAPES = ((10,), (6, 4), (2, 2, 2, 4), (2, 2, 2, 2, 2), (2, 2, 6), (6, 2, 2), (4, 2, 4), (4, 6), (2, 4, 4), (3, 3, 4))
_SHAPE_SET = frozenset(_SHAPES)
# The day's first digit is matched outside (see _CPR); this is the rest of a day 01-31.
_DAY, _MONTH = "(?:(?<=0)[1-9]|(?<=[12])[0-9]|(?<=3)[01])", "(?:0[1-9]|1[0-2])"


def _shape_re(shape: tuple[int, ...]) -> str:
    # The day and month are part of the pattern, so a run of numbers that are no date fails inside the
    # regex engine; each group is exactly its length (neither side touches another digit).
    first, rest = shape[0], list(shape[1:])
    if first >= 4:
        head = f"{_DAY}{_MONTH}[0-9]{{{first - 4}}}"
    elif first == 2:
        head = f"{_DAY}{_SEP}{_MONTH}[0-9]{{{rest[0] - 2}}}"
        rest = rest[1:]
    else:  # (3, 3, 4): the month is split; the check after the match has the last word
        head = f"{_DAY}[01]"
    return head + "".join(f"{_SEP}[0-9]{{{n}}}" for n in rest) + "(?![0-9])"


# Starts with a plain character class, so the regex engine jumps from one 0-3 to the next instead of trying
# every position; the lookbehind then says no digit came before it.
_CPR_PATTERN = "[0-3](?<![0-9][0-3])(?:" + "|".join(_shape_re(sh) for sh in _SHAPES) + ")"
_CPR: "re.Pattern[str] | None" = None  # compiled on first need: about 4 ms, a tenth of a check's start-up
# The text between two digit groups of one number (the whole of it: fullmatch).
_GAP = re.compile(_SEP)
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
_SHORTEST = 1e8  # 0101000000 read as a number is 101000000


def normalise(text: str) -> str:
    """The text as a reader sees it: NFKC, format and control characters dropped, every decimal digit
    (Arabic-Indic, Devanagari, …) as its ASCII digit. Line breaks are kept, so lines can be counted."""
    if not text.isascii():
        import unicodedata  # only for text beyond ASCII
        text = unicodedata.normalize("NFKC", text)
        if not text.isascii():
            text = _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)
    return _IGNORABLE.sub("", text)


def _is_date(digits: str) -> bool:
    day, month = int(digits[:2]), int(digits[2:4])
    return 1 <= day <= 31 and 1 <= month <= 12


def _spans(norm: str, both_ways: bool):
    """(start, end) in `norm` of every CPR-like number; with `both_ways`, also read right to left
    (as a right-to-left override displays it)."""
    yield from _forward(norm)
    if both_ways:
        n = len(norm)
        for start, end in _forward(norm[::-1]):
            yield n - end, n - start


def _joined(norm: str) -> bool:
    """Whether `norm` has ten digits in groups joined only by what may part a CPR number's groups: each number
    the pattern finds is such a chain, so a text without one needs no search (and no compiled pattern)."""
    total, end = 0, -1
    gap = _GAP.fullmatch
    for m in _DIGITS.finditer(norm):
        a, b = m.span()
        total = (total if end >= 0 and gap(norm, end, a) else 0) + b - a
        if total >= 10:
            return True
        end = b
    return False


def _forward(norm: str):
    global _CPR
    if not _joined(norm):
        return
    if _CPR is None:
        _CPR = re.compile(_CPR_PATTERN)
    search = _CPR.search
    pos = 0
    while (m := search(norm, pos)) is not None:
        groups = _DIGITS.findall(m.group())
        if tuple(map(len, groups)) in _SHAPE_SET and _is_date("".join(groups)):
            yield m.start(), m.end()
            pos = m.end()
        else:
            pos = m.start() + 1  # candidates overlap: the next group may start another


# Ten digits anywhere: without them there is nothing to read (possessive: this cannot backtrack).
_TEN = re.compile(r"[0-9](?:[^0-9]*+[0-9]){9}")


# Every byte but the ASCII digits: an ASCII text with fewer than ten digits left after deleting these holds no CPR
# number, and deleting them (C, one pass) is a fraction of _TEN's cost on the short ids a caseload is full of.
_NOT_DIGITS = bytes(b for b in range(256) if not 0x30 <= b <= 0x39)


def _text_has_cpr(text: str) -> bool:
    if text.isascii():
        if len(text) < 10 or len(text.encode().translate(None, _NOT_DIGITS)) < 10 or _TEN.search(text) is None:
            return False  # most values and every vocabulary name end here
        norm = _IGNORABLE.sub("", text)
    else:
        norm = normalise(text)
        if _TEN.search(norm) is None:
            return False
    return next(_spans(norm, _BIDI.search(text) is not None), None) is not None


def looks_like_cpr(value: Any) -> bool:
    """Whether a value (a text, a number, or a list or mapping of them, keys too) holds a CPR-like number."""
    if value is None or value is True or value is False:
        return False
    t = type(value)
    if t is str:
        return _text_has_cpr(value)
    if t is int or t is float or isinstance(value, (int, float)):
        if isinstance(value, bool) or value != value or abs(value) < _SHORTEST:
            return False
        # YAML and JSON read 0101901234 as the number 101901234: put the zero back.
        return _text_has_cpr(str(int(value)).zfill(10) if abs(value) < 1e10 else str(value))
    if t is list or t is tuple:
        return any(looks_like_cpr(v) for v in value)
    if t is dict:
        return any(looks_like_cpr(k) or looks_like_cpr(v) for k, v in value.items())
    if isinstance(value, str):
        return _text_has_cpr(str(value))
    if isinstance(value, (list, tuple)):
        return any(looks_like_cpr(v) for v in value)
    if isinstance(value, dict):
        return any(looks_like_cpr(k) or looks_like_cpr(v) for k, v in value.items())
    return False  # dates and other values hold no free text


def cpr_line(text: str) -> int | None:
    """The line of the first CPR-like number in a text, to point at it without showing it."""
    if text.isascii() and len(text) < 10:
        return None
    norm = normalise(text)  # neither NFKC nor dropping format characters adds or removes a line break
    for start, _ in _spans(norm, _BIDI.search(text) is not None):
        return norm.count("\n", 0, start) + 1
    return None


_MARK = "‹CPR›"


def redact(text: str) -> str:
    """A message with every CPR-like number replaced: the last guard before anything is printed."""
    if not _text_has_cpr(text):
        return text
    # Rare: normalise one character at a time, remembering where each came from, to cut out exactly the number.
    both = _BIDI.search(text) is not None
    chars: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        n = normalise(c)
        for d in n:
            chars.append(d)
            origin.append(i)
    norm = "".join(chars)
    out, last = [], 0
    for start, end in _spans(norm, both):
        a, b = origin[start], origin[end - 1] + 1
        if a < last:
            continue
        out.append(text[last:a])
        out.append(_MARK)
        last = b
    out.append(text[last:])
    result = "".join(out)
    if _text_has_cpr(result):  # normalising per character read it differently: show no digits at all
        return re.sub(r"\d", "•", result)
    return result


def shown(value: Any, lang: str = "da") -> str:
    """A value as it may be quoted in a message: never a CPR number."""
    if looks_like_cpr(value):
        return "(a value that looks like a CPR number, not shown)" if lang == "en" else "(en værdi, der ligner et CPR-nummer, vises ikke)"
    return str(value)
