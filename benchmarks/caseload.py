"""Caseload speed, whole processes, as ratios to a hand-written script in the same run (not a test).

1. `standards batch --outcome-only` and `standards batch` (full recommendations) over N JSON Lines
   profiles (Ishøj § 104, seeded, 25 % of facts unknown so every outcome occurs), against a hand-written
   script (benchmarks/handwritten.py's outcome function, no engine code) that reads the same file,
   decides and writes JSON Lines. Interleaved rounds, medians; the outputs' outcomes are compared first.
2. `standards impact` over M profiles (Ishøj § 85, its 2015 and 2024 revisions): wall time and peak RSS.

   With --before=K (K < M), the old way is timed on the first K profiles only and its time scaled by M / K
   (it is linear: one profile after another, nothing kept), and the output says so.

   impact runs as it chooses (one process per core) and with --jobs 1, interleaved. Its caseload repeats 50,000
   seeded profiles with new case ids; --unique makes nearly every profile distinct (impact's memo then never hits).

Run: python benchmarks/caseload.py [--quick] [--n=N] [--m=M] [--before=K] [--rounds=R] [--no-batch] [--unique]
     (default N = 100,000, M = 1,000,000)
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from profiles import generate  # noqa: E402

SCRIPT = '''
import json, sys, datetime as dt
sys.path.insert(0, {here!r})
from handwritten import Handwritten
hw = Handwritten()
on = dt.date(2025, 3, 1)
out = open(sys.argv[2], "w", encoding="utf-8")
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    try:
        p = json.loads(line)
        outcome, against = hw.outcome("sel-104", p, on)
        out.write(json.dumps({{"line": n, "case_id": p.get("case_id"), "outcome": outcome, "against": against}},
                             ensure_ascii=False) + "\\n")
    except ValueError as e:
        out.write(json.dumps({{"line": n, "error": str(e)}}) + "\\n")
out.close()
'''


# What a what-if took before `impact`: every profile through the public check() on both dates.
CHECK_TWICE = '''
import json, sys, datetime as dt
from standards_engine import check, open_repository
repo = open_repository(sys.argv[2])
a, b = dt.date(2023, 6, 1), dt.date(2025, 3, 1)
changed = 0
for line in open(sys.argv[1], encoding="utf-8"):
    p = json.loads(line)
    changed += check(p, "ishoj", "sel-85", a, "da", repo).outcome != check(p, "ishoj", "sel-85", b, "da", repo).outcome
print(changed)
'''


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(REPO / "src"), "STANDARDS_CACHE_DIR": os.environ.get("STANDARDS_CACHE_DIR", "")}


# A small process starts the command and reports its peak RSS: measured from this (large) process, the
# child's figure would include the memory it was forked from.
# (The peak is the largest of the command's processes: with `impact --jobs N`, each of N forked workers; they share
# the pages of what was loaded before the fork, so their sum overstates the memory used.)
_WRAP = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
         "u = resource.getrusage(resource.RUSAGE_CHILDREN); print(r.returncode, u.ru_maxrss, u.ru_utime + u.ru_stime)")
LAST_CPU = [0.0]  # CPU seconds (user + system, every process of the command) of the last run_rss


def run_rss(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a command; its CPU seconds in LAST_CPU."""
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", _WRAP, *cmd], capture_output=True, env=_env(), cwd=REPO)
    wall = time.perf_counter() - t0
    code, rss, cpu = p.stdout.split()
    if int(code) not in (0, 1):
        raise SystemExit(f"{cmd[:4]} failed: {p.stderr.decode()[-500:]}")
    LAST_CPU[0] = float(cpu)
    return wall, int(rss) / 1024


def main() -> None:
    quick = "--quick" in sys.argv
    n, m, rounds = (10_000, 100_000, 2) if quick else (100_000, 1_000_000, 3)
    before = None
    for arg in sys.argv[1:]:  # --n=20000 --m=200000 --rounds=2 on a busy machine
        if arg.startswith(("--n=", "--m=", "--rounds=")):
            k, v = arg[2:].split("=")
            n, m, rounds = (int(v), m, rounds) if k == "n" else (n, int(v), rounds) if k == "m" else (n, m, int(v))
        elif arg.startswith("--before="):
            before = int(arg.split("=")[1])
    if "--no-batch" in sys.argv:
        n = 0
    exe = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if n:
            batch(exe, tmp, n, rounds)
        impact(exe, tmp, m, before, rounds, "--unique" in sys.argv)


