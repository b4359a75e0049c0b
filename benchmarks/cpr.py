"""Speed of the CPR scan on a typical profile, as a ratio to a naive baseline in the same run (not a test).

The engine's scan (cpr.looks_like_cpr) normalises text and catches every spelling
in docs/security.md; the baseline is a minimal hand-written scan that catches
only ten ASCII digits in a row in string values (it would miss most spellings).
Ratio = engine time / baseline time, medians of interleaved rounds.

Run: python benchmarks/cpr.py
"""
from __future__ import annotations

import re
import statistics
import time

from standards_engine.cpr import looks_like_cpr

PROFILE = {"case_id": "sag-2025-0142", "age": 30, "significant_mental_impairment": True,
           "living_situation": "with_relatives", "relatives_primary_caregivers": True,
           "relief_necessary_to_stay_home": True, "requested_relief_nights_per_year": 120,
           "current_services": ["sel-85", "sel-104"], "birth_date": "1990-02-01",
           "note": "Borgeren ønsker aflastning i weekenderne, især i skoleferierne."}
_TEN = re.compile(r"(?<!\d)\d{10}(?!\d)")


def baseline(profile: dict) -> bool:
    for k, v in profile.items():
        if _TEN.search(k):
            return True
        if isinstance(v, str) and _TEN.search(v):
            return True
        if isinstance(v, list) and any(isinstance(x, str) and _TEN.search(x) for x in v):
            return True
    return False


def rate(fn, n: int = 20000) -> float:
    t = time.perf_counter()
    for _ in range(n):
        fn(PROFILE)
    return (time.perf_counter() - t) / n


def main() -> None:
    assert looks_like_cpr(PROFILE) is False and baseline(PROFILE) is False
    engine, base = [], []
    for _ in range(9):
        engine.append(rate(looks_like_cpr))
        base.append(rate(baseline))
    e, b = statistics.median(engine), statistics.median(base)
    print(f"CPR scan of a 10-fact profile: engine {e * 1e6:.2f} µs, naive baseline {b * 1e6:.2f} µs, "
          f"ratio {e / b:.2f}x (engine/baseline)")


if __name__ == "__main__":
    main()
