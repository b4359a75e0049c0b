"""Times the same five checks in durable_rules and in plain Python, in one run.

Run (separate venv): pip install durable_rules; python speed.py
Each iteration asserts one citizen's facts in a fresh session (sid) and reads
whether the "eligible" rule fired, then retracts the session's state so the
engine's live-session limit (1024) is not reached.
"""
import time

from durable.engine import MessageNotHandledException
from durable.lang import assert_fact, delete_state, m, ruleset, when_all

N = 2000
fired = set()

with ruleset("afl"):
    @when_all((m.age >= 18) & (m.impairment == True) & (m.living == "with_relatives")  # noqa: E712
              & (m.carers == True) & (m.needed == True))  # noqa: E712
    def eligible(c):
        fired.add(c.m.sid)


def plain(f):
    return (f["age"] >= 18 and f["impairment"] is True and f["living"] == "with_relatives"
            and f["carers"] is True and f["needed"] is True)


def facts(i):
    return {"sid": str(i), "age": 18 + i % 50, "impairment": i % 3 != 0, "living": "with_relatives",
            "carers": True, "needed": i % 5 != 0}


t0 = time.perf_counter()
for i in range(N):
    try:
        assert_fact("afl", facts(i))
    except MessageNotHandledException:
        pass  # durable_rules signals "no rule matched" with an exception
    delete_state("afl", str(i))
dr = time.perf_counter() - t0
expected = {str(i) for i in range(N) if plain(facts(i))}
assert fired == expected, "durable_rules and plain Python disagree"

reps = 50
t0 = time.perf_counter()
for _ in range(reps):
    out = {str(i) for i in range(N) if plain(facts(i))}
py = (time.perf_counter() - t0) / reps

print(f"durable_rules: {N / dr:,.0f} checks/s; plain Python: {N / py:,.0f} checks/s; "
      f"durable_rules is {dr / py:.0f}x slower (same decisions for all {N})")
