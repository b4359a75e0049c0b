"""What the parse cache saves, as a ratio in one run (not a test).

Runs `standards check` (and `standards test` on one service) as new processes,
interleaved, with a warm cache and with the cache turned off
(STANDARDS_CACHE_DIR=""), and prints the median wall time of each and their
ratio. The baseline is the same command without the cache; no engine code is
timed in this process.

Run: python benchmarks/cache.py [--rounds N]
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STANDARDS_BIN = Path(sys.executable).with_name("standards")
CHECK = [str(STANDARDS_BIN), "check", str(REPO / "examples" / "aflastning-120-doegn.yaml"), "-m", "ishoj",
         "-s", "sel-107-aflastning", "--date", "2025-03-01", "--standards-dir", str(REPO / "standards")]
TEST = [str(STANDARDS_BIN), "test", str(REPO / "standards" / "ishoj"), "--standards-dir", str(REPO / "standards")]


def timed(cmd: list[str], cache_dir: str) -> float:
    env = {**os.environ, "STANDARDS_CACHE_DIR": cache_dir}
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t
    if r.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd)} exited {r.returncode}")
    return elapsed


def compare(name: str, cmd: list[str], rounds: int) -> None:
    with tempfile.TemporaryDirectory() as warm:
        cache_dir = os.path.join(warm, "c")
        timed(cmd, cache_dir)  # fill the cache
        with_cache, without = [], []
        for _ in range(rounds):  # interleaved: this machine's speed drifts within a minute
            with_cache.append(timed(cmd, cache_dir))
            without.append(timed(cmd, ""))
    a, b = statistics.median(with_cache), statistics.median(without)
    print(f"{name:<28} cache {a * 1000:7.1f} ms   no cache {b * 1000:7.1f} ms   "
          f"saves {(b - a) * 1000:6.1f} ms   cache/no-cache {a / b:.2f}x")


def main() -> None:
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 15
    compare("standards check (aflastning)", CHECK, rounds)
    compare("standards test standards/ishoj", TEST, max(3, rounds // 3))


if __name__ == "__main__":
    main()
