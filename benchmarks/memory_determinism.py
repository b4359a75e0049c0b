"""Memory stays flat over many evaluations, and output is the same whatever the hash seed (not a test).

1. 200k evaluations through the public API (Ishøj aflastning, five profiles in turn), RSS sampled every
   20k: prints the peak and the growth from the first sample.
2. `standards check --format json` and `--format markdown` under PYTHONHASHSEED 0..4: prints whether the
   outputs are byte-identical.

Run: python benchmarks/memory_determinism.py [--n 200000]
"""
from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory(n: int) -> None:
    from standards_engine import check, open_repository
    repo = open_repository(REPO / "standards")
    on = dt.date(2025, 3, 1)
    profiles = [{"age": 30, "significant_mental_impairment": True, "living_situation": "with_relatives",
                 "relatives_primary_caregivers": True, "relief_necessary_to_stay_home": True,
                 "requested_relief_nights_per_year": 120}, {"age": 16}, {"age": 40, "living_situation": "own_home"},
                {"age": 24, "significant_physical_impairment": True, "requested_relief_nights_per_year": 60},
                {"case_id": "sag-1", "age": 50, "special_social_problems": True}]
    samples = []
    for i in range(n):
        check(profiles[i % 5], "ishoj", "sel-107-aflastning", on, repository=repo).to_dict()
        if i % 20000 == 0 or i == n - 1:
            samples.append(rss_mib())
    print(f"{n} evaluations: RSS first {samples[0]:.1f} MiB, peak {max(samples):.1f} MiB, "
          f"last {samples[-1]:.1f} MiB, growth {samples[-1] - samples[0]:+.1f} MiB")


def determinism() -> None:
    outs = set()
    for fmt in ("json", "markdown", "text"):
        seen = set()
        for seed in range(5):
            r = subprocess.run([sys.executable, "-m", "standards_engine", "check",
                                str(REPO / "examples" / "aflastning-120-doegn.yaml"), "-m", "ishoj", "-s",
                                "sel-107-aflastning", "--date", "2025-03-01", "--format", fmt,
                                "--standards-dir", str(REPO / "standards")],
                               capture_output=True, env={**os.environ, "PYTHONHASHSEED": str(seed)})
            seen.add(r.stdout)
        outs.add((fmt, len(seen)))
    print("byte-identical across PYTHONHASHSEED 0-4: " + ", ".join(f"{f} {'yes' if k == 1 else 'NO'}" for f, k in sorted(outs)))


if __name__ == "__main__":
    n = int(sys.argv[sys.argv.index("--n") + 1]) if "--n" in sys.argv else 200_000
    memory(n)
    determinism()
