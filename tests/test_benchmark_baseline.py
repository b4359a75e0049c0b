"""The speed benchmark compares like with like: its hand-written baselines, written without the engine's
code, must decide exactly as the engine on the benchmark's kind of profiles (and refuse the same bad ones)."""
from __future__ import annotations

import importlib.util
import sys

from conftest import REPO


def _bench():
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        spec = importlib.util.spec_from_file_location("bench", REPO / "benchmarks" / "run.py")
        bench = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(bench)
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    return bench


def test_the_hand_written_baselines_decide_as_the_engine():
    bench = _bench()
    repo = bench.open_repository(bench.STANDARDS)
    hw = bench.Handwritten()
    outcome, _, _ = bench.engine_functions(repo)
    complete = {s: bench.generate(s, 300) for s in bench.SERVICES}
    varied = {s: bench.generate(s, 300, unknown=0.25) for s in bench.SERVICES}
    bench.agree(hw, repo, outcome, complete, varied)  # raises AssertionError on the first difference


def test_the_baselines_do_not_use_the_engines_code():
    for name in ("handwritten.py", "profiles.py"):
        text = (REPO / "benchmarks" / name).read_text("utf-8")
        assert "import standards_engine" not in text and "from standards_engine" not in text
