"""The figures a source document states, read from a quote: "5" in "op til 5 timer", "1" and "4" in "1-4 timer pr. uge"."""
from __future__ import annotations

import re
_WORDS = {"en": 1, "et": 1, "én": 1, "ét": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8,
          "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "fjorten": 14, "femten": 15, "tyve": 20, "tredive": 30}
_NUM = r"(?:\d+(?:[.,]\d+)?|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"


def _value(s: str) -> float:
    return float(_WORDS[s]) if s in _WORDS else float(s.replace(",", "."))


def stated(quote: str, stem: str) -> set[float]:
    """The figures a quote states of one unit: '5' in 'op til 5 timer', '1' and '4' in '1-4 timer pr. uge'
    (the unit word may follow one word later: '4 hele uger')."""
    out: set[float] = set()
    pattern = (rf"(?<![§\w.])({_NUM})(?:\s*(?:-|–|til)\s*({_NUM}))?\s+(?:[a-zæøå]+\s+)?[a-zæøå]*{stem}")
    for m in re.finditer(pattern, quote.lower()):
        out.add(_value(m.group(1)))
        if m.group(2):
            out.add(_value(m.group(2)))
    return out
