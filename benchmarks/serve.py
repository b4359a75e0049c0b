"""A bounded load run of `standards serve` on loopback: POST /v1/check at 1, 4 and 16 concurrent clients.

Prints requests per second and p50/p99 latency at each level, beside the in-process rate of api.check() (+ the JSON
the endpoint sends) measured in the same run, so the figures read as the cost of serving over HTTP on this machine.
Bounded: each level runs for --seconds (default 5) after a warm-up. The clients are threads in this process with
one keep-alive connection each; they share the machine's cores with the server, as a case system on the same host would.

Also checks that `standards check` does not import the server's libraries (the [server] extra is for `serve` only).

    .venv/bin/python benchmarks/serve.py [--seconds 5] [--levels 1,4,16]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "aflastning-120-doegn.yaml"
ARGS = dict(municipality="ishoj", service="sel-107-aflastning", date="2025-03-01")
SERVER_MODULES = ("fastapi", "starlette", "uvicorn", "jinja2", "httpx", "anyio")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def body() -> bytes:
    from standards_engine.profile_io import load_profile
    profile = json.loads(json.dumps(load_profile(str(EXAMPLE)), default=str))
    return json.dumps({**ARGS, "profile": profile}).encode()


def client(port: int, payload: bytes, stop_at: float, out: list[float], errors: list[int]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    while time.perf_counter() < stop_at:
        t0 = time.perf_counter()
        conn.request("POST", "/v1/check", payload, headers)
        r = conn.getresponse()
        r.read()
        out.append(time.perf_counter() - t0)
        if r.status != 200:
            errors.append(r.status)
    conn.close()


def level(port: int, payload: bytes, n: int, seconds: float) -> dict:
    lat: list[list[float]] = [[] for _ in range(n)]
    errors: list[int] = []
    stop_at = time.perf_counter() + seconds
    threads = [threading.Thread(target=client, args=(port, payload, stop_at, lat[i], errors)) for i in range(n)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    every = sorted(x for li in lat for x in li)
    q = statistics.quantiles(every, n=100) if len(every) >= 2 else every * 99
    return {"clients": n, "requests": len(every), "errors": len(errors), "rps": len(every) / wall,
            "p50_ms": q[49] * 1000, "p99_ms": q[98] * 1000}


def in_process(seconds: float) -> float:
    """api.check() and the JSON the endpoint sends, in this process, repeated for `seconds`: checks per second."""
    from standards_engine import api, render
    from standards_engine.coerce import parse_date
    from standards_engine.profile_io import load_profile
    repo = api.open_repository(REPO / "standards")
    profile = json.loads(json.dumps(load_profile(str(EXAMPLE)), default=str))
    on = parse_date(ARGS["date"])
    for _ in range(50):
        render.to_json(api.check(profile, ARGS["municipality"], ARGS["service"], on, "da", repo))
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        render.to_json(api.check(profile, ARGS["municipality"], ARGS["service"], on, "da", repo))
        n += 1
    return n / (time.perf_counter() - t0)


def check_imports() -> tuple[int, list[str]]:
    """The modules `standards check` imports, and any of the server's among them (there must be none)."""
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "standards_engine", "check", str(EXAMPLE), "-m",
                        ARGS["municipality"], "-s", ARGS["service"], "--date", ARGS["date"], "--format", "json"],
                       cwd=REPO, capture_output=True, text=True)
    names = [line.split("|")[-1].strip() for line in r.stderr.splitlines() if line.startswith("import time:")][1:]
    return len(names), sorted({n for n in names if n.split(".")[0] in SERVER_MODULES})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--levels", default="1,4,16")
    a = ap.parse_args()
    levels = [int(x) for x in a.levels.split(",")]

    count, server_mods = check_imports()
    print(f"standards check imports {count} modules; of the server's: {', '.join(server_mods) or 'none'}")

    port = free_port()
    env = {**os.environ, "STANDARDS_CACHE_DIR": os.environ.get("STANDARDS_CACHE_DIR", "/tmp/standards-bench-cache")}
    proc = subprocess.Popen([sys.executable, "-m", "standards_engine", "serve", "--port", str(port), "--standards-dir",
                             str(REPO / "standards")], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    sys.exit("the server did not start")
                time.sleep(0.2)
        payload = body()
        level(port, payload, 2, 1.0)  # warm-up: the standard compiled, connections made
        rows = []
        for n in levels:
            # interleaved with the in-process rate: this machine's speed drifts within a minute
            base = in_process(min(2.0, a.seconds))
            row = level(port, payload, n, a.seconds)
            row["in_process"] = base
            rows.append(row)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    print(f"{'clients':>7} {'requests':>9} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'check()/s in-process':>21} {'HTTP/in-process':>16}")
    for r in rows:
        print(f"{r['clients']:>7} {r['requests']:>9} {r['errors']:>6} {r['rps']:>8.0f} {r['p50_ms']:>8.2f} "
              f"{r['p99_ms']:>8.2f} {r['in_process']:>21.0f} {r['rps'] / r['in_process']:>15.2f}x")
    if any(r["errors"] for r in rows):
        sys.exit("some requests failed")


if __name__ == "__main__":
    main()