def batch(exe: str, tmp: Path, n: int, rounds: int) -> None:
    src = tmp / "sager.jsonl"
    with open(src, "w", encoding="utf-8") as f:
        for p in generate("sel-104", n, unknown=0.25):
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    script = tmp / "handwritten_batch.py"
    script.write_text(SCRIPT.format(here=str(HERE)), encoding="utf-8")
    std = ["-m", "ishoj", "-s", "sel-104", "--date", "2025-03-01", "--standards-dir", str(REPO / "standards")]
    cmds = {"hand-written script (baseline)": [exe, str(script), str(src), str(tmp / "hand.jsonl")],
            "standards batch --outcome-only": [exe, "-m", "standards_engine", "batch", str(src), *std, "--outcome-only",
                                               "-o", str(tmp / "outcome.jsonl")],
            "standards batch (full recommendations)": [exe, "-m", "standards_engine", "batch", str(src), *std,
                                                       "-o", str(tmp / "full.jsonl")]}
    for cmd in cmds.values():  # once, to warm caches and check the outputs agree
        run_rss(cmd)
    for name in ("outcome.jsonl", "full.jsonl"):  # line by line: 100,000 full recommendations are over a gigabyte
        with open(tmp / "hand.jsonl", encoding="utf-8") as hf, open(tmp / name, encoding="utf-8") as mf:
            count = 0
            for hl, ml in zip(hf, mf, strict=True):
                h, o = json.loads(hl), json.loads(ml)
                mine = sorted(o["against"]) if "against" in o else sorted(
                    r["rule"] for r in o["reasons"] if r["result"] in ("not_met", "exceeded")
                    or (r["kind"] == "exclusion" and r["result"] == "applies"))
                assert (h["outcome"], sorted(h["against"])) == (o["outcome"], mine), (name, h, o.get("line"))
                count += 1
            assert count == n, (name, count)
    times: dict[str, list[float]] = {k: [] for k in cmds}
    rss: dict[str, float] = {}
    cpu: dict[str, list[float]] = {k: [] for k in cmds}  # CPU seconds too: a busy machine stretches wall time
    for _ in range(rounds):
        for name, cmd in cmds.items():
            wall, peak = run_rss(cmd)
            times[name].append(wall)
            cpu[name].append(LAST_CPU[0])
            rss[name] = max(rss.get(name, 0), peak)
    base = statistics.median(times["hand-written script (baseline)"])
    base_cpu = statistics.median(cpu["hand-written script (baseline)"])
    print(f"Caseload of {n:,} JSON Lines profiles (Ishøj § 104), whole processes, {rounds} interleaved rounds, medians "
          f"(load {os.getloadavg()[0]:.1f})")
    for name, ts in times.items():
        t = statistics.median(ts)
        c = statistics.median(cpu[name])
        print(f"  {name:<42} {t:7.2f} s  {n / t:>9,.0f} profiles/s  {t / base:5.2f}x the script  peak RSS {rss[name]:.0f} MB"
              f"  (CPU {c:.2f} s, {c / base_cpu:.2f}x)")
    print("  targets: --outcome-only <= 2x, full <= 7x (wall time)")


def impact(exe: str, tmp: Path, m: int, before: int | None, rounds: int, unique: bool = False) -> None:
    """50,000 seeded profiles repeated with new case ids (so at most 50,000 distinct ones, which impact decides
    once each), or with --unique a fresh 50,000 for every 50,000 (nearly every profile distinct: no memo hits)."""
    big = tmp / "impact.jsonl"
    with open(big, "w", encoding="utf-8") as f:
        chunk = generate("sel-85", 50_000, unknown=0.1)
        for i in range(m):
            if unique and i and not i % len(chunk):
                chunk = generate("sel-85", 50_000, seed=8 + i, unknown=0.1)
            p = chunk[i % len(chunk)]
            f.write(json.dumps({**p, "case_id": f"sag-{i:07d}"}, ensure_ascii=False) + "\n")
    distinct = len({hash(json.dumps({k: v for k, v in json.loads(line).items() if k != "case_id"}, sort_keys=True))
                    for line in open(big, encoding="utf-8")})
    one = [exe, "-m", "standards_engine", "impact", str(big), "-m", "ishoj", "-s", "sel-85", "--from", "2023-06-01",
           "--to", "2025-03-01", "--format", "csv", "--standards-dir", str(REPO / "standards"), "--jobs", "1"]
    cmd = one[:-2]  # --jobs as impact chooses: one process per core
    script = tmp / "check_twice.py"
    script.write_text(CHECK_TWICE, encoding="utf-8")
    part = big
    if before is not None and before < m:
        part = tmp / "impact-part.jsonl"
        with open(big, encoding="utf-8") as f, open(part, "w", encoding="utf-8") as out:
            for _, line in zip(range(before), f):
                out.write(line)
    scale = m / before if part is not big else 1.0
    old = [exe, str(script), str(part), str(REPO / "standards")]
    walls, ones, cpus, olds, peak, loads = [], [], [], [], 0.0, []
    for _ in range(max(1, rounds - 1)):  # interleaved with the way it was done before impact existed
        loads.append(os.getloadavg()[0])
        w, p = run_rss(cmd)
        walls.append(w)
        cpus.append(LAST_CPU[0])
        peak = max(peak, p)
        w1, p1 = run_rss(one)
        ones.append((w1, LAST_CPU[0]))
        peak = max(peak, p1)
        olds.append(run_rss(old)[0] * scale)
    wall, was, cpu = statistics.median(walls), statistics.median(olds), statistics.median(cpus)
    w1, c1 = statistics.median(w for w, _ in ones), statistics.median(c for _, c in ones)
    how = f"measured on the first {before:,} and scaled x{scale:g}" if scale != 1.0 else "measured"
    print(f"\nstandards impact over {m:,} profiles ({distinct:,} distinct but for their case_id), two revisions of Ishøj § 85, "
          f"{len(walls)} interleaved rounds, medians (load average {min(loads):.1f}-{max(loads):.1f}):")
    print(f"  one process per core: {wall:.1f} s wall ({m / wall:,.0f} profiles/s), {cpu:.1f} s CPU")
    print(f"  --jobs 1:             {w1:.1f} s wall, {c1:.1f} s CPU ({c1 / m * 1e6:.1f} µs CPU per profile)")
    print(f"  peak RSS (largest process) {peak:.0f} MB")
    print(f"  check() twice per profile (as before, {how}): {was:.1f} s; impact {was / wall:.1f}x faster "
          f"({was / w1:.1f}x with --jobs 1); 150 s / impact = {150 / wall:.1f}x (targets: >= 10x, < 150 MB)")


if __name__ == "__main__":
    main()
