"""`standards check` cold start as a ratio to importing its three libraries, in one run (not a test).

Each round starts new processes, interleaved so load on the machine hits all alike:
  floor       python -c "import typer, pydantic, ruamel.yaml"   (no engine code: the baseline)
  check       standards check examples/aflastning-120-doegn.yaml -m ishoj -s sel-107-aflastning
              --date 2025-03-01 --format json, with a warm cache: the standard and the law in force come from
              signed entries (prepared.py), so neither ruamel nor pydantic's models are loaded
  check text  the same with the default text format, as a caseworker reads it
  models      the same check with signed entries off (a copy of the warm cache whose key file others may read,
              so it proves nothing): the validated entries, checked again by the pydantic models on load
  no cache    the same with STANDARDS_CACHE_DIR="" (what the cache saves per check)
and prints the medians of wall and CPU time, the ratios (target: check <= 1.3x floor) and the load average.
With --test it also times `standards test` on the whole bundled tree with and without the cache. With --parts
it also times the floor plus `from pydantic import BaseModel`, and plus the models imported and their two
validators (Standard, LawFile) built: what a check that validated its entries with the models could not avoid.

The file-system cache is warm (each command runs twice first). Python's bytecode cache is used as an
installed package uses it: PYTHONDONTWRITEBYTECODE is removed for these processes and a first run writes
the .pyc files an editable install lacks (`pip install .` writes them at install). Without them every run
also compiles the package's sources, about 90 ms on this machine, which no user's installed copy pays.

Run: python benchmarks/coldstart.py [--rounds N] [--test] [--parts]
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
BIN = Path(sys.executable).with_name("standards")
FLOOR = [sys.executable, "-c", "import typer, pydantic, ruamel.yaml"]
CHECK = [str(BIN), "check", "examples/aflastning-120-doegn.yaml", "-m", "ishoj", "-s", "sel-107-aflastning",
         "--date", "2025-03-01", "--format", "json"]
TEST = [str(BIN), "test"]
_F = "import typer, pydantic, ruamel.yaml"
PARTS = {
    "floor + pydantic BaseModel": [sys.executable, "-c", _F + "; from pydantic import BaseModel"],
    "floor + models, validators built": [sys.executable, "-c", _F + "; import os; os.environ['PYDANTIC_DISABLE_PLUGINS'] = "
                                         "'__all__'; from standards_engine import schema, law_schema; "
                                         "schema.Standard.model_rebuild(); law_schema.LawFile.model_rebuild()"],
}


def _env(cache_dir: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "STANDARDS_DIR")}
    if cache_dir is not None:
        env["STANDARDS_CACHE_DIR"] = cache_dir
    return env


CPU: dict[int, list[float]] = {}  # id of a timing list -> the CPU times of the same runs


def wall(cmd: list[str], cache_dir: str | None = None, into: list[float] | None = None) -> float:
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=REPO, env=_env(cache_dir), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {r.returncode}: {r.stderr.decode(errors='replace')[:500]}")
    if into is not None:
        into.append(elapsed)
        CPU.setdefault(id(into), []).append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return elapsed


def cpu(times: list[float]) -> float:
    return statistics.median(CPU[id(times)])


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def ms(x: float) -> str:
    return f"{x * 1000:6.0f} ms"


def main() -> None:
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 21
    print(f"load average before: {load()}  ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory() as tmp:
        cache = os.path.join(tmp, "cache")
        for _ in range(2):  # fill the cache, write bytecode, warm the file-system cache
            wall(FLOOR), wall(CHECK, cache), wall(CHECK, "")
        # the same warm cache, with a key that proves nothing: a check then uses the validated entries
        models = os.path.join(tmp, "models")
        import shutil
        shutil.copytree(cache, models)
        os.chmod(models, 0o700)
        os.chmod(os.path.join(models, "key"), 0o644)
        text = [c for c in CHECK if c not in ("--format", "json")]
        floor: list[float] = []
        check: list[float] = []
        check_text: list[float] = []
        with_models: list[float] = []
        nocache: list[float] = []
        for _ in range(2):
            wall(CHECK, models), wall(text, cache)
        parts: dict[str, list[float]] = {k: [] for k in PARTS} if "--parts" in sys.argv else {}
        for _ in range(rounds):
            wall(FLOOR, into=floor)
            wall(CHECK, cache, into=check)
            wall(text, cache, into=check_text)
            wall(CHECK, models, into=with_models)
            wall(CHECK, "", into=nocache)
            for k in parts:
                wall(PARTS[k], into=parts[k])
        f, fc = statistics.median(floor), cpu(floor)

        def line(label: str, times: list[float], target: str = "") -> None:
            w, c = statistics.median(times), cpu(times)
            print(f"{label:<44}{ms(w)} {w / f:5.2f}x the floor   CPU {ms(c)} {c / fc:5.2f}x{target}")
        print(f"{'import floor (typer, pydantic, ruamel.yaml)':<44}{ms(f)}                    CPU {ms(fc)}")
        line("standards check --format json, warm cache", check, "   (target <= 1.3x)")
        line("standards check (text), warm cache", check_text)
        line("  the same, signed entries off (models)", with_models)
        line("standards check, cache off", nocache)
        n, c = statistics.median(nocache), statistics.median(check)
        print(f"the cache saves per check                   {ms(n - c)}   cache/no cache {c / n:.2f}x")
        for k, v in parts.items():
            line(k, v)
        if "--test" in sys.argv:
            wall(TEST, cache), wall(TEST, "")
            t_cache, t_none = [], []
            for _ in range(max(3, rounds // 4)):
                t_cache.append(wall(TEST, cache))
                t_none.append(wall(TEST, ""))
            a, b = statistics.median(t_cache), statistics.median(t_none)
            print(f"standards test (whole tree), warm cache      {ms(a)}")
            print(f"standards test, cache off                   {ms(b)}   cache/no cache {a / b:.2f}x")
    print(f"load average after:  {load()}  ({rounds} interleaved rounds, medians)")


if __name__ == "__main__":
    main()
