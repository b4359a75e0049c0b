"""Speed, as ratios against baselines measured in the same run (not a test).

1. Recommendations per second through the public API (`standards_engine.check`)
   for Ishøj's 2015 aflastning standard, against a hand-written Python function
   that makes the same decision with the same reasons. Before timing, the two
   are checked to give identical recommendations on every profile.
2. Wall time of `standards check` (a new process) against
   `python -c "import typer, pydantic, ruamel.yaml"`, the import floor.
3. Time for `standards validate` to refuse hostile files (a billion laughs,
   nesting a megabyte deep) against validating a real standard.

Run: python benchmarks/run.py [--quick]
"""
from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from standards_engine import check, open_repository
from standards_engine.engine import _alternatives, _information, _missing  # same helpers, same wording
from standards_engine.logic import fact_names
from standards_engine.i18n import OUTCOME, t
from standards_engine.coerce import parse_profile
from standards_engine.derive import derive
from standards_engine.recommendation import LimitResult, Reason, Recommendation

REPO = Path(__file__).resolve().parent.parent
STANDARDS = REPO / "standards"
ON = dt.date(2025, 3, 1)
PROFILES = [
    {"age": 30, "significant_mental_impairment": True, "living_situation": "with_relatives",
     "relatives_primary_caregivers": True, "relief_necessary_to_stay_home": True, "requested_relief_nights_per_year": 120},
    {"age": 24, "significant_physical_impairment": True, "living_situation": "with_relatives",
     "relief_necessary_to_stay_home": True, "requested_relief_nights_per_year": 60},
    {"age": 16},
    {"birth_date": "1990-02-01", "special_social_problems": True, "living_situation": "with_relatives",
     "relatives_primary_caregivers": True, "relief_necessary_to_stay_home": True,
     "requested_relief_nights_per_year": 80, "requested_holiday_days_per_year": 5},
    {"age": 40, "significant_mental_impairment": True, "living_situation": "own_home",
     "relatives_primary_caregivers": False, "relief_necessary_to_stay_home": True},
]


def make_handwritten(repo):
    """The same decision, written by hand for this one standard."""
    res = repo.standard_for("ishoj", "sel-107-aflastning", ON)
    std = res.compiled.data
    rules = {r.id: r for r in res.compiled.rules()}
    # The rules this function implements, looked up by the fact each tests.
    by_fact = {f: c.rule.id for c in res.compiled.criteria for f in fact_names(c.rule.data["condition"])}
    AGE, IMP, HOME, CARERS, NEEDED = (by_fact[f] for f in ("age", "significant_physical_impairment", "living_situation",
                                                            "relatives_primary_caregivers", "relief_necessary_to_stay_home"))
    meta = res.meta
    info = _information(res.compiled, "da")
    units = {"requested_relief_nights_per_year": "aflastningsdøgn/år", "requested_holiday_days_per_year": "feriedage/år"}

    def reason(rid, kind, result, used=()):
        r = rules[rid]
        return Reason(rid, kind, r.basis, result, r.text, r.quote, r.section, r.line, False, list(used), r.note)

    def tri(v, yes, no):
        return "unknown" if v is None else (yes if v else no)

    def handwritten(profile: dict, on: dt.date) -> Recommendation:
        x = derive(parse_profile(profile), on)
        age = x["age"]
        imp = [x["significant_physical_impairment"], x["significant_mental_impairment"], x["special_social_problems"]]
        impairment = True if True in imp else (None if None in imp else False)
        home = None if x["living_situation"] is None else x["living_situation"] == "with_relatives"
        carers = x["relatives_primary_caregivers"]
        needed = x["relief_necessary_to_stay_home"]
        c = [reason(AGE, "criterion", tri(None if age is None else age >= 18, "met", "not_met"), [] if age is not None else ["age"]),
             reason(IMP, "criterion", tri(impairment, "met", "not_met"),
                    [] if impairment is not None else sorted(n for n, v in zip(
                        ("significant_physical_impairment", "significant_mental_impairment", "special_social_problems"), imp) if v is None)),
             reason(HOME, "criterion", tri(home, "met", "not_met"), [] if home is not None else ["living_situation"]),
             reason(CARERS, "criterion", tri(carers, "met", "not_met"),
                    [] if carers is not None else ["relatives_primary_caregivers"]),
             reason(NEEDED, "criterion", tri(needed, "met", "not_met"),
                    [] if needed is not None else ["relief_necessary_to_stay_home"])]
        statute, service = c[:2], c[2:]
        limits, lim_reasons, exceeded = [], [], []
        for rid, fact, mx in (("max-90-doegn", "requested_relief_nights_per_year", 90.0),
                              ("ferie-5-dage", "requested_holiday_days_per_year", 5.0)):
            req = x[fact]
            if req is None:
                lim_reasons.append(reason(rid, "limit", "unknown", [fact]))
                limits.append(LimitResult(rid, fact, None, mx, mx, False, units[fact], "service_level", True))
            elif req <= mx:
                lim_reasons.append(reason(rid, "limit", "within", [fact]))
                limits.append(LimitResult(rid, fact, req, mx, min(req, mx), False, units[fact], "service_level", True))
            else:
                r = reason(rid, "limit", "exceeded", [fact])
                lim_reasons.append(r)
                exceeded.append(r)
                limits.append(LimitResult(rid, fact, req, mx, mx, True, units[fact], "service_level", True))
        waiting = []
        if any(r.result == "not_met" for r in statute):
            outcome, deciding = "refuse", [r for r in statute if r.result == "not_met"]
        else:
            waiting += [r for r in statute if r.result == "unknown"]
            failed = [r for r in service if r.result == "not_met"]
            if failed:
                outcome, deciding = ("incomplete" if waiting else "assess"), failed
            else:
                waiting += [r for r in service if r.result == "unknown"]
                outcome, deciding = ("incomplete" if waiting else ("partial" if exceeded else "grant")), exceeded
        for r in deciding + waiting:
            r.deciding = True
        reasons = c + lim_reasons
        if outcome == "grant":
            for r in reasons:
                if r.result in ("met", "within"):
                    r.deciding = True
        reasons.sort(key=lambda r: not r.deciding)
        items = list(info)
        if outcome == "refuse":
            for lim in limits:
                lim.recommended = None
            items.sort(key=lambda i: i.topic != "complaint")
        notes = list(std.get("assumptions", ()))
        if outcome in ("assess", "partial") and any(r.deciding and r.basis == "service_level" for r in reasons):
            notes.append(t("da", "service_level_hint"))
        return Recommendation(
            outcome, OUTCOME["da"][outcome], "ishoj", std["municipality"]["name"], "sel-107-aflastning",
            std["service"]["title"], on.isoformat(),
            {"valid_from": "2015-11-01", "sha256": meta["sha256"], "path": meta["path"], "same_as": None,
             "source_document": std["source_document"]["title"], "legal_basis": std["legal_basis"], "legal_basis_en": std.get("legal_basis_en"),
             "approved_by": std["approved_by"], "approved_on": std["approved_on"]},
            reasons, limits, None, _missing(waiting, x, "da"),
            _alternatives(reasons, {r.rule: rules[r.rule].refer_to for r in reasons if r.result in ("not_met", "exceeded")},
                          on, "da", x["under_pension_age"]),
            items, notes, [], x.get("case_id"), "da")

    return handwritten


