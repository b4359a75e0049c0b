"""The speed benchmark compares like with like: its hand-written baseline must decide exactly as the engine."""
from __future__ import annotations

import importlib.util

from conftest import REPO


def test_the_hand_written_baseline_gives_the_engines_recommendation():
    spec = importlib.util.spec_from_file_location("bench", REPO / "benchmarks" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    repo = bench.open_repository(bench.STANDARDS)
    hand = bench.make_handwritten(repo)
    for p in bench.PROFILES:
        assert hand(p, bench.ON).to_dict() == bench.check(p, "ishoj", "sel-107-aflastning", bench.ON, "da", repo).to_dict()
