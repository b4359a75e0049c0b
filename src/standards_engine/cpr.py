"""CPR numbers: finding one in any text or value, so it is refused and never shown back."""
from __future__ import annotations

import re
from typing import Any

# A CPR number: ddmmyy and four digits, as people write it (0101901234, 010190-1234, 010190–1234,
# 01 01 90 1234, 01.01.90-1234, 010190/1234, 010190_1234). Refused wherever it appears and never echoed back.
# Spaces are any on one line (Word and web forms put in no-break and thin spaces); dashes are any of
# the hyphens, dashes and minus signs Unicode has (Word's non-breaking hyphen U+2011 among them).
_SPACE = r"[^\S\n\r]*"
_SEP = rf"{_SPACE}[-_./\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d]?{_SPACE}"
# \d is any Unicode digit; the first digits of day and month may be fullwidth too (０１０１９０…).
_CPR = re.compile(rf"(?<!\d)([0-3\uff10-\uff13]\d){_SEP}([01\uff10\uff11]\d){_SEP}(\d\d){_SEP}(\d{{4}})(?!\d)")


def looks_like_cpr(value: Any) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float)):
        # YAML and JSON read 0101901234 as the number 101901234: put the zero back.
        value = str(int(value)).zfill(10) if value == value and abs(value) < 1e10 else str(value)
    if isinstance(value, str):
        for m in _CPR.finditer(value):
            day, month = int(m.group(1)), int(m.group(2))
            if 1 <= day <= 31 and 1 <= month <= 12:
                return True
    if isinstance(value, list):
        return any(looks_like_cpr(v) for v in value)
    if isinstance(value, dict):
        return any(looks_like_cpr(k) or looks_like_cpr(v) for k, v in value.items())
    return False


def cpr_line(text: str) -> int | None:
    """The line of the first CPR-like number in a text, to point at it without showing it."""
    for m in _CPR.finditer(text):
        if looks_like_cpr(m.group(0)):
            return text.count("\n", 0, m.start()) + 1
    return None


def redact(text: str) -> str:
    """A message with every CPR-like number replaced: the last guard before anything is printed."""
    def one(m: re.Match) -> str:
        return "‹CPR›" if 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12 else m.group(0)
    return _CPR.sub(one, text)


def shown(value: Any, lang: str = "da") -> str:
    """A value as it may be quoted in a message: never a CPR number."""
    if looks_like_cpr(value):
        return "(a value that looks like a CPR number, not shown)" if lang == "en" else "(en værdi, der ligner et CPR-nummer, vises ikke)"
    return str(value)