def per_second(fn, n: int, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for i in range(n):
            fn(PROFILES[i % len(PROFILES)])
        best = min(best, time.perf_counter() - t0)
    return n / best


def wall(cmd: list[str], runs: int) -> float:
    # The package from this checkout, installed or not.
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=REPO, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def hostile_standards(repeats: int) -> None:
    """Hostile files are refused in time bounded like a real file's validation, not growing with the attack."""
    import shutil
    import tempfile
    from standards_engine.validate import validate_paths
    good = (STANDARDS / "ishoj" / "sel-107-aflastning" / "2015-11-01.yaml").read_text("utf-8")
    laughs = ["a: &a [x, x, x, x, x, x, x, x, x]"] + [
        f"a{i}: &a{i} [*a{'' if i == 1 else i - 1}" + f", *a{'' if i == 1 else i - 1}" * 8 + "]" for i in range(1, 30)]
    texts = {"the real aflastning standard": good,
             "a billion laughs (9^30 nodes)": "\n".join(laughs) + "\n",
             "nesting 495,000 deep (1 MB)": "x: " + "[" * 495_000 + "]" * 495_000 + "\n"}
    best = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, text) in enumerate(texts.items()):
            root = Path(tmp) / str(i) / "standards"
            d = root / "ishoj" / "sel-107-aflastning"
            d.mkdir(parents=True)
            shutil.copytree(STANDARDS / "_sources", root / "_sources")
            (d / "2015-11-01.yaml").write_text(text, encoding="utf-8")
            validate_paths([root])  # warm
            times = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                validate_paths([root])
                times.append(time.perf_counter() - t0)
            best[name] = min(times)
    base_name, *others = best
    print(f"validate: {base_name} {best[base_name] * 1000:.0f} ms; refused: " + ", ".join(
        f"{n} {best[n] * 1000:.0f} ms ({best[n] / best[base_name]:.1f}x)" for n in others) + " (target <= 20x)")


def main() -> None:
    quick = "--quick" in sys.argv
    repo = open_repository(STANDARDS)
    hand = make_handwritten(repo)
    for p in PROFILES:
        a = check(p, "ishoj", "sel-107-aflastning", ON, "da", repo).to_dict()
        b = hand(p, ON).to_dict()
        assert a == b, f"the hand-written function disagrees on {p}:\n{a}\n{b}"
    n, reps = (2000, 3) if quick else (5000, 15)
    engine_rps = hand_rps = 0.0
    for _ in range(reps):  # interleaved rounds, best of each: this machine's speed drifts by 2x within a minute
        engine_rps = max(engine_rps, per_second(lambda p: check(p, "ishoj", "sel-107-aflastning", ON, "da", repo), n, 1))
        hand_rps = max(hand_rps, per_second(lambda p: hand(p, ON), n, 1))
    print(f"recommendations/s: engine {engine_rps:,.0f}, hand-written {hand_rps:,.0f}; "
          f"ratio {engine_rps / hand_rps:.2f}x (target >= 0.5x)")

    runs = 5 if quick else 15
    exe = sys.executable
    check_cmd = [exe, "-m", "standards_engine", "check", str(REPO / "examples" / "aflastning-120-doegn.yaml"),
                 "--municipality", "ishoj", "--service", "sel-107-aflastning", "--date", "2025-03-01",
                 "--standards-dir", str(STANDARDS)]
    floor_cmd = [exe, "-c", "import typer, pydantic, ruamel.yaml"]
    wall(floor_cmd, 2), wall(check_cmd, 2)  # warm the file cache
    floor, cli = [], []
    for _ in range(runs):  # interleaved, so load on the machine hits both alike
        floor.append(wall(floor_cmd, 1))
        cli.append(wall(check_cmd, 1))
    f, c = statistics.median(floor), statistics.median(cli)
    print(f"standards check: {c * 1000:.0f} ms, import floor {f * 1000:.0f} ms; ratio {c / f:.2f}x (target <= 1.5x)")
    hostile_standards(3 if quick else 5)


if __name__ == "__main__":
    main()
