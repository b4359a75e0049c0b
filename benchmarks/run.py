"""Speed, as ratios against baselines measured in the same run (not a test).

1. Decisions per second through the public API against hand-written Python functions that make the same
   decisions for Ishøj's 2015 aflastning (§ 107) and aktivitets- og samværstilbud (§ 104) without any of
   the engine's code (benchmarks/handwritten.py), on seeded random profiles (benchmarks/profiles.py):
   - outcome + the ids of the rules decided against, on complete profiles (every fact known), with the
     peers of `pip install '.[bench]'` (benchmarks/peers.py) deciding the same outcome where installed;
   - the full recommendation, on profiles with unknown facts.
   Before timing, every profile is checked to give the same answer on both sides (for the full form:
   outcome, deciding rule ids, limits' figures, missing facts; handwritten.stable says why those).
   Rounds are interleaved and the median of the per-round ratios is reported.
2. Wall time of `standards check` (a new process) against `python -c "import typer, pydantic, ruamel.yaml"`.
3. Time for `standards validate` to refuse hostile files (a billion laughs, nesting a megabyte deep)
   against validating a real standard.

Run: python benchmarks/run.py [--quick] [--n=PROFILES_PER_STANDARD] [--rounds=R]
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handwritten import Handwritten, stable  # noqa: E402
from profiles import ON, SERVICES, bad, generate  # noqa: E402

from standards_engine import InputError, check, open_repository  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
STANDARDS = REPO / "standards"
MUNICIPALITY = "ishoj"


def _against(rec) -> list[str]:
    """The ids of the rules a recommendation decided against the request, in document order."""
    return [r.rule for r in rec.reasons if r.result in ("not_met", "exceeded") or (r.kind == "exclusion" and r.result == "applies")]


def engine_functions(repo):
    """The engine's outcome-only path (standards_engine.decide when there is one, else check() cut down) and check()."""
    import standards_engine
    fast = getattr(standards_engine, "decide", None)
    if fast is not None:
        def outcome(service, profile):
            o = fast(profile, MUNICIPALITY, service, ON, repository=repo)
            return o.outcome, o.against
        what = "decide(): outcome, level, recommended, rules against"
    else:
        def outcome(service, profile):
            rec = check(profile, MUNICIPALITY, service, ON, "da", repo)
            return rec.outcome, _against(rec)
        what = "check(), cut down to outcome + rules decided against (no outcome-only path yet)"

    def full(service, profile):
        return check(profile, MUNICIPALITY, service, ON, "da", repo)
    return outcome, what, full


def agree(hw: Handwritten, repo, outcome, complete: dict, varied: dict) -> None:
    """Every profile gives the same answer on both sides, or the benchmark stops: a ratio between two
    functions that decide differently would mean nothing."""
    for service in SERVICES:
        for p in complete[service] + varied[service]:
            mine = hw.outcome(service, p, ON)
            theirs = outcome(service, p)
            assert (mine[0], sorted(mine[1])) == (theirs[0], sorted(theirs[1])), f"{service}: outcome differs on {p}: {mine} {theirs}"
        for p in varied[service]:
            a, b = stable(check(p, MUNICIPALITY, service, ON, "da", repo).to_dict()), stable(hw.full(service, p, ON))
            assert a == b, f"{service}: recommendation differs on {p}:\n{a}\n{b}"
        for p in bad(service):
            try:
                check(p, MUNICIPALITY, service, ON, "da", repo)
                raise AssertionError(f"the engine accepts {p}")
            except InputError:
                pass
            try:
                hw.full(service, p, ON)
                raise AssertionError(f"the hand-written function accepts {p}")
            except ValueError:
                pass


def _time(fn, work) -> float:
    t0 = time.perf_counter()
    for service, p in work:
        fn(service, p)
    return time.perf_counter() - t0


def race(title: str, contenders: list[tuple[str, object, str]], work: list, rounds: int) -> dict[str, float]:
    """Interleaved rounds; per contender the median rate and the median of its per-round ratios to the first."""
    times: dict[str, list[float]] = {name: [] for name, _, _ in contenders}
    for _ in range(rounds):
        for name, fn, _ in contenders:
            times[name].append(_time(fn, work))
    base = contenders[0][0]
    print(f"\n{title} ({len(work):,} profiles, {rounds} interleaved rounds, medians)")
    print(f"  {'engine':<44} {'profiles/s':>11} {'ratio':>6}  computes")
    ratios = {}
    for name, _, what in contenders:
        rate = len(work) / statistics.median(times[name])
        ratio = statistics.median(b / t for b, t in zip(times[base], times[name]))
        ratios[name] = ratio
        print(f"  {name:<44} {rate:>11,.0f} {ratio:>5.2f}x  {what}")
    return ratios


def api(quick: bool) -> None:
    n, rounds = (4000, 3) if quick else (20000, 7)
    for arg in sys.argv[1:]:  # --n=5000 --rounds=5 on a busy machine
        if arg.startswith("--n="):
            n = int(arg[4:])
        elif arg.startswith("--rounds="):
            rounds = int(arg[9:])
    repo = open_repository(STANDARDS)
    hw = Handwritten()
    outcome, what, full = engine_functions(repo)
    complete = {s: generate(s, n, birth_dates=False) for s in SERVICES}
    varied = {s: generate(s, n, unknown=0.25) for s in SERVICES}
    agree(hw, repo, outcome, complete, varied)
    # Alternate the two standards, as a caseload would mix them.
    work_complete = [(s, p) for pair in zip(*(([(s, p) for p in complete[s]]) for s in SERVICES)) for s, p in pair]
    work_varied = [(s, p) for pair in zip(*(([(s, p) for p in varied[s]]) for s in SERVICES)) for s, p in pair]
    contenders = [("hand-written outcome (baseline)", lambda s, p: hw.outcome(s, p, ON),
                   "types checked, outcome + rules decided against"),
                  ("standards_engine outcome-only", outcome, what)]
    try:
        import peers
        for name, fn, what in peers.contenders(complete):
            for s in SERVICES:  # the peers, too, must decide as the engine before they are timed
                for p in complete[s]:
                    mine, theirs = hw.outcome(s, p, ON), fn(s, p)
                    assert (mine[0], sorted(mine[1])) == (theirs[0], sorted(theirs[1])), f"{name} differs on {p}: {theirs} {mine}"
            contenders.append((name, fn, what))
    except ImportError as e:
        print(f"(peers not installed: {e.name}; pip install '.[bench]')")
    race("Outcome + rules decided against, complete profiles", contenders, work_complete, rounds)
    race("Full recommendation, profiles with unknown facts",
         [("hand-written full recommendation (baseline)", lambda s, p: hw.full(s, p, ON), "the JSON output's dict"),
          ("standards_engine check()", full, "Recommendation (docs/contract.md §4)"),
          ("standards_engine check().to_dict()", lambda s, p: full(s, p).to_dict(), "the JSON output's dict")],
         work_varied, rounds)
    print("  targets: outcome-only >= 0.8x, check() >= 0.5x")


def wall(cmd: list[str], runs: int) -> float:
    # The package from this checkout, installed or not. Its bytecode is written and used as an installed copy's is
    # (PYTHONDONTWRITEBYTECODE would make every run compile the sources again, ~90 ms no user pays; coldstart.py).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(REPO / "src")
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
    api(quick)
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
    print(f"\nstandards check: {c * 1000:.0f} ms, import floor {f * 1000:.0f} ms; ratio {c / f:.2f}x (target <= 1.3x)")
    hostile_standards(3 if quick else 5)


if __name__ == "__main__":
    main()
