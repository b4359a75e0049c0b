"""Counts how many live sessions (state keys, `sid`) one durable_rules ruleset holds.

Run (separate venv): pip install durable_rules; python session_limit.py
Posts one event per new sid to a ruleset whose rule waits for a second event,
so every session stays live. Runs in a subprocess so a crash shows as a
negative return code (-11 = segfault) instead of killing the script.
"""
import subprocess
import sys

CHILD = r'''
import sys
from durable.lang import m, post, ruleset, when_all, c
with ruleset("s"):
    @when_all(c.first << m.kind == "a", c.second << m.kind == "b")
    def pair(c):
        pass
n = 0
try:
    for n in range(1, 5001):
        post("s", {"sid": str(n), "kind": "a"})
    print(f"posted to {n} live sessions without error")
except BaseException as e:
    print(f"failed at session {n}: {type(e).__name__}: {e}")
sys.stdout.flush()
import time
time.sleep(20)  # the engine's timer threads keep running; see whether the process survives
print("still alive after 20 s")
'''

r = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=180)
print(r.stdout.strip() or "(no output)")
print("stderr:", r.stderr.strip()[-300:] or "(none)")
print("return code:", r.returncode)
