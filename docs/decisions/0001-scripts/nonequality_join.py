"""Runs a rule joining two facts with a non-equality comparison (cf. upstream issue #381).

Run (separate venv): pip install durable_rules; python nonequality_join.py
In a subprocess, so a segfault shows as return code -11.
"""
import subprocess
import sys

CHILD = r'''
from durable.lang import assert_fact, c, m, ruleset, when_all
hits = []
with ruleset("join"):
    @when_all(c.a << m.kind == "limit",
              c.b << (m.kind == "request") & (m.amount > c.a.amount))
    def exceeded(c):
        hits.append((c.a.amount, c.b.amount))
for i in range(200):
    assert_fact("join", {"kind": "limit", "amount": 90 + i})
    assert_fact("join", {"kind": "request", "amount": 120 + i})
print(f"joins fired: {len(hits)}")
'''

r = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120)
print(r.stdout.strip() or "(no output)")
print("stderr:", r.stderr.strip()[-300:] or "(none)")
print("return code:", r.returncode)
